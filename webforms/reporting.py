"""The quarterly report (process/report.py) over the engine's facts: one place that composes it,
for the command line, the web page and the API."""

import functools

import process
from engine.errors import EngineError
from process.report import build_report
from process.report_period import parse_period

# Who may read reports: they list complaints of every kind, discrimination included.
READERS = ("relatiemanager", "auditor")


def complaint_report(engine, closing_days, period_text: str) -> dict:
    """The report over a period like 2026Q4 or 2026-01-01..2026-03-31; refuses other text."""
    try:
        period = parse_period(period_text)
    except ValueError as error:
        raise EngineError(str(error)) from None
    facts = functools.partial(engine.report_facts, process.COMPLAINT_PROCESS)
    return build_report(period, facts, process.WorkingDayCalendar(closing_days))
