"""The silence checker: finds projects whose deadline passed and reports each one once."""

import logging
from datetime import datetime

from tortoise.transactions import in_transaction

from models import Health, HealthTransition, Project
from services.live import INCIDENT_EVERY
from services.notify import Notifier
from services.outbox import OutboxSignal

log = logging.getLogger(__name__)
BATCH = 500


class SilenceWatcher:
    def __init__(self, notifier: Notifier, signal: OutboxSignal) -> None:
        self.notifier = notifier
        self.signal = signal

    async def check(self, now: datetime) -> int:
        """Mark every overdue project down. Reads only due rows (index on deadline_at), and is
        safe to run twice or in two processes at once: each project is reported once."""
        reported = 0
        while True:
            due = (
                await Project.filter(
                    deadline_at__lte=now, health=Health.UP, is_active=True, paused=False
                )
                .order_by("deadline_at")
                .limit(BATCH)
            )
            for project in due:
                reported += await self._mark_down(project, now)
            if len(due) < BATCH:
                break
        reported += await self._report_hung_runs(now)
        if reported:
            self.signal.notify()
        return reported

    async def _report_hung_runs(self, now: datetime) -> int:
        """Runs that began (/start) and sent no success or failure within the timeout."""
        hung = await Project.filter(run_deadline_at__lte=now, is_active=True, paused=False).limit(
            BATCH
        )
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
