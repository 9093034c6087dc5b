"""What the caller gets back for each report: a handle on its delivery."""

from __future__ import annotations

import enum
import threading
from collections.abc import Callable
from dataclasses import dataclass


class Outcome(enum.Enum):
    """How a report ended."""

    DELIVERED = "delivered"
    """The server answered 2xx: it stored the report."""
    REJECTED = "rejected"
    """The server refused it (a 4xx other than 408/429, or a redirect); it is not retried."""
    FAILED = "failed"
    """No success after every retry, or given up when the monitor closed."""
    DROPPED = "dropped"
    """Never sent: the queue was full, the monitor was closed or disabled."""


@dataclass(frozen=True)
class DeliveryStats:
    """Counts since the monitor was created; `queued` is what is waiting or being sent now."""

    queued: int = 0
    delivered: int = 0
    rejected: int = 0
    failed: int = 0
    dropped: int = 0
    retries: int = 0


class Delivery:
    """One report on its way to the server, delivered by the monitor's background thread.

    Thread-safe. `wait()` blocks until the outcome is known; nothing here ever raises.
    """

    def __init__(self, kind: str, url: str, data: bytes) -> None:
        self.kind = kind
        self.url = url
        self.data = data
        self._lock = threading.Lock()
        self._finished = threading.Event()
        self._outcome: Outcome | None = None
        self._settled = False
        self._on_settle: list[Callable[[], None]] = []

    @property
    def outcome(self) -> Outcome | None:
        """The outcome, or None while the report is still queued or being sent."""
        return self._outcome

    @property
    def delivered(self) -> bool:
        """True once the server has stored the report."""
        return self._outcome is Outcome.DELIVERED

    @property
    def done(self) -> bool:
        return self._finished.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the report is delivered or given up, at most `timeout` seconds (None:
        no limit; retries with backoff can take a while when the server is down). Returns
        `delivered`."""
        self._finished.wait(timeout)
        return self.delivered

    def __repr__(self) -> str:
        state = self._outcome.value if self._outcome else "pending"
        return f"<Delivery {self.kind} {state}>"

    def when_settled(self, callback: Callable[[], None]) -> None:
        """Call `callback` (from any thread) once the report is done, or as soon as it is known
        to be waiting for the server to come back; at once if that is already so."""
        with self._lock:
            if not self._settled:
                self._on_settle.append(callback)
                return
        callback()

    def settle(self) -> None:
        """The server is unavailable: whoever waits for a first answer gets it now."""
        with self._lock:
            if self._settled:
                return
            self._settled = True
            callbacks, self._on_settle = self._on_settle, []
        for callback in callbacks:
            callback()

    def finish(self, outcome: Outcome) -> None:
        """Record the outcome (the first one counts) and wake every waiter."""
        with self._lock:
            if self._outcome is not None:
                return
            self._outcome = outcome
        self._finished.set()
        self.settle()
