"""Maintenance windows end to end: the real ingestor, silence watcher, held-outage releaser,
live edits and outbox sender, delivered by the aiogram Bot to the Telegram double; the clock
is the test's. In a window an outage is not alerted (nor its end), failed and hung runs are
not, errors only if the project chose so; a window that ends while the project is down has it
alerted then, once."""

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from aiogram import Bot
from aiogram_i18n.cores import FluentRuntimeCore

from models import MaintenanceWindow, Project
from services.accounts import maintenance
from services.delivery.pacing import TelegramPacer
from services.delivery.sender import CLAIM_LEASE, OutboxSender
from services.formats.reports import ErrorDetails, HeartbeatReport
from services.ingest.ingestor import Ingestor, RunFailure
from services.letters.outbox import OutboxSignal
from services.notify.incidents import IncidentComposer
from services.notify.live import LiveAlerts
from services.notify.notifier import Notifier
from services.stats.figures import Period, window_stats
from services.watch.held import HeldReleaser
from services.watch.silence import SilenceWatcher
from tests.conftest import listened_until, make_project, make_subscriber, make_subscription
from tests.storage.conftest import Site
from tests.storage.test_check_alerts import FAILING, Watch
from tests.telegram_double import SentMessage, TelegramDouble

CHAT = 7301
SILENT = "Project is not responding"
BACK = "Project is responding again"


class Shop:
    """A project with a one-minute timeout, heard in one chat (no heartbeat news); time is
    the test's, starting in the past so that what is queued is due."""

    def __init__(self, telegram: TelegramDouble, bot: Bot, translator: FluentRuntimeCore) -> None:
        self.telegram = telegram
        self.notifier = Notifier(translator, "en")
        self.ingestor = Ingestor(self.notifier, OutboxSignal())
        self.now = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=5)
        self.live = LiveAlerts(self.notifier, OutboxSignal())
        self.sender = OutboxSender(
            bot,
            OutboxSignal(),
            TelegramPacer(private_interval=0),
            IncidentComposer(self.live, CLAIM_LEASE),
        )
        self.project = Project()

    async def open(self) -> None:
        self.telegram.add_user(CHAT)
        self.telegram.enforce_flood_limits = False
        chat = await make_subscriber(telegram_id=CHAT, language="en")
        self.project = await make_project(name="Shop", timeout_seconds=60)
        await make_subscription(self.project, chat, heartbeat_mode="off")

    async def beat(self) -> None:
        await self.ingestor.record_heartbeat(self.project.token, HeartbeatReport(), self.now)
        await self.deliver()

    async def seconds_pass(self, seconds: int, watchers: int = 1) -> list[int]:
        """Time passes, heard by the monitor; the silence checker and the releasers run."""
        self.now += timedelta(seconds=seconds)
        await listened_until(self.now)
        await SilenceWatcher(self.notifier, OutboxSignal()).check(self.now)
        releasers = [HeldReleaser(self.notifier, OutboxSignal()) for _ in range(watchers)]
        released = await asyncio.gather(*(r.release(self.now) for r in releasers))
        await self.live.refresh(self.now)
        await self.deliver()
        return list(released)

    async def deliver(self) -> None:
        await self.sender.drain_once()

    async def fresh(self) -> Project:
        return await Project.get(id=self.project.id)

    def visible(self) -> list[SentMessage]:
        return [m for m in self.telegram.messages_to(CHAT) if not m.deleted]


@pytest.fixture
async def shop(
    db: str, telegram: TelegramDouble, bot: Bot, translator: FluentRuntimeCore
) -> AsyncIterator[Shop]:
    world = Shop(telegram, bot, translator)
    await world.open()
    yield world


async def test_a_window_swallows_an_outage_and_its_end(shop: Shop) -> None:
    await shop.beat()
    await maintenance.start(shop.project, shop.now, "Ann", shop.now + timedelta(hours=1))
    await shop.seconds_pass(61)  # silent for longer than the timeout, in the window
    assert (await shop.fresh()).health == "down"
    await shop.seconds_pass(600)
    shop.now += timedelta(seconds=1)
    await shop.beat()  # back within the window: no recovery message either
    await shop.seconds_pass(30)
    assert (await shop.fresh()).health == "up"
    assert shop.visible() == []


