"""Cron schedules end to end: beats through the ingestor, the silence watcher on the test's
clock (never sleeping), the real notifier, outbox sender and aiogram Bot to the Telegram double.
A missed run is alerted once, at its time plus the grace in the schedule's zone, naming the run;
daylight-saving nights are cron's; switching between a schedule and a timeout moves the
deadline."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from aiogram import Bot
from aiogram_i18n.cores import FluentRuntimeCore

from models import Project, Subscription
from services.accounts import schedules
from services.delivery.pacing import TelegramPacer
from services.delivery.sender import CLAIM_LEASE, OutboxSender
from services.formats.reports import HeartbeatReport
from services.ingest.ingestor import Ingestor
from services.letters.outbox import OutboxSignal
from services.notify.incidents import IncidentComposer
from services.notify.live import LiveAlerts
from services.notify.notifier import Notifier
from services.watch.silence import SilenceWatcher
from tests.conftest import (
    heartbeat_monitor,
    listened_until,
    make_project,
    make_subscriber,
    make_subscription,
)
from tests.telegram_double import TelegramDouble

EN_CHAT, RU_CHAT = 7201, 7202
NOT_RESPONDING = "Project is not responding"
SEC = timedelta(seconds=1)


class Night:
    """A project on a schedule watched by an English and a Russian chat; time is the test's."""

    def __init__(self, telegram: TelegramDouble, bot: Bot, translator: FluentRuntimeCore) -> None:
        self.telegram = telegram
        self.now = datetime(2026, 1, 1, tzinfo=UTC)
        notifier = Notifier(translator, "en")
        self.ingestor = Ingestor(notifier, OutboxSignal())
        self.watcher = SilenceWatcher(notifier, OutboxSignal())
        self.live = live = LiveAlerts(notifier, OutboxSignal())
        self.sender = OutboxSender(
            bot,
            OutboxSignal(),
            TelegramPacer(private_interval=0),
            IncidentComposer(live, CLAIM_LEASE),
            clock=lambda: self.now,
        )
        self.project = Project()

    async def watched(self, expression: str, tz: str, grace: str) -> None:
        self.telegram.enforce_flood_limits = False  # the sender here does not pace
        self.project = await make_project(name="Nightly backup", type="other")
        for chat, language in ((EN_CHAT, "en"), (RU_CHAT, "ru")):
            self.telegram.add_user(chat)
            subscriber = await make_subscriber(telegram_id=chat, language=language)
            await make_subscription(self.project, subscriber, heartbeat_mode="off")
        await schedules.set_schedule(self.project, schedules.read_schedule(expression, tz, grace))

    async def beat(self, at: datetime) -> None:
        self.now = at
        await self.ingestor.record_heartbeat(self.project.token, HeartbeatReport(), at)
        await self.sender.drain_once()

    async def check(self, at: datetime) -> int:
        """The silence watcher at `at`, having listened all along; what it sent is delivered."""
        self.now = at
        await listened_until(at)
        found = await self.watcher.check(at)
        await self.sender.drain_once()
        return found

    async def minute_passes(self) -> None:
        """A minute on: the open incident's alert is edited, and reminders are due."""
        self.now += timedelta(minutes=1)
        await self.live.refresh(self.now)
        await self.sender.drain_once()

    def texts(self, chat: int = EN_CHAT) -> list[str]:
        return [m.visible_text for m in self.telegram.messages_to(chat) if not m.deleted]

    def alerts(self, chat: int = EN_CHAT) -> list[str]:
        return [
            m.visible_text
            for m in self.telegram.messages_to(chat)
            if "❌" in m.visible_text and not m.deleted
        ]


@pytest.fixture
async def night(
    db: str, telegram: TelegramDouble, bot: Bot, translator: FluentRuntimeCore
) -> AsyncIterator[Night]:
    yield Night(telegram, bot, translator)


def moscow(day: int, hour: int, minute: int, second: int = 0) -> datetime:
    """A time of December 2026 in Moscow (UTC+3 all year), in UTC."""
    return datetime(2026, 12, day, hour, minute, second, tzinfo=UTC) - timedelta(hours=3)


