"""Task forms rendered from the procedure's JSON Schemas: conversion, validation beside the
fields with the input kept, eligible handlers only, and a stale task that loses nothing."""

import re

from webforms import form_data

from .conftest import REGISTRATION, do, ready, register

SCHEMA = {
    "properties": {
        "approved": {"type": "boolean"},
        "count": {"type": "integer"},
        "note": {"type": "string"},
    }
}


def test_form_text_becomes_typed_json():
    form = {"approved": "nee", "count": "3", "note": " hallo ", "csrf_token": "t", "stray": "x"}
    assert form_data.to_json(SCHEMA, form) == {"approved": False, "count": 3, "note": " hallo "}
    assert form_data.to_json(SCHEMA, {"approved": "ja"}) == {"approved": True}


def test_text_that_does_not_convert_stays_text_for_the_engine_to_refuse():
    assert form_data.to_json(SCHEMA, {"approved": "misschien", "count": "drie"}) == {
        "approved": "misschien",
        "count": "drie",
    }


def test_json_becomes_form_text():
    assert form_data.to_form(SCHEMA, {"approved": True, "count": 2, "note": None}) == {
        "approved": "ja",
        "count": "2",
    }


def field_error(html: str, name: str) -> str:
    match = re.search(rf'id="{name}-fout">(.*?)</p>', html, re.S)
    return re.sub(r"<[^>]+>", "", match.group(1)) if match else ""


def test_invalid_input_is_shown_beside_the_field_and_kept(as_user, engine):
    reference = register(engine)
    task = ready(engine, reference, "akkoord_klager")
    response = as_user("carla").post(f"/taken/{task.id}", {"approved": "nee", "corrections": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert field_error(html, "corrections") == "Fout: Dit veld is verplicht."
    assert re.search(r'value="nee"\s+checked', html)
    assert ready(engine, reference, "akkoord_klager").state == "ready"


def test_new_complaint_needs_email_or_phone_and_keeps_the_input(as_user, engine):
    data = {**REGISTRATION, "complainant_email": "", "complainant_phone": ""}
    response = as_user("carla").post("/klachten/nieuw", data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Vul een e-mailadres of een telefoonnummer in." in field_error(html, "complainant_email")
    assert "Vul een e-mailadres of een telefoonnummer in." in field_error(html, "complainant_phone")
    assert "Ik ben drie keer niet teruggebeld." in html
    assert engine.instances("klachtafhandeling") == []


def test_registering_shows_the_reference_and_what_happens_next(as_user, engine):
    carla = as_user("carla")
    response = carla.post("/klachten/nieuw", REGISTRATION)
    assert response.status_code == 302
    page = carla.get(response.location).get_data(as_text=True)
    assert "KL-2026-0001" in page and "Wat gebeurt er nu?" in page
    assert "Vastleggen namens klager" in page and "Opnieuw versturen" in page and "/link/" not in page


def test_the_handler_select_offers_only_eligible_handlers(as_user, engine):
    reference = register(engine)  # henk delivered the service
    do(engine, reference, "akkoord_klager", "carla", approved=True)
    task = ready(engine, reference, "afhandelaar_bepalen")
    html = as_user("yasmin").get(f"/taken/{task.id}").get_data(as_text=True)
    options = re.findall(r'<option value="([^"]*)"', html[html.index('name="handler"') :])
    assert options[:2] == ["", "yasmin"] and "henk" not in options and "carla" not in options


def test_assigning_records_name_and_function(as_user, engine):
    reference = register(engine, service_employee="")  # not recorded yet: asked at assignment
    do(engine, reference, "akkoord_klager", "carla", approved=True)
    yasmin = as_user("yasmin")
    task = ready(engine, reference, "afhandelaar_bepalen")
    asked = yasmin.post(f"/taken/{task.id}", {"handler": "henk", "assignment_note": ""})
    assert asked.status_code == 400 and "welke medewerker de dienst verleende" in asked.get_data(as_text=True)
    chosen = {"handler": "henk", "assignment_note": "", "service_employee": "onbekend"}
    assert yasmin.post(f"/taken/{task.id}", chosen).status_code == 302
    page = yasmin.get(f"/klachten/{reference}").get_data(as_text=True)
    assert "Henk Jansen (Procesverantwoordelijke)" in page


def test_a_correction_starts_from_the_registered_data(as_user, engine):
    reference = register(engine)
    do(engine, reference, "akkoord_klager", "carla", approved=False, corrections="Naam is Jan de Klant.")
    task = ready(engine, reference, "registratie_corrigeren")
    html = as_user("carla").get(f"/taken/{task.id}").get_data(as_text=True)
    assert 'value="Jan de Klager"' in html and "Ik ben drie keer niet teruggebeld." in html


def test_a_task_done_meanwhile_keeps_the_typed_input(as_user, engine):
    reference = register(engine)
    task = ready(engine, reference, "akkoord_klager")
    carla, yasmin = as_user("carla"), as_user("yasmin")
    assert carla.get(f"/taken/{task.id}").status_code == 200
    assert yasmin.post(f"/taken/{task.id}", {"approved": "ja"}).status_code == 302
    response = carla.post(f"/taken/{task.id}", {"approved": "nee", "corrections": "Mijn eigen tekst"})
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "al afgerond door yasmin" in html and "Mijn eigen tekst" in html
    assert "Opslaan en afronden" not in html


def test_recording_on_behalf_of_the_complainant_says_so_in_the_history(as_user, engine):
    reference = register(engine)
    carla = as_user("carla")
    carla.post(f"/taken/{ready(engine, reference, 'akkoord_klager').id}", {"approved": "ja"})
    assert "Carla de Vries, namens de klager" in carla.get(f"/klachten/{reference}").get_data(as_text=True)


def test_case_file_comment_and_contact(as_user, engine):
    reference = register(engine)
    carla = as_user("carla")
    assert (
        carla.post(f"/klachten/{reference}/opmerking", {"text": "Klager belt morgen terug."}).status_code
        == 302
    )
    future = carla.post(
        f"/klachten/{reference}/contact",
        {
            "contacted_at": "2026-12-31T10:00",
            "channel": "Telefoon",
            "outcome": "Niet bereikt",
            "text": "Geen gehoor",
        },
    )
    assert future.status_code == 400
    assert "toekomst" in future.get_data(as_text=True) and "Geen gehoor" in future.get_data(as_text=True)
    ok = carla.post(
        f"/klachten/{reference}/contact",
        {
            "contacted_at": "2026-11-30T08:30",
            "channel": "Telefoon",
            "outcome": "Niet bereikt",
            "text": "Geen gehoor",
        },
    )
    assert ok.status_code == 302
    page = carla.get(f"/klachten/{reference}").get_data(as_text=True)
    assert "Klager belt morgen terug." in page and "via Telefoon: Niet bereikt" in page
    assert page.count("via Telefoon: Niet bereikt") == 1  # once in the timeline, not also as a step
    assert [n.kind for n in engine.case_notes(reference)] == ["comment", "contact"]


def test_an_empty_comment_is_refused(as_user, engine):
    reference = register(engine)
    response = as_user("carla").post(f"/klachten/{reference}/opmerking", {"text": "  "})
    assert response.status_code == 400
    assert "Dit veld is verplicht." in response.get_data(as_text=True)
