"""The engine's verbs for staff accounts and their sessions: signing in and out, shared rate
limits, changing a password, and what an administrator does (change, deactivate, reset)."""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select

from . import access, account_trail, audit, rate_limits, staff_facts, staff_sessions, users
from .errors import EngineError, InvalidFormData, NotAllowed
from .models import Task, User, UserRole
from .outbox import queue

SYSTEM = audit.SYSTEM
WEAK = "Een wachtwoord heeft minstens 8 tekens."


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    text: str
    kind: str = "gebruiker_gedeactiveerd"
    html: str = ""


class Accounts:
    """Mixed into Engine: needs self.db, self.plugin and self.clock."""

    # -- sessions ------------------------------------------------------------------------
    def begin_session(self, login: str, lifetime: timedelta) -> str:
        """A new server-side session for an active user; the secret for the cookie."""
        with self.db.write() as session:
            user = users.require_active(session, login)
            return staff_sessions.begin(session, user, self.clock.now(), lifetime)

    def session_user(self, login: str, secret, lifetime: timedelta):
        """The UserView of the session's holder while the session lasts, else None."""
        with self.db.read() as session:
            found = staff_sessions.holder(session, login, secret, self.clock.now(), lifetime)
            return None if found is None else users.view(found)

    def end_session(self, secret) -> None:
        with self.db.write() as session:
            staff_sessions.end(session, secret)

    # -- rate limits ---------------------------------------------------------------------
    def attempts(self, name: str, key: str) -> int:
        with self.db.read() as session:
            return rate_limits.hits(session, name, key, self.clock.now())

    def count_attempt(self, name: str, key: str, window: timedelta) -> int:
        with self.db.write() as session:
            return rate_limits.hit(session, name, key, self.clock.now(), window)

    def forgive_attempt(self, name: str, key: str) -> None:
        with self.db.write() as session:
            rate_limits.forgive(session, name, key)

    def clear_attempts(self, name: str, key: str) -> None:
        with self.db.write() as session:
            rate_limits.clear(session, name, key)

    # -- one's own password ----------------------------------------------------------------
    def change_password(self, login: str, current: str, new: str) -> None:
        """Every session of the user ends (a new one is begun by the caller)."""
        with self.db.write() as session:
            user = users.require_active(session, login)
            if not users.password_matches(user.password_hash, current or ""):
                raise InvalidFormData(
                    {"current": "Dit is niet uw huidige wachtwoord."}, "Het huidige wachtwoord klopt niet."
                )
            _set_password(user, new)
            staff_sessions.end_all(session, user)
            account_trail.record(session, self.clock.now(), login, login, "password_changed")

    # -- administration --------------------------------------------------------------------
    def update_user(self, actor: str, login: str, *, name, function, email, roles, admin_role: str):
        """New facts and roles; other roles end the user's sessions."""
        with self.db.write() as session:
            user = users.require_active(session, login)
            facts = staff_facts.checked(name=name, function=function, email=email)
            wanted = staff_facts.known_roles(roles, self.plugin.roles)
            before = {
                "name": user.name,
                "function": user.function,
                "email": user.email,
                "roles": list(users.roles_of(user)),
            }
            if admin_role in before["roles"] and admin_role not in wanted:
                _keep_an_admin(session, user, admin_role)
            user.name, user.function, user.email = facts["name"], facts["function"], facts["email"]
            if set(wanted) != set(before["roles"]):
                user.roles = [UserRole(role=r) for r in wanted]
                staff_sessions.end_all(session, user)
            after = {**facts, "roles": wanted}
            changed = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
            if changed:
                account_trail.record(session, self.clock.now(), actor, login, "user_changed", changed=changed)
            session.flush()
            return users.view(user)

    def deactivate_user(self, actor: str, login: str, *, admin_role: str, tell_roles=(), notice=None):
        """The user can no longer sign in; their sessions end, their open tasks go back to the
        pool of their role, and the holders of `tell_roles` get `notice(user, tasks)` by mail."""
        with self.db.write() as session:
            user = users.require_active(session, login)
            if login == actor:
                raise NotAllowed("U kunt uw eigen account niet deactiveren.")
            if admin_role in users.roles_of(user):
                _keep_an_admin(session, user, admin_role)
            now = self.clock.now()
            user.active = False
            staff_sessions.end_all(session, user)
            moved = self._tasks_to_pool(session, user, actor, now)
            told = []
            if notice is not None and moved:
                directory = users.Directory(session)
                told = sorted({u["email"] for r in tell_roles for u in directory.with_role(r) if u["email"]})
                subject, text = notice(users.view(user), moved)
                queue(session, None, now, [Mail(to=address, subject=subject, text=text) for address in told])
            account_trail.record(
                session, now, actor, login, "user_deactivated", tasks=[t["id"] for t in moved], told=told
            )
            return moved

    def activate_user(self, actor: str, login: str) -> None:
        with self.db.write() as session:
            user = users.find(session, login or "")
            if user is None or user.active:
                raise EngineError(f"Gebruiker '{login}' bestaat niet of is al actief.")
            user.active = True
            account_trail.record(session, self.clock.now(), actor, login, "user_activated")

    def reset_password(self, actor: str, login: str) -> str:
        """A new random password, returned once (never stored readable, never logged)."""
        with self.db.write() as session:
            user = users.require_active(session, login)
            password = self.new_password()
            _set_password(user, password)
            staff_sessions.end_all(session, user)
            account_trail.record(session, self.clock.now(), actor, login, "password_reset")
            return password

    @staticmethod
    def new_password() -> str:
        """A random password to hand over once (about 96 bits)."""
        return secrets.token_urlsafe(12)

    def account_events(self, login: str | None = None):
        with self.db.read() as session:
            return account_trail.events(session, login)

    def _tasks_to_pool(self, session, user, actor, now) -> list[dict]:
        rows = session.scalars(
            select(Task).where(Task.assignee == user.login, Task.state == "ready").order_by(Task.created_at)
        ).all()
        moved = []
        for row in rows:
            row.assignee, row.claimed = None, False
            audit.record(
                session,
                row.instance,
                now,
                "task_released",
                actor,
                bpmn_id=row.bpmn_id,
                title=row.title,
                task_id=row.id,
                details={"reason": f"{user.login} gedeactiveerd"},
            )
            moved.append({"id": row.id, "title": row.title, "reference": row.instance.reference})
        session.flush()
        for instance in {row.instance for row in rows}:
            instance.viewers = None  # the open tasks are group tasks again: rewrite who sees them
            access.update_viewers(session, instance, self.plugin)
        return moved


def _set_password(user: User, password: str) -> None:
    if not isinstance(password, str) or len(password) < 8:
        raise InvalidFormData({"password": WEAK}, WEAK)
    user.password_hash = users.hash_password(password)


def _keep_an_admin(session, user, admin_role) -> None:
    others = session.scalar(
        select(func.count())
        .select_from(User)
        .join(UserRole)
        .where(UserRole.role == admin_role, User.active.is_(True), User.id != user.id)
    )
    if not others:
        raise NotAllowed("Er moet minstens één actieve beheerder overblijven.")