async def test_a_missed_0300_run_in_moscow_is_alerted_once_at_0330_local(night: Night) -> None:
    await night.watched("0 3 * * *", "Europe/Moscow", "30m")
    await night.beat(moscow(6, 3, 2))  # yesterday's run reported
    assert await night.check(moscow(7, 3, 0)) == 0
    assert await night.check(moscow(7, 3, 29, 59)) == 0
    assert night.alerts() == []

    assert await night.check(moscow(7, 3, 30)) == 1
    assert await night.check(moscow(7, 3, 31)) == 0
    assert await night.check(moscow(7, 4, 30)) == 0
    (alert,) = night.alerts()
    assert NOT_RESPONDING in alert
    assert "the 03:00 run did not report by 03:30 (Europe/Moscow)" in alert
    assert "No activity for more than" not in alert
    (russian,) = night.alerts(RU_CHAT)
    assert "запуск в 03:00 не отчитался до 03:30 (Europe/Moscow)" in russian


async def test_a_beat_on_time_moves_the_deadline_to_the_next_run(night: Night) -> None:
    await night.watched("0 3 * * *", "Europe/Moscow", "30m")
    await night.beat(moscow(6, 3, 2))
    await night.beat(moscow(7, 3, 5))  # today's run, on time
    assert (await heartbeat_monitor(night.project.id)).deadline_at == moscow(8, 3, 30)
    assert await night.check(moscow(7, 3, 30)) == 0
    assert await night.check(moscow(8, 3, 29, 59)) == 0
    assert await night.check(moscow(8, 3, 30)) == 1
    (alert,) = night.alerts()
    assert "the 03:00 run did not report by 03:30" in alert


async def test_spring_forward_a_0230_job_is_expected_at_0300(night: Night) -> None:
    """2026-03-29, Berlin: the clock jumps from 02:00 CET to 03:00 CEST; cron runs the 02:30 job
    at 03:00, so it is late at 03:00 + grace (01:30 UTC)."""
    await night.watched("30 2 * * *", "Europe/Berlin", "30m")
    await night.beat(datetime(2026, 3, 28, 1, 35, tzinfo=UTC))  # 02:35 CET, on time
    deadline = datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # 03:30 CEST
    assert (await heartbeat_monitor(night.project.id)).deadline_at == deadline
    assert await night.check(deadline - SEC) == 0
    assert await night.check(deadline) == 1
    (alert,) = night.alerts()
    assert "the 03:00 run did not report by 03:30 (Europe/Berlin)" in alert


async def test_fall_back_a_0230_job_is_expected_once(night: Night) -> None:
    """2026-10-25, Berlin: 02:30 comes twice (CEST, then CET); the job runs at the first. Its
    beat then waits for the next day's 02:30 CET, not for the repeated hour."""
    await night.watched("30 2 * * *", "Europe/Berlin", "10m")
    await night.beat(datetime(2026, 10, 24, 0, 35, tzinfo=UTC))  # 02:35 CEST
    first = datetime(2026, 10, 25, 0, 40, tzinfo=UTC)  # 02:30 CEST + 10 min
    assert (await heartbeat_monitor(night.project.id)).deadline_at == first
    await night.beat(datetime(2026, 10, 25, 0, 33, tzinfo=UTC))  # 02:33 CEST: reported
    repeated = datetime(2026, 10, 25, 1, 40, tzinfo=UTC)  # 02:40 CET, the hour again
    assert await night.check(repeated) == 0
    next_day = datetime(2026, 10, 26, 1, 40, tzinfo=UTC)  # 02:30 CET + 10 min
    assert (await heartbeat_monitor(night.project.id)).deadline_at == next_day
    assert await night.check(next_day - SEC) == 0
    assert await night.check(next_day) == 1
    (alert,) = night.alerts()
    assert "the 02:30 run did not report by 02:40 (Europe/Berlin)" in alert


