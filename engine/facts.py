"""Read-only facts for a report over a period: the instances of one process started in it, each
with its task rows and the audit events that say what was answered and which timers fired.

Three statements, whatever the number of instances; the serialized workflow state is never read.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, select

from .models import AuditEvent, Instance, Task

# Answers given on forms and the terms that passed: what a report counts.
REPORTED_EVENTS = ("task_completed", "timer_fired", "follow_up_done")


@dataclass(frozen=True)
class TaskFact:
    bpmn_id: str
    state: str
    created_at: datetime
    due: datetime | None
    completed_at: datetime | None
    completed_by: str | None


@dataclass(frozen=True)
class EventFact:
    at: datetime
    event: str
    bpmn_id: str | None
    actor: str
    data: dict | None


@dataclass(frozen=True)
class InstanceFacts:
    reference: str
    status: str
    data: dict
    started_at: datetime
    closed_at: datetime | None
    tasks: tuple[TaskFact, ...]
    events: tuple[EventFact, ...]


@dataclass(frozen=True)
class PeriodFacts:
    """Instances started in [start, end), as they stand at `as_of`."""

    process_id: str
    start: datetime
    end: datetime
    as_of: datetime
    instances: tuple[InstanceFacts, ...]


def period_facts(session, process_id: str, start: datetime, end: datetime, as_of: datetime) -> PeriodFacts:
    started = select(Instance.id).where(
        Instance.process_id == process_id, Instance.started_at >= start, Instance.started_at < end
    )
    tasks, events = _tasks(session, started), _events(session, started)
    rows = session.execute(
        select(
            Instance.id,
            Instance.reference,
            Instance.status,
            Instance.data,
            Instance.started_at,
            Instance.closed_at,
        )
        .where(Instance.id.in_(started))
        .order_by(Instance.started_at, Instance.id)
    )
    instances = tuple(
        InstanceFacts(
            reference=row.reference,
            status=row.status,
            data=dict(row.data or {}),
            started_at=row.started_at,
            closed_at=row.closed_at,
            tasks=tuple(tasks.get(row.id, ())),
            events=tuple(events.get(row.id, ())),
        )
        for row in rows
    )
    return PeriodFacts(process_id, start, end, as_of, instances)


def _tasks(session, started) -> dict[int, list[TaskFact]]:
    # Rows made in one step share created_at; the order of their creation events breaks the tie.
    created = and_(
        AuditEvent.task_id == Task.id,
        AuditEvent.instance_id == Task.instance_id,
        AuditEvent.event == "task_created",
    )
    rows = session.execute(
        select(
            Task.instance_id,
            Task.bpmn_id,
            Task.state,
            Task.created_at,
            Task.due,
            Task.completed_at,
            Task.completed_by,
        )
        .outerjoin(AuditEvent, created)
        .where(Task.instance_id.in_(started))
        .order_by(Task.created_at, AuditEvent.id, Task.id)
    )
    found: dict[int, list[TaskFact]] = {}
    for row in rows:
        found.setdefault(row.instance_id, []).append(
            TaskFact(row.bpmn_id, row.state, row.created_at, row.due, row.completed_at, row.completed_by)
        )
    return found


def _events(session, started) -> dict[int, list[EventFact]]:
    rows = session.execute(
        select(
            AuditEvent.instance_id,
            AuditEvent.at,
            AuditEvent.event,
            AuditEvent.bpmn_id,
            AuditEvent.actor,
            AuditEvent.data_after,
        )
        .where(AuditEvent.instance_id.in_(started), AuditEvent.event.in_(REPORTED_EVENTS))
        .order_by(AuditEvent.id)
    )
    found: dict[int, list[EventFact]] = {}
    for row in rows:
        found.setdefault(row.instance_id, []).append(
            EventFact(row.at, row.event, row.bpmn_id, row.actor, row.data_after)
        )
    return found
