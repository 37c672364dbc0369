"""The quarterly report (step 5): figures over the complaints received in a period, followed up to
the moment the report is made, beside the same figures for the period before it.

Everything here is plain values (numbers, text, ISO dates) so the report is its own JSON.
"""

import math
import statistics
from collections import Counter
from collections.abc import Callable, Iterable
from functools import cache

from .calendar import AMSTERDAM, WorkingDayCalendar
from .forms import FormCatalog
from .report_measures import ESCALATION_KINDS, ComplaintMeasures, measure
from .report_period import Period

STATUSES = ("open", "closed", "cancelled")
CHANGE_OUTCOMES = ("met", "missed", "awaiting", "running", "cancelled")
DISCRIMINATION = "discriminatie"
# The figures compared with the period before, as (section, name).
HEADLINE = (
    ("received", "total"),
    ("received", "discrimination"),
    ("status", "closed"),
    ("lead_time", "median"),
    ("lead_time", "p90"),
    ("contact", "share"),
    ("satisfaction_check", "share"),
    ("satisfied_first", "share"),
    ("re_resolution", "rounds"),
    ("escalations", "total"),
    ("procedure_changes", "total"),
    ("procedure_changes", "met"),
)


def build_report(period: Period, facts_for: Callable, calendar: WorkingDayCalendar) -> dict:
    """The report of a period; `facts_for(start, end)` gives the engine's report facts."""
    before = period.previous()
    facts = facts_for(period.start, period.end)
    current = figures(facts, calendar)
    previous = figures(facts_for(before.start, before.end), calendar)
    return {
        "period": _period(period),
        "previous_period": _period(before),
        "as_of": facts.as_of.astimezone(AMSTERDAM).isoformat(),
        **current,
        "previous": {key: value for key, value in previous.items() if isinstance(value, dict)},
        "comparison": [
            {
                "section": section,
                "name": name,
                "value": current[section][name],
                "previous": previous[section][name],
            }
            for section, name in HEADLINE
        ],
    }


def figures(facts, calendar: WorkingDayCalendar) -> dict:
    """Every figure of the report over the complaints in the facts."""
    measures = [measure(complaint, facts.as_of, calendar) for complaint in facts.instances]
    return {
        "received": received(measures),
        "status": _counted((m.status for m in measures), STATUSES),
        "lead_time": lead_time(m.lead_time for m in measures),
        "contact": terms_kept(m.contact_in_time for m in measures),
        "satisfaction_check": terms_kept(m.check_in_time for m in measures),
        "agreed_term": terms_kept(m.agreed_term_in_time for m in measures),
        "satisfied_first": satisfied_first(measures),
        "re_resolution": re_resolution(measures),
        "escalations": escalations(measures),
        "procedure_changes": procedure_changes(measures),
        "handlers": handlers(measures),
    }


def received(measures: list[ComplaintMeasures]) -> dict:
    return {
        "total": len(measures),
        "discrimination": sum(1 for m in measures if m.category == DISCRIMINATION),
        "by_category": _counted((m.category for m in measures), registration_choices("category")),
        "by_channel": _counted((m.channel for m in measures), registration_choices("channel")),
    }


def lead_time(days: Iterable[int | None]) -> dict:
    """Working days from registration to the closing confirmation (the satisfied answer).

    Median as usual (the mean of the middle two for an even count); the 90th percentile by
    nearest rank: the smallest value with at least 90% of the values at or below it.
    """
    measured = sorted(d for d in days if d is not None)
    if not measured:
        return {"measured": 0, "median": None, "p90": None}
    return {
        "measured": len(measured),
        "median": statistics.median(measured),
        "p90": measured[math.ceil(0.9 * len(measured)) - 1],
    }


def terms_kept(outcomes: Iterable[bool | None]) -> dict:
    """Of the measurable terms (see report_measures.term_kept): how many were kept."""
    found = [o for o in outcomes if o is not None]
    kept = sum(found)
    return {"measured": len(found), "in_time": kept, "late": len(found) - kept, "share": _share(kept, found)}


def satisfied_first(measures: list[ComplaintMeasures]) -> dict:
    answers = [m.first_satisfied for m in measures if m.first_satisfied is not None]
    yes = sum(answers)
    return {
        "answered": len(answers),
        "satisfied": yes,
        "unsatisfied": len(answers) - yes,
        "share": _share(yes, answers),
    }


def re_resolution(measures: list[ComplaintMeasures]) -> dict:
    """Rounds of re-resolution; the distribution is over the complaints whose first check was answered."""
    checked = Counter(m.rounds for m in measures if m.first_satisfied is not None)
    most = max(checked, default=0)
    return {
        "rounds": sum(m.rounds for m in measures),
        "complaints": sum(1 for m in measures if m.rounds),
        "distribution": {str(n): checked.get(n, 0) for n in range(most + 1)} if checked else {},
    }


def escalations(measures: list[ComplaintMeasures]) -> dict:
    kinds = Counter(kind for m in measures for kind in m.escalations)
    return {
        "total": sum(kinds.values()),
        "complaints": sum(1 for m in measures if m.escalations),
        **{kind: kinds.get(kind, 0) for kind in ESCALATION_KINDS},
    }


def procedure_changes(measures: list[ComplaintMeasures]) -> dict:
    changes = [m.procedure_change for m in measures if m.procedure_change is not None]
    return {
        "total": len(changes),
        **_counted((c.outcome for c in changes), CHANGE_OUTCOMES),
        "items": [
            {
                "reference": c.reference,
                "description": c.description,
                "term": c.term.isoformat(),
                "term_end": c.term_end.isoformat(),
                "final_term": c.final_term.isoformat(),
                "outcome": c.outcome,
                "implemented_on": c.implemented_on.isoformat() if c.implemented_on else None,
            }
            for c in changes
        ],
    }


def handlers(measures: list[ComplaintMeasures]) -> list[dict]:
    """Complaints per handler (None: not assigned yet), most loaded first."""
    rows: dict = {}
    for m in measures:
        row = rows.setdefault(
            m.handler,
            {"handler": m.handler, "name": m.handler_name, "complaints": 0, **dict.fromkeys(STATUSES, 0)},
        )
        row["complaints"] += 1
        row[m.status] = row.get(m.status, 0) + 1
    return sorted(rows.values(), key=lambda r: (r["handler"] is None, -r["complaints"], r["handler"] or ""))


@cache
def registration_choices(field: str) -> tuple[str, ...]:
    """The values a registration field may take (category, channel), in the form's order."""
    return tuple(FormCatalog().schema("registratie")["properties"][field]["enum"])


def _counted(values: Iterable, known: tuple) -> dict:
    counts = Counter(values)
    return {
        **{key: counts.get(key, 0) for key in known},
        **{str(k): n for k, n in counts.items() if k not in known},
    }


def _share(part: int, whole: list) -> float | None:
    return round(part / len(whole), 4) if whole else None


def _period(period: Period) -> dict:
    return {"label": period.label, "first": period.first.isoformat(), "last": period.last.isoformat()}
