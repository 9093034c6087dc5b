"""When someone's access ends (revoked, no longer an admin, the bot removed from a group), the
chats they subscribed learn nothing new: no alert, no edit of an old alert, no buttons left to
press; each chat is told once why, and a group's alerts come back only when a group
administrator with access turns them on."""

import argparse
from datetime import UTC, datetime, timedelta

from cli.commands import remove_admin
from models import (
    ErrorGroup,
    OutboxMessage,
    Project,
    ProjectAccess,
    StopReason,
    Subscriber,
    Subscription,
)
from services.accounts.subscribers import add_admin, subscribe
from services.formats.reports import ErrorDetails, HeartbeatReport
from services.ingest.ingestor import Ingestor
from services.letters.outbox import OutboxSignal
from services.notify.notifier import Notifier
from services.watch.silence import SilenceWatcher
from tests.bot.conftest import ADMIN, MEMBER, STRANGER, BotWorld, Chat
from tests.bot.test_alert_buttons import deliver, fail
from tests.bot.test_projects_flow import add_project
from tests.conftest import make_project, make_subscription
from tests.telegram_double import SentMessage

TEAM = -900
STOPPED = ("no longer has access to the project", "больше нет доступа к проекту")


def alerts_in(world: BotWorld, chat_id: int) -> list[SentMessage]:
    return [m for m in world.telegram.messages_to(chat_id) if "New error" in m.visible_text]


def notices_in(world: BotWorld, chat_id: int) -> list[str]:
    texts = [m.visible_text for m in world.telegram.messages_to(chat_id)]
    return [text for text in texts if any(words in text for words in STOPPED)]


async def member_subscribed(world: BotWorld, project: Project) -> Chat:
    """MEMBER, invited as a viewer, subscribes their own chat (English)."""
    await ProjectAccess.create(project=project, user_id=MEMBER, role="viewer", granted_by=ADMIN)
    member = world.person(MEMBER, "en")
    await member.say("/subscribe")
    await member.press("💾 Save")
    return member


async def group_subscribed_by(world: BotWorld, user_id: int) -> Chat:
    world.person(MEMBER, "en")
    world.telegram.add_group(TEAM, "Team", admins=[ADMIN, MEMBER])
    team = Chat(world.telegram, TEAM, user_id)
    await team.say("/subscribe")
    await team.press("💾 Save")
    assert "✅ Saved" in team.screen
    return team


async def revoke_in_the_bot(world: BotWorld, user_id: int) -> None:
    admin = world.person(ADMIN, "en")
    await admin.say("/listprojects")
    await admin.press("Shop")
    await admin.press("🔐 Access")
    await admin.press(next(label for label in admin.labels if str(user_id) in label))
    await admin.press("✅ Revoke")


async def test_a_revoked_colleague_gets_no_alert_no_edit_and_no_button(world: BotWorld) -> None:
    project = await add_project(world)
    await member_subscribed(world, project)
    await fail(world, project)
    await deliver(world)
    [alert] = alerts_in(world, MEMBER)
    assert alert.buttons

    await revoke_in_the_bot(world, MEMBER)
    await deliver(world)
    assert not alert.buttons  # one last edit took them away
    assert len(notices_in(world, MEMBER)) == 1
    shown = alert.visible_text

    await fail(world, project)  # the same error again: the refresher edits alerts
    await fail(world, project, trace="File 'other.py'")
    await ingestor_for(world).record_error(
        project.token, ErrorDetails(type="ValueError", message="new"), datetime.now(UTC)
    )
    await ErrorGroup.all().update(refresh_due_at=datetime.now(UTC))
    await deliver(world)
    assert alert.visible_text == shown and not alert.buttons
    assert len(alerts_in(world, MEMBER)) == 1
    assert len(notices_in(world, MEMBER)) == 1
    stopped = await Subscription.get(subscriber__telegram_id=MEMBER)
    assert stopped.stopped_because == StopReason.MAKER_LOST_ACCESS


def ingestor_for(world: BotWorld, admins: list[int] | None = None) -> Ingestor:
    chosen = world.settings.admin_ids if admins is None else admins
    return Ingestor(Notifier(world.translator, "ru", chosen), OutboxSignal())


