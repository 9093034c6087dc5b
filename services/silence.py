"""The silence checker: finds projects whose deadline passed and reports each one once. A
project is silent only for time the monitor listened: its own downtime (a deploy, a crash, a
database outage) and a beat still on its way to the database are never an outage."""

import logging
from datetime import datetime, timedelta

from tortoise.transactions import in_transaction

from models import Health, HealthTransition, Project, WatchClock
from services import sql
from services.in_flight import InFlight
from services.live import INCIDENT_EVERY
from services.notify import Notifier
from services.outbox import OutboxSignal

log = logging.getLogger(__name__)
BATCH = 500
# Checks run every second, on every instance. A longer pause since the last one, on any of
# them, is time nobody listened; a few seconds too many cost a late alert, never a false one.
LISTENING_GAP = timedelta(seconds=3)
_START_CLOCK = "INSERT INTO watch_clock (id, checked_at) VALUES (1, {now}) ON CONFLICT DO NOTHING"
_DEADLINES = ("deadline_at", "run_deadline_at")


class SilenceWatcher:
    def __init__(
        self, notifier: Notifier, signal: OutboxSignal, in_flight: InFlight | None = None
    ) -> None:
        self.notifier = notifier
        self.signal = signal
        self.in_flight = in_flight or InFlight()  # the ingestor's, in the app

    async def check(self, now: datetime) -> int:
        """Mark every overdue project down. Reads only due rows (index on deadline_at), and is
        safe to run twice or in two processes at once: each project is reported once. Due are
        the deadlines that passed before the oldest write still on its way (it may be the beat
        that arrived in time), after deadlines moved on by any time nobody listened."""
        await listening(now)
        settled = self.in_flight.settled_until(now)
        reported = 0
        while True:
            due = (
                await Project.filter(
                    deadline_at__lte=settled, health=Health.UP, is_active=True, paused=False
                )
                .order_by("deadline_at")
                .limit(BATCH)
            )
            for project in due:
                reported += await self._mark_down(project, now)
            if len(due) < BATCH:
                break
        reported += await self._report_hung_runs(settled, now)
        if reported:
            self.signal.notify()
        return reported

    async def _report_hung_runs(self, settled: datetime, now: datetime) -> int:
        """Runs that began (/start) and sent no success or failure within the timeout."""
        hung = await Project.filter(
            run_deadline_at__lte=settled, is_active=True, paused=False
        ).limit(BATCH)
        reported = 0
        for project in hung:
            async with in_transaction():
                changed = await Project.filter(
                    id=project.id, run_deadline_at=project.run_deadline_at
                ).update(run_deadline_at=None)
                if changed == 1:
                    await self.notifier.run_hung(project, now)
                    reported += 1
        return reported

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


async def listening(now: datetime) -> None:
    """Record that the monitor listens at `now`. If the last check, on any instance, is older
    than LISTENING_GAP, nobody listened since: every running deadline moves on by that time, so
    a project is reported only after its whole timeout heard by the monitor. Once, by whichever
    instance gets here first (compare-and-set on the clock); a clock that another instance set
    later than `now` stays."""
    clock = await WatchClock.get_or_none(id=1)
    if clock is None:  # the first check ever: nothing to compare with
        await sql.execute(_START_CLOCK, now=sql.time_as_stored(sql.postgres())(now))
        return
    if now <= clock.checked_at:
        return
    async with in_transaction():
        taken = WatchClock.filter(id=1, checked_at=clock.checked_at)
        if await taken.update(checked_at=now) != 1:
            return  # another instance checks at this moment
        if now - clock.checked_at > LISTENING_GAP:
            await _move_deadlines(since=clock.checked_at, by=now - clock.checked_at)


async def _move_deadlines(since: datetime, by: timedelta) -> None:
    """The silence and run deadlines still ahead at `since` move on by `by`. Each row with a
    compare-and-set on its deadline, so one that a heartbeat moved meanwhile keeps the new."""
    as_stored = sql.time_as_stored(sql.postgres())
    for column in _DEADLINES:
        rows = await sql.query(
            f"SELECT id, {column} AS at FROM projects WHERE {column} > {{since}}",
            since=as_stored(since),
        )
        moves = [
            {"moved": as_stored(sql.read_time(row["at"]) + by), "id": row["id"], "at": row["at"]}
            for row in rows
        ]
        await sql.execute_many(
            f"UPDATE projects SET {column} = {{moved}} WHERE id = {{id}} AND {column} = {{at}}",
            moves,
        )
    log.warning("nobody listened for %s: deadlines moved on by it", by)
