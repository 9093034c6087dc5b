"""Per-project limits, counted in this process: events a minute, and requests at once."""

import math
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from services.errors import RateLimited

WINDOW_SECONDS = 60
# High enough for a fleet of workers reporting the same second, low enough that a storm waits
# in a bounded queue.
DEFAULT_IN_FLIGHT_PER_PROJECT = 100


@dataclass
class RateLimiter:
    per_minute: int
    _windows: dict[int, tuple[int, int]] = field(default_factory=dict)  # id → (window, count)

    def admit(self, project_id: int, now: datetime) -> None:
        """Count one event; RateLimited when the project is over its limit this minute."""
        window = int(now.timestamp()) // WINDOW_SECONDS
        current, count = self._windows.get(project_id, (window, 0))
        if current != window:
            count = 0
        if count >= self.per_minute:
            retry_after = math.ceil((window + 1) * WINDOW_SECONDS - now.timestamp())
            raise RateLimited(f"over {self.per_minute} events a minute", max(1, retry_after))
        self._windows[project_id] = (window, count + 1)

    def refund(self, project_id: int, now: datetime) -> None:
        """Give back a count taken by `admit` for an event that was not stored after all."""
        window = int(now.timestamp()) // WINDOW_SECONDS
        current, count = self._windows.get(project_id, (window, 0))
        if current == window and count:
            self._windows[project_id] = (window, count - 1)


@dataclass
class SpikeGuard:
    """At most `per_project` requests of one project wait for the database at once. A storm
    beyond that is answered 429 before it touches the database, so another project's request
    queues behind at most `per_project` of the storm's instead of all of them. Keyed by token:
    a storm is refused without even looking its project up."""

    per_project: int
    _waiting: Counter[str] = field(default_factory=Counter)

    @contextmanager
    def admit(self, token: str) -> Iterator[None]:
        if self._waiting[token] >= self.per_project:
            raise RateLimited(
                f"more than {self.per_project} requests of this project at once; slow down", 1
            )
        self._waiting[token] += 1
        try:
            yield
        finally:
            self._waiting[token] -= 1
            if not self._waiting[token]:
                del self._waiting[token]
