"""The terms of the procedure for one complaint, each with its due moment and whether it was met:
contact within 2 working days, every satisfaction check within 5, every round of re-resolution
within 2, the handling term agreed with the complainant (on the report step) and the procedure
change's term.

The rules are the quarterly report's (report_measures), applied to every round instead of the first;
the facts are the engine's report facts of one complaint (any object with the same attributes).
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from .calendar import WorkingDayCalendar, end_of_day
from .report_measures import CONTACT, RE_RESOLUTION, REPORT, SATISFACTION_CHECK, procedure_change, term_kept

# (BPMN id of the task that carries the term, kind, title)
TASK_TERMS = (
    (CONTACT, "contact", "Contact met de klager (2 werkdagen)"),
    (SATISFACTION_CHECK, "satisfaction_check", "Tevredenheidscheck (5 werkdagen)"),
    (RE_RESOLUTION, "re_resolution", "Klacht alsnog oplossen (2 werkdagen)"),
    (REPORT, "agreed_term", "Afhandeling rapporteren (afgesproken termijn)"),
)
PROCEDURE_CHANGE_TITLE = "Invoering procedurewijziging"
OUTCOMES = {
    "met": "gehaald",
    "missed": "niet gehaald",
    "running": "loopt nog",
    "awaiting": "verstreken, controle volgt",
    "cancelled": "vervallen",
}


@dataclass(frozen=True)
class TermOutcome:
    kind: str  # contact, satisfaction_check, re_resolution, procedure_change
    title: str
    round: int  # 1 for the first term of its kind, 2 for the next round, ...
    due: datetime | None
    done_at: datetime | None  # when the step that keeps the term was done
    outcome: str  # a key of OUTCOMES
    next_term: date | None = None  # a procedure change not implemented in time: its new term
    implemented_on: date | None = None

    @property
    def outcome_text(self) -> str:
        return OUTCOMES[self.outcome]

    @property
    def met(self) -> bool | None:
        """True met, False missed, None not decided (yet)."""
        return {"met": True, "missed": False}.get(self.outcome)


def complaint_terms(complaint, as_of: datetime, calendar: WorkingDayCalendar) -> list[TermOutcome]:
    """Every term the complaint has had so far, in the order they started; the procedure change last."""
    kinds = {bpmn_id: (kind, title) for bpmn_id, kind, title in TASK_TERMS}
    rounds: Counter = Counter()
    terms = []
    for task in complaint.tasks:
        if task.bpmn_id in kinds and task.due is not None:
            kind, title = kinds[task.bpmn_id]
            rounds[kind] += 1
            terms.append(_task_term(kind, title, rounds[kind], task, as_of))
    change = procedure_change(complaint, as_of, calendar)
    if change is not None:
        terms.append(
            TermOutcome(
                kind="procedure_change",
                title=PROCEDURE_CHANGE_TITLE,
                round=1,
                due=end_of_day(change.term_end),
                done_at=None,
                outcome=change.outcome,
                next_term=change.final_term if change.final_term != change.term else None,
                implemented_on=change.implemented_on,
            )
        )
    return terms


def _task_term(kind, title, number, task, as_of) -> TermOutcome:
    kept = term_kept(task, as_of)
    if kept is None:
        outcome = "running" if task.state == "ready" else "cancelled"
    else:
        outcome = "met" if kept else "missed"
    return TermOutcome(
        kind=kind,
        title=title,
        round=number,
        due=task.due,
        done_at=task.completed_at if task.state == "completed" else None,
        outcome=outcome,
    )
