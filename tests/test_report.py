"""Step 5: the quarterly report. A year of complaints goes through the engine with a moved clock;
the figures of 2026Q4 (and of 2026Q3 beside it) are checked against values counted by hand below."""

import json
import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from process.calendar import AMSTERDAM, WorkingDayCalendar
from process.report import build_report
from process.report_period import Period, parse_period
from process.report_render import to_csv, to_html
from process.spreadsheet import read_rows
from webforms.cli import Context, report
from webforms.settings import Settings

KLACHT = str(Path(sys.executable).with_name("klacht"))


def local(*parts):
    return datetime(*parts, tzinfo=AMSTERDAM)


class Year:
    """Complaint steps at given moments. The scheduler runs just before each step (timers that are
    due fire first), unless `scheduler=False` says it was down."""

    def __init__(self, procedure):
        self.procedure = procedure

    def register(self, when, **changes) -> str:
        self.procedure.at(when)
        return self.procedure.register(**changes)

    def step(self, when, ref, bpmn_id, actor, scheduler=True, **data):
        self.procedure.at(when)
        if scheduler:
            self.procedure.fire()
        self.procedure.do(ref, bpmn_id, actor, **data)

    def assign(self, when, ref, handler):
        self.step(when, ref, "akkoord_klager", "yasmin", approved=True)
        self.step(when, ref, "afhandelaar_bepalen", "yasmin", handler=handler)

    def contact(self, when, ref, handler, scheduler=True):
        self.step(
            when, ref, "contact_opnemen", handler, scheduler, contact_summary="Gebeld", outcome="opgelost"
        )

    def report(self, when, ref, handler, change_term=None):
        change = {"procedure_change": change_term is not None}
        if change_term:
            change.update(
                procedure_change_description=f"Werkinstructie {ref}", procedure_change_term=change_term
            )
        self.step(when, ref, "afhandeling_rapporteren", handler, resolution="Opgelost", **change)

    def check(self, when, ref, satisfied):
        remarks = {} if satisfied else {"satisfaction_remarks": "Nog niet goed"}
        self.step(when, ref, "tevredenheid_controleren", "yasmin", satisfied=satisfied, **remarks)

    def re_resolve(self, when, ref, handler):
        self.step(when, ref, "opnieuw_oplossen", handler, re_resolution="Alsnog opgelost")

    def escalation(self, when, ref, kind):
        self.step(when, ref, f"escalatie_{kind}", "yasmin", escalation_action="Afhandelaar aangesproken")

    def follow_up(self, when, ref):
        """The relationship manager marks the complaint's corrective action done in the register."""
        self.procedure.at(when)
        self.procedure.fire()
        engine = self.procedure.engine
        [action] = [a for a in engine.follow_ups("yasmin") if a.reference == ref]
        engine.complete_follow_up(action.id, "yasmin", "Werkinstructie aangepast en besproken")

    def quick(self, registered, handler="yasmin", **changes):
        """Registered, contact the next working day, satisfied at the first check (2 working days)."""
        ref = self.register(registered, **changes)
        day = registered.replace(hour=10, minute=0)
        self.assign(registered, ref, handler)
        self.contact(_next_working_day(day), ref, handler)
        self.report(_next_working_day(day).replace(hour=11), ref, handler)
        self.check(_next_working_day(_next_working_day(day)), ref, True)
        return ref


def _next_working_day(moment):
    return (
        WorkingDayCalendar()
        .add_working_days(moment, 1)
        .replace(hour=moment.hour, minute=moment.minute, second=0)
    )


