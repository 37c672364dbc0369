"""The audit trail of staff accounts: who added, changed, deactivated a user or reset a
password, and when. Append-only and hash-chained like the instances' trail; never a password."""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC

from sqlalchemy import select

from .models import AccountEvent


@dataclass(frozen=True)
class AccountEventView:
    at: object
    actor: str
    login: str
    event: str
    details: dict


def record(session, at, actor: str, login: str, event: str, **details) -> None:
    previous = session.scalar(select(AccountEvent.hash).order_by(AccountEvent.id.desc()).limit(1))
    row = AccountEvent(at=at, actor=actor, login=login, event=event, details=details or None)
    row.prev_hash = previous
    row.hash = _digest([previous, at.astimezone(UTC).isoformat(), actor, login, event, details])
    session.add(row)
    session.flush()  # the next event in this transaction chains to this one


def events(session, login: str | None = None, limit: int = 200) -> list[AccountEventView]:
    statement = select(AccountEvent).order_by(AccountEvent.id.desc()).limit(limit)
    if login is not None:
        statement = statement.where(AccountEvent.login == login)
    return [
        AccountEventView(e.at, e.actor, e.login, e.event, e.details or {}) for e in session.scalars(statement)
    ]


def intact(session) -> bool:
    """Whether every event still chains to the one before it."""
    previous = None
    for e in session.scalars(select(AccountEvent).order_by(AccountEvent.id)):
        content = [previous, e.at.astimezone(UTC).isoformat(), e.actor, e.login, e.event, e.details or {}]
        if e.prev_hash != previous or e.hash != _digest(content):
            return False
        previous = e.hash
    return True


def _digest(content) -> str:
    return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()
