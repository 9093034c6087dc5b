"""Subscriptions from the chat reach the right chat and topic; stats, language, stale buttons."""

from datetime import UTC, datetime

from models import Subscriber, Subscription
from services.delivery.sender import OutboxSender
from services.formats.reports import ErrorDetails, HeartbeatReport
from services.ingest.ingestor import Ingestor
from services.letters.outbox import OutboxSignal
from services.notify.notifier import Notifier
from tests.bot.conftest import ADMIN, MEMBER, BotWorld, Chat
from tests.bot.test_access_flow import invite_link
from tests.bot.test_projects_flow import add_project


async def deliver(world: BotWorld) -> None:
    assert world.bot
    await OutboxSender(world.bot, OutboxSignal()).drain_once()


def ingestor(world: BotWorld) -> Ingestor:
    core = world.translator
    return Ingestor(Notifier(core, "ru", world.settings.admin_ids), OutboxSignal())


async def report(world: BotWorld, token: str, severity: str) -> None:
    details = ErrorDetails(type="KeyError", message=f"a {severity} error", severity=severity)
    await ingestor(world).record_error(token, details, datetime.now(UTC))


async def test_severity_filter_chosen_in_the_chat_decides_what_arrives(world: BotWorld) -> None:
    project = await add_project(world)
    admin = world.person(ADMIN, "en")
    await admin.say("/subscribe")
    await admin.press("⚪ error")
    await admin.press("💾 Save")
    before = len(world.telegram.messages_to(ADMIN))
    await report(world, project.token, "warning")
    await report(world, project.token, "critical")
    await deliver(world)
    arrived = [m.visible_text for m in world.telegram.messages_to(ADMIN)[before:]]
    assert len(arrived) == 1
    assert "🚨 New error in project" in arrived[0] and "a critical error" in arrived[0]


async def test_a_group_in_a_forum_gets_alerts_in_its_topic(world: BotWorld) -> None:
    project = await add_project(world)
    world.telegram.add_group(-100777, "Team", is_forum=True, admins=[ADMIN])
    world.telegram.send_text(-100777, "/subscribe", from_user=ADMIN, thread_id=42)
    chat = Chat(world.telegram, -100777, ADMIN)
    await chat.settle()
    await chat.press("💾 Save")
    subscription = await Subscription.get(project_id=project.id, subscriber__telegram_id=-100777)
    assert subscription.thread_id == 42
    await report(world, project.token, "error")
    await deliver(world)
    sends = [
        c
        for c in world.telegram.calls_to("sendMessage")
        if str(c.params.get("chat_id")) == "-100777" and "New error" in c.params["text"]
    ]
    assert sends and str(sends[-1].params["message_thread_id"]) == "42"


async def test_removing_the_bot_from_a_group_deactivates_it(world: BotWorld) -> None:
    await add_project(world)
    world.telegram.add_group(-500, "Ops")
    world.telegram.send_text(-500, "/start", from_user=ADMIN)
    ops = Chat(world.telegram, -500, ADMIN)
    await ops.settle()
    assert (await Subscriber.get(telegram_id=-500)).is_active
    world.telegram.block(-500, by=ADMIN)
    await ops.settle()
    assert not (await Subscriber.get(telegram_id=-500)).is_active


async def test_stats_show_uptime_heartbeats_and_errors(world: BotWorld) -> None:
    project = await add_project(world)
    await ingestor(world).record_heartbeat(project.token, HeartbeatReport(), datetime.now(UTC))
    for severity in ("error", "error", "critical"):
        await report(world, project.token, severity)
    admin = world.person(ADMIN, "en")
    await admin.say("/stats")
    screen = admin.screen
    assert "📊 Shop" in screen
    assert "Status: ✅ up" in screen
    assert "Uptime: 24 h — 100.00%" in screen
    assert "Heartbeats: 24 h — 1, 7 days — 1" in screen
    assert "Errors in 24 h: error: 2, critical: 1" in screen
    assert "1. ×2 KeyError: a error error" in screen


async def test_language_is_chosen_with_a_command_and_kept(world: BotWorld) -> None:
    admin = world.person(ADMIN, "en")
    await admin.say("/language")
    await admin.press("🇷🇺 Русский")
    assert "вы администратор" in admin.screen
    await admin.say("/start")
    assert "вы администратор" in admin.screen
    assert (await Subscriber.get(telegram_id=ADMIN)).language == "ru"


async def test_commands_are_registered_in_both_languages(world: BotWorld) -> None:
    await world.telegram.wait_for(lambda: len(world.telegram.calls_to("setMyCommands")) >= 3)
    by_language = {
        c.params.get("language_code"): c.params["commands"]
        for c in world.telegram.calls_to("setMyCommands")
    }
    names = [c["command"] for c in by_language["ru"]]
    assert names == [
        "start",
        "addproject",
        "listprojects",
        "subscribe",
        "unsubscribe",
        "stats",
        "help",
        "language",
        "timezone",
        "statuspage",  # issue 29
        "apikeys",
    ]
    assert by_language["en"][9]["description"] == "Public status pages"
    assert by_language["ru"][9]["description"] == "Публичные страницы статуса"
    assert by_language["en"][5]["description"] == "Project statistics"
    assert by_language["ru"][5]["description"] == "Статистика по проекту"


async def test_a_dialog_left_open_across_a_restart_answers_its_buttons(world: BotWorld) -> None:
    """In memory the dialog is gone: a fresh menu. In Redis it lives on: the button works."""
    await add_project(world)
    admin = world.person(ADMIN, "en")
    await admin.say("/listprojects")
    old = admin.last
    await world.restart()
    world.telegram.press_button(old, old.button_data("Shop"), from_user_id=ADMIN)
    await admin.settle()
    if world.settings.redis_url:
        assert "📝 Shop" in admin.screen
    else:
        assert "The bot restarted — here is a fresh menu" in admin.screen
        assert "you are an admin" in admin.screen


async def test_only_a_group_admin_subscribes_the_group(world: BotWorld) -> None:
    await add_project(world)
    code = await invite_link(world, "👀 Viewer · once")
    world.person(MEMBER, "en")
    await Chat(world.telegram, MEMBER, MEMBER).say(f"/start {code}")
    world.telegram.add_group(-900, "Team", admins=[ADMIN])
    team = Chat(world.telegram, -900, MEMBER)
    await team.say("/subscribe")
    await team.press("💾 Save")
    assert "only its administrators change its settings" in team.screen
    assert not await Subscription.exists(subscriber__telegram_id=-900)


async def test_a_group_that_became_a_supergroup_keeps_its_subscriptions(world: BotWorld) -> None:
    project = await add_project(world)
    world.telegram.add_group(-901, "Team", admins=[ADMIN])
    team = Chat(world.telegram, -901, ADMIN)
    await team.say("/subscribe")
    await team.press("💾 Save")
    world.telegram.add_group(-1009010000000, "Team", admins=[ADMIN])
    world.telegram.inject(
        {
            "message": {
                "message_id": 99,
                "date": 0,
                "chat": {"id": -901, "type": "group", "title": "Team"},
                "from": {"id": ADMIN, "is_bot": False, "first_name": "Admin"},
                "migrate_to_chat_id": -1009010000000,
            }
        }
    )
    await team.settle()
    subscription = await Subscription.get(project_id=project.id).prefetch_related("subscriber")
    assert subscription.subscriber.telegram_id == -1009010000000
