"""Rate limits kept in memory, per process: enough to slow down guessing and spam."""

import threading
import time
from collections import deque


class Throttle:
    """At most `limit` events per key within `window` seconds."""

    def __init__(self, limit: int, window: float, clock=time.monotonic):
        self.limit = limit
        self.window = window
        self._clock = clock
        self._events: dict[object, deque] = {}
        self._lock = threading.Lock()

    def blocked(self, key) -> bool:
        with self._lock:
            return len(self._recent(key)) >= self.limit

    def add(self, key) -> None:
        with self._lock:
            self._recent(key).append(self._clock())
            if len(self._events) > 10_000:
                self._forget_idle()

    def clear(self, key) -> None:
        with self._lock:
            self._events.pop(key, None)

    def _recent(self, key) -> deque:
        events = self._events.setdefault(key, deque())
        while events and events[0] <= self._clock() - self.window:
            events.popleft()
        return events

    def _forget_idle(self) -> None:
        for key in [k for k, v in self._events.items() if not v or v[-1] <= self._clock() - self.window]:
            del self._events[key]
