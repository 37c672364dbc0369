"""Business references such as KL-2026-0001: unique, counted per prefix and year, never reused."""

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from .models import ReferenceCounter


def next_reference(session, prefix: str, year: int) -> str:
    number = _increment(session, prefix, year)
    if number is None:
        try:
            with session.begin_nested():
                session.execute(insert(ReferenceCounter).values(prefix=prefix, year=year, last=0))
        except IntegrityError:
            pass  # someone else created this year's counter first; theirs is as good
        number = _increment(session, prefix, year)
    return f"{prefix}-{year}-{number:04d}"


def _increment(session, prefix, year) -> int | None:
    # The UPDATE takes the row lock, so concurrent transactions get consecutive numbers.
    session.execute(
        update(ReferenceCounter)
        .where(ReferenceCounter.prefix == prefix, ReferenceCounter.year == year)
        .values(last=ReferenceCounter.last + 1)
    )
    return session.scalar(
        select(ReferenceCounter.last).where(ReferenceCounter.prefix == prefix, ReferenceCounter.year == year)
    )
