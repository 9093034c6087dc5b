"""Escalation against a real database, end to end: a project's silence alerted to its chat,
then each step of its chain sent once to its own chat (not a subscriber) while nobody says "I'm
on it", by the real escalator, notifier, live edits and outbox sender, through the aiogram Bot
to the Telegram double. The clock is the test's (in the past: what is queued is due now)."""

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from aiogram import Bot
from aiogram_i18n.cores import FluentRuntimeCore

from models import (
    MaintenanceKind,
    MaintenanceWindow,
    Monitor,
    OutboxMessage,
    Project,
    ProjectAccess,
)
from services.accounts import access, escalation
from services.accounts.checks import NewCheck, add_check
from services.accounts.subscribers import leave_chat
from services.delivery.pacing import TelegramPacer
from services.delivery.sender import CLAIM_LEASE, OutboxSender
from services.formats.reports import HeartbeatReport
from services.ingest.ingestor import Ingestor
from services.letters.outbox import OutboxSignal
from services.monitors import writer
from services.monitors.escalation import Acknowledged, began_at
from services.monitors.writer import Probed
from services.notify.incidents import IncidentComposer
from services.notify.live import LiveAlerts
from services.notify.notifier import Notifier
from services.watch.escalation import Escalator
from services.watch.held import HeldReleaser
from services.watch.silence import SilenceWatcher
from tests.conftest import (
    heartbeat_monitor,
    listened_until,
    make_project,
    make_subscriber,
    make_subscription,
)
from tests.telegram_double import SentMessage, TelegramDouble

TEAM, FIRST, SECOND = 7201, -7202, -7203
PERSON, MAKER, OPS = 7204, 7205, -7206  # a colleague, a maintainer, their ops group
TIMEOUT = timedelta(minutes=10)
ESCALATED = "🆘 Nobody said"
ACK = "👀 I'm on it"
SITE = "https://shop.example.com/health"


class Desk:
    """The shop's heartbeat, heard by one chat, with a chain of two steps: 15 min after the
    alert the on-call group (mentioning @ann), 30 min after it the managers' group."""

    def __init__(self, telegram: TelegramDouble, bot: Bot, translator: FluentRuntimeCore) -> None:
        self.telegram = telegram
        self.notifier = Notifier(translator, "en")
        self.now = datetime.now(UTC) - timedelta(hours=5)
        self.announced = self.now
        self.watcher = SilenceWatcher(self.notifier, OutboxSignal())
        self.escalator = Escalator(self.notifier, OutboxSignal())
        self.live = LiveAlerts(self.notifier, OutboxSignal())
        pacer = TelegramPacer(private_interval=0, group_interval=0)
        composer = IncidentComposer(self.live, CLAIM_LEASE)
        self.sender = OutboxSender(bot, OutboxSignal(), pacer, composer, hearing=self.notifier)
        self.project = Project()

    async def open(self, reminders: str = "off") -> None:
        self.telegram.enforce_flood_limits = False  # the sender here does not pace
        self.telegram.add_user(TEAM)
        self.telegram.add_group(FIRST, "On call")
        self.telegram.add_group(SECOND, "Managers")
        self.project = await make_project(name="Shop", timeout_seconds=600)
        chat = await make_subscriber(telegram_id=TEAM, language="en")
        await make_subscription(self.project, chat, heartbeat_mode="off", reminders=reminders)
        await self.add_step("30m", SECOND)
        await self.add_step("15m", FIRST, "@ann")
        await self.beat()

    async def add_step(
        self, after: str, chat_id: int, mention: str | None = None, by: int | None = None
    ) -> None:
        step = escalation.NewStep(after, str(chat_id), mention, by)
        await escalation.add_step(self.project, step, self.now)

    async def beat(self) -> None:
        await Ingestor(self.notifier, OutboxSignal()).record_heartbeat(
            self.project.token, HeartbeatReport(), self.now
        )
        await self.deliver()

    async def goes_silent(self) -> None:
        self.now += TIMEOUT + timedelta(seconds=1)
        await listened_until(self.now)
        assert await self.watcher.check(self.now) == 1
        self.announced = self.now
        await self.deliver()

    async def minutes_after_alert(self, minutes: int, escalators: int = 1) -> int:
        """The clock moves on; the escalators run at once; how many steps they sent."""
        self.now = self.announced + timedelta(minutes=minutes)
        escalators_here = [Escalator(self.notifier, OutboxSignal()) for _ in range(escalators)]
        sent = sum(await asyncio.gather(*(e.run(self.now) for e in escalators_here)))
        await self.deliver()
        return sent

    async def deliver(self) -> None:
        await self.live.refresh(self.now)
        await self.sender.drain_once()

    def messages(self, chat_id: int) -> list[SentMessage]:
        return [m for m in self.telegram.messages_to(chat_id) if not m.deleted]

    async def outage(self) -> Monitor:
        return await heartbeat_monitor(self.project.id)

    async def ack(self, by: str, monitor_id: int | None = None) -> Acknowledged:
        """A press of "👀 I'm on it" under the alert of the monitor's outage as it is now."""
        outage = await Monitor.get(id=monitor_id or (await self.outage()).id)
        return await escalation.acknowledge(outage.id, began_at(outage.since), by, self.now)


