"""The engine's read verbs: instances, tasks, inboxes and history, as the asking user may see them."""

from dataclasses import dataclass, field
from datetime import datetime

from . import access, inbox, users
from .errors import NotFound
from .models import Task
from .views import InboxPage, InboxRow, InstanceView, TaskView


@dataclass(frozen=True)
class InboxQuery:
    login: str
    roles: tuple[str, ...]
    sees_all: bool  # else only the instances whose viewers they are
    now: datetime
    scope: str = "mine"
    role: str | None = None
    where: dict = field(default_factory=dict)
    overdue: bool = False
    sort: str = "due"
    page: int = 1
    per_page: int = 25


class Queries:
    """Mixed into Engine: needs self.db, self.plugin, self.clock and self._model."""

    def instance(self, reference: str, viewer: str | None = None) -> InstanceView:
        """One instance with its ready tasks; NotFound when `viewer` may not see it."""
        with self.db.read() as session:
            row = inbox.instance_row(session, reference)
            if viewer is not None:
                user = users.require_active(session, viewer)
                access.require_visible(session, self.plugin, row, user.login, users.roles_of(user))
            found = inbox.instance_view(session, row)
        self._note_reads(viewer, [(row.id, found.data)], "klacht")
        return found

    def instances(self, process_id=None, status=None, viewer: str | None = None) -> list[InstanceView]:
        with self.db.read() as session:
            return inbox.instances(session, process_id, status, self._visible(session, viewer))

    def tasks(self, login: str | None = None, reference: str | None = None) -> list[TaskView]:
        """Ready tasks; with a login, only those assigned to that user or open to their roles."""
        with self.db.read() as session:
            roles = visible = None
            if login is not None:
                roles = self._acting_roles(users.require_active(session, login))
                visible = self._visible(session, login)
            if reference is not None:
                inbox.instance_row(session, reference)
            return inbox.ready_tasks(
                session,
                login=login,
                roles=roles or (),
                reference=reference,
                visible=visible,
                barred=self.plugin.barred,
            )

    def inbox(
        self,
        login: str,
        *,
        scope="mine",
        role=None,
        where=None,
        overdue=False,
        sort="due",
        page=1,
        per_page=25,
    ) -> InboxPage:
        """A page of the user's inbox: tasks assigned to them ("mine") or open to their roles.

        The total and the counts stop at inbox.COUNT_LIMIT (the total at least at the end of this
        page); `capped` names those that stopped, meaning "more than this"."""
        now = self.clock.now()
        with self.db.read() as session:
            user = users.require_active(session, login)
            query = InboxQuery(
                login=user.login,
                roles=self._acting_roles(user),
                sees_all=access.sees_all(self.plugin, users.roles_of(user)),
                now=now,
                scope=scope,
                role=role,
                where=dict(where or {}),
                overdue=overdue,
                sort=sort,
                page=max(1, int(page)),
                per_page=min(max(1, int(per_page)), 200),
            )
            rows, total, counts, capped = inbox.inbox_page(session, query)
            # The service employee is never offered a task of their own complaint (a page may
            # come out that much shorter; the counts are the index's).
            shown = [
                self._inbox_row(row, now)
                for row in rows
                if user.login not in self.plugin.barred(row.instance.data)
            ]
        return InboxPage(
            rows=shown, total=total, page=query.page, per_page=query.per_page, counts=counts, capped=capped
        )

    def _inbox_row(self, row: Task, now) -> InboxRow:
        summary = {key: row.instance.data.get(key) for key in self.plugin.summary_fields}
        return InboxRow(
            task=inbox.task_view(row),
            summary=summary,
            working_days_left=self._working_days_left(now, row.due),
        )

    def _working_days_left(self, now, due) -> int | None:
        between = self.plugin.working_days_between
        if due is None or between is None:
            return None
        return between(now, due) if due >= now else -between(due, now)

    def _acting_roles(self, user) -> tuple[str, ...]:
        """The lane roles this user acts in: their own, those they record for, and "" (tasks
        outside every lane) when they work on cases."""
        mine = set(users.roles_of(user))
        behalf = {lane for lane, staff in self.plugin.on_behalf_of.items() if mine & set(staff)}
        unlaned = {""} if not self.plugin.case_roles or mine & set(self.plugin.case_roles) else set()
        return tuple(sorted(mine | behalf | unlaned))

    def _visible(self, session, viewer):
        if viewer is None:
            return None
        user = users.require_active(session, viewer)
        return access.visible(self.plugin, user.login, users.roles_of(user))

    def task(self, task_id: str, viewer: str | None = None) -> TaskView:
        """One task (ready or done) with its instructions and form schema."""
        with self.db.read() as session:
            row = session.get(Task, str(task_id))
            if row is None:
                raise NotFound(f"Taak '{task_id}' bestaat niet.")
            if viewer is not None:
                user = users.require_active(session, viewer)
                access.require_visible(session, self.plugin, row.instance, user.login, users.roles_of(user))
            spec = self._model(row.instance.definition).spec.task_specs.get(row.bpmn_id)
            schema = self.plugin.forms.schema(row.form) if row.form else None
            found = inbox.task_view(row, getattr(spec, "documentation", None), schema)
            read = [(row.instance_id, dict(row.instance.data or {}))]
        self._note_reads(viewer, read, "taak")
        return found

    def history(self, reference: str):
        with self.db.read() as session:
            return inbox.history(session, reference)

    def definitions(self):
        with self.db.read() as session:
            return inbox.definitions(session)

    def report_facts(self, process_id: str, start, end):
        """Instances of a process started in [start, end) with their tasks and answers, as of now."""
        from .facts import period_facts

        with self.db.read() as session:
            return period_facts(session, process_id, start, end, self.clock.now())
