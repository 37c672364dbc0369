"""The append-only audit trail: every change to an instance, who did it and when."""

from sqlalchemy import select

from .models import AuditEvent
from .views import AuditView

SYSTEM = "systeem"


def record(session, instance, at, event_name, actor=SYSTEM, **fields) -> None:
    session.add(AuditEvent(instance_id=instance.id, at=at, actor=actor, event=event_name, **fields))


def trail(session, instance_id: int) -> list[AuditView]:
    rows = session.scalars(
        select(AuditEvent).where(AuditEvent.instance_id == instance_id).order_by(AuditEvent.id)
    )
    return [
        AuditView(
            at=row.at,
            actor=row.actor,
            on_behalf_of=row.on_behalf_of,
            event=row.event,
            task=row.bpmn_id,
            title=row.title,
            task_id=row.task_id,
            data_before=row.data_before,
            data_after=row.data_after,
            details=row.details,
        )
        for row in rows
    ]


def refuse_rewriting_history(session, _context, _instances):
    """A before_flush hook: audit rows may be added, never changed or removed."""
    if any(isinstance(obj, AuditEvent) for obj in (*session.dirty, *session.deleted)):
        raise RuntimeError("audit events are append-only")
