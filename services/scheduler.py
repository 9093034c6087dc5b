"""Periodic jobs. Each one is safe to run twice or in two processes at once."""

import logging
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from services.grouping import groups
from services.letters import outbox
from services.metrics import Metrics
from services.notify.live import LiveAlerts
from services.stats import check_hours
from services.watch.digest import DigestSender
from services.watch.escalation import ESCALATION_CHECK_SECONDS, Escalator
from services.watch.held import HeldReleaser
from services.watch.silence import SilenceWatcher

log = logging.getLogger(__name__)
SILENCE_CHECK_SECONDS = 1
# How soon after a maintenance window ends by time an outage it held is alerted (one ended
# by hand is released at once by whoever ended it).
HELD_RELEASE_SECONDS = 5
LIVE_ALERTS_SECONDS = 1
KEEP_DELIVERED = timedelta(days=7)
Job = Callable[[], Awaitable[None]]
# Reports kept per project: how many, how long, how much text; groups keep exact counts
# beyond them.
KEEP_REPORTS = groups.Retention(
    count=10_000, age=timedelta(days=30), stored_bytes=100 * 1024 * 1024
)


def create_scheduler(
    watcher: SilenceWatcher,
    live: LiveAlerts,
    digests: DigestSender,
    metrics: Metrics | None = None,
    held: HeldReleaser | None = None,
    escalator: Escalator | None = None,
) -> AsyncIOScheduler:
    """Start it inside the running loop, after the ORM is initialised. With `metrics`, each
    job's runs and durations are counted."""
    scheduler = AsyncIOScheduler(
        timezone="UTC",
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 30},
    )

    async def check_silence() -> None:
        await watcher.check(datetime.now(UTC))

    async def refresh_live_alerts() -> None:
        await live.refresh(datetime.now(UTC))

    async def send_digests() -> None:
        await digests.run(datetime.now(UTC))

    async def prune_history() -> None:
        now = datetime.now(UTC)
        removed = await groups.prune_reports(now, KEEP_REPORTS)
        log.info("pruned %d error reports", removed)
        hours = await check_hours.prune(now)
        log.info("pruned %d hours of checks' probes", hours)

    async def stop_lapsed_subscriptions() -> None:
        stopped = await live.notifier.stop_all_lapsed(datetime.now(UTC))
        if stopped:
            log.info("stopped %d subscriptions whose maker lost access", stopped)

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
    scheduler.add_job(
        refresh_live_alerts, "interval", seconds=LIVE_ALERTS_SECONDS, id="refresh_live_alerts"
    )
    scheduler.add_job(send_digests, "interval", minutes=1, id="send_digests")
    scheduler.add_job(prune_outbox, "interval", hours=6, id="prune_outbox")
    # At start (ADMIN_IDS may have lost someone), then now and then as a backstop: notifications
    # check their recipients anyway, this also takes the buttons off their old alerts.
    scheduler.add_job(
        stop_lapsed_subscriptions,
        "interval",
        minutes=10,
        next_run_time=datetime.now(UTC),
        id="stop_lapsed_subscriptions",
    )
    scheduler.add_job(prune_history, "interval", hours=1, id="prune_history")
    if held is not None:
        add_held_release(scheduler, held)
    if escalator is not None:
        scheduler.add_job(
            escalator.tick, "interval", seconds=ESCALATION_CHECK_SECONDS, id="escalate"
        )
    if metrics:
        measure_every_job(scheduler, metrics)
    return scheduler


def add_held_release(scheduler: AsyncIOScheduler, held: HeldReleaser) -> None:
    async def release_held_outages() -> None:
        await held.release(datetime.now(UTC))

    scheduler.add_job(
        release_held_outages, "interval", seconds=HELD_RELEASE_SECONDS, id="release_held"
    )


def measure_every_job(scheduler: AsyncIOScheduler, metrics: Metrics) -> None:
    """Wrap each job added so far, whoever added it, so no job escapes the metrics."""
    for job in scheduler.get_jobs():
        job.modify(func=measured(job.id, job.func, metrics))


def measured(name: str, job: Job, metrics: Metrics) -> Job:
    async def run() -> None:
        started = time.perf_counter()
        try:
            await job()
        except Exception:
            metrics.job_runs.labels(name, "error").inc()
            raise  # on to APScheduler, which logs it
        else:
            metrics.job_runs.labels(name, "ok").inc()
        finally:
            metrics.job_seconds.labels(name).observe(time.perf_counter() - started)

    return run
