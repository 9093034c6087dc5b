"""A website watched by an active check, end to end: a real local site the test switches, the
real prober and check runner, the outbox delivered by the real sender and aiogram Bot to the
Telegram double. The outage is one message that says why and is edited while it lasts; the
recovery says how long it was down; nothing is sent while nothing changes."""

import asyncio
import re
import socket
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from aiogram import Bot
from aiogram_i18n.cores import FluentRuntimeCore
from aiohttp import web

from models import Check, Monitor, Project, Subscriber
from services.accounts.checks import NewCheck, add_check
from services.delivery.pacing import TelegramPacer
from services.delivery.sender import CLAIM_LEASE, OutboxSender
from services.letters.outbox import OutboxSignal
from services.notify.incidents import IncidentComposer
from services.notify.live import LiveAlerts
from services.notify.notifier import Notifier
from services.probes.network import NetworkPolicy
from services.probes.prober import Prober
from services.watch.probing import CheckRunner
from tests.conftest import make_project, make_subscriber, make_subscription
from tests.storage.conftest import Site
from tests.telegram_double import SentMessage, TelegramDouble

CHAT = 7101
FAILING = "Check is failing"


class Watch:
    """The shop's website, checked every minute, watched by one chat; time is the test's."""

    def __init__(self, telegram: TelegramDouble, bot: Bot, translator: FluentRuntimeCore) -> None:
        self.telegram = telegram
        notifier = Notifier(translator, "en")
        self.now = datetime.now(UTC) - timedelta(hours=3)  # the past: what is queued is due
        self.prober = Prober(NetworkPolicy())
        self.runner = CheckRunner(self.prober, notifier, OutboxSignal(), clock=lambda: self.now)
        self.live = LiveAlerts(notifier, OutboxSignal())
        self.sender = OutboxSender(
            bot,
            OutboxSignal(),
            TelegramPacer(private_interval=0),
            IncidentComposer(self.live, CLAIM_LEASE),
        )
        self.monitor_id = 0

    async def watched(self, url: str) -> None:
        self.telegram.add_user(CHAT)
        self.telegram.enforce_flood_limits = False  # the sender here does not pace
        chat = await make_subscriber(telegram_id=CHAT, language="en")
        project = await make_project(name="Shop", type="website")
        await make_subscription(project, chat)
        check = await add_check(project, NewCheck(url=url, interval="1m"), self.now)
        self.monitor_id = check.monitor_id

    async def next_probe(self) -> None:
        """The clock moves to the check's next due time, and the runner probes it."""
        due = (await Monitor.get(id=self.monitor_id)).deadline_at
        assert due is not None
        self.now = max(self.now, due)
        assert await self.runner.tick(self.now) >= 1
        await self.runner.settled()
        await self.runner.flush()
        await self.sender.drain_once()

    async def minutes_pass(self, minutes: int) -> None:
        self.now += timedelta(minutes=minutes)
        await self.live.refresh(self.now)
        await self.sender.drain_once()

    def visible(self) -> list[SentMessage]:
        return [m for m in self.telegram.messages_to(CHAT) if not m.deleted]


@pytest.fixture
async def watch(
    db: str, site: Site, telegram: TelegramDouble, bot: Bot, translator: FluentRuntimeCore
) -> AsyncIterator[Watch]:
    world = Watch(telegram, bot, translator)
    await world.watched(site.url)
    yield world
    await world.runner.stop()
    await world.prober.close()


async def test_a_site_that_goes_down_is_one_alert_saying_why_then_a_recovery(
    watch: Watch, site: Site
) -> None:
    await watch.next_probe()  # the first probe, at once: up, which is no news
    await watch.next_probe()
    assert watch.visible() == []

    site.status = 503
    await watch.next_probe()  # one failure is not an outage yet: probed again within 10 s
    assert watch.visible() == []
    await watch.next_probe()
    (alert,) = watch.visible()
    assert FAILING in alert.visible_text and "HTTP 503" in alert.visible_text
    assert site.url in alert.visible_text
    assert re.search(r"⏱️ Response time: \d+ ms", alert.visible_text)

    await watch.next_probe()  # still down: nothing new is sent
    await watch.minutes_pass(2)  # the alert is edited in place
    assert watch.visible() == [alert]
    assert "⏱️ Failing for" in alert.visible_text

    site.status = 200
    await watch.next_probe()
    alert_now, recovery = watch.visible()
    assert alert_now is alert
    assert "Check passes again" in recovery.visible_text and "Down for" in recovery.visible_text
    await watch.minutes_pass(1)
    assert "✅ Recovered after" in alert.visible_text