async def test_a_grace_across_the_fall_back_names_the_run_and_lasts_real_time(
    night: Night,
) -> None:
    """2026-10-25, Berlin: a 01:00 job with 2 h grace; the clocks go back at 03:00 CEST, so
    two real hours after 01:00 CEST the wall clock says 02:00 CET. The alert names the 01:00
    run, two real hours after it, not three."""
    await night.watched("0 1 * * *", "Europe/Berlin", "2h")
    await night.beat(datetime(2026, 10, 23, 23, 5, tzinfo=UTC))  # 01:05 CEST, on time
    deadline = datetime(2026, 10, 25, 1, 0, tzinfo=UTC)  # 01:00 CEST + 2 h = 02:00 CET
    assert await night.check(deadline - SEC) == 0
    assert await night.check(deadline) == 1
    (alert,) = night.alerts()
    assert "the 01:00 run did not report by 02:00 (Europe/Berlin)" in alert


async def test_switching_between_a_schedule_and_a_timeout_moves_the_deadline(
    night: Night,
) -> None:
    await night.watched("0 3 * * *", "Europe/Moscow", "30m")
    await night.beat(moscow(7, 12, 0))
    assert (await heartbeat_monitor(night.project.id)).deadline_at == moscow(8, 3, 30)

    await schedules.set_plain_timeout(night.project, 600)
    stored = await Project.get(id=night.project.id)
    assert (stored.schedule, stored.schedule_tz, stored.grace_seconds) == (None, None, None)
    assert stored.timeout_seconds == 600
    assert (await heartbeat_monitor(night.project.id)).deadline_at == moscow(7, 12, 10)

    await schedules.set_schedule(
        night.project, schedules.read_schedule("@hourly", "Europe/Moscow", "5m")
    )
    assert (await heartbeat_monitor(night.project.id)).deadline_at == moscow(7, 13, 5)

    await schedules.set_plain_timeout(night.project, 600)
    assert await night.check(moscow(7, 12, 9, 59)) == 0
    assert await night.check(moscow(7, 12, 10)) == 1
    (alert,) = night.alerts()
    assert "No activity for more than 10 minutes" in alert  # the seed's own text again
    assert "run did not report" not in alert


async def test_a_scheduled_projects_time_nobody_listened_is_counted_once(night: Night) -> None:
    """The monitor was stopped for an hour before the run: the deadline moves on by that hour,
    once (the span comes from the rule, not from a deadline already moved)."""
    await night.watched("0 3 * * *", "Europe/Moscow", "30m")
    await night.beat(moscow(6, 3, 2))
    assert await night.check(moscow(7, 1, 0)) == 0
    restarted = moscow(7, 2, 0)
    assert await night.watcher.check(restarted) == 0  # a gap of an hour is recorded
    assert await night.check(moscow(7, 3, 30)) == 0  # due, but an hour of it was not heard
    moved = (await heartbeat_monitor(night.project.id)).deadline_at
    assert moved is not None
    assert moscow(7, 4, 30) - SEC < moved <= moscow(7, 4, 30)
    assert await night.check(moscow(7, 4, 29)) == 0
    assert await night.check(moscow(7, 4, 30, 1)) == 1
    (alert,) = night.alerts()
    assert "the 03:00 run did not report by 03:30" in alert  # the run, as the rule has it


async def test_reminders_keep_coming_for_a_missed_run(night: Night) -> None:
    await night.watched("0 3 * * *", "Europe/Moscow", "30m")
    await Subscription.filter(subscriber__telegram_id=EN_CHAT).update(reminders="hourly")
    await night.beat(moscow(6, 3, 2))
    assert await night.check(moscow(7, 3, 30)) == 1
    while night.now < moscow(7, 4, 5):
        await night.minute_passes()
    reminders = [t for t in night.texts() if "Reminder: the project is still not responding" in t]
    assert len(reminders) == 1  # an hour after the last activity's hour mark: 04:02
    (alert,) = night.alerts()
    assert "the 03:00 run did not report by 03:30" in alert
