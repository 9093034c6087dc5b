"""The silence checker against a real database: each outage reported once, recoveries timed."""

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from models import Health, HealthTransition, OutboxMessage, Project
from services.accounts.projects import set_paused
from services.formats.reports import HeartbeatReport
from services.ingest.ingestor import Ingestor
from services.letters.outbox import OutboxSignal
from services.notify.notifier import Notifier
from services.watch.silence import SilenceWatcher
from tests.conftest import (
    heartbeat_monitor,
    listened_until,
    make_project,
    make_subscriber,
    make_subscription,
)

T0 = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def notifier(translator) -> Notifier:
    return Notifier(translator, "ru")


async def beat(notifier: Notifier, project: Project, at: datetime) -> None:
    await Ingestor(notifier, OutboxSignal()).record_heartbeat(project.token, HeartbeatReport(), at)


async def texts(chat_id: int) -> list[str]:
    return [m.text for m in await OutboxMessage.filter(chat_id=chat_id).order_by("id")]


async def test_silent_project_is_reported_once(db: str, notifier: Notifier) -> None:
    project = await make_project(timeout_seconds=60)
    await make_subscription(project, await make_subscriber(telegram_id=1))
    await beat(notifier, project, T0)
    watcher = SilenceWatcher(notifier, OutboxSignal())
    assert await watcher.check(T0 + timedelta(seconds=59)) == 0
    assert await watcher.check(T0 + timedelta(seconds=60)) == 1
    assert await watcher.check(T0 + timedelta(seconds=61)) == 0
    sent = await texts(1)
    assert len(sent) == 2
    assert sent[1].startswith("❌ Внимание! Проект не отвечает")
    assert "Нет активности более минуты" in sent[1]


async def test_two_checkers_at_once_report_each_project_once(db: str, notifier: Notifier) -> None:
    projects = [await make_project(timeout_seconds=10) for _ in range(5)]
    chat = await make_subscriber(telegram_id=2)
    for project in projects:
        await make_subscription(project, chat, heartbeat_mode="off")
        await beat(notifier, project, T0)
    watchers = [SilenceWatcher(notifier, OutboxSignal()) for _ in range(2)]
    later = T0 + timedelta(minutes=1)
    counts = await asyncio.gather(*(w.check(later) for w in watchers))
    assert sum(counts) == 5
    assert await OutboxMessage.filter(chat_id=2, kind="silence").count() == 5


async def test_recovery_says_how_long_the_project_was_silent(db: str, notifier: Notifier) -> None:
    project = await make_project(timeout_seconds=60)
    await make_subscription(project, await make_subscriber(telegram_id=3))
    await beat(notifier, project, T0)
    await SilenceWatcher(notifier, OutboxSignal()).check(T0 + timedelta(minutes=2))
    await beat(notifier, project, T0 + timedelta(minutes=47))
    recovery = (await texts(3))[-1]
    assert recovery.startswith("✅ Проект снова отвечает")
    assert "Без активности: 47 мин" in recovery
    moves = (
        await HealthTransition.filter(project_id=project.id)
        .order_by("id")
        .values_list("old", "new")
    )
    assert moves == [("new", "up"), ("up", "down"), ("down", "up")]


def assert_moved_to(deadline: datetime | None, expected: datetime) -> None:
    """The gap begins when the check before it ended: a few milliseconds after its `now`."""
    assert deadline is not None
    assert expected - timedelta(seconds=1) < deadline <= expected


async def test_the_monitors_own_downtime_is_not_blamed_on_a_project(
    db: str, notifier: Notifier
) -> None:
    """Regression: the first check after a restart reported every project whose deadline passed
    while the monitor was stopped. Now a project is reported only after its whole timeout heard
    by the monitor: 30 s before the stop and 30 s after the restart."""
    project = await make_project(timeout_seconds=60)
    await make_subscription(project, await make_subscriber(telegram_id=4))
    await beat(notifier, project, T0)
    assert await SilenceWatcher(notifier, OutboxSignal()).check(T0 + timedelta(seconds=30)) == 0
    restarted = T0 + timedelta(days=1)
    # A new watcher is what a restarted process has: it knows only the database.
    assert await SilenceWatcher(notifier, OutboxSignal()).check(restarted) == 0
    stored = await Project.get(id=project.id)
    assert stored.health == Health.UP
    assert_moved_to(
        (await heartbeat_monitor(project.id)).deadline_at, restarted + timedelta(seconds=30)
    )
    watcher = SilenceWatcher(notifier, OutboxSignal())
    await listened_until(restarted + timedelta(seconds=29))
    assert await watcher.check(restarted + timedelta(seconds=29)) == 0
    assert await watcher.check(restarted + timedelta(seconds=30)) == 1
    assert (await texts(4))[-1].startswith("❌ Внимание! Проект не отвечает")