async def test_subscriptions_of_a_removed_admin_stop_and_say_why_once(world: BotWorld) -> None:
    project = await add_project(world)
    await add_admin(MEMBER)
    await group_subscribed_by(world, MEMBER)
    await fail(world, project)
    await deliver(world)
    assert len(alerts_in(world, TEAM)) == 1

    await subscribe(MEMBER, project)  # their own chat, from the shell: no maker recorded
    args = argparse.Namespace(telegram_id=MEMBER)
    await remove_admin(args, world.settings, world.translator)
    await deliver(world)
    [notice] = notices_in(world, TEAM)
    assert "Shop" in notice
    assert len(notices_in(world, MEMBER)) == 1
    await ingestor_for(world).record_error(
        project.token, ErrorDetails(type="ValueError", message="after"), datetime.now(UTC)
    )
    await deliver(world)
    assert len(alerts_in(world, TEAM)) == 1
    assert len(notices_in(world, TEAM)) == 1
    assert not alerts_in(world, MEMBER)


async def test_a_subscription_made_by_someone_taken_out_of_admin_ids_stops(
    world: BotWorld,
) -> None:
    """ADMIN_IDS changed at a restart: the first notification finds the maker without access."""
    project = await add_project(world)
    await group_subscribed_by(world, ADMIN)
    restarted = ingestor_for(world, admins=[])
    await restarted.record_error(
        project.token, ErrorDetails(type="ValueError", message="after"), datetime.now(UTC)
    )
    await deliver(world)
    assert not alerts_in(world, TEAM)
    assert len(notices_in(world, TEAM)) == 1


async def test_unsubscribing_takes_the_buttons_off_old_alerts(world: BotWorld) -> None:
    project = await add_project(world)
    member = await member_subscribed(world, project)
    await fail(world, project)
    await deliver(world)
    [alert] = alerts_in(world, MEMBER)
    await member.say("/unsubscribe")
    await member.press("Shop")
    await member.press("🔕 Unsubscribe")
    await deliver(world)
    assert not alert.buttons
    await fail(world, project)
    await ErrorGroup.all().update(refresh_due_at=datetime.now(UTC))
    await deliver(world)
    assert not alert.buttons and len(alerts_in(world, MEMBER)) == 1


async def test_a_group_added_back_stays_quiet_until_an_entitled_group_admin_says_so(
    world: BotWorld,
) -> None:
    project = await add_project(world)
    await group_subscribed_by(world, ADMIN)
    world.telegram.add_user(STRANGER, first_name="Stranger")
    team = Chat(world.telegram, TEAM, STRANGER)
    world.telegram.block(TEAM, by=ADMIN)  # the bot is removed from the group
    await team.settle()
    world.telegram.unblock(TEAM, by=STRANGER)  # anyone may add it back
    await team.settle()
    assert "stay off until a group administrator with access" in team.screen
    assert "Shop" in team.screen

    await fail(world, project)
    await deliver(world)
    assert not alerts_in(world, TEAM)

    await team.press("🔔 Turn alerts back on")  # a plain member of the group
    assert "only its administrators" in world.telegram.callback_answers[-1].text
    member = Chat(world.telegram, TEAM, MEMBER)  # a group admin without access to Shop
    await member.press("🔔 Turn alerts back on")
    assert "no access" in world.telegram.callback_answers[-1].text
    assert (await Subscription.get(subscriber__telegram_id=TEAM)).stopped_at

    admin = Chat(world.telegram, TEAM, ADMIN)
    await admin.press("🔔 Turn alerts back on")
    assert "Alerts are on again: «Shop»" in admin.screen
    await ingestor_for(world).record_error(
        project.token, ErrorDetails(type="ValueError", message="back"), datetime.now(UTC)
    )
    await deliver(world)
    assert len(alerts_in(world, TEAM)) == 1


