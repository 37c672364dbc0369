"""Signed-in sessions of staff, kept in the database so that ending one (logout, a new
password, deactivation, other roles) counts in every worker at once, and no session outlives
its absolute lifetime however busy it is. The cookie carries a random secret; a row keeps only
its hash, so the table alone opens nothing."""

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import delete, select

from .models import StaffSession, User

SWEEP = 20  # expired rows removed per login: bounded work, and the table never grows unchecked


def begin(session, user: User, now, lifetime: timedelta) -> str:
    """A new session for `user`; returns the secret for the cookie."""
    secret = secrets.token_urlsafe(32)
    session.add(StaffSession(id=_hash(secret), user_id=user.id, started_at=now))
    expired = select(StaffSession.id).where(StaffSession.started_at <= now - lifetime).limit(SWEEP)
    session.execute(delete(StaffSession).where(StaffSession.id.in_(expired)))
    return secret


def holder(session, login: str, secret, now, lifetime: timedelta) -> User | None:
    """The active user with this login whose session this secret opens, or None."""
    if not isinstance(secret, str) or not secret:
        return None
    return session.scalar(
        select(User)
        .join(StaffSession, StaffSession.user_id == User.id)
        .where(
            StaffSession.id == _hash(secret),
            User.login == login,
            User.active.is_(True),
            StaffSession.started_at > now - lifetime,
        )
    )


def end(session, secret) -> None:
    if isinstance(secret, str) and secret:
        session.execute(delete(StaffSession).where(StaffSession.id == _hash(secret)))


def end_all(session, user: User) -> int:
    """End every session of this user; how many there were."""
    return session.execute(delete(StaffSession).where(StaffSession.user_id == user.id)).rowcount


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
