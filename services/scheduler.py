"""Periodic jobs. Each one is safe to run twice or in two processes at once."""

import logging
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from services import outbox
from services.silence import SilenceWatcher

log = logging.getLogger(__name__)
SILENCE_CHECK_SECONDS = 1
KEEP_DELIVERED = timedelta(days=7)


def create_scheduler(watcher: SilenceWatcher) -> AsyncIOScheduler:
    """Start it inside the running loop, after the ORM is initialised."""
    scheduler = AsyncIOScheduler(
        timezone="UTC",
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 30},
    )

    async def check_silence() -> None:
        await watcher.check(datetime.now(UTC))

    async def prune_outbox() -> None:
        removed = await outbox.prune_delivered(datetime.now(UTC) - KEEP_DELIVERED)
        log.info("pruned %d delivered outbox rows", removed)

    scheduler.add_job(
        check_silence,
        "interval",
        seconds=SILENCE_CHECK_SECONDS,
        next_run_time=datetime.now(UTC),
        id="check_silence",
    )
    scheduler.add_job(prune_outbox, "interval", hours=6, id="prune_outbox")
    return scheduler
