"""Pages know the kind of case they show, and a task page puts the facts that decide it first."""

from datetime import datetime

from process.calendar import AMSTERDAM

from .conftest import do, ready, register, to_contact


def resolved(engine, **satisfaction):
    reference = register(engine, service_employee="onbekend")
    to_contact(engine, reference)
    do(
        engine,
        reference,
        "contact_opnemen",
        "yasmin",
        contact_summary="Gebeld.",
        outcome="afspraak",
        agreement="Nieuwe afspraak binnen een week.",
        agreed_term="2026-12-04",
    )
    do(
        engine,
        reference,
        "afhandeling_rapporteren",
        "yasmin",
        resolution="Excuses en een nieuwe afspraak.",
        procedure_change=False,
    )
    if satisfaction:
        do(engine, reference, "tevredenheid_controleren", "yasmin", **satisfaction)
    return reference


def first_part(html: str) -> str:
    """The page up to its form: what the doer reads before filling anything in."""
    return html[html.index("<h1") : html.index('class="formulier"')]


def test_re_resolution_shows_why_the_complainant_is_not_satisfied_first(as_user, engine):
    reference = resolved(
        engine, satisfied=False, satisfaction_remarks="De nieuwe afspraak is niet nagekomen."
    )
    html = (
        as_user("yasmin")
        .get(f"/taken/{ready(engine, reference, 'opnieuw_oplossen').id}")
        .get_data(as_text=True)
    )
    first = first_part(html)
    assert "Waarom de klager nog niet tevreden is" in first
    assert "De nieuwe afspraak is niet nagekomen." in first and "Excuses en een nieuwe afspraak." in first


def test_the_report_task_shows_the_agreement_and_the_satisfaction_check_what_was_done(as_user, engine):
    reference = resolved(engine)
    yasmin = as_user("yasmin")
    check = yasmin.get(f"/taken/{ready(engine, reference, 'tevredenheid_controleren').id}").get_data(
        as_text=True
    )
    assert "Hoe de klacht is afgehandeld" in first_part(check)
    assert "Excuses en een nieuwe afspraak." in first_part(check)


def test_correction_shows_what_the_complainant_asked_to_change_first(as_user, engine):
    reference = register(engine)
    do(engine, reference, "akkoord_klager", "carla", approved=False, corrections="Mijn naam is Jan de Klerk.")
    html = (
        as_user("carla")
        .get(f"/taken/{ready(engine, reference, 'registratie_corrigeren').id}")
        .get_data(as_text=True)
    )
    assert "Wat de klager aangepast wil hebben" in first_part(html)
    assert "Mijn naam is Jan de Klerk." in first_part(html)


def test_the_quarterly_analysis_has_its_own_page_with_the_report(as_user, engine):
    engine.clock.set(datetime(2027, 1, 1, 0, 0, tzinfo=AMSTERDAM))
    engine.fire_due_timers()
    [analysis] = engine.instances("kwartaalrapportage")
    yasmin = as_user("yasmin")
    page = yasmin.get(f"/klachten/{analysis.reference}").get_data(as_text=True)
    assert "Kwartaalanalyse 2026Q4" in page and "/rapportage/2026Q4" in page
    for complaint_only in ("Klachtenformulier", "Persoonlijke links", "Statuspagina", "klager"):
        assert complaint_only not in page
    task = yasmin.get(f"/taken/{ready(engine, analysis.reference, 'analyse_opstellen').id}").get_data(
        as_text=True
    )
    assert "/rapportage/2026Q4" in first_part(task) and "Klachtenformulier" not in task

    do(engine, analysis.reference, "analyse_opstellen", "yasmin", conclusions="Sneller terugbellen.")
    done = yasmin.get(f"/klachten/{analysis.reference}").get_data(as_text=True)
    assert "Sneller terugbellen." in done and "Conclusies klachtenanalyse 2026Q4" in done  # who was told
