"""Scheduled jobs are measured whoever added them: runs by outcome, and durations."""

import pytest
from aiogram_i18n.cores import FluentRuntimeCore
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from services.letters.outbox import OutboxSignal
from services.metrics import Metrics
from services.notify.live import LiveAlerts
from services.notify.notifier import Notifier
from services.scheduler import create_scheduler, measure_every_job, measured
from services.watch.digest import DigestSender
from services.watch.escalation import Escalator
from services.watch.held import HeldReleaser
from services.watch.silence import SilenceWatcher


def runs(metrics: Metrics, job: str, outcome: str) -> float | None:
    labels = {"job": job, "outcome": outcome}
    return metrics.registry.get_sample_value("error_monitor_job_runs_total", labels)


async def test_a_job_run_is_counted_with_its_duration() -> None:
    metrics = Metrics()

    async def job() -> None:
        pass

    await measured("check_silence", job, metrics)()
    assert runs(metrics, "check_silence", "ok") == 1
    count = metrics.registry.get_sample_value(
        "error_monitor_job_seconds_count", {"job": "check_silence"}
    )
    assert count == 1


async def test_a_failing_job_is_counted_as_an_error_and_still_raises() -> None:
    metrics = Metrics()

    async def job() -> None:
        raise RuntimeError("database gone")

    with pytest.raises(RuntimeError):
        await measured("prune_outbox", job, metrics)()
    assert runs(metrics, "prune_outbox", "error") == 1
    assert runs(metrics, "prune_outbox", "ok") is None


async def test_every_job_added_to_a_scheduler_is_measured() -> None:
    metrics = Metrics()
    calls = []

    async def job() -> None:
        calls.append(1)

    scheduler = AsyncIOScheduler(timezone="UTC")
    scheduler.add_job(job, "interval", seconds=1, id="a")
    scheduler.add_job(job, "interval", seconds=1, id="b")
    measure_every_job(scheduler, metrics)
    for scheduled in scheduler.get_jobs():
        await scheduled.func()
    assert calls == [1, 1]
    assert (runs(metrics, "a", "ok"), runs(metrics, "b", "ok")) == (1, 1)


async def test_the_apps_own_jobs_are_measured_too(db: str, translator: FluentRuntimeCore) -> None:
    """The maintenance releaser and the escalator run as scheduler jobs like the others, so
    /metrics counts them (a job added after the scheduler is made would escape it)."""
    metrics, notifier, signal = Metrics(), Notifier(translator, "en"), OutboxSignal()
    scheduler = create_scheduler(
        SilenceWatcher(notifier, signal),
        LiveAlerts(notifier, signal),
        DigestSender(notifier, signal),
        metrics,
        held=HeldReleaser(notifier, signal),
        escalator=Escalator(notifier, signal),
    )
    jobs = {job.id: job for job in scheduler.get_jobs()}
    for name in ("release_held", "escalate"):
        await jobs[name].func()
        assert runs(metrics, name, "ok") == 1
