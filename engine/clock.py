"""Where the engine gets the time from: the real clock, or a fixed moment for tests and demos."""

from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current moment, timezone-aware."""


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock that only moves when told to (CLI `--now`, tests)."""

    def __init__(self, moment: datetime):
        self.set(moment)

    def set(self, moment: datetime) -> None:
        if moment.tzinfo is None:
            raise ValueError("a fixed clock needs a timezone-aware moment")
        self.moment = moment.astimezone(UTC)

    def advance(self, delta) -> None:
        self.moment = self.moment + delta

    def now(self) -> datetime:
        return self.moment
