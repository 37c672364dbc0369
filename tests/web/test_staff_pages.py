"""The staff page of the administrator and everyone's own password page (issues 15.4, 13.4):
same rules as `klacht users`, errors next to the field, passwords shown once, every change in
the account audit trail, and the sessions of a changed account ended."""

import re

import pytest

from webforms.cli import DEMO_PASSWORD

from .conftest import Client, register, to_contact

STAFF = "/beheer/medewerkers/"
NEW = {"login": "nina", "name": "Nina de Wit", "function": "Afhandelaar", "email": "nina@example.org"}
SHOWN = re.compile(r'id="eenmalig-wachtwoord">([^<]+)<')


def add(bram, **changes):
    return bram.post(STAFF, {**NEW, "roles": ["afhandelaar"], **changes})


@pytest.mark.parametrize("login", ["carla", "yasmin", "henk", "pieter", "anna"])
def test_only_the_administrator_manages_staff(as_user, engine, login):
    user = as_user(login)
    assert user.get(STAFF).status_code == 403
    assert add(user).status_code == 403
    assert user.post(f"{STAFF}henk/deactiveren").status_code == 403
    assert user.post(f"{STAFF}henk/wachtwoord").status_code == 403
    assert engine.user("nina") is None and engine.user("henk").active
    assert "Medewerkers" not in user.get("/").get_data(as_text=True)


def test_anonymous_visitors_are_sent_to_the_login(client):
    assert client.get(STAFF).status_code == 302


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("name", "", "Vul een naam in."),
        ("name", "   ", "Vul een naam in."),
        ("function", "\t ", "Vul een functie in."),
        ("email", "", "Vul een e-mailadres in."),
        ("email", "nina@example.org, boss@example.org", "één geldig e-mailadres"),
    ],
)
def test_empty_or_broken_facts_are_refused_next_to_the_field(as_user, engine, field, value, message):
    response = add(as_user("bram"), **{field: value})
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'id="{field}-fout"' in text and message in text
    assert engine.user("nina") is None


def test_adding_shows_a_password_once_that_opens_the_account(app, as_user, engine):
    bram = as_user("bram")
    assert "Medewerkers" in bram.get("/", follow_redirects=True).get_data(as_text=True)
    response = add(bram)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    password = SHOWN.search(response.get_data(as_text=True)).group(1)
    assert SHOWN.search(bram.get(STAFF).get_data(as_text=True)) is None  # once
    assert Client(app.test_client()).login("nina", password).status_code == 302
    assert [e.event for e in engine.account_events("nina")] == ["user_added"]
    assert engine.account_events("nina")[0].actor == "bram"


def test_other_roles_end_the_users_sessions(as_user, engine):
    bram, henk = as_user("bram"), as_user("henk")
    form = {"name": "Henk Jansen", "function": "Procesverantwoordelijke", "email": "henk@example.org"}
    saved = bram.post(f"{STAFF}henk", {**form, "roles": ["afhandelaar", "contactpersoon"]})
    assert saved.status_code == 302
    assert engine.user("henk").roles == ("afhandelaar", "contactpersoon")
    assert henk.get("/").status_code == 302
    refused = bram.post(f"{STAFF}henk", {**form, "function": " ", "roles": ["afhandelaar"]})
    assert refused.status_code == 400 and engine.user("henk").function == "Procesverantwoordelijke"


def test_deactivating_returns_open_tasks_to_the_pool_and_tells_the_relationship_manager(as_user, engine):
    reference = register(engine, service_employee="pieter")
    to_contact(engine, reference, handler="henk")
    bram, henk = as_user("bram"), as_user("henk")
    response = bram.post(f"{STAFF}henk/deactiveren")
    assert response.status_code == 302
    assert "1 open taken staan weer open" in bram.get(response.location).get_data(as_text=True)
    assert henk.get("/").status_code == 302 and henk.login("henk").status_code == 401
    [task] = [t for t in engine.tasks(reference=reference) if t.bpmn_id == "contact_opnemen"]
    assert task.assignee is None
    assert [m.to for m in engine.outbox() if m.kind == "gebruiker_gedeactiveerd"] == ["yasmin@example.org"]
    assert "task_released" in [e.event for e in engine.history(reference)]


def test_the_administrator_cannot_deactivate_themselves(as_user, engine):
    response = as_user("bram").post(f"{STAFF}bram/deactiveren")
    assert response.status_code == 403 and "eigen account" in response.get_data(as_text=True)
    assert engine.user("bram").active


def test_a_reset_password_is_shown_once_and_replaces_the_old_one(app, as_user):
    bram, henk = as_user("bram"), as_user("henk")
    response = bram.post(f"{STAFF}henk/wachtwoord")
    password = SHOWN.search(response.get_data(as_text=True)).group(1)
    assert henk.get("/").status_code == 302
    assert Client(app.test_client()).login("henk").status_code == 401
    assert Client(app.test_client()).login("henk", password).status_code == 302


def test_everyone_changes_their_own_password(app, as_user, engine):
    here, elsewhere = as_user("carla"), as_user("carla")
    page = "/mijn-wachtwoord"
    assert 'href="/mijn-wachtwoord"' in here.get("/").get_data(as_text=True)
    wrong = here.post(page, {"current": "fout", "new": "nieuw-geheim", "repeat": "nieuw-geheim"})
    assert wrong.status_code == 400 and "niet uw huidige wachtwoord" in wrong.get_data(as_text=True)
    different = here.post(page, {"current": DEMO_PASSWORD, "new": "nieuw-geheim", "repeat": "anders"})
    assert different.status_code == 400 and "niet gelijk" in different.get_data(as_text=True)
    short = here.post(page, {"current": DEMO_PASSWORD, "new": "kort", "repeat": "kort"})
    assert short.status_code == 400 and "minstens 8 tekens" in short.get_data(as_text=True)
    done = here.post(page, {"current": DEMO_PASSWORD, "new": "nieuw-geheim", "repeat": "nieuw-geheim"})
    assert done.status_code == 302
    assert here.get("/").status_code == 200  # this browser goes on, on a new session
    assert elsewhere.get("/").status_code == 302  # the other one ended
    assert Client(app.test_client()).login("carla", "nieuw-geheim").status_code == 302
    assert [e.event for e in engine.account_events("carla")][:1] == ["password_changed"]


def test_a_user_without_roles_is_refused_at_the_roles(as_user, engine):
    response = as_user("bram").post(STAFF, NEW)
    assert response.status_code == 400
    assert 'id="roles-fout"' in response.get_data(as_text=True) and engine.user("nina") is None
