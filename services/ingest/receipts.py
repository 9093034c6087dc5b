"""What a door tells its client about what it stored: the row's id and when it was received.
The batch writers hand back only this, not the ORM object: building one per stored row cost
about a tenth of a Sentry event's time, and only an alert needs the whole report."""

from dataclasses import dataclass
from datetime import datetime


@dataclass(slots=True)  # not frozen: one is built per stored row, and frozen doubles its cost
class Receipt:
    id: int
    received_at: datetime
