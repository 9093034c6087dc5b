"""Writes received and not committed yet, by when they were received. A heartbeat that arrived
before its project's deadline is not an outage even if its transaction commits after the silence
checker has read the project: the checker looks only at deadlines that passed before the oldest
write still on its way to the database (services/watch/silence.py)."""

import itertools
from datetime import datetime, timedelta

# A write on its way longer than this is stuck (a lock, a half-open connection): it no longer
# holds back the checker, or one stuck write would stop every project's alerts.
LONGEST_WAY = timedelta(seconds=30)


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
        the time the oldest write still on its way was received, but no earlier than
        LONGEST_WAY before `now`."""
        oldest = min(self._received.values(), default=now)
        return max(min(now, oldest), now - LONGEST_WAY)