async def test_a_run_is_not_hung_for_time_the_monitor_was_stopped(
    db: str, notifier: Notifier
) -> None:
    project = await make_project(timeout_seconds=60)
    await make_subscription(project, await make_subscriber(telegram_id=5))
    await Ingestor(notifier, OutboxSignal()).record_run_start(project.token, T0)
    assert await SilenceWatcher(notifier, OutboxSignal()).check(T0 + timedelta(seconds=50)) == 0
    restarted = T0 + timedelta(hours=5)
    watcher = SilenceWatcher(notifier, OutboxSignal())
    assert await watcher.check(restarted) == 0
    await listened_until(restarted + timedelta(seconds=9))
    assert await watcher.check(restarted + timedelta(seconds=9)) == 0
    assert await watcher.check(restarted + timedelta(seconds=10)) == 1
    assert await OutboxMessage.filter(chat_id=5, kind="run_hung").count() == 1


async def test_two_instances_back_after_downtime_move_each_deadline_once(
    db: str, notifier: Notifier
) -> None:
    project = await make_project(timeout_seconds=60)
    await beat(notifier, project, T0)
    assert await SilenceWatcher(notifier, OutboxSignal()).check(T0 + timedelta(seconds=30)) == 0
    restarted = T0 + timedelta(days=1)
    watchers = [SilenceWatcher(notifier, OutboxSignal()) for _ in range(2)]
    assert await asyncio.gather(*(w.check(restarted) for w in watchers)) == [0, 0]
    deadline = (await heartbeat_monitor(project.id)).deadline_at
    assert_moved_to(deadline, restarted + timedelta(seconds=30))


async def test_projects_never_heard_from_and_paused_ones_are_not_reported(
    db: str, notifier: Notifier
) -> None:
    await make_project(timeout_seconds=1)
    paused = await make_project(timeout_seconds=1)
    await beat(notifier, paused, T0)
    await Project.filter(id=paused.id).update(paused=True)
    assert await SilenceWatcher(notifier, OutboxSignal()).check(T0 + timedelta(days=1)) == 0


async def test_a_heartbeat_after_the_deadline_but_before_the_check_wins(
    db: str, notifier: Notifier
) -> None:
    project = await make_project(timeout_seconds=60)
    await beat(notifier, project, T0)
    await beat(notifier, project, T0 + timedelta(seconds=61))
    assert await SilenceWatcher(notifier, OutboxSignal()).check(T0 + timedelta(seconds=62)) == 0


async def test_a_paused_project_gets_no_hung_run_alert(db: str, notifier: Notifier) -> None:
    project = await make_project(timeout_seconds=60)
    await Ingestor(notifier, OutboxSignal()).record_run_start(project.token, T0)
    await set_paused(await Project.get(id=project.id), True, T0)
    assert await SilenceWatcher(notifier, OutboxSignal()).check(T0 + timedelta(hours=1)) == 0


async def test_resuming_an_overdue_project_marks_it_down_so_its_return_is_announced(
    db: str, notifier: Notifier
) -> None:
    project = await make_project(timeout_seconds=60)
    await make_subscription(project, await make_subscriber(telegram_id=9))
    await beat(notifier, project, T0)
    await set_paused(await Project.get(id=project.id), True, T0 + timedelta(seconds=10))
    await set_paused(await Project.get(id=project.id), False, T0 + timedelta(hours=1))
    assert (await Project.get(id=project.id)).health == Health.DOWN
    await beat(notifier, project, T0 + timedelta(hours=2))
    assert (await texts(9))[-1].startswith("✅ Проект снова отвечает")


class SlowNotifier(Notifier):
    """Each silence alert takes 2.5 s to queue: a check that runs long."""

    async def silence(self, project: Project, now: datetime) -> None:
        await asyncio.sleep(2.5)  # the fault itself: a slow database or a big fleet
        await super().silence(project, now)


async def test_a_slow_check_is_not_time_nobody_listened(db: str, translator) -> None:
    """Regression: the clock was written when a check began, so the next check, starting
    after a slow one, found a gap and moved every deadline on: with slow checks, no project
    was ever reported."""
    slow, next_one = await make_project(timeout_seconds=60), await make_project(timeout_seconds=64)
    notifier = SlowNotifier(translator, "ru")
    for project in (slow, next_one):
        await beat(notifier, project, T0)
    watcher = SilenceWatcher(notifier, OutboxSignal())
    assert await watcher.check(T0 + timedelta(seconds=60)) == 1  # took 2.5 s
    assert await watcher.check(T0 + timedelta(seconds=64)) == 1  # 1.5 s after it ended
