""" "👀 I'm on it" from the alert itself, through the real bot: anyone who sees the project
presses it, every chat that hears about the project (and the chat an escalation reached) sees
who is on it and since when, and the escalation stops. On an error alert it lasts until the
error is resolved."""

from datetime import UTC, datetime, timedelta

from models import ErrorGroup, Monitor, MonitorKind, Project, ProjectAccess
from services.accounts import escalation
from services.formats.reports import HeartbeatReport
from services.letters.outbox import OutboxSignal
from services.monitors.escalation import began_at
from services.notify.notifier import Notifier
from services.text.render import format_time
from services.watch.escalation import Escalator
from services.watch.silence import SilenceWatcher
from tests.bot.conftest import ADMIN, MEMBER, BotWorld, Chat
from tests.bot.test_alert_buttons import TEAM, deliver, fail, ingestor, last_answer
from tests.conftest import listened_until, make_project, make_subscriber, make_subscription
from tests.telegram_double import SentMessage

ON_CALL, MANAGERS = -901, -902
ACK = "👀 I'm on it"


async def watched(world: BotWorld) -> Project:
    """Shop, heard in the team's group and the admin's own chat; Ann (MEMBER) may only look at
    it, and is in the team's group and the on-call group."""
    project = await make_project(name="Shop", timeout_seconds=3600)
    world.telegram.add_user(MEMBER, first_name="Ann", language_code="en")
    world.telegram.add_group(TEAM, "Team", admins=[ADMIN])
    world.telegram.add_group(ON_CALL, "On call")
    world.telegram.add_group(MANAGERS, "Managers")
    world.person(ADMIN, "en")
    await ProjectAccess.create(project=project, user_id=MEMBER, role="viewer", granted_by=ADMIN)
    for chat_id in (TEAM, ADMIN):
        chat = await make_subscriber(telegram_id=chat_id, language="en")
        await make_subscription(project, chat, heartbeat_mode="off")
    await make_subscriber(telegram_id=ON_CALL, language="en")  # it added the bot: not subscribed
    return project


async def test_im_on_it_shows_who_in_every_chat_and_stops_the_escalation(
    world: BotWorld,
) -> None:
    project = await watched(world)
    now = datetime.now(UTC)
    await escalation.add_step(project, escalation.NewStep("15m", str(ON_CALL), "@ann"), now)
    await escalation.add_step(project, escalation.NewStep("30m", str(MANAGERS)), now)
    notifier = Notifier(world.translator, "ru", world.settings.admin_ids)
    start = datetime.now(UTC) - timedelta(hours=3)  # the past: what is queued is due now
    await ingestor(world).record_heartbeat(project.token, HeartbeatReport(), start)
    down_at = start + timedelta(hours=1, seconds=1)
    await SilenceWatcher(notifier, OutboxSignal()).check(down_at)
    await deliver(world, down_at)
    escalator = Escalator(notifier, OutboxSignal())
    assert await escalator.run(down_at + timedelta(minutes=15)) == 1
    await deliver(world, down_at + timedelta(minutes=15))
    alerts = [Chat(world.telegram, chat, ADMIN).last for chat in (TEAM, ADMIN, ON_CALL)]
    assert all(ACK in [b["text"] for b in alert.buttons] for alert in alerts)
    assert "@ann" in alerts[2].visible_text

    ann = Chat(world.telegram, ON_CALL, MEMBER)  # she may only see the project: enough
    await ann.press(ACK)
    assert last_answer(world) == "👀 Noted: everyone sees you are on it"
    await deliver(world)
    outage = await Monitor.get(project_id=project.id, kind=MonitorKind.HEARTBEAT)
    assert outage.acked_by == "Ann" and outage.acked_at is not None
    since = f"👀 Ann is on it since {format_time(outage.acked_at)}"
    for alert in alerts:
        assert since in alert.visible_text, alert.chat_id
        assert ACK not in [b["text"] for b in alert.buttons]

    assert await escalator.run(down_at + timedelta(minutes=30)) == 0
    await deliver(world)
    assert world.telegram.messages_to(MANAGERS) == []

    # A client that still shows the old button: the first press stays.
    pressed = f"ak:{outage.id}:{began_at(outage.since)}"
    world.telegram.forge_button_press(alerts[0], pressed, from_user_id=ADMIN)
    await Chat(world.telegram, TEAM, ADMIN).settle()
    assert last_answer(world) == "Someone is on it already"
    assert (await Monitor.get(id=outage.id)).acked_by == "Ann"


