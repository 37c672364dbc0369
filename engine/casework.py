"""The engine's verbs around the flow: claiming tasks, the case file, and staff accounts."""

from sqlalchemy import update

from . import access, account_trail, audit, casefile, inbox, staff_facts, users
from .errors import NotAllowed, NotFound, TaskAlreadyCompleted
from .models import Task

# A hash no password opens, checked for an unknown login so that it answers as slowly as a known one.
DUMMY_HASH = (
    "scrypt$5f3c38a6cecb3cdb976fab0d9cc245a0$5122937362171566cfee"
    "20dd611b7b5037eecd2e53f495ced6c7661d225b681c430595e03ea44ca21573b2c61f293824ecdcd00af0bfbb30ec97196913316698"
)


class CaseWork:
    """Mixed into Engine: needs self.db, self.plugin and self.clock."""

    def claim(self, task_id: str, login: str):
        """Take a group task: from now on only this user sees and completes it."""
        with self.db.write() as session:
            row, user = self._case_task(session, task_id, login)
            self._refuse_own_case(row.bpmn_id, row.instance, user.login)
            if not set(self._acting_roles(user)) & set(row.roles.split()):
                raise NotAllowed("Deze taak hoort niet bij jouw rol.")
            taken = session.execute(
                update(Task)
                .where(Task.id == row.id, Task.assignee.is_(None))
                .values(assignee=user.login, claimed=True)
            ).rowcount
            if taken != 1:
                session.refresh(row)
                raise NotAllowed(f"Deze taak is al opgepakt door {row.assignee}.")
            audit.record(
                session,
                row.instance,
                self.clock.now(),
                "task_claimed",
                user.login,
                bpmn_id=row.bpmn_id,
                title=row.title,
                task_id=row.id,
            )
            session.refresh(row)
            return inbox.task_view(row)

    def release(self, task_id: str, login: str):
        """Give a claimed task back to its role."""
        with self.db.write() as session:
            row, user = self._case_task(session, task_id, login)
            if not row.claimed:
                raise NotAllowed("Deze taak is door het proces toegewezen en kan niet worden vrijgegeven.")
            if row.assignee != user.login and not access.sees_all(self.plugin, users.roles_of(user)):
                raise NotAllowed(f"Alleen {row.assignee} kan deze taak vrijgeven.")
            row.assignee, row.claimed = None, False
            audit.record(
                session,
                row.instance,
                self.clock.now(),
                "task_released",
                user.login,
                bpmn_id=row.bpmn_id,
                title=row.title,
                task_id=row.id,
            )
            return inbox.task_view(row)

    def _case_task(self, session, task_id, login):
        row = session.get(Task, str(task_id))
        if row is None:
            raise NotFound(f"Taak '{task_id}' bestaat niet.")
        user = self._case_worker(session, row.instance, login)
        if row.state != "ready":
            raise TaskAlreadyCompleted(row.completed_by, row.completed_at)
        return row, user

    def _case_worker(self, session, instance, login):
        user = users.require_active(session, login)
        access.require_visible(session, self.plugin, instance, user.login, users.roles_of(user))
        if not set(users.roles_of(user)) & set(self.plugin.case_roles):
            raise NotAllowed("Je rol mag dit dossier alleen inzien.")
        return user

    def add_comment(self, reference: str, login: str, text: str):
        with self.db.write() as session:
            instance = inbox.instance_row(session, reference)
            user = self._case_worker(session, instance, login)
            casefile.add_note(session, instance, user.login, self.clock.now(), kind="comment", text=text)

    def log_contact(self, reference: str, login: str, *, at, channel, outcome, text):
        """Record a contact attempt with the person the case is about (when, how, result)."""
        with self.db.write() as session:
            instance = inbox.instance_row(session, reference)
            user = self._case_worker(session, instance, login)
            casefile.add_note(
                session,
                instance,
                user.login,
                self.clock.now(),
                kind="contact",
                text=text,
                channel=channel,
                outcome=outcome,
                contacted_at=at,
            )

    def case_notes(self, reference: str, viewer: str | None = None):
        with self.db.read() as session:
            instance = inbox.instance_row(session, reference)
            if viewer is not None:
                user = users.require_active(session, viewer)
                access.require_visible(session, self.plugin, instance, user.login, users.roles_of(user))
            return casefile.notes(session, instance.id)

    def add_user(self, *, login, name, function, email, password, roles, actor=audit.SYSTEM):
        facts = staff_facts.checked(name=name, function=function, email=email)
        roles = staff_facts.known_roles(roles, self.plugin.roles)
        with self.db.write() as session:
            user = users.add(
                session,
                login=login,
                password=password,
                roles=roles,
                known_roles=self.plugin.roles,
                now=self.clock.now(),
                **facts,
            )
            account_trail.record(session, self.clock.now(), actor, login, "user_added", roles=list(roles))
            return users.view(user)

    def users(self):
        with self.db.read() as session:
            return [users.view(u) for u in users.all_users(session)]

    def user(self, login: str):
        with self.db.read() as session:
            found = users.find(session, login)
            return None if found is None else users.view(found)

    def check_password(self, login: str, password: str):
        """The active user with this login and password, or None (same answer for every failure,
        in the same time: an unknown or inactive login is checked against a dummy hash)."""
        with self.db.read() as session:
            found = users.find(session, login or "")
            stored = found.password_hash if found is not None else DUMMY_HASH
            matches = users.password_matches(stored, password or "")
            if found is None or not found.active or not matches:
                return None
            return users.view(found)
