"""Outages held by a maintenance window (services/monitors/holds.py) are alerted when the
window ends and the project is still down: by time (this worker, every few seconds) or by hand
(the doors call `release` for the project at once). Reads only held rows (an index on
`held_because`); safe to run twice or in two processes at once: the writer releases each
outage with a compare-and-set, so it is alerted once."""

import logging
from datetime import datetime

from models import HeldBecause, Monitor, MonitorState, Project
from services.accounts import maintenance
from services.letters.outbox import OutboxSignal
from services.monitors import holds, writer
from services.monitors.watched import open_outages
from services.notify.notifier import Notifier

log = logging.getLogger(__name__)
BATCH = 500


class HeldReleaser:
    def __init__(self, notifier: Notifier, signal: OutboxSignal) -> None:
        self.notifier = notifier
        self.signal = signal

    async def release(self, now: datetime, project_id: int | None = None) -> int:
        """Announce the outages held by maintenance whose project is no longer in a window
        (only `project_id`'s, if given); how many were announced here."""
        held = open_outages(
            held_because=HeldBecause.MAINTENANCE,
            state=MonitorState.DOWN,
            project__is_active=True,
            project__paused=False,
        )
        if project_id is not None:
            held = held.filter(project_id=project_id)
        released, after = 0, 0
        while True:  # in pages: outages still in their window do not starve the rest
            page = (
                await held.filter(id__gt=after)
                .select_related("project")
                .order_by("id")
                .limit(BATCH)
            )
            for monitor in page:
                released += await self._release(monitor, now)
            if len(page) < BATCH:
                break
            after = page[-1].id
        if released:
            self.signal.notify()
        return released

    async def end_maintenance(self, project: Project, now: datetime) -> int:
        """End the project's maintenance now (every window on: services/accounts/
        maintenance.end) and alert at once the outages it held that still go on; how many
        windows ended."""
        return await self._released_if(await maintenance.end(project, now), project, now)

    async def end_deploy_maintenance(self, project: Project, now: datetime) -> int:
        """End a deploy script's window (maintenance.end_for_deploy); outages are alerted at
        once only if no other window still covers the project."""
        return await self._released_if(
            await maintenance.end_for_deploy(project, now), project, now
        )

    async def _released_if(self, ended: int, project: Project, now: datetime) -> int:
        if ended:
            await self.release(now, project.id)
        return ended

    async def _release(self, monitor: Monitor, now: datetime) -> int:
        project = monitor.project
        if await holds.in_maintenance(project.id, now):
            return 0
        if not await writer.held_outage_released(monitor, project, now, self.notifier):
            return 0
        log.info("project %s (%s): maintenance over, still down", project.id, project.name)
        return 1