def ack_data(outage: Monitor) -> str:
    return f"ak:{outage.id}:{began_at(outage.since)}"


@pytest.fixture
async def desk(
    db: str, telegram: TelegramDouble, bot: Bot, translator: FluentRuntimeCore
) -> AsyncIterator[Desk]:
    world = Desk(telegram, bot, translator)
    await world.open()
    yield world


def labels(message: SentMessage) -> list[str]:
    return [button["text"] for button in message.buttons]


async def test_a_chain_of_two_steps_alerts_each_chat_once_at_15_and_30_minutes(
    desk: Desk,
) -> None:
    await desk.goes_silent()
    alert = desk.messages(TEAM)[-1]
    assert "Project is not responding" in alert.visible_text
    outage = await desk.outage()
    assert labels(alert) == [
        "⏸ Pause monitoring: Shop",
        ACK,
        "🔧 1 h: Shop",
        "🔧 until I end it: Shop",
    ]
    # It names the outage: its monitor and when it began.
    assert alert.button_data(ACK) == ack_data(outage)

    assert await desk.minutes_after_alert(14) == 0
    assert desk.messages(FIRST) == []
    assert await desk.minutes_after_alert(15) == 1
    (first,) = desk.messages(FIRST)
    assert first.visible_text.startswith(f'{ESCALATED} "I\'m on it" within 15 min')
    assert "Project is not responding" in first.visible_text and "@ann" in first.visible_text
    assert ACK in labels(first)

    assert await desk.minutes_after_alert(29) == 0
    assert desk.messages(SECOND) == []
    assert await desk.minutes_after_alert(30) == 1
    (second,) = desk.messages(SECOND)
    assert "within 30 min" in second.visible_text and "@ann" not in second.visible_text

    for minutes in (31, 45, 90, 240):
        assert await desk.minutes_after_alert(minutes) == 0
    assert [len(desk.messages(chat)) for chat in (FIRST, SECOND)] == [1, 1]
    # The escalated messages live like the alert: edited while the outage lasts.
    assert "⏱️ Silent for" in first.visible_text
    assert (await desk.outage()).escalate_at is None


async def test_an_acknowledgement_stops_the_escalation(desk: Desk) -> None:
    await desk.goes_silent()
    assert await desk.minutes_after_alert(15) == 1
    assert await desk.ack("Ann <on call>") == Acknowledged.ACKED
    assert await desk.ack("Bob") == Acknowledged.TAKEN  # the first one wins
    assert await desk.minutes_after_alert(30) == 0
    assert await desk.minutes_after_alert(60) == 0
    assert desk.messages(SECOND) == []
    alert, (first,) = desk.messages(TEAM)[-1], desk.messages(FIRST)
    for message in (alert, first):
        assert "👀 Ann <on call> is on it since" in message.visible_text
        assert ACK not in labels(message)


