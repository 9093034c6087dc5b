"""Scheduled jobs are measured whoever added them: runs by outcome, and durations."""

import pytest
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from services.metrics import Metrics
from services.scheduler import measure_every_job, measured


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