async def test_a_window_that_ends_while_down_alerts_then_once_with_two_workers(
    shop: Shop,
) -> None:
    await shop.beat()
    await maintenance.start(shop.project, shop.now, "Ann", shop.now + timedelta(minutes=30))
    await shop.seconds_pass(61)
    assert await shop.seconds_pass(28 * 60, watchers=2) == [0, 0]  # still in the window
    assert shop.visible() == []

    released = await shop.seconds_pass(60, watchers=2)  # the window is over, still down
    assert sorted(released) == [0, 1]
    (alert,) = shop.visible()
    assert SILENT in alert.visible_text
    assert await shop.seconds_pass(60, watchers=2) == [0, 0]
    assert shop.visible() == [alert]
    assert "Silent for" in alert.visible_text  # the incident's edits started

    shop.now += timedelta(seconds=5)
    await shop.beat()
    alert_now, recovery = shop.visible()
    assert alert_now is alert and BACK in recovery.visible_text


async def test_ending_a_window_by_hand_alerts_an_outage_at_once(shop: Shop) -> None:
    await shop.beat()
    await maintenance.start(shop.project, shop.now, "Ann", None)  # until someone ends it
    await shop.seconds_pass(61)
    await shop.seconds_pass(3600)
    assert shop.visible() == []
    assert await maintenance.end(shop.project, shop.now) == 1
    releaser = HeldReleaser(shop.notifier, OutboxSignal())
    assert await releaser.release(shop.now, shop.project.id) == 1
    await shop.deliver()
    (alert,) = shop.visible()
    assert SILENT in alert.visible_text


async def test_an_outage_beginning_after_the_window_is_alerted_as_usual(shop: Shop) -> None:
    await shop.beat()
    await maintenance.start(shop.project, shop.now, "Ann", shop.now + timedelta(seconds=30))
    await shop.seconds_pass(61)
    (alert,) = shop.visible()
    assert SILENT in alert.visible_text


async def test_a_weekly_window_holds_an_outage_in_its_local_hours(shop: Shop) -> None:
    local = shop.now.astimezone(ZoneInfo("Asia/Tokyo"))
    day = maintenance.WEEKDAYS[local.weekday()]
    await maintenance.add_weekly(shop.project, day, f"{local:%H:%M}", "2h", "Asia/Tokyo", "Ann")
    await shop.beat()
    await shop.seconds_pass(61)
    assert shop.visible() == []
    await shop.seconds_pass(2 * 3600)
    (alert,) = shop.visible()
    assert SILENT in alert.visible_text


async def test_failed_and_hung_runs_in_a_window_are_not_alerted(shop: Shop) -> None:
    await maintenance.start(shop.project, shop.now, "Ann", shop.now + timedelta(hours=1))
    await shop.ingestor.record_run_failure(shop.project.token, RunFailure(exit_code=2), shop.now)
    await shop.ingestor.record_run_start(shop.project.token, shop.now)
    await shop.seconds_pass(120)  # the run hung
    assert shop.visible() == []

    await shop.seconds_pass(3600)
    await shop.ingestor.record_run_failure(shop.project.token, RunFailure(exit_code=3), shop.now)
    await shop.deliver()
    (failed,) = shop.visible()
    assert "A run failed" in failed.visible_text and "3" in failed.visible_text


async def test_errors_in_a_window_alert_only_if_the_project_chose_so(shop: Shop) -> None:
    await maintenance.start(shop.project, shop.now, "Ann", shop.now + timedelta(hours=1))
    quiet = ErrorDetails(type="KeyError", message="sku 1")
    await shop.ingestor.record_error(shop.project.token, quiet, shop.now)
    await shop.deliver()
    assert shop.visible() == []

    await maintenance.set_errors_alert(shop.project, True)
    loud = ErrorDetails(type="TimeoutError", message="payment gateway")
    await shop.ingestor.record_error(shop.project.token, loud, shop.now + timedelta(seconds=1))
    await shop.deliver()
    (alert,) = shop.visible()
    assert "TimeoutError" in alert.visible_text
    stats = await window_stats(shop.project.id, Period.DAY, shop.now + timedelta(seconds=2))
    assert sum(stats.errors.values()) == 2  # the quiet one is stored and counted too


async def test_uptime_leaves_out_maintenance_and_the_outage_it_held(shop: Shop) -> None:
    await shop.beat()
    started = shop.now
    await maintenance.start(shop.project, shop.now, "Ann", shop.now + timedelta(minutes=30))
    await shop.seconds_pass(61)  # down in the window: maintenance, not downtime
    await shop.seconds_pass(28 * 60)
    shop.now += timedelta(seconds=1)
    await shop.beat()  # back before the window ended
    await shop.seconds_pass(30)
    stats = await window_stats(shop.project.id, Period.DAY, started + timedelta(hours=1))
    assert stats.uptime == 1.0

    await shop.seconds_pass(61)  # an outage outside any window is downtime
    shop.now += timedelta(minutes=10)
    await shop.beat()
    stats = await window_stats(shop.project.id, Period.DAY, shop.now)
    assert stats.uptime is not None and stats.uptime < 1.0