async def test_two_escalators_at_once_send_each_step_once(desk: Desk) -> None:
    await desk.goes_silent()
    assert await desk.minutes_after_alert(15, escalators=2) == 1
    assert await desk.minutes_after_alert(30, escalators=2) == 1
    assert await desk.minutes_after_alert(45, escalators=2) == 0
    assert [len(desk.messages(chat)) for chat in (FIRST, SECOND)] == [1, 1]
    letters = OutboxMessage.filter(kind="escalation", edit_message_id__isnull=True)
    assert await letters.count() == 2


async def test_a_recovery_clears_the_acknowledgement_and_the_next_outage_starts_afresh(
    desk: Desk,
) -> None:
    await desk.goes_silent()
    assert await desk.minutes_after_alert(15) == 1
    assert await desk.ack("Ann") == Acknowledged.ACKED
    await desk.deliver()
    alert = desk.messages(TEAM)[-1]
    assert "👀 Ann is on it since" in alert.visible_text

    desk.now += timedelta(minutes=1)
    await desk.beat()
    outage = await desk.outage()
    assert (outage.acked_by, outage.acked_at, outage.escalate_at) == (None, None, None)
    assert "✅ Recovered after" in alert.visible_text
    assert "is on it" not in alert.visible_text

    await desk.goes_silent()
    again = desk.messages(TEAM)[-1]
    assert again is not alert and ACK in labels(again)
    assert await desk.minutes_after_alert(15) == 1  # the chain starts over: step 1 again
    assert len(desk.messages(FIRST)) == 2


async def test_reminders_stop_after_an_acknowledgement(
    db: str, telegram: TelegramDouble, bot: Bot, translator: FluentRuntimeCore
) -> None:
    desk = Desk(telegram, bot, translator)
    await desk.open(reminders="hourly")
    await escalation.clear_steps(desk.project)
    await desk.goes_silent()
    silent_since = (await desk.outage()).since
    assert silent_since is not None

    async def reminders_by(hours: int) -> int:
        desk.now = silent_since + timedelta(hours=hours, minutes=1)
        await desk.deliver()
        return sum("⏰ Reminder" in m.visible_text for m in desk.messages(TEAM))

    assert await reminders_by(1) == 1
    assert await desk.ack("Ann") == Acknowledged.ACKED
    assert await reminders_by(2) == 1
    assert await reminders_by(3) == 1


async def test_each_outage_of_a_project_escalates_and_is_acknowledged_on_its_own(
    desk: Desk,
) -> None:
    """The heartbeat silent and a check failing at once: each outage's alert and steps carry
    a button naming its own monitor; saying "I'm on it" to the check's leaves the silence's
    escalation running."""
    check = await add_check(desk.project, NewCheck(url=SITE, interval="1m", confirm=1), desk.now)
    await desk.goes_silent()
    failed = Probed(check.monitor_id, False, desk.now, 120, 503, "http_status", {"status": "503"})
    await writer.check_probed(failed, desk.notifier)
    await desk.deliver()
    silence = await desk.outage()
    assert await desk.minutes_after_alert(15) == 2
    by_outage = {m.button_data(ACK): m.visible_text for m in desk.messages(FIRST)}
    failing = await Monitor.get(id=check.monitor_id)
    assert set(by_outage) == {ack_data(silence), ack_data(failing)}
    assert "Check is failing" in by_outage[ack_data(failing)]
    assert SITE in by_outage[ack_data(failing)]
    assert "Project is not responding" in by_outage[ack_data(silence)]

    assert await desk.ack("Ann", check.monitor_id) == Acknowledged.ACKED
    assert await desk.minutes_after_alert(30) == 1
    (second,) = desk.messages(SECOND)
    assert "Project is not responding" in second.visible_text
    assert second.button_data(ACK) == ack_data(silence)


async def test_an_outage_held_by_maintenance_does_not_escalate(desk: Desk) -> None:
    await MaintenanceWindow.create(project=desk.project, kind=MaintenanceKind.ONE_OFF)
    await desk.goes_silent()  # down, but not alerted: nobody is asked to be on it
    assert desk.messages(TEAM) == []
    assert (await desk.outage()).escalate_at is None
    assert await desk.minutes_after_alert(15) == 0
    assert await desk.minutes_after_alert(30) == 0
    assert desk.messages(FIRST) == desk.messages(SECOND) == []