def simulate_2026(year: Year) -> dict:
    """Sixteen complaints; the comments give each term's end as counted on the calendar."""
    refs = {}
    henk_may = {"service_employee": "carla"}
    # Q1 and Q2: outside both compared quarters.
    refs["Q1"] = year.register(local(2026, 2, 2, 10), category="discriminatie", **henk_may)
    refs["Q2"] = year.quick(local(2026, 5, 4, 10))

    # Q3, the quarter before.
    refs["P1"] = year.quick(local(2026, 7, 6, 10), channel="telefoon")  # lead time 2
    p2 = refs["P2"] = year.register(local(2026, 8, 3, 10), category="overig", channel="e-mail", **henk_may)
    year.assign(local(2026, 8, 3, 11), p2, "henk")  # contact term ends Wed 5 Aug
    year.contact(local(2026, 8, 6, 10), p2, "henk")  # late: the escalation fires first
    year.escalation(local(2026, 8, 6, 10), p2, "contact")
    year.report(local(2026, 8, 6, 11), p2, "henk")
    year.check(local(2026, 8, 7, 10), p2, True)  # lead time 4
    p3 = refs["P3"] = year.register(local(2026, 9, 30, 23, 30), channel="brief")  # last half hour of Q3
    year.assign(local(2026, 10, 1, 9), p3, "yasmin")
    year.contact(local(2026, 10, 2, 9), p3, "yasmin")
    year.report(local(2026, 10, 2, 10), p3, "yasmin")
    year.check(local(2026, 10, 5, 9), p3, True)  # lead time 3 (1, 2 and 5 October)

    # Q4, the reported quarter.
    c1 = refs["C1"] = year.register(local(2026, 10, 1, 0, 0), channel="telefoon")  # first moment of Q4
    year.assign(local(2026, 10, 1, 11), c1, "yasmin")  # contact term ends Mon 5 Oct
    year.contact(local(2026, 10, 2, 10), c1, "yasmin")
    year.report(local(2026, 10, 2, 12), c1, "yasmin")  # check term ends Fri 9 Oct
    year.check(local(2026, 10, 6, 10), c1, True)  # lead time 3

    c2 = refs["C2"] = year.register(local(2026, 10, 5, 10), category="overig", channel="e-mail", **henk_may)
    year.assign(local(2026, 10, 5, 11), c2, "henk")  # contact term ends Wed 7 Oct
    year.contact(local(2026, 10, 8, 10), c2, "henk")  # late, escalated
    year.escalation(local(2026, 10, 8, 10), c2, "contact")
    year.report(local(2026, 10, 8, 11), c2, "henk")  # check term ends Thu 15 Oct
    year.check(local(2026, 10, 9, 10), c2, False)  # re-resolution term ends Tue 13 Oct
    year.re_resolve(local(2026, 10, 12, 10), c2, "henk")
    year.check(local(2026, 10, 13, 10), c2, True)  # lead time 6

    c3 = refs["C3"] = year.register(
        local(2026, 10, 14, 10), category="discriminatie", channel="persoonlijk", **henk_may
    )
    year.assign(local(2026, 10, 14, 11), c3, "henk")  # contact term ends Fri 16 Oct
    year.contact(local(2026, 10, 15, 10), c3, "henk")
    year.report(local(2026, 10, 15, 11), c3, "henk")  # check term ends Thu 22 Oct
    year.escalation(local(2026, 10, 23, 9), c3, "tevredenheid")
    year.check(local(2026, 10, 23, 10), c3, True)  # late, escalated; lead time 7

    c4 = refs["C4"] = year.register(local(2026, 10, 19, 10), channel="website")
    year.assign(local(2026, 10, 19, 11), c4, "yasmin")  # contact term ends Wed 21 Oct
    year.contact(local(2026, 10, 22, 10), c4, "yasmin", scheduler=False)  # late, though nothing fired
    year.report(local(2026, 10, 22, 11), c4, "yasmin", change_term="2026-11-13")  # check term ends Thu 29 Oct
    year.check(local(2026, 10, 26, 10), c4, False)  # re-resolution term ends Wed 28 Oct
    year.re_resolve(local(2026, 10, 29, 10), c4, "yasmin")  # late, escalated
    year.escalation(local(2026, 10, 29, 11), c4, "heroplossing")
    year.check(local(2026, 10, 30, 10), c4, False)  # re-resolution term ends Tue 3 Nov
    year.re_resolve(local(2026, 11, 2, 10), c4, "yasmin")
    year.check(local(2026, 11, 3, 10), c4, True)  # lead time 11
    year.follow_up(local(2026, 11, 13, 10), c4)  # done within its term (Fri 13 Nov): met

    c5 = refs["C5"] = year.register(local(2026, 11, 3, 10), category="overig", channel="brief", **henk_may)
    year.assign(local(2026, 11, 3, 11), c5, "henk")
    year.contact(local(2026, 11, 4, 10), c5, "henk")
    year.report(local(2026, 11, 4, 11), c5, "henk", change_term="2026-11-20")
    year.check(local(2026, 11, 5, 10), c5, True)  # lead time 2
    year.follow_up(local(2026, 12, 7, 10), c5)  # done after its term (Fri 20 Nov): missed

    c6 = refs["C6"] = year.register(local(2026, 11, 9, 10), channel="telefoon")
    year.assign(local(2026, 11, 9, 11), c6, "yasmin")
    year.contact(local(2026, 11, 10, 10), c6, "yasmin")
    year.report(local(2026, 11, 10, 11), c6, "yasmin", change_term="2026-12-18")  # check term ends 17 Nov
    year.check(local(2026, 11, 12, 10), c6, False)  # re-resolution term ends Mon 16 Nov
    year.re_resolve(local(2026, 11, 13, 10), c6, "yasmin")
    year.check(local(2026, 11, 16, 10), c6, True)  # lead time 5; the corrective action is never done

    c7 = refs["C7"] = year.register(local(2026, 11, 16, 10), channel="e-mail")
    year.assign(local(2026, 11, 16, 11), c7, "yasmin")  # contact term ends Wed 18 Nov
    year.procedure.at(local(2026, 11, 17, 10))
    year.procedure.engine.cancel(c7, "yasmin", "Dubbel geregistreerd")  # within its term: not measured

    c8 = refs["C8"] = year.register(local(2026, 12, 1, 10), channel="telefoon", **henk_may)
    year.assign(local(2026, 12, 1, 11), c8, "henk")
    year.contact(local(2026, 12, 2, 10), c8, "henk")
    year.report(local(2026, 12, 2, 11), c8, "henk", change_term="2027-01-29")
    year.check(local(2026, 12, 3, 10), c8, True)  # lead time 2; closed, its change in the register

    c9 = refs["C9"] = year.register(local(2026, 12, 14, 10), category="overig", channel="telefoon")
    year.assign(local(2026, 12, 14, 11), c9, "yasmin")  # contact term ends Wed 16 Dec: never contacted
    refs["C10"] = year.register(local(2026, 12, 21, 10), channel="persoonlijk")  # not yet approved

    year.procedure.at(local(2026, 12, 22, 12))  # the report is made now, after the scheduler ran
    year.procedure.fire()  # C9's contact escalation
    refs["later"] = year.register(local(2027, 1, 4, 10))
    year.procedure.at(local(2026, 12, 22, 12))
    return refs


