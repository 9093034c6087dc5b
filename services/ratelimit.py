"""Limits counted in this process: a project's events a minute, a project's requests at once,
and all projects' requests at once."""

import math
import threading
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from services.errors import Overloaded, RateLimited

WINDOW_SECONDS = 60
# High enough for a fleet of workers reporting the same second, low enough that a storm waits
# in a bounded queue.
DEFAULT_IN_FLIGHT_PER_PROJECT = 100
# Storms of many projects at once: the queue, and the memory its requests hold, stay bounded
# (about two thirds of a second of work at the app's rate on SQLite, docs/BENCHMARKS.md).
DEFAULT_IN_FLIGHT_TOTAL = 1000


@dataclass
class RateLimiter:
    """Safe to call from SQLite's thread too, where steady heartbeats are counted
    (services/steady_beats.py)."""

    per_minute: int
    _windows: dict[int, tuple[int, int]] = field(default_factory=dict)  # id → (window, count)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def admit(self, project_id: int, now: datetime) -> None:
        """Count one event; RateLimited when the project is over its limit this minute."""
        window = int(now.timestamp()) // WINDOW_SECONDS
        with self._lock:
            current, count = self._windows.get(project_id, (window, 0))
            if current != window:
                count = 0
            if count < self.per_minute:
                self._windows[project_id] = (window, count + 1)
                return
        retry_after = math.ceil((window + 1) * WINDOW_SECONDS - now.timestamp())
        raise RateLimited(f"over {self.per_minute} events a minute", max(1, retry_after))

    def refund(self, project_id: int, now: datetime) -> None:
        """Give back a count taken by `admit` for an event that was not stored after all."""
        window = int(now.timestamp()) // WINDOW_SECONDS
        with self._lock:
            current, count = self._windows.get(project_id, (window, 0))
            if current == window and count:
                self._windows[project_id] = (window, count - 1)


@dataclass
class SpikeGuard:
    """At most `per_project` requests of one project wait for the database at once. A storm
    beyond that is answered 429 before it touches the database, so another project's request
    queues behind at most `per_project` of the storm's instead of all of them. Keyed by token:
    a storm is refused without even looking its project up. Beyond `total` requests of all
    projects, every project's is refused (503) until the queue drains: storms of many projects
    at once cannot grow it, or the memory it holds, without bound."""

    per_project: int
    total: int = DEFAULT_IN_FLIGHT_TOTAL
    _waiting: Counter[str] = field(default_factory=Counter)
    _all_waiting: int = 0

    def enter(self, token: str) -> None:
        """Count a request as waiting for the database, until `leave` (in a `finally`); refused
        with Overloaded or RateLimited when too many wait already. Two calls rather than a
        context manager: every request passes here, and `with` costs it two more calls."""
        if self._all_waiting >= self.total:
            raise Overloaded(
                f"more than {self.total} requests wait for the database; nothing was stored, "
                "retry later",
                1,
            )
        if self._waiting[token] >= self.per_project:
            raise RateLimited(
                f"more than {self.per_project} requests of this project at once; slow down", 1
            )
        self._waiting[token] += 1
        self._all_waiting += 1

    def leave(self, token: str) -> None:
        self._all_waiting -= 1
        self._waiting[token] -= 1
        if not self._waiting[token]:
            del self._waiting[token]
