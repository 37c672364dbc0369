"""Who may see and do what: every page and action checks role and object, and a refusal is a
403 or 404 page that shows none of the complaint's data."""

import pytest

from .conftest import REGISTRATION, do, ready, register, to_contact

NAME = REGISTRATION["complainant_name"]


def test_pages_need_a_login(client, engine):
    reference = register(engine)
    task = ready(engine, reference, "akkoord_klager")
    for url in ["/", "/klachten/", f"/klachten/{reference}", f"/taken/{task.id}", "/klachten/nieuw"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.location.startswith("/inloggen?next=")


def test_actions_need_a_login(client, engine):
    reference = register(engine)
    task = ready(engine, reference, "akkoord_klager")
    response = client.post(f"/taken/{task.id}", {"approved": "ja"})
    assert response.status_code == 302
    assert ready(engine, reference, "akkoord_klager").state == "ready"


def test_a_handler_does_not_see_complaints_of_others(as_user, engine):
    reference = register(engine, service_employee="onbekend")
    task = ready(engine, reference, "akkoord_klager")
    henk = as_user("henk")
    for url in [f"/klachten/{reference}", f"/taken/{task.id}"]:
        response = henk.get(url)
        assert response.status_code == 404, url
        assert NAME not in response.get_data(as_text=True)
    assert reference not in henk.get("/klachten/").get_data(as_text=True)


def test_a_handler_sees_the_complaint_once_assigned(as_user, engine):
    reference = register(engine, service_employee="onbekend")
    to_contact(engine, reference, handler="henk")
    henk = as_user("henk")
    page = henk.get(f"/klachten/{reference}")
    assert page.status_code == 200
    assert NAME in page.get_data(as_text=True)
    assert henk.get(f"/taken/{ready(engine, reference, 'contact_opnemen').id}").status_code == 200


@pytest.mark.parametrize(("login", "status"), [("carla", 404), ("henk", 404), ("yasmin", 200), ("anna", 200)])
def test_discrimination_complaints_are_seen_by_few(as_user, engine, login, status):
    reference = register(engine, category="discriminatie", service_employee="onbekend")
    response = as_user(login).get(f"/klachten/{reference}")
    assert response.status_code == status
    assert (NAME in response.get_data(as_text=True)) == (status == 200)


def test_registering_a_discrimination_complaint_hides_it_afterwards(as_user, engine):
    carla = as_user("carla")
    response = carla.post("/klachten/nieuw", {**REGISTRATION, "category": "discriminatie"})
    assert response.status_code == 302
    assert response.location == "/"
    assert "relatiemanager" in carla.get("/").get_data(as_text=True)


def test_an_auditor_reads_but_never_acts(as_user, engine):
    reference = register(engine)
    task = ready(engine, reference, "akkoord_klager")
    anna = as_user("anna")
    assert anna.get(f"/klachten/{reference}").status_code == 200
    assert anna.get(f"/taken/{task.id}").status_code == 403
    assert anna.post(f"/taken/{task.id}", {"approved": "ja"}).status_code == 403
    assert anna.post(f"/taken/{task.id}/oppakken").status_code == 403
    assert anna.post(f"/klachten/{reference}/opmerking", {"text": "Gezien."}).status_code == 403
    assert anna.get("/klachten/nieuw").status_code == 403
    assert ready(engine, reference, "akkoord_klager").state == "ready"
    assert engine.case_notes(reference) == []


def test_only_the_relationship_manager_assigns_the_handler(as_user, engine):
    reference = register(engine, service_employee="onbekend")
    do(engine, reference, "akkoord_klager", "carla", approved=True)
    task = ready(engine, reference, "afhandelaar_bepalen")
    carla = as_user("carla")
    assert carla.get(f"/taken/{task.id}").status_code == 403
    assert carla.post(f"/taken/{task.id}", {"handler": "henk"}).status_code == 403
    assert ready(engine, reference, "afhandelaar_bepalen").state == "ready"


def test_a_task_assigned_to_another_handler_is_refused(as_user, engine):
    reference = register(engine, service_employee="onbekend")
    to_contact(engine, reference, handler="henk")
    task = ready(engine, reference, "contact_opnemen")
    response = as_user("yasmin").post(f"/taken/{task.id}", {"contact_summary": "x", "outcome": "opgelost"})
    assert response.status_code == 403
    assert ready(engine, reference, "contact_opnemen").state == "ready"


def test_roles_without_registration_rights_get_403(as_user):
    for login in ["henk", "anna", "pieter", "bram"]:
        assert as_user(login).get("/klachten/nieuw").status_code == 403, login


def test_unknown_things_are_404_pages_in_dutch(as_user):
    yasmin = as_user("yasmin")
    for url in ["/klachten/KL-2026-9999", "/taken/00000000-0000-0000-0000-000000000000", "/bestaat-niet"]:
        response = yasmin.get(url)
        assert response.status_code == 404, url
        assert "Niet gevonden" in response.get_data(as_text=True)


def test_forms_without_csrf_token_are_refused(as_user, engine):
    reference = register(engine)
    task = ready(engine, reference, "akkoord_klager")
    carla = as_user("carla")
    response = carla.post(f"/taken/{task.id}", {"approved": "ja"}, csrf=False)
    assert response.status_code == 400
    assert "formulier is verlopen" in response.get_data(as_text=True)
    assert (
        carla.post(f"/taken/{task.id}", {"approved": "ja", "csrf_token": "vals"}, csrf=False).status_code
        == 400
    )
    assert carla.post(f"/klachten/{reference}/opmerking", {"text": "x"}, csrf=False).status_code == 400
    assert ready(engine, reference, "akkoord_klager").state == "ready"
    assert engine.case_notes(reference) == []


def test_login_form_needs_csrf_too(client):
    assert (
        client.post("/inloggen", {"login": "carla", "password": "klacht-demo"}, csrf=False).status_code == 400
    )


def test_a_shielded_complaint_is_not_said_to_be_missing(as_user, engine):
    """A colleague hears the same words for a shielded and a missing complaint, and no lie."""
    reference = register(engine, category="discriminatie", service_employee="onbekend")
    henk = as_user("henk")
    shielded, missing = henk.get(f"/klachten/{reference}"), henk.get("/klachten/KL-2099-0001")
    assert shielded.status_code == missing.status_code == 404
    assert f"&#39;{reference}&#39; bestaat niet of is voor u afgeschermd." in shielded.get_data(as_text=True)
    assert "&#39;KL-2099-0001&#39; bestaat niet of is voor u afgeschermd." in missing.get_data(as_text=True)