def quarter_report(engine, label):
    facts = lambda start, end: engine.report_facts("klachtafhandeling", start, end)  # noqa: E731
    return build_report(parse_period(label), facts, WorkingDayCalendar())


def test_the_quarter_report_counts_what_happened(procedure, engine):
    refs = simulate_2026(Year(procedure))
    # termijn_afspraak: no term was agreed, so that timer ended at once without escalating.
    fired = [e.task for e in procedure.events(refs["C4"], "timer_fired") if e.task != "termijn_afspraak"]
    assert fired == ["termijn_heroplossing"]  # not termijn_contact; its change went to the register
    report = quarter_report(engine, "2026Q4")

    assert report["period"] == {"label": "2026Q4", "first": "2026-10-01", "last": "2026-12-31"}
    assert report["previous_period"]["label"] == "2026Q3"
    assert report["received"] == {
        "total": 10,
        "discrimination": 1,
        "by_category": {"dienstverlening": 6, "discriminatie": 1, "overig": 3},
        "by_channel": {"telefoon": 4, "e-mail": 2, "persoonlijk": 2, "brief": 1, "website": 1},
    }
    # C6 and C8 closed when their complainants were satisfied; their changes are in the register.
    assert report["status"] == {"open": 2, "closed": 7, "cancelled": 1}
    # Closing confirmations after 3, 6, 7, 11, 2, 5 and 2 working days.
    assert report["lead_time"] == {"measured": 7, "median": 5, "p90": 11}
    # In time: C1 C3 C5 C6 C8. Late: C2 (escalated), C4 (nothing fired), C9 (still open). C7, C10: none.
    assert report["contact"] == {"measured": 8, "in_time": 5, "late": 3, "share": 0.625}
    assert report["satisfaction_check"] == {"measured": 7, "in_time": 6, "late": 1, "share": 0.8571}
    assert report["satisfied_first"] == {"answered": 7, "satisfied": 4, "unsatisfied": 3, "share": 0.5714}
    assert report["re_resolution"] == {"rounds": 4, "complaints": 3, "distribution": {"0": 4, "1": 2, "2": 1}}
    assert report["escalations"] == {
        "total": 4,
        "complaints": 4,
        "contact": 2,
        "satisfaction_check": 1,
        "re_resolution": 1,
        "agreed_term": 0,
    }
    changes = report["procedure_changes"]
    assert {key: changes[key] for key in ("total", "met", "missed", "awaiting", "running", "cancelled")} == {
        "total": 4,
        "met": 1,
        "missed": 1,
        "awaiting": 1,
        "running": 1,
        "cancelled": 0,
    }
    assert [
        (c["reference"], c["term"], c["final_term"], c["outcome"], c["implemented_on"])
        for c in changes["items"]
    ] == [
        (refs["C4"], "2026-11-13", "2026-11-13", "met", "2026-11-13"),
        (refs["C5"], "2026-11-20", "2026-11-20", "missed", "2026-12-07"),
        (refs["C6"], "2026-12-18", "2026-12-18", "awaiting", None),
        (refs["C8"], "2027-01-29", "2027-01-29", "running", None),
    ]
    assert report["handlers"] == [
        {
            "handler": "yasmin",
            "name": "Yasmin Asrafali",
            "complaints": 5,
            "open": 1,
            "closed": 3,
            "cancelled": 1,
        },
        {"handler": "henk", "name": "Henk Jansen", "complaints": 4, "open": 0, "closed": 4, "cancelled": 0},
        {"handler": None, "name": None, "complaints": 1, "open": 1, "closed": 0, "cancelled": 0},
    ]
    assert {(c["section"], c["name"]): (c["value"], c["previous"]) for c in report["comparison"]} == {
        ("received", "total"): (10, 3),
        ("received", "discrimination"): (1, 0),
        ("status", "closed"): (7, 3),
        ("lead_time", "median"): (5, 3),
        ("lead_time", "p90"): (11, 4),
        ("contact", "share"): (0.625, 0.6667),
        ("satisfaction_check", "share"): (0.8571, 1.0),
        ("satisfied_first", "share"): (0.5714, 1.0),
        ("re_resolution", "rounds"): (4, 0),
        ("escalations", "total"): (4, 1),
        ("procedure_changes", "total"): (4, 0),
        ("procedure_changes", "met"): (1, 0),
    }
    json.dumps(report)  # plain values only

    rows = read_rows(to_csv(report))
    assert {"onderdeel": "contact", "cijfer": "share", "waarde": "0,625", "vorige periode": "0,6667"} in rows
    assert {"onderdeel": "handlers", "cijfer": "henk.complaints", "waarde": "4", "vorige periode": ""} in rows
    page = to_html(report)
    assert page.count("<svg") >= 8 and "Contact binnen 2 werkdagen" in page and "62,5%" in page