async def test_an_outage_message_shared_with_a_lost_project_stops_telling_about_it(
    world: BotWorld,
) -> None:
    """A group hears about Shop (subscribed by MEMBER) and Blog; both go silent in one message.
    Once MEMBER is revoked, Shop's part stays as first sent (no "silent for", no button, no
    recovery), while Blog's goes on."""
    shop = await add_project(world)
    blog = await make_project(name="Blog")
    await ProjectAccess.create(project=shop, user_id=MEMBER, role="viewer", granted_by=ADMIN)
    await group_subscribed_by(world, MEMBER)
    await make_subscription(blog, await Subscriber.get(telegram_id=TEAM))
    start = datetime.now(UTC) - timedelta(hours=3)
    for project in (shop, blog):
        await ingestor_for(world).record_heartbeat(project.token, HeartbeatReport(), start)
    watcher = SilenceWatcher(Notifier(world.translator, "ru", [ADMIN]), OutboxSignal())
    down_at = start + timedelta(hours=1, seconds=1)
    await watcher.check(down_at)
    await deliver(world, down_at)
    incident = world.telegram.messages_to(TEAM)[-1]
    assert incident.visible_text.count("Project is not responding") == 2
    assert len(incident.buttons) == 8  # pause, "I'm on it", 🔧 1 h, 🔧 until I end it: each

    await revoke_in_the_bot(world, MEMBER)
    await deliver(world, down_at + timedelta(minutes=5))
    shop_part, blog_part = incident.visible_text.split("➖➖➖")
    assert "Shop" in shop_part and "⏱️ Silent for" not in shop_part
    assert "Blog" in blog_part and "⏱️ Silent for 1 h 5 min" in blog_part
    assert [b["text"] for b in incident.buttons] == [
        "⏸ Pause monitoring: Blog",
        "👀 I'm on it",
        "🔧 1 h: Blog",
        "🔧 until I end it: Blog",
    ]

    await ingestor_for(world).record_heartbeat(shop.token, HeartbeatReport(), datetime.now(UTC))
    await deliver(world, down_at + timedelta(minutes=10))
    shop_part, blog_part = incident.visible_text.split("➖➖➖")
    assert "Recovered" not in shop_part and "⏱️ Silent for" not in shop_part
    assert not any("responding again" in m.visible_text for m in world.telegram.messages_to(TEAM))


async def test_an_edit_queued_as_access_ended_is_not_sent_after_the_last_one(
    world: BotWorld,
) -> None:
    """On PostgreSQL the refresher may read who hears just before a revocation commits and
    queue its edit (with buttons) after the edit that took them away: it is dropped when its
    turn comes, since the chat no longer hears about the project."""
    project = await add_project(world)
    await member_subscribed(world, project)
    await fail(world, project)
    await deliver(world)
    [alert] = alerts_in(world, MEMBER)
    await revoke_in_the_bot(world, MEMBER)
    last = await OutboxMessage.get(chat_id=MEMBER, kind="farewell")
    late = await OutboxMessage.get(chat_id=MEMBER, kind="error")
    await OutboxMessage.create(
        subscriber_id=late.subscriber_id,  # type: ignore[attr-defined]
        chat_id=MEMBER,
        kind="edit",
        text=last.text + "\n\nSeen 2 times",
        reply_markup=late.reply_markup,
        group_id=late.group_id,
        project_id=project.id,
        edit_message_id=alert.message_id,
        next_attempt_at=datetime.now(UTC),
        created_at=datetime.now(UTC),
    )
    await deliver(world)
    assert not alert.buttons and "Seen 2 times" not in alert.visible_text


async def test_a_group_that_refused_a_message_stays_quiet_when_added_back(
    world: BotWorld,
) -> None:
    """The bot was removed while nobody heard (the update lost, a long outage): the refusal of
    the next alert stops the group's subscriptions, as the removal would have."""
    project = await add_project(world)
    await group_subscribed_by(world, ADMIN)
    world.telegram.block(TEAM, notify=False)
    await fail(world, project)
    await deliver(world)
    assert (await Subscription.get(subscriber__telegram_id=TEAM)).stopped_at
    world.telegram.add_user(STRANGER, first_name="Stranger")
    world.telegram.unblock(TEAM, by=STRANGER)
    team = Chat(world.telegram, TEAM, STRANGER)
    await team.settle()
    assert "stay off until a group administrator with access" in team.screen
    await ingestor_for(world).record_error(
        project.token, ErrorDetails(type="ValueError", message="later"), datetime.now(UTC)
    )
    await deliver(world)
    assert not alerts_in(world, TEAM)
