"""What the quarterly report measures of one complaint: its terms kept or missed, the answers of
the satisfaction checks, rounds of re-resolution, escalations and its procedure change.

Works on the engine's report facts (any object with the same attributes); no SQL here.
"""

from dataclasses import dataclass
from datetime import date, datetime

from .calendar import WorkingDayCalendar, local_date

CONTACT = "contact_opnemen"
REPORT = "afhandeling_rapporteren"
SATISFACTION_CHECK = "tevredenheid_controleren"
RE_RESOLUTION = "opnieuw_oplossen"
CHANGE_FOLLOW_UP = "procedurewijziging_opvolgen"
REGISTER_DONE = "follow_up_done"  # the engine's audit event of a done corrective action
# The diagram's escalation timers and the kind of term each one guards.
ESCALATION_TIMERS = {
    "termijn_contact": "contact",
    "termijn_tevredenheid": "satisfaction_check",
    "termijn_heroplossing": "re_resolution",
}
# Escalations counted by their task: the agreed-term timer also fires (at once) when no term was
# agreed, and then leads to no escalation.
ESCALATION_TASKS = {"escalatie_afspraak": "agreed_term"}
ESCALATION_KINDS = (*ESCALATION_TIMERS.values(), *ESCALATION_TASKS.values())


@dataclass(frozen=True)
class ProcedureChange:
    reference: str
    description: str
    term: date
    term_end: date
    final_term: date
    outcome: str  # met, missed, awaiting (term ended, not yet confirmed), running, cancelled
    implemented_on: date | None


@dataclass(frozen=True)
class ComplaintMeasures:
    reference: str
    status: str
    category: str | None
    channel: str | None
    handler: str | None
    handler_name: str | None
    contact_in_time: bool | None
    check_in_time: bool | None
    agreed_term_in_time: bool | None  # the report step within the term agreed with the complainant
    first_satisfied: bool | None
    lead_time: int | None
    rounds: int
    escalations: tuple[str, ...]
    procedure_change: ProcedureChange | None


def term_kept(task, as_of: datetime) -> bool | None:
    """Whether a task with a term was done on or before its due moment.

    True: completed at or before `due`. False: completed after `due`, or not completed while `due`
    passed (still open at `as_of`, or cancelled after `due`). None: no due, or still within its term.
    This does not depend on the scheduler: a late completion is late even when no timer fired.
    """
    if task is None or task.due is None:
        return None
    if task.state == "completed":
        return task.completed_at <= task.due
    ended = task.completed_at if task.state == "cancelled" and task.completed_at else as_of
    return False if ended > task.due else None


def measure(complaint, as_of: datetime, calendar: WorkingDayCalendar) -> ComplaintMeasures:
    data = complaint.data
    checks = _answers(complaint, SATISFACTION_CHECK)
    first_satisfied = bool(checks[0].data.get("satisfied")) if checks else None
    resolved = next((e.at for e in checks if e.data.get("satisfied") is True), None)
    return ComplaintMeasures(
        reference=complaint.reference,
        status=complaint.status,
        category=data.get("category"),
        channel=data.get("channel"),
        handler=data.get("handler"),
        handler_name=data.get("handler_name"),
        contact_in_time=term_kept(_first_task(complaint, CONTACT), as_of),
        check_in_time=term_kept(_first_task(complaint, SATISFACTION_CHECK), as_of),
        agreed_term_in_time=term_kept(_first_task(complaint, REPORT), as_of),
        first_satisfied=first_satisfied,
        lead_time=None if resolved is None else calendar.working_days_between(complaint.started_at, resolved),
        rounds=sum(1 for t in complaint.tasks if t.bpmn_id == RE_RESOLUTION and t.state == "completed"),
        escalations=tuple(
            ESCALATION_TIMERS[e.bpmn_id]
            for e in complaint.events
            if e.event == "timer_fired" and e.bpmn_id in ESCALATION_TIMERS
        )
        + tuple(ESCALATION_TASKS[t.bpmn_id] for t in complaint.tasks if t.bpmn_id in ESCALATION_TASKS),
        procedure_change=procedure_change(complaint, as_of, calendar),
    )


def procedure_change(complaint, as_of: datetime, calendar: WorkingDayCalendar) -> ProcedureChange | None:
    """The change a complaint led to; its term is met when the first follow-up, which comes when
    the term has ended, confirms it was implemented (a "no" sets a new term: missed), or when the
    corrective-action register has it done by the end of its term."""
    reports = [e for e in _answers(complaint, REPORT) if e.data.get("procedure_change")]
    if not reports:
        return None
    reported = reports[0].data
    term = date.fromisoformat(reported["procedure_change_term"])
    follow_ups = _answers(complaint, CHANGE_FOLLOW_UP)
    final_term = date.fromisoformat(complaint.data.get("procedure_change_term") or term.isoformat())
    implemented = next((e.at for e in follow_ups if e.data.get("procedure_change_implemented")), None)
    done = next((e.at for e in complaint.events if e.event == REGISTER_DONE), None)
    term_end = calendar.term_end(term)
    if follow_ups:
        outcome = "met" if follow_ups[0].data.get("procedure_change_implemented") else "missed"
    elif done is not None:  # done in the corrective-action register, after the complaint closed
        implemented = done
        outcome = "met" if done <= term_end else "missed"
    elif complaint.status == "cancelled":
        outcome = "cancelled"
    else:
        outcome = "awaiting" if as_of > term_end else "running"
    return ProcedureChange(
        reference=complaint.reference,
        description=reported.get("procedure_change_description") or "",
        term=term,
        term_end=term_end.date(),
        final_term=final_term,
        outcome=outcome,
        implemented_on=None if implemented is None else local_date(implemented),
    )


def _first_task(complaint, bpmn_id):
    return next((t for t in complaint.tasks if t.bpmn_id == bpmn_id), None)


def _answers(complaint, bpmn_id) -> list:
    return [
        e
        for e in complaint.events
        if e.event == "task_completed" and e.bpmn_id == bpmn_id and e.data is not None
    ]
