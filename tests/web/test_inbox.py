"""The start page: my tasks and those for my roles, claiming, filters, overdue, counts, paging."""

import re
from datetime import timedelta

from .conftest import do, ready, register, to_contact


def rows(html: str) -> list[str]:
    return re.findall(r"<tr class=\"[^\"]*\">(.*?)</tr>", html, re.S)


def test_group_tasks_wait_for_my_roles_until_claimed(as_user, engine):
    reference = register(engine)
    do(engine, reference, "akkoord_klager", "carla", approved=True)
    yasmin = as_user("yasmin")
    page = yasmin.get("/?scope=roles").get_data(as_text=True)
    assert "Klacht-afhandelaar bepalen" in page and "Oppakken" in page
    task = ready(engine, reference, "afhandelaar_bepalen")
    assert yasmin.post(f"/taken/{task.id}/oppakken").status_code == 302
    mine = yasmin.get("/").get_data(as_text=True)
    assert "Klacht-afhandelaar bepalen" in mine and "Vrijgeven" in mine
    assert ready(engine, reference, "afhandelaar_bepalen").assignee == "yasmin"
    assert yasmin.post(f"/taken/{task.id}/vrijgeven").status_code == 302
    assert ready(engine, reference, "afhandelaar_bepalen").assignee is None


def test_tasks_the_diagram_assigned_cannot_be_released(as_user, engine):
    reference = register(engine)
    to_contact(engine, reference)
    handler = ready(engine, reference, "contact_opnemen").assignee
    page = as_user(handler).get("/").get_data(as_text=True)
    assert "Contact opnemen met klager" in page and "Vrijgeven" not in page


def test_claiming_a_task_taken_by_someone_else_is_refused(as_user, engine):
    reference = register(engine)
    task = ready(engine, reference, "akkoord_klager")
    assert as_user("carla").post(f"/taken/{task.id}/oppakken").status_code == 302
    response = as_user("yasmin").post(f"/taken/{task.id}/oppakken")
    assert response.status_code == 403
    assert "al opgepakt door carla" in response.get_data(as_text=True)


def test_rows_show_complainant_category_and_working_days_left(as_user, engine):
    reference = register(engine, service_employee="onbekend")
    to_contact(engine, reference)
    html = as_user("yasmin").get("/").get_data(as_text=True)
    [row] = rows(html)
    assert reference in row and "Contact opnemen met klager" in row
    assert "Jan de Klager" in row and "Dienstverlening" in row
    assert "woensdag 2 december 2026" in row and "nog 2 werkdagen" in row


def test_overdue_tasks_stand_out_and_filter(as_user, engine):
    reference = register(engine, service_employee="onbekend")
    to_contact(engine, reference)
    engine.clock.advance(timedelta(days=4))  # Friday: the Wednesday term has passed
    yasmin = as_user("yasmin")
    html = yasmin.get("/").get_data(as_text=True)
    assert 'class="te-laat"' in html and "Te laat:" in html
    assert 'teller--laat">1<' in html
    assert reference in yasmin.get("/?overdue=1").get_data(as_text=True)


def test_filters_by_category_and_role(as_user, engine):
    first = register(engine, category="overig")
    second = register(engine)
    carla = as_user("carla")
    page = carla.get("/?scope=roles&category=overig").get_data(as_text=True)
    assert first in page and second not in page
    assert "geen taken" in carla.get("/?scope=roles&role=contactpersoon").get_data(as_text=True)
    assert second in carla.get("/?scope=roles&role=klager&sort=reference").get_data(as_text=True)


def test_counts_and_paging(as_user, engine):
    for _ in range(27):
        register(engine)
    carla = as_user("carla")
    html = carla.get("/?scope=roles").get_data(as_text=True)
    assert len(rows(html)) == 25 and "Pagina 1 van 2" in html
    assert re.search(r"Taken voor mijn rollen\s*<span class=\"teller\">27<", html)
    assert len(rows(carla.get("/?scope=roles&page=2").get_data(as_text=True))) == 2


def test_odd_query_strings_fall_back_to_defaults(as_user):
    response = as_user("carla").get("/?scope=alles&sort=drop&page=-3&role=beheerder&category=x")
    assert response.status_code == 200
