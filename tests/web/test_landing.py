"""Each role lands on its own page; nobody without case work lands on an empty task list."""

import pytest


@pytest.mark.parametrize(
    "login, start",
    [("anna", "/audit/klachten"), ("pieter", "/procesbeheer/"), ("bram", "/beheer/mail/")],
)
def test_roles_without_case_work_land_on_their_own_page(as_user, login, start):
    response = as_user(login).get("/")
    assert response.status_code == 302 and response.headers["Location"] == start
    assert ">Takenlijst<" not in as_user(login).get(start, follow_redirects=True).get_data(as_text=True)


@pytest.mark.parametrize("login", ["carla", "yasmin", "henk"])
def test_case_workers_land_on_their_tasks(as_user, login):
    response = as_user(login).get("/")
    assert response.status_code == 200 and "<h1>Takenlijst</h1>" in response.get_data(as_text=True)
