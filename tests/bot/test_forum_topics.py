"""A forum group whose topics are subscribed to different projects: each topic hears only about
its own projects, also when outages come together (issue 31, item 8)."""

from datetime import UTC, datetime, timedelta

from models import Project
from services.formats.reports import HeartbeatReport
from services.letters.outbox import OutboxSignal
from services.notify.notifier import Notifier
from services.watch.silence import SilenceWatcher
from tests.bot.conftest import ADMIN, BotWorld, Chat
from tests.bot.test_alert_buttons import deliver, ingestor
from tests.bot.test_projects_flow import add_project
from tests.conftest import listened_until, make_project
from tests.telegram_double import SentMessage

FORUM = -1001234567890
SHOP_TOPIC, BLOG_TOPIC = 10, 20


async def subscribe_in_topic(world: BotWorld, project: Project, topic: int) -> None:
    """The group's administrator sends /subscribe in the topic and saves."""
    forum = Chat(world.telegram, FORUM, ADMIN)
    world.telegram.send_text(FORUM, "/subscribe", from_user=ADMIN, thread_id=topic)
    await forum.settle()
    for label in (project.name, "💾 Save"):
        # In a group the dialog edits its message in that topic (not the chat's latest one).
        dialog = in_topic(world, topic)[-1]
        world.telegram.press_button(dialog, dialog.button_data(label), from_user_id=ADMIN)
        await forum.settle()
    assert "✅ Saved" in in_topic(world, topic)[-1].visible_text


def in_topic(world: BotWorld, topic: int) -> list[SentMessage]:
    return [m for m in world.telegram.messages_to(FORUM) if m.message_thread_id == topic]


def outages_in(world: BotWorld, topic: int) -> list[SentMessage]:
    return [m for m in in_topic(world, topic) if "Project is not responding" in m.visible_text]


def outages_by_topic(world: BotWorld) -> dict[int, list[list[str]]]:
    """Each topic's outage messages, as the projects each one names (its pause buttons)."""
    return {
        topic: [
            [
                b["text"].removeprefix("⏸ Pause monitoring: ")
                for b in message.buttons
                if b["text"].startswith("⏸")
            ]
            for message in outages_in(world, topic)
        ]
        for topic in (SHOP_TOPIC, BLOG_TOPIC)
    }


async def test_outages_due_together_stay_in_their_own_forum_topics(world: BotWorld) -> None:
    shop = await add_project(world, "Shop")
    wiki, blog, docs = [await make_project(name=name) for name in ("Wiki", "Blog", "Docs")]
    world.telegram.add_group(FORUM, "Team", is_forum=True, admins=[ADMIN])
    for project, topic in ((shop, SHOP_TOPIC), (wiki, SHOP_TOPIC), (blog, BLOG_TOPIC)):
        await subscribe_in_topic(world, project, topic)
    await subscribe_in_topic(world, docs, SHOP_TOPIC)
    start = datetime.now(UTC) - timedelta(hours=3)  # the past: what is queued is due now
    for project in (shop, wiki, blog):
        await ingestor(world).record_heartbeat(project.token, HeartbeatReport(), start)
    await ingestor(world).record_heartbeat(
        docs.token, HeartbeatReport(), start + timedelta(seconds=30)
    )
    await deliver(world)

    watcher = SilenceWatcher(
        Notifier(world.translator, "ru", world.settings.admin_ids), OutboxSignal()
    )
    down_at = start + timedelta(hours=1, seconds=1)
    await watcher.check(down_at)  # Shop, Wiki and Blog, due together
    await deliver(world, down_at)
    # One topic's outages are still one message; the other topic's go to that topic.
    assert outages_by_topic(world) == {SHOP_TOPIC: [["Shop", "Wiki"]], BLOG_TOPIC: [["Blog"]]}
    (shop_incident,) = outages_in(world, SHOP_TOPIC)
    assert "Blog" not in shop_incident.visible_text

    # Half a minute later Docs, in Shop's topic, joins that topic's incident message, not the
    # chat's latest one (Blog's, in the other topic).
    await listened_until(down_at + timedelta(seconds=30))
    await watcher.check(down_at + timedelta(seconds=30))
    await deliver(world, down_at + timedelta(seconds=30))
    assert outages_by_topic(world) == {
        SHOP_TOPIC: [["Shop", "Wiki", "Docs"]],
        BLOG_TOPIC: [["Blog"]],
    }
    (blog_incident,) = outages_in(world, BLOG_TOPIC)
    assert "Docs" not in blog_incident.visible_text
