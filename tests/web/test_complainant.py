"""The complainant without an account: personal links that expire, work once and open only
their own task; the public complaint form; a status page with nothing internal."""

import re
from datetime import timedelta

from .conftest import REGISTRATION, do, mailed_link, ready, register, to_contact


def personal_link(as_user, engine, reference, login="carla") -> str:
    return mailed_link(engine, reference)


def test_the_complainant_approves_through_the_link(client, as_user, engine):
    reference = register(engine)
    link = personal_link(as_user, engine, reference)
    page = client.get(link).get_data(as_text=True)
    assert "Ik ben drie keer niet teruggebeld." in page
    assert "Henk" not in page and "henk" not in page  # the service employee is internal
    response = client.post(link, {"approved": "ja"})
    assert response.status_code == 200 and "Bedankt voor uw antwoord" in response.get_data(as_text=True)
    events = [e for e in engine.history(reference) if e.event == "task_completed"]
    assert events[-1].actor == "klager"
    assert ready(engine, reference, "afhandelaar_bepalen")


def test_a_link_works_once(client, as_user, engine):
    reference = register(engine)
    link = personal_link(as_user, engine, reference)
    client.post(link, {"approved": "ja"})
    for response in (client.get(link), client.post(link, {"approved": "nee", "corrections": "x"})):
        assert response.status_code == 410
        assert "al gebruikt" in response.get_data(as_text=True)


def test_a_link_is_used_when_staff_recorded_the_answer(client, as_user, engine):
    reference = register(engine)
    link = personal_link(as_user, engine, reference)
    do(engine, reference, "akkoord_klager", "carla", approved=True)
    assert client.get(link).status_code == 410


def test_a_link_expires(client, as_user, engine):
    reference = register(engine)
    link = personal_link(as_user, engine, reference)
    engine.clock.advance(timedelta(days=15))
    response = client.get(link)
    assert response.status_code == 410
    assert "verlopen" in response.get_data(as_text=True)


def test_a_tampered_link_is_invalid(client, as_user, engine):
    reference = register(engine)
    link = personal_link(as_user, engine, reference)
    for bad in (link[:-3] + "abc", "/link/onzin", link.replace("/link/", "/status/")):
        response = client.get(bad)
        assert response.status_code == 404, bad
        assert "niet geldig" in response.get_data(as_text=True)


def test_a_link_never_opens_another_kind_of_task(app, client, engine):
    reference = register(engine)
    do(engine, reference, "akkoord_klager", "carla", approved=True)
    staff_task = ready(engine, reference, "afhandelaar_bepalen")
    links = app.extensions["klacht_links"]
    for purpose in ("toewijzing", "akkoord"):
        assert client.get(f"/link/{links.task_token(staff_task.id, purpose)}").status_code == 404


def test_the_satisfaction_check_through_the_link(client, as_user, engine):
    reference = register(engine, service_employee="onbekend")
    to_contact(engine, reference)
    do(engine, reference, "contact_opnemen", "yasmin", contact_summary="Gebeld.", outcome="opgelost")
    do(engine, reference, "afhandeling_rapporteren", "yasmin", resolution="Opgelost.", procedure_change=False)
    link = personal_link(as_user, engine, reference, login="yasmin")
    bad = client.post(link, {"satisfied": "nee"})
    assert bad.status_code == 400 and "Dit veld is verplicht." in bad.get_data(as_text=True)
    assert client.post(link, {"satisfied": "ja"}).status_code == 200
    assert engine.instance(reference).status == "closed"


def test_the_status_page_shows_the_step_and_nothing_internal(client, as_user, engine):
    reference = register(engine)
    do(engine, reference, "akkoord_klager", "carla", approved=True)
    status_url = mailed_link(engine, reference, "status")
    engine.add_comment(reference, "yasmin", "Interne notitie: lastige klant")
    html = client.get(status_url).get_data(as_text=True)
    assert "Nu: Bepalen wie uw klacht behandelt" in html
    assert "Daarna:" in html
    for internal in ("Interne notitie", "Henk", "Yasmin", "Carla", "Escalatie"):
        assert internal not in html


def test_the_status_page_of_a_handled_complaint_names_the_term(client, app, engine):
    reference = register(engine, service_employee="onbekend")
    to_contact(engine, reference)
    token = app.extensions["klacht_links"].status_token(reference)
    html = client.get(f"/status/{token}").get_data(as_text=True)
    assert "Nu: Behandeling van uw klacht" in html
    assert "Dit gebeurt uiterlijk op <strong>woensdag 2 december 2026</strong>" in html


def test_the_public_form_registers_a_complaint(client, engine):
    data = {k: v for k, v in REGISTRATION.items() if k not in ("channel", "service_employee")}
    response = client.post("/klacht-indienen", data)
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert "Uw kenmerk is <strong>KL-2026-0001</strong>" in page
    complaint = engine.instance("KL-2026-0001")
    assert complaint.data["channel"] == "website" and complaint.started_by == "klager"
    approve = re.search(r'href="(/link/[^"]+)"', page).group(1)
    assert client.post(approve, {"approved": "ja"}).status_code == 200
    assert re.search(r'href="http://localhost(/status/[^"]+)"', page)


def test_the_public_form_refuses_bad_input_and_keeps_it(client, engine):
    response = client.post("/klacht-indienen", {"complainant_name": "Jan", "description": "Slecht geholpen"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Vul een e-mailadres of een telefoonnummer in." in html and "Slecht geholpen" in html
    assert "service_employee" not in html and 'name="channel"' not in html
    assert engine.instances("klachtafhandeling") == []


def test_the_public_form_ignores_bots(client, engine):
    data = {k: v for k, v in REGISTRATION.items() if k not in ("channel", "service_employee")}
    response = client.post("/klacht-indienen", {**data, "website": "http://spam.example"})
    assert response.status_code == 200
    assert engine.instances("klachtafhandeling") == []


def test_the_public_form_is_rate_limited(client, engine):
    data = {k: v for k, v in REGISTRATION.items() if k not in ("channel", "service_employee")}
    for _ in range(5):
        assert client.post("/klacht-indienen", data).status_code == 302
    blocked = client.post("/klacht-indienen", data)
    assert blocked.status_code == 429
    assert len(engine.instances("klachtafhandeling")) == 5
