"""The approval step records how the procedure was explained; the complainant's own link form
does not ask it (it is for the staff member who records the approval on their behalf)."""

import re
import zlib

import pytest

from engine.errors import InvalidFormData

from .conftest import REGISTRATION, do, mailed_link, register


def test_staff_record_how_the_procedure_was_explained(engine):
    reference = register(engine)
    do(engine, reference, "akkoord_klager", "carla", approved=True, procedure_explained="telefoon")
    assert engine.instance(reference).data["procedure_explained"] == "telefoon"


def test_only_the_four_ways_are_accepted(engine):
    reference = register(engine)
    with pytest.raises(InvalidFormData) as refused:
        do(engine, reference, "akkoord_klager", "carla", approved=True, procedure_explained="duif")
    assert "procedure_explained" in refused.value.fields


def test_the_complainants_link_form_does_not_ask_it(client, engine):
    reference = register(engine)
    page = client.get(mailed_link(engine, reference)).get_data(as_text=True)
    assert "procedure_explained" not in page and "approved" in page


def test_a_complainant_without_e_mail_gets_the_acknowledgement_as_a_letter(as_user, engine):
    registration = {k: v for k, v in REGISTRATION.items() if k != "complainant_email"}
    reference = engine.start("klachtafhandeling", "carla", registration).reference
    carla = as_user("carla")
    page = carla.get(f"/klachten/{reference}").get_data(as_text=True)
    assert "Ontvangstbevestiging (PDF)" in page
    letter = carla.get(f"/klachten/{reference}/ontvangstbevestiging.pdf")
    assert letter.status_code == 200 and letter.mimetype == "application/pdf"
    assert letter.data.startswith(b"%PDF") and reference.encode() in letter.data


def test_the_letter_says_the_reference_steps_and_terms():
    from datetime import datetime

    from process.acknowledgement_letter import STEPS, acknowledgement_pdf
    from process.calendar import AMSTERDAM

    case = {"complainant_name": "Jan de Klager", "outcome": "afspraak", "agreed_term": "2026-12-07"}
    pdf = acknowledgement_pdf("KL-2026-0001", case, datetime(2026, 11, 30, 9, tzinfo=AMSTERDAM), "Exactpi")
    text = b"".join(zlib.decompress(m) for m in re.findall(rb"stream\n(.*?)\nendstream", pdf, re.S))
    assert b"Kenmerk: KL-2026-0001" in text
    assert b"uiterlijk 07-12-2026" in text  # the agreed term
    assert b"binnen 2 werkdagen" in text and b"binnen 5 werkdagen" in text  # the steps' terms
    assert len(STEPS) == 5