async def test_im_on_it_on_an_error_alert_lasts_until_it_is_resolved(world: BotWorld) -> None:
    project = await watched(world)
    await fail(world, project)
    await deliver(world)
    team, mine = Chat(world.telegram, TEAM, MEMBER), Chat(world.telegram, ADMIN, ADMIN)
    alerts = [team.last, mine.last]
    assert ACK in team.labels
    await team.press(ACK)
    await deliver(world)
    for alert in alerts:
        assert "👀 Ann is on it since" in alert.visible_text
        assert ACK not in [b["text"] for b in alert.buttons]

    await Chat(world.telegram, TEAM, ADMIN).press("✅ Resolve")
    await deliver(world)
    group = await ErrorGroup.get(project_id=project.id)
    assert (group.status, group.acked_by, group.acked_at) == ("resolved", None, None)
    for alert in alerts:
        assert "✅ Resolved by Person" in alert.visible_text
        assert "is on it" not in alert.visible_text


async def test_a_stranger_cannot_say_they_are_on_it(world: BotWorld) -> None:
    project = await watched(world)
    world.telegram.add_user(777, first_name="Stranger")
    start = datetime.now(UTC) - timedelta(hours=3)
    await ingestor(world).record_heartbeat(project.token, HeartbeatReport(), start)
    notifier = Notifier(world.translator, "ru", world.settings.admin_ids)
    await SilenceWatcher(notifier, OutboxSignal()).check(start + timedelta(hours=2))
    await deliver(world, start + timedelta(hours=2))
    await Chat(world.telegram, TEAM, 777).press(ACK)
    answer = world.telegram.callback_answers[-1]
    assert answer.show_alert and answer.text == "You have no access to this project"
    assert (await Monitor.get(project_id=project.id, kind="heartbeat")).acked_by is None


async def test_a_button_left_from_an_earlier_outage_says_it_is_over(world: BotWorld) -> None:
    """A client still shows "I'm on it" under the alert of an outage that ended; the project
    went silent again since: that press must not say someone is on the new outage."""
    project = await watched(world)
    notifier = Notifier(world.translator, "ru", world.settings.admin_ids)
    watcher = SilenceWatcher(notifier, OutboxSignal())
    team = Chat(world.telegram, TEAM, MEMBER)

    async def silent_after(beat: datetime) -> SentMessage:
        await ingestor(world).record_heartbeat(project.token, HeartbeatReport(), beat)
        down_at = beat + timedelta(hours=1, seconds=1)
        await listened_until(down_at)
        assert await watcher.check(down_at) == 1
        await deliver(world, down_at)
        alerts = world.telegram.messages_to(TEAM)
        return next(m for m in reversed(alerts) if "not responding" in m.visible_text)

    start = datetime.now(UTC) - timedelta(hours=6)
    old = await silent_after(start)
    old_data = old.button_data(ACK)
    new = await silent_after(start + timedelta(hours=2))
    assert new is not old and new.button_data(ACK) != old_data

    world.telegram.forge_button_press(old, old_data, from_user_id=MEMBER)
    await team.settle()
    assert last_answer(world) == "This outage is over: nobody needs to be on it"
    heartbeat = Monitor.filter(project_id=project.id, kind=MonitorKind.HEARTBEAT)
    assert (await heartbeat.get()).acked_by is None

    world.telegram.forge_button_press(new, new.button_data(ACK), from_user_id=MEMBER)
    await team.settle()
    assert last_answer(world) == "👀 Noted: everyone sees you are on it"
    assert (await heartbeat.get()).acked_by == "Ann"