def test_periods_are_quarters_or_ranges_of_days():
    q4 = parse_period("2026Q4")
    assert (q4.first, q4.last, q4.label) == (date(2026, 10, 1), date(2026, 12, 31), "2026Q4")
    assert (q4.start, q4.end) == (local(2026, 10, 1), local(2027, 1, 1))
    assert q4.previous().label == "2026Q3" and parse_period("2026q1").previous().label == "2025Q4"
    assert parse_period("2026-01-01..2026-03-31") == parse_period("2026Q1")
    weeks = parse_period("2026-11-02..2026-11-15")
    assert weeks.previous() == Period(date(2026, 10, 19), date(2026, 11, 1), False)
    for wrong in ("2026Q5", "vorig kwartaal", "2026-02-30..2026-03-01", "2026-03-01..2026-02-01"):
        with pytest.raises(ValueError, match="Periode"):
            parse_period(wrong)


def test_the_report_on_the_command_line(procedure, db_url, tmp_path):
    year = Year(procedure)
    year.quick(local(2026, 10, 5, 10))
    late = year.register(local(2026, 11, 2, 10), category="discriminatie", service_employee="pieter")
    year.assign(local(2026, 11, 2, 11), late, "henk")
    procedure.engine.db.dispose()
    env = {**os.environ, "KLACHT_DATABASE_URL": db_url, "KLACHT_NOW": "2026-12-01T09:00:00+01:00"}

    done = subprocess.run(
        [KLACHT, "report", "2026Q4"], env=env, cwd=tmp_path, capture_output=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    assert (shown["received"]["total"], shown["received"]["discrimination"]) == (2, 1)
    assert shown["contact"] == {"measured": 2, "in_time": 1, "late": 1, "share": 0.5}

    # In-process for the other formats: one engine, disposed at the end.
    context = Context(Settings(database_url=db_url, now=local(2026, 12, 1, 9)), as_json=False)

    def klacht(*args, expect=0):
        result = CliRunner().invoke(report, list(args), obj=context)
        assert result.exit_code == expect, result.output
        return result

    try:
        refused = klacht("2026Q7", expect=2)
        assert refused.stderr.startswith("Fout: Periode '2026Q7' is onbekend.")
        assert json.loads(klacht("2026-10-01..2026-12-31", "--json").stdout) == shown
        rows = read_rows(klacht("2026Q4", "--format", "csv").stdout)
        assert {"onderdeel": "received", "cijfer": "total", "waarde": "2", "vorige periode": "0"} in rows
        html = klacht("2026Q4", "--format", "html").stdout
        assert "<svg" in html and "Kwartaalrapportage klachten 2026Q4" in html
        assert klacht("2026Q4", "--format", "pdf").stdout_bytes.startswith(b"%PDF")
        written = klacht("2026Q4", "--format", "pdf", "--out", str(tmp_path / "q4.pdf"))
        assert "q4.pdf" in written.stdout
        assert (tmp_path / "q4.pdf").read_bytes().startswith(b"%PDF")
    finally:
        context.engine.db.dispose()
