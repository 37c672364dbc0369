"""The corrective-action register in the browser: who sees it, CSV, marking an action done."""

from .conftest import do, register, to_contact


def _closed_with_a_pending_change(engine):
    reference = register(engine, service_employee="onbekend")
    to_contact(engine, reference, handler="henk")
    do(engine, reference, "contact_opnemen", "henk", contact_summary="Gebeld", outcome="opgelost")
    do(
        engine,
        reference,
        "afhandeling_rapporteren",
        "henk",
        resolution="Opgelost",
        procedure_change=True,
        procedure_change_description="=Belscript aanpassen",
        procedure_change_term="2028-03-02",
    )
    do(engine, reference, "tevredenheid_controleren", "yasmin", satisfied=True)
    return reference


def test_the_register_lists_exports_and_completes_corrective_actions(as_user, engine):
    reference = _closed_with_a_pending_change(engine)
    yasmin = as_user("yasmin")
    page = yasmin.get("/verbetermaatregelen/").get_data(as_text=True)
    assert reference in page and "02-03-2028" in page and "Loopt" in page and "Verbetermaatregelen" in page
    csv = yasmin.get("/verbetermaatregelen/register.csv").get_data(as_text=True)
    assert csv.startswith("\ufeffkenmerk;maatregel;")  # the app's one CSV writer: Dutch Excel
    assert f"{reference};Procedurewijziging invoeren;'=Belscript aanpassen;2028-03-02;Loopt;henk" in csv
    [action] = engine.follow_ups("yasmin")
    assert yasmin.post(f"/verbetermaatregelen/{action.id}/afgerond", {"note": ""}).status_code == 400
    assert yasmin.post(f"/verbetermaatregelen/{action.id}/afgerond", {"note": "Ingevoerd"}).status_code == 302
    assert engine.follow_ups("yasmin", "done")[0].done_note == "Ingevoerd"


def test_the_auditor_reads_the_register_and_a_handler_does_not_see_it(as_user, engine):
    _closed_with_a_pending_change(engine)
    anna = as_user("anna")
    page = anna.get("/verbetermaatregelen/").get_data(as_text=True)
    assert "Procedurewijziging invoeren" in page and "/afgerond" not in page
    assert anna.post("/verbetermaatregelen/1/afgerond", {"note": "x"}).status_code == 403
    assert as_user("henk").get("/verbetermaatregelen/").status_code == 403
