"""Rate limits kept in the database, so that every worker (and every machine) counts the same
attempts: enough to slow down guessing and spam. Time is the engine's clock.

`exceeded` counts an attempt and answers in one atomic statement, so requests arriving at the
same moment in different workers cannot all slip under the limit."""

from datetime import timedelta

from . import context


class Throttle:
    """At most `limit` attempts per key within `window` seconds; `name` keeps limits apart."""

    def __init__(self, limit: int, window: float, name: str = ""):
        self.limit = limit
        self.window = timedelta(seconds=window)
        self.name = name

    def exceeded(self, key) -> bool:
        """Count this attempt; whether it is one too many."""
        return context.engine().count_attempt(self.name, str(key), self.window) > self.limit

    def forgive(self, key) -> None:
        """Take back the attempt just counted (it was a good one)."""
        context.engine().forgive_attempt(self.name, str(key))

    def clear(self, key) -> None:
        context.engine().clear_attempts(self.name, str(key))
