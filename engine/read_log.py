"""Who read a sensitive instance: every engine read that names a viewer (the instance, a task,
a document, the audit history, an export) records a view in the audit trail, here and only here.

The web layer says where a read happens (`reading_at(request.path)`) so one page is one view
however many reads it makes; outside a request the engine's verb names the read."""

from collections.abc import Iterable
from contextvars import ContextVar

from sqlalchemy import select

from . import audit
from .audit_reading import VIEWED
from .models import Instance

# (page, or None when reads there are not views; instance ids already recorded there)
_PLACE: ContextVar[tuple[str | None, set] | None] = ContextVar("klacht_read_place", default=None)


def reading_at(page: str | None):
    """Start a place of reading (a request); None: what is read there is not a view (a form sent
    back is shown to someone who already looked). Returns the token for `done_reading`."""
    return _PLACE.set((page, set()))


def done_reading(token) -> None:
    _PLACE.reset(token)


class ReadLog:
    """Mixed into Engine: needs self.db, self.plugin and self.clock."""

    def _note_reads(self, viewer: str | None, read: Iterable[tuple[int, dict]], what: str) -> None:
        """Record that `viewer` read these (instance id, case data), for the sensitive ones."""
        if viewer is None:
            return
        place = _PLACE.get()
        page, seen = place if place is not None else (what, set())
        if page is None:
            return
        wanted = [instance_id for instance_id, data in read if self.plugin.sensitive(data or {})]
        wanted = [instance_id for instance_id in dict.fromkeys(wanted) if instance_id not in seen]
        if not wanted:
            return
        seen.update(wanted)
        with self.db.write() as session:
            now = self.clock.now()
            for instance in session.scalars(
                select(Instance).where(Instance.id.in_(wanted)).order_by(Instance.id)
            ):
                audit.record(session, instance, now, VIEWED, viewer, details={"page": page})
