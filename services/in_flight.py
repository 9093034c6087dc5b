"""Writes received and not committed yet, by when they were received. A heartbeat that arrived
before its project's deadline is not an outage even if its transaction commits after the silence
checker has read the project: the checker looks only at deadlines that passed before the oldest
write still on its way to the database (services/silence.py)."""

import itertools
from datetime import datetime


class InFlight:
    """This process's writes on their way; the ingestor enters and leaves each (two calls a
    write, no more: every request passes here)."""

    def __init__(self) -> None:
        self._received: dict[int, datetime] = {}
        self._tickets = itertools.count()

    def enter(self, received_at: datetime) -> int:
        ticket = next(self._tickets)
        self._received[ticket] = received_at
        return ticket

    def leave(self, ticket: int) -> None:
        del self._received[ticket]

    def settled_until(self, now: datetime) -> datetime:
        """The latest time by which everything received has committed (or failed): `now`, or
        just before the oldest write still on its way."""
        oldest = min(self._received.values(), default=now)
        return min(now, oldest)
