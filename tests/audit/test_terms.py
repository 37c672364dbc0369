"""The terms of one complaint from plain facts: every round has its own due moment and outcome, by
the quarterly report's rules (a late step missed its term, whether or not a timer fired)."""

from datetime import date, datetime

from engine.facts import EventFact, InstanceFacts, TaskFact
from process.calendar import AMSTERDAM, WorkingDayCalendar, end_of_day
from process.terms import complaint_terms

CALENDAR = WorkingDayCalendar()


def local(*parts):
    return datetime(*parts, tzinfo=AMSTERDAM)


def task(bpmn_id, created, due, state="completed", done=None):
    return TaskFact(bpmn_id, state, created, due, done, "yasmin" if done else None)


def answer(at, bpmn_id, **data):
    return EventFact(at, "task_completed", bpmn_id, "yasmin", data)


def complaint(tasks, events=(), status="open"):
    return InstanceFacts(
        "KL-2026-0001", status, {}, local(2026, 11, 30, 9), None, tuple(tasks), tuple(events)
    )


def outcomes(facts, as_of):
    return [(t.kind, t.round, t.outcome) for t in complaint_terms(facts, as_of, CALENDAR)]


def test_contact_in_time_and_a_late_check_and_rounds_of_re_resolution():
    facts = complaint(
        [
            task(
                "contact_opnemen",
                local(2026, 11, 30, 10),
                local(2026, 12, 2, 23, 59, 59),
                done=local(2026, 12, 2, 9),
            ),
            task(
                "tevredenheid_controleren",
                local(2026, 12, 2, 9),
                local(2026, 12, 9, 23, 59, 59),
                done=local(2026, 12, 10, 9),
            ),
            task(
                "opnieuw_oplossen",
                local(2026, 12, 10, 9),
                local(2026, 12, 14, 23, 59, 59),
                done=local(2026, 12, 14, 12),
            ),
            task(
                "tevredenheid_controleren",
                local(2026, 12, 14, 12),
                local(2026, 12, 21, 23, 59, 59),
                done=local(2026, 12, 15, 9),
            ),
            task("opnieuw_oplossen", local(2026, 12, 15, 9), local(2026, 12, 17, 23, 59, 59), state="ready"),
        ]
    )
    assert outcomes(facts, local(2026, 12, 16, 9)) == [
        ("contact", 1, "met"),
        ("satisfaction_check", 1, "missed"),
        ("re_resolution", 1, "met"),
        ("satisfaction_check", 2, "met"),
        ("re_resolution", 2, "running"),
    ]
    assert outcomes(facts, local(2026, 12, 18, 9))[-1] == ("re_resolution", 2, "missed")


def test_a_term_of_a_withdrawn_complaint_lapses_unless_it_had_passed():
    cancelled_in_time = task(
        "contact_opnemen",
        local(2026, 11, 30, 10),
        local(2026, 12, 2, 23, 59, 59),
        "cancelled",
        local(2026, 12, 1, 9),
    )
    cancelled_late = task(
        "contact_opnemen",
        local(2026, 11, 30, 10),
        local(2026, 12, 2, 23, 59, 59),
        "cancelled",
        local(2026, 12, 4, 9),
    )
    as_of = local(2026, 12, 10, 9)
    assert outcomes(complaint([cancelled_in_time], status="cancelled"), as_of) == [
        ("contact", 1, "cancelled")
    ]
    assert outcomes(complaint([cancelled_late], status="cancelled"), as_of) == [("contact", 1, "missed")]


def test_the_procedure_change_term_ends_at_the_end_of_its_day_and_is_met_when_confirmed():
    report = answer(
        local(2026, 12, 3, 14),
        "afhandeling_rapporteren",
        procedure_change=True,
        procedure_change_description="Terugbelnotitie",
        procedure_change_term="2026-12-12",  # a Saturday: the term runs to Monday 14 December
    )
    facts = complaint([], [report])
    [term] = complaint_terms(facts, local(2026, 12, 13, 9), CALENDAR)
    assert (term.kind, term.outcome, term.met) == ("procedure_change", "running", None)
    assert term.due == end_of_day(date(2026, 12, 14))
    assert outcomes(facts, local(2026, 12, 15, 9)) == [("procedure_change", 1, "awaiting")]

    confirmed = answer(
        local(2026, 12, 15, 9), "procedurewijziging_opvolgen", procedure_change_implemented=True
    )
    [term] = complaint_terms(complaint([], [report, confirmed]), local(2026, 12, 16, 9), CALENDAR)
    assert (term.outcome, term.met, term.implemented_on) == ("met", True, date(2026, 12, 15))

    postponed = answer(
        local(2026, 12, 15, 9),
        "procedurewijziging_opvolgen",
        procedure_change_implemented=False,
        procedure_change_term="2027-01-15",
    )
    facts = InstanceFacts(
        "KL-2026-0001",
        "open",
        {"procedure_change_term": "2027-01-15"},
        local(2026, 11, 30, 9),
        None,
        (),
        (report, postponed),
    )
    [term] = complaint_terms(facts, local(2026, 12, 16, 9), CALENDAR)
    assert (term.outcome, term.met, term.next_term) == ("missed", False, date(2027, 1, 15))


def test_a_complaint_without_terms_yet_has_none():
    assert (
        complaint_terms(
            complaint([task("akkoord_klager", local(2026, 11, 30, 9), None, "ready")]),
            local(2026, 11, 30, 10),
            CALENDAR,
        )
        == []
    )
