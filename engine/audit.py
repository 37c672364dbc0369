"""The append-only audit trail: every change to an instance, who did it and when.

Each event carries a hash over its content and the previous event's hash of the same instance,
so an edited, removed or reordered row breaks the chain and `verify` names the first break.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC

from sqlalchemy import inspect, select

from .models import AuditEvent, Instance
from .views import AuditView

SYSTEM = "systeem"


def record(session, instance, at, event_name, actor=SYSTEM, **fields) -> None:
    previous = _head(session, instance.id)
    event = AuditEvent(
        instance_id=instance.id, at=at, actor=actor, event=event_name, prev_hash=previous, **fields
    )
    event.payload_digest = payload_digest(event)
    event.hash = content_hash(event)
    session.add(event)
    session.info["audit_heads"][instance.id] = event.hash


def _head(session, instance_id) -> str | None:
    heads = session.info.setdefault("audit_heads", {})
    if instance_id not in heads:
        # Lock the instance so two transactions never chain to the same predecessor.
        session.execute(select(Instance.id).where(Instance.id == instance_id).with_for_update())
        heads[instance_id] = session.scalar(
            select(AuditEvent.hash)
            .where(AuditEvent.instance_id == instance_id)
            .order_by(AuditEvent.id.desc())
            .limit(1)
        )
    return heads[instance_id]


def forget_head(session, instance_id) -> None:
    """After rolling back a savepoint: the instance's last event must be read again."""
    session.info.get("audit_heads", {}).pop(instance_id, None)


def content_hash(event: AuditEvent) -> str:
    return _digest(
        [
            event.prev_hash, event.instance_id, event.at.astimezone(UTC).isoformat(), event.actor,
            event.on_behalf_of, event.event, event.task_id, event.bpmn_id, event.title,
            event.payload_digest,
        ]
    )


def payload_digest(event: AuditEvent) -> str:
    return _digest([event.data_before, event.data_after, event.details])


def _digest(content) -> str:
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainCheck:
    events: int
    broken_id: int | None = None
    broken_reference: str | None = None
    reason: str | None = None

    @property
    def intact(self) -> bool:
        return self.broken_id is None


def verify(session, instance_id: int | None = None) -> ChainCheck:
    """Recompute every chain (or one instance's); the first event that does not fit is named."""
    query = select(AuditEvent, Instance.reference).join(Instance, Instance.id == AuditEvent.instance_id)
    if instance_id is not None:
        query = query.where(AuditEvent.instance_id == instance_id)
    heads: dict[int, str | None] = {}
    count = 0
    for event, reference in session.execute(query.order_by(AuditEvent.instance_id, AuditEvent.id)):
        count += 1
        expected_previous = heads.get(event.instance_id)
        if event.prev_hash != expected_previous:
            return ChainCheck(count, event.id, reference, "de keten sluit niet aan op de vorige gebeurtenis")
        payload_intact = event.erased_at is not None or event.payload_digest == payload_digest(event)
        if not payload_intact or event.hash != content_hash(event):
            return ChainCheck(count, event.id, reference, "de inhoud is gewijzigd na het vastleggen")
        heads[event.instance_id] = event.hash
    return ChainCheck(count)


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
    """A before_flush hook: audit rows may be added, never changed or removed; only personal
    data may be erased from their payload (see privacy.py), which the chain allows for."""
    changed = [obj for obj in (*session.dirty, *session.deleted) if isinstance(obj, AuditEvent)]
    if any(obj in session.deleted or not _only_erased(session, obj) for obj in changed):
        raise RuntimeError("audit events are append-only")


def _only_erased(session, event) -> bool:
    state = inspect(event)
    touched = {attr.key for attr in state.attrs if attr.history.has_changes()}
    return event.erased_at is not None and touched <= {"data_before", "data_after", "details", "erased_at"}
