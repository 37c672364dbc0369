"""Follow-ups: what goes on after an instance closed (the process names them when it closes),
each with a due date, listed as due, overdue or done, and marked done by the roles allowed."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from . import access, audit, users
from .errors import InvalidFormData, NotAllowed, NotFound
from .models import FollowUp, Instance

STATUSES = ("due", "overdue", "done")


@dataclass(frozen=True)
class FollowUpView:
    id: int
    reference: str
    kind: str
    title: str
    description: str
    due: date | None
    owner: str | None
    created_at: datetime
    done_at: datetime | None
    done_by: str | None
    done_note: str | None
    status: str  # one of STATUSES


def open_for(session, instance, plugin, now) -> None:
    """Enter the follow-ups the process names for an instance that has just closed."""
    for item in plugin.follow_ups(dict(instance.data)):
        due = date.fromisoformat(item["due"]) if item.get("due") else None
        row = FollowUp(
            instance_id=instance.id,
            kind=item["kind"],
            title=item["title"],
            description=item.get("description", ""),
            due=due,
            owner=item.get("owner"),
            created_at=now,
        )
        session.add(row)
        audit.record(
            session,
            instance,
            now,
            "follow_up_opened",
            details={"kind": row.kind, "title": row.title, "due": due.isoformat() if due else None},
        )


def view(row: FollowUp, today: date) -> FollowUpView:
    if row.done_at is not None:
        status = "done"
    else:
        status = "overdue" if row.due is not None and row.due < today else "due"
    return FollowUpView(
        id=row.id,
        reference=row.instance.reference,
        kind=row.kind,
        title=row.title,
        description=row.description,
        due=row.due,
        owner=row.owner,
        created_at=row.created_at,
        done_at=row.done_at,
        done_by=row.done_by,
        done_note=row.done_note,
        status=status,
    )


class FollowUps:
    """Mixed into Engine: needs self.db, self.plugin, self.clock and self.zone."""

    def follow_ups(self, viewer: str, status: str | None = None) -> list[FollowUpView]:
        """The register, oldest due first; only for the roles the process names."""
        today = self.clock.now().astimezone(self.zone).date()
        with self.db.read() as session:
            user = self._follow_up_reader(session, viewer)
            statement = (
                select(FollowUp)
                .join(Instance)
                .where(access.visible(self.plugin, user.login, users.roles_of(user)))
                .order_by(FollowUp.due.is_(None), FollowUp.due, FollowUp.id)
            )
            found = [view(row, today) for row in session.scalars(statement)]
        return [item for item in found if status is None or item.status == status]

    def complete_follow_up(self, follow_up_id: int, actor: str, note: str) -> FollowUpView:
        """Mark a follow-up done, with what was done; recorded in its instance's audit trail."""
        note = (note or "").strip()
        now = self.clock.now()
        with self.db.write() as session:
            user = users.require_active(session, actor)
            if not set(users.roles_of(user)) & set(self.plugin.follow_up_roles):
                raise NotAllowed("Je mag verbetermaatregelen alleen inzien, niet afronden.")
            row = session.get(FollowUp, follow_up_id)
            if row is None:
                raise NotFound(f"Maatregel {follow_up_id} bestaat niet.")
            if row.done_at is not None:
                raise NotAllowed(f"Deze maatregel is al afgerond door {row.done_by}.")
            if not note:
                raise InvalidFormData({"note": "Beschrijf wat er is gedaan."})
            row.done_at, row.done_by, row.done_note = now, user.login, note
            audit.record(
                session,
                row.instance,
                now,
                "follow_up_done",
                user.login,
                details={"kind": row.kind, "title": row.title, "note": note},
            )
            session.flush()
            return view(row, now.astimezone(self.zone).date())

    def _follow_up_reader(self, session, viewer):
        user = users.require_active(session, viewer)
        readers = set(self.plugin.follow_up_roles) | set(self.plugin.follow_up_readers)
        if not set(users.roles_of(user)) & readers:
            raise NotAllowed("Het register van verbetermaatregelen is niet voor jouw rol.")
        return user
