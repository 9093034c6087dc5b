"""The silence checker: finds projects whose deadline passed and reports each one once. A
project is silent only for time the monitor listened: its own downtime (a deploy, a crash, a
database outage: services/watch/listening.py) and a beat still on its way to the database
(services/watch/in_flight.py) are never an outage. Hung runs likewise."""

import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from models import Health, HealthTransition, Project
from services.letters.outbox import OutboxSignal
from services.notify.live import INCIDENT_EVERY
from services.notify.notifier import Notifier
from services.watch.in_flight import InFlight
from services.watch.listening import Gap, checked_until, gaps_until, listened_deadline

log = logging.getLogger(__name__)
BATCH = 500
Report = Callable[[Project, datetime], Awaitable[int]]


@dataclass(frozen=True)
class Deadline:
    """A kind of deadline the watcher keeps: its column, the rows it applies to, and when the
    time it counts began (that time's whole timeout, heard by the monitor, is the deadline)."""

    column: str
    watched: Callable[[], QuerySet[Project]]
    counts_from: Callable[[Project], datetime | None]

    def due(self, settled: datetime) -> QuerySet[Project]:
        passed = {f"{self.column}__lte": settled}
        return self.watched().filter(**passed).order_by(self.column).limit(BATCH)

    def listened(self, project: Project, gaps: Sequence[Gap], now: datetime) -> datetime:
        timeout = timedelta(seconds=project.timeout_seconds)
        stored: datetime = getattr(project, self.column)
        return listened_deadline(self.counts_from(project) or stored - timeout, timeout, gaps, now)


SILENCE = Deadline(
    "deadline_at",
    lambda: Project.filter(health=Health.UP, is_active=True, paused=False),
    lambda project: project.last_heartbeat_at,
)
RUN = Deadline(
    "run_deadline_at",
    lambda: Project.filter(is_active=True, paused=False),
    lambda project: project.run_started_at,
)


class SilenceWatcher:
    def __init__(
        self, notifier: Notifier, signal: OutboxSignal, in_flight: InFlight | None = None
    ) -> None:
        self.notifier = notifier
        self.signal = signal
        self.in_flight = in_flight or InFlight()  # the ingestor's, in the app

    async def check(self, now: datetime) -> int:
        """Mark every overdue project down and report every hung run. Reads only due rows
        (indexes on the deadlines), and is safe to run twice or in two processes at once: each
        is reported once. Due are the deadlines that passed before the oldest write still on
        its way (it may be the beat that arrived in time); one that a time nobody listened
        moved on is moved in its row instead, and read again when it comes."""
        started = time.monotonic()
        gaps = await gaps_until(now)
        settled = self.in_flight.settled_until(now)
        reported = await self._overdue(SILENCE, settled, gaps, self._mark_down, now)
        reported += await self._overdue(RUN, settled, gaps, self._report_hung, now)
        await checked_until(now + timedelta(seconds=time.monotonic() - started))
        if reported:
            self.signal.notify()
        return reported

    async def _overdue(
        self,
        deadline: Deadline,
        settled: datetime,
        gaps: Sequence[Gap],
        report: Report,
        now: datetime,
    ) -> int:
        reported = 0
        while True:
            due = await deadline.due(settled)
            later: dict[Project, datetime] = {}
            for project in due:
                listened = deadline.listened(project, gaps, settled)
                if listened > settled:
                    later[project] = listened
                else:
                    reported += await report(project, now)
            moved = await _move_on(deadline.column, later)
            if len(due) < BATCH or (not moved and len(later) == len(due)):
                return reported  # the rest waits for the next check

    async def _report_hung(self, project: Project, now: datetime) -> int:
        """A run that began (/start) and sent no success or failure within the timeout."""
        async with in_transaction():
            changed = await Project.filter(
                id=project.id, run_deadline_at=project.run_deadline_at
            ).update(run_deadline_at=None)
            if changed != 1:
                return 0
            await self.notifier.run_hung(project, now)
        return 1

    async def _mark_down(self, project: Project, now: datetime) -> int:
        async with in_transaction():
            # Compare-and-set: a heartbeat that moved the deadline, or another checker that
            # got here first, makes this update touch no row.
            changed = await Project.filter(
                id=project.id, health=Health.UP, deadline_at=project.deadline_at
            ).update(
                health=Health.DOWN,
                deadline_at=None,
                incident_since=project.last_heartbeat_at or now,
                incident_ended_at=None,
                incident_refresh_at=now + INCIDENT_EVERY,
            )
            if changed != 1:
                return 0
            await HealthTransition.create(
                project_id=project.id, old=Health.UP, new=Health.DOWN, reason="silence", at=now
            )
            project.health = Health.DOWN
            await self.notifier.silence(project, now)
        log.info("project %s (%s) went silent", project.id, project.name)
        return 1


async def _move_on(column: str, later: dict[Project, datetime]) -> int:
    """Deadlines that a time nobody listened moved on, written to their rows (compare-and-set:
    one a heartbeat moved meanwhile keeps the new), in id order (as heartbeat batches lock
    rows), one transaction a batch; how many moved."""
    moved = 0
    if not later:
        return moved
    async with in_transaction():
        for project in sorted(later, key=lambda project: project.id):
            taken = Project.filter(id=project.id, **{column: getattr(project, column)})
            moved += await taken.update(**{column: later[project]})
    return moved
