"""The complainant is told the terms agreed for their complaint: the handling term agreed in the
contact and the term of the procedure change it led to, by mail and on the status page."""

from .conftest import do, register, to_contact


def complainant_mails(engine, reference, kind):
    return [m for m in engine.outbox() if m.reference == reference and m.kind == kind]


def test_the_complainant_is_told_the_agreed_term_and_the_procedure_change_term(client, app, engine):
    reference = register(engine, service_employee="onbekend")
    to_contact(engine, reference)
    contact = {"contact_summary": "Gebeld", "outcome": "afspraak", "agreement": "Nieuwe afspraak maken"}
    do(engine, reference, "contact_opnemen", "yasmin", agreed_term="2026-12-06", **contact)  # a Sunday
    [told] = complainant_mails(engine, reference, "afspraak")
    assert told.to == "jan@example.org"
    assert "uiterlijk 07-12-2026 afgehandeld" in told.text and "06-12-2026" in told.text
    status = f"/status/{app.extensions['klacht_links'].status_token(reference)}"
    html = client.get(status).get_data(as_text=True)
    assert "afgehandeld uiterlijk op <strong>maandag 7 december 2026</strong>" in html

    change = {"procedure_change": True, "procedure_change_description": "Belscript aanpassen"}
    do(
        engine,
        reference,
        "afhandeling_rapporteren",
        "yasmin",
        resolution="Opgelost",
        procedure_change_term="2027-01-15",
        **change,
    )
    [check] = complainant_mails(engine, reference, "tevredenheid")
    assert "uiterlijk\n15-01-2027 in" in check.text
    html = client.get(status).get_data(as_text=True)
    assert "ingevoerd uiterlijk op <strong>vrijdag 15 januari 2027</strong>" in html
    assert "Belscript" not in html  # what changes is internal; that and when it is in place is not


def test_no_agreed_term_no_mail_about_it(engine):
    reference = register(engine, service_employee="onbekend")
    to_contact(engine, reference)
    do(engine, reference, "contact_opnemen", "yasmin", contact_summary="Gebeld", outcome="opgelost")
    assert complainant_mails(engine, reference, "afspraak") == []
