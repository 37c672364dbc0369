"""Attempts counted in the database, so that every worker shares one limit (login guesses,
the public form). Each key is a fixed window: one upsert per attempt, one read per check, and
a bounded sweep of expired rows per attempt; work per attempt does not grow with the table."""

import hashlib
from datetime import timedelta

from sqlalchemy import case, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite

from .models import RateLimit

SWEEP = 5  # expired keys removed per attempt: at most one key is added, so the table stays bounded


def hits(session, name: str, key: str, now) -> int:
    """Attempts with this key in its current window."""
    found = session.scalar(
        select(RateLimit.hits).where(RateLimit.key == _key(name, key), RateLimit.expires_at > now)
    )
    return found or 0


def hit(session, name: str, key: str, now, window: timedelta) -> int:
    """Count one attempt; the attempts in the window, this one included."""
    insert = postgresql.insert if session.bind.dialect.name == "postgresql" else sqlite.insert
    expired = RateLimit.expires_at <= now
    statement = (
        insert(RateLimit)
        .values(key=_key(name, key), hits=1, expires_at=now + window)
        .on_conflict_do_update(
            index_elements=[RateLimit.key],
            set_={
                "hits": case((expired, 1), else_=RateLimit.hits + 1),
                "expires_at": case((expired, now + window), else_=RateLimit.expires_at),
            },
        )
        .returning(RateLimit.hits)
    )
    count = session.execute(statement).scalar_one()
    stale = select(RateLimit.key).where(RateLimit.expires_at <= now).limit(SWEEP)
    session.execute(delete(RateLimit).where(RateLimit.key.in_(stale)))
    return count


def forgive(session, name: str, key: str) -> None:
    """Take back one counted attempt (it turned out to be a good one)."""
    session.execute(
        update(RateLimit)
        .where(RateLimit.key == _key(name, key), RateLimit.hits > 0)
        .values(hits=RateLimit.hits - 1)
    )


def clear(session, name: str, key: str) -> None:
    session.execute(delete(RateLimit).where(RateLimit.key == _key(name, key)))


def _key(name: str, key: str) -> str:
    # Hashed: the table then holds no addresses or user names, and every key has one length.
    return hashlib.sha256(f"{name}\x00{key}".encode()).hexdigest()
