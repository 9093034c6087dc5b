"""Silence alerts that join a chat's incident message of the last minute
(services/notify/incidents.py), delivered by the real sender and aiogram Bot to the Telegram
double: whatever happened to that message, every project's outage reaches the chat, and stays in
it."""

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from aiogram import Bot
from aiogram_i18n.cores import FluentRuntimeCore

from services.delivery.pacing import TelegramPacer
from services.delivery.sender import CLAIM_LEASE, OutboxSender
from services.formats.reports import HeartbeatReport
from services.ingest.ingestor import Ingestor
from services.letters.outbox import OutboxSignal
from services.notify.incidents import IncidentComposer
from services.notify.live import LiveAlerts
from services.notify.notifier import Notifier
from services.watch.silence import SilenceWatcher
from tests.conftest import listened_until, make_project, make_subscriber, make_subscription
from tests.telegram_double import SentMessage, TelegramDouble

CHAT = 7001
DOWN = "Project is not responding"


class Outages:
    """Shop and Blog, both watched by one chat, going silent half a minute apart."""

    def __init__(self, telegram: TelegramDouble, bot: Bot, translator: FluentRuntimeCore) -> None:
        self.telegram = telegram
        notifier = Notifier(translator, "en")
        self.ingestor = Ingestor(notifier, OutboxSignal())
        self.watcher = SilenceWatcher(notifier, OutboxSignal())
        self.live = LiveAlerts(notifier, OutboxSignal())
        # Pacing is tested elsewhere: here everything queued goes in one pass.
        self.sender = OutboxSender(
            bot,
            OutboxSignal(),
            TelegramPacer(private_interval=0),
            IncidentComposer(self.live, CLAIM_LEASE),
        )
        self.start = datetime.now(UTC) - timedelta(hours=3)  # the past: what is queued is due
        self.shop_down_at = self.start + timedelta(hours=1, seconds=1)
        self.blog_down_at = self.shop_down_at + timedelta(seconds=30)

    async def watched(self) -> None:
        self.telegram.add_user(CHAT)
        self.telegram.enforce_flood_limits = False  # the sender here does not pace
        chat = await make_subscriber(telegram_id=CHAT, language="en")
        for name, beat_at in (("Shop", self.start), ("Blog", self.start + timedelta(seconds=30))):
            project = await make_project(name=name)
            await make_subscription(project, chat)
            await self.ingestor.record_heartbeat(project.token, HeartbeatReport(), beat_at)
        await self.deliver()  # the first heartbeats' "up" messages
        self.telegram.sent.clear()

    async def blog_goes_down(self) -> None:
        """The check half a minute after Shop's: the monitor listened all along."""
        await listened_until(self.blog_down_at)
        await self.watcher.check(self.blog_down_at)

    async def deliver(self) -> None:
        await self.sender.drain_once()

    def visible(self) -> list[SentMessage]:
        return [m for m in self.telegram.messages_to(CHAT) if not m.deleted]


@pytest.fixture
async def outages(
    db: str, telegram: TelegramDouble, bot: Bot, translator: FluentRuntimeCore
) -> Outages:
    world = Outages(telegram, bot, translator)
    await world.watched()
    return world


def delete_it(telegram: TelegramDouble, incident: SentMessage) -> None:
    telegram.delete_for_everyone(incident)


def make_it_uneditable(telegram: TelegramDouble, incident: SentMessage) -> None:
    telegram.fail_next("editMessageText", 400, description="Bad Request: message can't be edited")


@pytest.mark.parametrize("refusal", [delete_it, make_it_uneditable])
async def test_a_silence_alert_whose_incident_message_is_gone_arrives_as_a_new_message(
    outages: Outages, refusal: Callable[[TelegramDouble, SentMessage], None]
) -> None:
    await outages.watcher.check(outages.shop_down_at)
    await outages.deliver()
    (incident,) = outages.visible()
    assert "Shop" in incident.visible_text
    refusal(outages.telegram, incident)

    await outages.blog_goes_down()
    await outages.deliver()

    (blog_alert,) = [m for m in outages.visible() if m is not incident]
    assert blog_alert.visible_text.count(DOWN) == 1 and "Blog" in blog_alert.visible_text
    assert [b["text"] for b in blog_alert.buttons] == [
        "⏸ Pause monitoring: Blog",
        "👀 I'm on it",
        "🔧 1 h: Blog",
        "🔧 until I end it: Blog",
    ]
    # Blog's outage lives on in the new message: its minute refresh edits that one.
    await outages.live.refresh(outages.blog_down_at + timedelta(minutes=5))
    await outages.deliver()
    assert "⏱️ Silent for" in blog_alert.visible_text


async def test_a_refresh_queued_before_a_join_does_not_take_the_joined_project_out_again(
    outages: Outages,
) -> None:
    await outages.watcher.check(outages.shop_down_at)
    await outages.deliver()
    (incident,) = outages.visible()

    await outages.blog_goes_down()  # Blog's alert waits in the outbox...
    # ...when Shop's minute refresh renders the message it will join.
    await outages.live.refresh(outages.shop_down_at + timedelta(minutes=1))
    await outages.deliver()

    assert outages.visible() == [incident]
    assert incident.visible_text.count(DOWN) == 2
    assert [b["text"] for b in incident.buttons] == [
        "⏸ Pause monitoring: Shop",
        "👀 I'm on it",
        "🔧 1 h: Shop",
        "🔧 until I end it: Shop",
        "⏸ Pause monitoring: Blog",
        "👀 I'm on it",
        "🔧 1 h: Blog",
        "🔧 until I end it: Blog",
    ]
    assert "⏱️ Silent for" in incident.visible_text.split("➖➖➖")[0]


async def test_an_edit_another_instance_is_sending_is_not_superseded_out_of_its_turn(
    outages: Outages, bot: Bot
) -> None:
    """Regression (found in review): a newer refresh dropped an edit that instance A was still
    sending, so Blog's alert became the chat's earliest row and instance B joined it; A's edit,
    rendered before the join, landed last and took Blog out of the message again."""
    telegram = outages.telegram
    await outages.watcher.check(outages.shop_down_at)
    await outages.deliver()
    (incident,) = outages.visible()
    await outages.live.refresh(outages.shop_down_at + timedelta(minutes=1))  # an edit, queued
    held = telegram.hold_next("editMessageText")
    sending = asyncio.create_task(outages.sender.drain_once())  # instance A: held mid-send
    await telegram.wait_for(lambda: telegram.calls_to("editMessageText"))

    await outages.blog_goes_down()  # Blog's alert, to join the message
    await outages.live.refresh(outages.shop_down_at + timedelta(minutes=2))  # a newer edit
    other = OutboxSender(
        bot,
        OutboxSignal(),
        TelegramPacer(private_interval=0),
        IncidentComposer(outages.live, CLAIM_LEASE),
    )
    await other.drain_once()  # instance B
    held.set()
    await sending
    await other.drain_once()
    await outages.deliver()

    assert incident.visible_text.count(DOWN) == 2
    assert "Blog" in incident.visible_text


async def test_projects_silent_together_still_go_in_one_message_after_a_failed_send(
    outages: Outages,
) -> None:
    await outages.watcher.check(outages.blog_down_at)  # both overdue at one check
    outages.telegram.fail_next("sendMessage", 502)
    await outages.deliver()
    assert outages.visible() == []

    # The first retry waits a second or two; the sender looks a little later.
    outages.sender.clock = lambda: datetime.now(UTC) + timedelta(seconds=5)
    await outages.deliver()

    (incident,) = outages.visible()
    assert incident.visible_text.count(DOWN) == 2
