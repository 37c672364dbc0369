"""Reading the audit trail for oversight: every event with its id and form, the case data as it
stood after any event, and who looked at instances whose viewing is itself recorded."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from .errors import NotFound
from .models import AuditEvent, Instance, Task

VIEWED = "viewed"
# Events whose data_after is a change to the case data (the engine merges exactly these).
DATA_CHANGES = ("started", "task_completed", "step_completed")


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    actor: str
    on_behalf_of: str | None
    event: str
    bpmn_id: str | None
    title: str | None
    task_id: str | None
    form: str | None  # the form of the task this event is about, when it has one
    data_before: dict | None
    data_after: dict | None
    details: dict | None
    hash: str | None


@dataclass(frozen=True)
class CaseAsItWas:
    entry: AuditEntry
    data: dict


@dataclass(frozen=True)
class Viewing:
    id: int
    at: datetime
    actor: str
    reference: str
    page: str | None


@dataclass(frozen=True)
class ViewingPage:
    rows: list[Viewing]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def entries(session, instance_id: int) -> list[AuditEntry]:
    """Every event of one instance, oldest first."""
    rows = session.execute(
        select(AuditEvent, Task.form)
        .outerjoin(Task, Task.id == AuditEvent.task_id)
        .where(AuditEvent.instance_id == instance_id)
        .order_by(AuditEvent.id)
    )
    return [_entry(event, form) for event, form in rows]


def as_it_was(session, instance_id: int, event_id: int) -> CaseAsItWas:
    """The case data right after one event: the start data with every later change replayed."""
    found = entries(session, instance_id)
    if not any(entry.id == event_id for entry in found):
        raise NotFound(f"Gebeurtenis {event_id} hoort niet bij deze klacht.")
    data: dict = {}
    for entry in found:
        if entry.event in DATA_CHANGES and entry.data_after:
            data = dict(entry.data_after) if entry.event == "started" else {**data, **entry.data_after}
        if entry.id == event_id:
            return CaseAsItWas(entry, data)
    raise AssertionError("unreachable: the event was found above")


def viewings(session, visible, instance_id: int | None, page: int, per_page: int) -> ViewingPage:
    """Who looked at the visible instances whose viewing is recorded, newest first."""
    condition = (AuditEvent.event == VIEWED) & visible
    if instance_id is not None:
        condition = condition & (AuditEvent.instance_id == instance_id)
    joined = select(AuditEvent, Instance.reference).join(Instance, Instance.id == AuditEvent.instance_id)
    total = session.scalar(select(func.count()).select_from(joined.where(condition).subquery()))
    rows = session.execute(
        joined.where(condition)
        .order_by(AuditEvent.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    shown = [
        Viewing(event.id, event.at, event.actor, reference, (event.details or {}).get("page"))
        for event, reference in rows
    ]
    return ViewingPage(shown, total, page, per_page)


def _entry(event: AuditEvent, form: str | None) -> AuditEntry:
    return AuditEntry(
        id=event.id,
        at=event.at,
        actor=event.actor,
        on_behalf_of=event.on_behalf_of,
        event=event.event,
        bpmn_id=event.bpmn_id,
        title=event.title,
        task_id=event.task_id,
        form=form,
        data_before=event.data_before,
        data_after=event.data_after,
        details=event.details,
        hash=event.hash,
    )