async def test_a_site_that_is_down_when_added_is_alerted_after_its_confirmations(
    watch: Watch, site: Site
) -> None:
    site.status = 500
    await watch.next_probe()
    await watch.next_probe()
    (alert,) = watch.visible()
    assert "HTTP 500" in alert.visible_text


async def test_checks_of_two_projects_failing_together_share_one_message(
    watch: Watch, site: Site
) -> None:
    blog = await make_project(name="Blog", type="website")
    chat = await Subscriber.get(telegram_id=CHAT)
    await make_subscription(blog, chat)
    await add_check(blog, NewCheck(url=site.url, interval="1m", confirm=1), watch.now)
    shop = await Check.get(monitor_id=watch.monitor_id)
    shop.confirm = 1
    await shop.save(update_fields=["confirm"])
    site.status = 502

    assert await watch.runner.tick(watch.now) == 2  # both due at once: new checks
    await watch.runner.settled()
    await watch.sender.drain_once()

    (alert,) = watch.visible()
    assert alert.visible_text.count(FAILING) == 2
    assert "Shop" in alert.visible_text and "Blog" in alert.visible_text
    assert alert.visible_text.count("HTTP 502") == 2


async def test_each_live_outage_of_a_project_is_edited_to_its_end(
    watch: Watch, site: Site
) -> None:
    """Two checks of one project down minutes apart are two messages in the chat; the first
    one's recovery is edited into the first message, though the second is newer."""
    first = await Check.get(monitor_id=watch.monitor_id)
    first.confirm = 1
    await first.save(update_fields=["confirm"])
    site.status = 503
    await watch.next_probe()
    (first_alert,) = watch.visible()

    watch.now += timedelta(minutes=4)
    with socket.socket() as closed:  # a port nothing listens on once this is closed
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    shop = await Project.get(name="Shop")
    await add_check(shop, NewCheck(url=f"tcp://127.0.0.1:{port}", confirm=1), watch.now)
    assert await watch.runner.tick(watch.now) == 2  # the new check, and the first one's slot
    await watch.runner.settled()
    await watch.sender.drain_once()
    first_now, second_alert = watch.visible()
    assert first_now is first_alert and "connection refused" in second_alert.visible_text

    site.status = 200
    await watch.next_probe()
    await watch.minutes_pass(1)
    assert "✅ Recovered after" in first_alert.visible_text
    assert "⏱️ Failing for" in second_alert.visible_text


async def test_a_stopping_runner_starts_no_probe_and_records_none_cut_short(
    watch: Watch, site: Site
) -> None:
    """A shutdown cuts probes short; what they "found" is the shutdown, not the site."""
    site.status = 503
    first = await Check.get(monitor_id=watch.monitor_id)
    first.confirm = 1
    await first.save(update_fields=["confirm"])
    hanging = asyncio.Event()

    async def hang(request: web.Request) -> web.Response:
        await hanging.wait()
        return web.Response(text="too late")

    site.handler = hang
    await watch.runner.tick(watch.now)  # the probe waits on the site
    await watch.runner.stop()
    hanging.set()
    assert await watch.runner.tick(watch.now + timedelta(hours=1)) == 0
    assert (await Monitor.get(id=watch.monitor_id)).state == "new"
    assert watch.visible() == []


async def test_a_flapping_site_is_reported_once_not_on_every_flip(
    watch: Watch, site: Site
) -> None:
    first = await Check.get(monitor_id=watch.monitor_id)
    first.confirm = 1
    await first.save(update_fields=["confirm"])
    await watch.next_probe()  # up
    for status in (503, 200, 503, 200, 503, 200, 503):  # down, up, down, up, down (flaps)…
        site.status = status
        await watch.next_probe()
    texts = [m.visible_text for m in watch.visible()]
    # two outages and their recoveries, then once: it flaps; the flips after it say nothing
    assert sum(FAILING in t for t in texts) == 2, texts
    assert sum("Check passes again" in t for t in texts) == 2
    assert [t for t in texts if "keeps flipping" in t] == [texts[-1]]
    assert len(texts) == 5