async def test_maintenance_begun_during_an_outage_holds_its_chain_until_it_ends(
    desk: Desk,
) -> None:
    await desk.goes_silent()
    assert await desk.minutes_after_alert(15) == 1
    window_ends = desk.announced + timedelta(minutes=60)
    await MaintenanceWindow.create(
        project=desk.project,
        kind=MaintenanceKind.ONE_OFF,
        starts_at=desk.announced + timedelta(minutes=20),
        ends_at=window_ends,
    )
    for minutes in (30, 45, 59):  # the second step's time came in the window
        assert await desk.minutes_after_alert(minutes) == 0
    assert desk.messages(SECOND) == []
    assert await desk.minutes_after_alert(61) == 1  # the window is over: the chain goes on
    assert len(desk.messages(SECOND)) == 1


async def test_an_outage_a_window_held_escalates_from_when_it_is_alerted(desk: Desk) -> None:
    window = await MaintenanceWindow.create(project=desk.project, kind=MaintenanceKind.ONE_OFF)
    await desk.goes_silent()
    assert desk.messages(TEAM) == []
    await MaintenanceWindow.filter(id=window.id).update(ends_at=desk.now)
    assert await HeldReleaser(desk.notifier, OutboxSignal()).release(desk.now) == 1
    await desk.deliver()
    assert "Project is not responding" in desk.messages(TEAM)[-1].visible_text
    assert await desk.minutes_after_alert(14) == 0
    assert await desk.minutes_after_alert(15) == 1
    assert len(desk.messages(FIRST)) == 1


async def test_a_check_paused_while_down_stops_its_escalation(desk: Desk) -> None:
    check = await add_check(desk.project, NewCheck(url=SITE, interval="1m", confirm=1), desk.now)
    desk.announced = desk.now
    failed = Probed(check.monitor_id, False, desk.now, 120, 503, "http_status", {"status": "503"})
    await writer.check_probed(failed, desk.notifier)
    await writer.check_paused(check.monitor_id, True, desk.now + timedelta(minutes=5))
    assert await desk.minutes_after_alert(15) == 0
    assert (await Monitor.get(id=check.monitor_id)).escalate_at is None  # not read again
    assert desk.messages(FIRST) == []


async def test_a_pause_during_an_outage_delays_its_chain_and_the_resume_goes_on_with_it(
    desk: Desk,
) -> None:
    await desk.goes_silent()
    project = await Project.get(id=desk.project.id)
    await writer.set_paused(project, True, desk.announced + timedelta(minutes=5), "Bob")
    assert await desk.minutes_after_alert(16) == 0  # paused: nobody is escalated to
    assert await desk.minutes_after_alert(40) == 0
    assert desk.messages(FIRST) == []
    await writer.set_paused(project, False, desk.announced + timedelta(minutes=45))
    assert (await desk.outage()).state == "down"  # still silent: the outage goes on
    assert await desk.minutes_after_alert(46) == 1  # and so does its chain
    assert len(desk.messages(FIRST)) == 1
    # The time paused did not count: the second step keeps its 15 minutes after the first.
    assert await desk.minutes_after_alert(55) == 0
    assert await desk.minutes_after_alert(56) == 1
    assert len(desk.messages(SECOND)) == 1


async def test_a_press_on_an_outage_nobody_was_told_of_acknowledges_nothing(desk: Desk) -> None:
    """A maintenance window holds the outage: a stale press (the button of the same monitor's
    earlier outage) must not leave it acknowledged when the window ends unannounced."""
    window = await MaintenanceWindow.create(project=desk.project, kind=MaintenanceKind.ONE_OFF)
    await desk.goes_silent()
    assert await desk.ack("Stale press") == Acknowledged.OVER
    assert (await desk.outage()).acked_by is None
    await MaintenanceWindow.filter(id=window.id).update(ends_at=desk.now)
    assert await HeldReleaser(desk.notifier, OutboxSignal()).release(desk.now) == 1
    await desk.deliver()
    alert = desk.messages(TEAM)[-1]
    assert ACK in labels(alert) and "is on it" not in alert.visible_text
    assert await desk.minutes_after_alert(15) == 1  # the chain runs: nobody is on it


