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

from models import Monitor, MonitorKind, MonitorState
from services.letters.outbox import OutboxSignal
from services.monitors import holds, writer
from services.monitors.health import deadline_after
from services.notify.notifier import Notifier
from services.watch.in_flight import InFlight
from services.watch.listening import Gap, checked_until, gaps_until, listened_deadline

log = logging.getLogger(__name__)
BATCH = 500
Report = Callable[[Monitor, datetime], Awaitable[int]]


@dataclass(frozen=True)
class Deadline:
    """A kind of monitor the watcher keeps: the state whose deadline it watches, when the time
    that deadline counts began, and the deadline its rule gives from then (that whole span,
    heard by the monitor, is the deadline)."""

    kind: MonitorKind
    state: MonitorState
    counts_from: Callable[[Monitor], datetime | None]
    rule: Callable[[Monitor, datetime], datetime]

    def due(self, settled: datetime) -> QuerySet[Monitor]:
        """The monitors whose deadline passed, of active projects that are not paused, with
        their projects (an index range scan on the deadline)."""
        return (
            Monitor.filter(
                kind=self.kind,
                state=self.state,
                deadline_at__lte=settled,
                project__is_active=True,
                project__paused=False,
            )
            .select_related("project")
            .order_by("deadline_at")
            .limit(BATCH)
        )

    def listened(self, monitor: Monitor, gaps: Sequence[Gap], now: datetime) -> datetime:
        """The deadline moved on by the time nobody listened since it began counting. The span
        comes from the rule, not from the stored deadline, which an earlier gap may have moved
        already (it would be counted twice). For a schedule, the span is from the last beat to
        the expected run plus the grace."""
        since = self.counts_from(monitor)
        if since is None:  # a row begun elsewhere: its stored deadline is the plain timeout's
            timeout = timedelta(seconds=monitor.project.timeout_seconds)
            since = (monitor.deadline_at or now) - timeout
        return listened_deadline(since, self.rule(monitor, since) - since, gaps, now)


def _run_rule(monitor: Monitor, since: datetime) -> datetime:
    return since + timedelta(seconds=monitor.project.timeout_seconds)


def silent_since(monitor: Monitor) -> datetime | None:
    """Silence counts from the last heartbeat, or from the end of the last outage if that is
    later: an outage held for a dependency is judged afresh from when it was released
    (writer.dependency_recovered), with the project's whole timeout."""
    moments = [m for m in (monitor.project.last_heartbeat_at, monitor.ended_at) if m is not None]
    return max(moments, default=None)


SILENCE = Deadline(
    MonitorKind.HEARTBEAT,
    MonitorState.UP,
    silent_since,
    lambda monitor, since: deadline_after(monitor.project, since),
)
RUN = Deadline(MonitorKind.RUN, MonitorState.RUNNING, lambda monitor: monitor.since, _run_rule)


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
        await self._release_dependants(now)
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
            later: dict[Monitor, datetime] = {}
            for monitor in due:
                listened = deadline.listened(monitor, gaps, settled)
                if listened > settled:
                    later[monitor] = listened
                else:
                    reported += await report(monitor, now)
            moved = await writer.deadlines_moved(later)
            if len(due) < BATCH or (not moved and len(later) == len(due)):
                return reported  # the rest waits for the next check

    async def _release_dependants(self, now: datetime) -> None:
        """Outages held while the project they depend on was down, judged afresh once it is
        no longer (services/monitors/holds.py): found here, every second, whichever way the
        parent's outage ended (a beat, a passing check, a pause, a dependency removed). Again
        while some are: a project behind one released now (a site behind a server behind the
        router) is down no more either. Each pass ends held outages, so the passes end."""
        while True:
            judged = 0
            for held in await holds.released(BATCH):
                judged += await writer.dependency_recovered(held, now)
            if not judged:
                return
            log.info("%s outages held for a dependency judged afresh", judged)

    async def _report_hung(self, run: Monitor, now: datetime) -> int:
        """A run that began (/start) and sent no success or failure within the timeout."""
        return int(await writer.run_hung(run, run.project, now, self.notifier))

    async def _mark_down(self, beat: Monitor, now: datetime) -> int:
        project = beat.project
        if not await writer.went_silent(beat, project, now, self.notifier):
            return 0
        log.info("project %s (%s) went silent", project.id, project.name)
        return 1