@pytest.fixture
async def watch(
    db: str, site: Site, telegram: TelegramDouble, bot: Bot, translator: FluentRuntimeCore
) -> AsyncIterator[Watch]:
    world = Watch(telegram, bot, translator)
    await world.watched(site.url)
    yield world
    await world.runner.stop()
    await world.prober.close()


async def test_a_check_failing_in_a_window_is_alerted_when_it_ends(
    watch: Watch, site: Site, translator: FluentRuntimeCore
) -> None:
    project = await Project.get(name="Shop")
    await maintenance.start(project, watch.now, "Ann", watch.now + timedelta(hours=1))
    await watch.next_probe()
    site.status = 503
    await watch.next_probe()
    await watch.next_probe()  # down, in the window: held
    await watch.minutes_pass(30)
    await watch.next_probe()
    assert watch.visible() == []

    watch.now += timedelta(minutes=31)
    releaser = HeldReleaser(Notifier(translator, "en"), OutboxSignal())
    assert await releaser.release(watch.now) == 1
    await watch.sender.drain_once()
    (alert,) = watch.visible()
    assert FAILING in alert.visible_text and "HTTP 503" in alert.visible_text
    site.status = 200
    await watch.next_probe()
    assert "Check passes again" in watch.visible()[-1].visible_text


async def test_a_deploy_script_window_is_shown_on_the_alert_as_the_deploy_script_s(
    shop: Shop,
) -> None:
    await shop.beat()
    await shop.seconds_pass(61)  # alerted: the project is down
    await maintenance.start_for_deploy(shop.project, shop.now, shop.now + timedelta(minutes=15))
    await shop.seconds_pass(5)
    (alert,) = shop.visible()
    assert "🔧 Maintenance until" in alert.visible_text
    assert "by a deploy script" in alert.visible_text


async def test_a_deploy_script_ends_only_its_own_window_not_a_person_s(shop: Shop) -> None:
    """Ops began maintenance for a migration; CI's deploy (begin, end) runs meanwhile."""
    await shop.beat()
    await maintenance.start(shop.project, shop.now, "Ann", None)
    today = maintenance.WEEKDAYS[shop.now.weekday()]
    await maintenance.add_weekly(shop.project, today, f"{shop.now:%H}:00", "3h", "UTC", "Ann")
    await maintenance.start_for_deploy(shop.project, shop.now, shop.now + timedelta(minutes=15))
    await shop.seconds_pass(61)
    releaser = HeldReleaser(shop.notifier, OutboxSignal())
    assert await releaser.end_deploy_maintenance(shop.project, shop.now) == 1
    assert await releaser.end_deploy_maintenance(shop.project, shop.now) == 0
    await shop.seconds_pass(3600)
    assert shop.visible() == []  # still held: Ann's window goes on
    on = await maintenance.current(shop.project, shop.now)
    assert on is not None and on.by == "Ann" and not on.by_deploy_script

    assert await releaser.end_maintenance(shop.project, shop.now) == 2  # a person ends all
    await shop.deliver()
    (alert,) = shop.visible()
    assert SILENT in alert.visible_text


async def test_pressing_one_hour_again_never_leaves_a_moment_out_of_maintenance(
    shop: Shop, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Replacing a window is one transaction: if the new window is not stored, the old one
    goes on, and the releaser never sees the project out of maintenance in between."""
    await shop.beat()
    await maintenance.start(shop.project, shop.now, "Ann", shop.now + timedelta(hours=1))
    await shop.seconds_pass(61)

    async def lost(*args: object, **kwargs: object) -> None:
        raise ConnectionError("the database went away")

    monkeypatch.setattr(MaintenanceWindow, "create", lost)
    with pytest.raises(ConnectionError):
        await maintenance.start(shop.project, shop.now, "Bob", shop.now + timedelta(hours=1))
    monkeypatch.undo()
    assert await shop.seconds_pass(1) == [0]
    assert shop.visible() == []
    on = await maintenance.current(shop.project, shop.now)
    assert on is not None and on.by == "Ann"