async def test_a_chain_added_during_an_outage_escalates_it_from_then(desk: Desk) -> None:
    await escalation.clear_steps(desk.project)
    await desk.goes_silent()
    assert (await desk.outage()).escalate_at is None  # no chain when it was announced
    desk.now = desk.announced + timedelta(minutes=10)
    await desk.add_step("15m", FIRST)
    desk.announced = desk.now  # its steps count from when the chain was added
    assert await desk.minutes_after_alert(14) == 0
    assert await desk.minutes_after_alert(15) == 1
    (step,) = desk.messages(FIRST)
    assert step.visible_text.startswith(ESCALATED)


async def test_a_chain_added_during_an_acknowledged_outage_leaves_it_alone(desk: Desk) -> None:
    await escalation.clear_steps(desk.project)
    await desk.goes_silent()
    assert await desk.ack("Ann") == Acknowledged.ACKED
    await desk.add_step("15m", FIRST)
    assert await desk.minutes_after_alert(15) == 0
    assert desk.messages(FIRST) == []


async def test_a_revoked_persons_own_step_brings_them_nothing_new(desk: Desk) -> None:
    desk.telegram.add_user(PERSON)
    await ProjectAccess.create(
        project=desk.project, user_id=PERSON, role="viewer", granted_by=MAKER
    )
    await make_subscriber(telegram_id=PERSON, language="en")
    await desk.add_step("20m", PERSON)
    await desk.goes_silent()
    for minutes in (15, 20):
        assert await desk.minutes_after_alert(minutes) == 1
    (step,) = desk.messages(PERSON)
    assert step.visible_text.startswith(ESCALATED) and ACK in labels(step)
    await desk.minutes_after_alert(25)
    assert "⏱️ Silent for" in step.visible_text  # edited while she sees the project

    await access.revoke(desk.project.id, PERSON, desk.now)
    seen, letters = step.visible_text, await OutboxMessage.filter(chat_id=PERSON).count()
    desk.now += timedelta(minutes=1)
    await desk.beat()  # the outage ends: her message is not told so
    assert "✅ Recovered after" in desk.messages(TEAM)[-2].visible_text
    assert step.visible_text == seen and ACK in labels(step)
    # Not even queued, to be dropped by the sender.
    assert await OutboxMessage.filter(chat_id=PERSON).count() == letters

    await desk.goes_silent()  # the next outage: her step sends her nothing
    for minutes in (15, 20, 30):
        assert await desk.minutes_after_alert(minutes) == 1
    assert desk.messages(PERSON) == [step]
    assert step.visible_text == seen


async def test_a_group_step_whose_maker_lost_access_brings_the_group_nothing_new(
    desk: Desk,
) -> None:
    desk.telegram.add_group(OPS, "Ops")
    await ProjectAccess.create(
        project=desk.project, user_id=MAKER, role="maintainer", granted_by=PERSON
    )
    await make_subscriber(telegram_id=OPS, language="en")
    await desk.add_step("20m", OPS, by=MAKER)
    await desk.goes_silent()
    assert await desk.minutes_after_alert(15) == 1
    # The step is queued while its maker sees the project; they lose it before it goes.
    desk.now = desk.announced + timedelta(minutes=20)
    assert await desk.escalator.run(desk.now) == 1
    await access.revoke(desk.project.id, MAKER, desk.now)
    await desk.deliver()
    assert desk.messages(OPS) == []
    assert await desk.minutes_after_alert(30) == 1  # the rest of the chain goes on
    assert len(desk.messages(SECOND)) == 1

    desk.now += timedelta(minutes=1)
    await desk.beat()
    await desk.goes_silent()  # the next outage: nothing to the group either
    for minutes in (15, 20, 30):
        assert await desk.minutes_after_alert(minutes) == 1
    assert desk.messages(OPS) == []


async def test_a_group_the_bot_was_removed_from_is_sent_no_step(desk: Desk) -> None:
    await leave_chat(FIRST, desk.now)  # the on-call group removed the bot
    await desk.goes_silent()
    assert await desk.minutes_after_alert(15) == 1  # counted as done, nothing sent
    assert await desk.minutes_after_alert(30) == 1
    assert desk.messages(FIRST) == []
    assert len(desk.messages(SECOND)) == 1
