"""The handling term agreed with the complainant is a real term: a timer on the report step until
the end of the agreed working day, a reminder to the handler and an escalation when it passes."""

from datetime import datetime

from process.calendar import AMSTERDAM, WorkingDayCalendar
from process.report import build_report
from process.report_period import parse_period
from process.terms import complaint_terms

CONTACT = {"contact_summary": "Gebeld", "outcome": "afspraak", "agreement": "Terugbellen dinsdag"}


def mails(engine, kind):
    return [m for m in engine.outbox() if m.kind == kind]


def agreed(procedure, agreed_term="2026-12-01"):
    ref = procedure.register(service_employee="pieter")
    procedure.to_contact(ref, handler="henk")
    procedure.do(ref, "contact_opnemen", "henk", agreed_term=agreed_term, **CONTACT)
    return ref


def test_a_passed_agreed_term_reminds_the_handler_and_escalates(procedure, engine):
    ref = agreed(procedure)
    report = procedure.task(ref, "afhandeling_rapporteren")
    assert report.due == datetime(2026, 12, 1, 23, 59, 59, tzinfo=AMSTERDAM)

    procedure.at(datetime(2026, 12, 1, 23, 0, tzinfo=AMSTERDAM))
    procedure.fire()
    assert procedure.ready(ref) == ["afhandeling_rapporteren"]

    procedure.at(datetime(2026, 12, 2, 9, 0, tzinfo=AMSTERDAM))
    procedure.fire()
    assert procedure.ready(ref) == ["afhandeling_rapporteren", "escalatie_afspraak"]
    [escalation] = [m for m in mails(engine, "escalatie") if m.reference == ref]
    [reminder] = [m for m in mails(engine, "herinnering") if m.reference == ref]
    assert escalation.to == "yasmin@example.org" and "afgesproken termijn" in escalation.subject
    assert reminder.to == "henk@example.org"


def test_an_agreed_term_on_a_sunday_ends_on_monday(procedure):
    ref = agreed(procedure, "2026-11-29")
    due = procedure.task(ref, "afhandeling_rapporteren").due
    assert due == datetime(2026, 11, 30, 23, 59, 59, tzinfo=AMSTERDAM)


def test_without_an_agreed_term_the_report_has_no_term_and_nothing_escalates(procedure, engine):
    ref = procedure.register(service_employee="pieter")
    procedure.to_contact(ref, handler="henk")
    procedure.do(ref, "contact_opnemen", "henk", contact_summary="Gebeld", outcome="opgelost")
    procedure.fire()
    procedure.at(datetime(2027, 3, 1, 9, 0, tzinfo=AMSTERDAM))
    procedure.fire()
    assert procedure.ready(ref) == ["afhandeling_rapporteren"]
    assert procedure.task(ref, "afhandeling_rapporteren").due is None


def test_the_agreed_term_is_under_termijnen_and_in_the_reports_term_table(procedure, engine):
    late = agreed(procedure)
    in_time = agreed(procedure, "2026-12-03")
    report = {"resolution": "Teruggebeld", "procedure_change": False}
    procedure.at(datetime(2026, 12, 2, 9, 0, tzinfo=AMSTERDAM))
    procedure.fire()
    procedure.do(late, "afhandeling_rapporteren", "henk", **report)
    procedure.do(in_time, "afhandeling_rapporteren", "henk", **report)

    calendar = WorkingDayCalendar()
    facts = lambda start, end: engine.report_facts("klachtafhandeling", start, end)  # noqa: E731
    quarter = parse_period("2026Q4")
    [late_facts] = [c for c in facts(quarter.start, quarter.end).instances if c.reference == late]
    [term] = [t for t in complaint_terms(late_facts, engine.clock.now(), calendar) if t.kind == "agreed_term"]
    assert (term.due, term.outcome) == (datetime(2026, 12, 1, 23, 59, 59, tzinfo=AMSTERDAM), "missed")

    figures = build_report(quarter, facts, calendar)
    assert figures["agreed_term"] == {"measured": 2, "in_time": 1, "late": 1, "share": 0.5}
    assert figures["escalations"]["agreed_term"] == 1
