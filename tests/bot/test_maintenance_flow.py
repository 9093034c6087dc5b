"""Maintenance from the chat: `🔧 1 h` and `🔧 until I end it` under an outage alert (for
those who may maintain the project), on the project card with `End maintenance`, weekly
windows and the errors choice in the project's settings, and /stats saying so."""

from datetime import UTC, datetime, timedelta

from models import MaintenanceWindow, Project, Subscriber
from services.formats.reports import HeartbeatReport
from services.letters.outbox import OutboxSignal
from services.notify.notifier import Notifier
from services.watch.silence import SilenceWatcher
from tests.bot.conftest import ADMIN, STRANGER, BotWorld, Chat
from tests.bot.test_alert_buttons import deliver, ingestor, last_answer, team_chat
from tests.bot.test_projects_flow import add_project

ALERT_BUTTONS = [
    "⏸ Pause monitoring: Shop",
    "👀 I'm on it",
    "🔧 1 h: Shop",
    "🔧 until I end it: Shop",
]


async def outage_alert(world: BotWorld, project: Project) -> Chat:
    """Shop went silent an hour ago; the team chat has its alert."""
    team = await team_chat(world, project)
    start = datetime.now(UTC) - timedelta(hours=2)
    await ingestor(world).record_heartbeat(project.token, HeartbeatReport(), start)
    notifier = Notifier(world.translator, "ru", world.settings.admin_ids)
    await SilenceWatcher(notifier, OutboxSignal()).check(datetime.now(UTC))
    await deliver(world)
    assert "Project is not responding" in team.last.visible_text
    return team


async def test_maintenance_from_the_alert_says_so_on_it_and_ends_there(world: BotWorld) -> None:
    project = await add_project(world)
    team = await outage_alert(world, project)
    alert = team.last
    assert [b["text"] for b in alert.buttons] == ALERT_BUTTONS

    await team.press("🔧 1 h: Shop")
    assert last_answer(world) == "Done"
    await deliver(world)
    assert "🔧 Maintenance until" in alert.visible_text and "by Person" in alert.visible_text
    assert [b["text"] for b in alert.buttons] == [
        "⏸ Pause monitoring: Shop",
        "👀 I'm on it",
        "🔧 End maintenance: Shop",
    ]
    (window,) = await MaintenanceWindow.filter(project_id=project.id)
    assert window.ends_at is not None and window.created_by == "Person"

    await team.press("🔧 End maintenance: Shop")
    await deliver(world)
    assert "🔧 Maintenance" not in alert.visible_text
    assert [b["text"] for b in alert.buttons] == ALERT_BUTTONS
    await team.press("🔧 until I end it: Shop")
    await deliver(world)
    assert "🔧 Maintenance until someone ends it by Person" in alert.visible_text


async def test_someone_who_may_not_maintain_the_project_cannot_start_maintenance(
    world: BotWorld,
) -> None:
    project = await add_project(world)
    await outage_alert(world, project)
    stranger = Chat(world.telegram, -900, STRANGER)
    await stranger.press("🔧 until I end it: Shop")
    answer = world.telegram.callback_answers[-1]
    assert answer.show_alert and "maintainers" in (answer.text or "")
    assert not await MaintenanceWindow.exists(project_id=project.id)


async def test_the_card_shows_maintenance_and_starts_and_ends_it(world: BotWorld) -> None:
    await add_project(world)
    admin = world.person(ADMIN, "en")
    await admin.say("/listprojects")
    await admin.press("Shop")
    assert "🔧 Maintenance" not in admin.screen
    assert "End maintenance" not in admin.labels
    await admin.press("🔧 1 h")
    assert "🔧 Maintenance until" in admin.screen and "by Person" in admin.screen
    assert "🔧 1 h" not in admin.labels
    await admin.press("End maintenance")
    assert "🔧 Maintenance" not in admin.screen
    await admin.press("🔧 until I end it")
    assert "🔧 Maintenance until someone ends it by Person" in admin.screen


async def test_weekly_windows_and_the_errors_choice_in_the_settings(world: BotWorld) -> None:
    project = await add_project(world)
    admin = world.person(ADMIN, "en")
    await admin.say("/start")
    await Subscriber.filter(telegram_id=ADMIN).update(timezone="Europe/Moscow")
    await admin.say("/listprojects")
    await admin.press("Shop")
    await admin.press("⚙️ Settings")
    await admin.press("🔧 Maintenance")
    assert "Errors are stored and counted; they do not alert" in admin.screen
    assert "none yet" in admin.screen
    await admin.press("➕ Weekly window")
    assert "in your time zone (Europe/Moscow)" in admin.screen
    await admin.say("someday 02:00 2h")
    assert "⚠️ I do not understand those days" in admin.screen
    await admin.say("mon-fri 02:00")
    assert "⚠️ Type three things" in admin.screen
    await admin.say("mon-fri 02:00 2h")
    (label,) = [label for label in admin.labels if label.startswith("🗑")]
    assert label.startswith("🗑 mon,tue,wed,thu,fri at 02:00 for 2") and "(Europe/Moscow)" in label
    (window,) = await MaintenanceWindow.filter(project_id=project.id)
    assert (window.start_minute, window.duration_minutes) == (120, 120)

    await admin.press("🔔 Errors alert during maintenance")
    assert "they alert as usual" in admin.screen
    assert (await Project.get(id=project.id)).errors_alert_in_maintenance
    await admin.press(label)
    assert "none yet" in admin.screen
    assert not await MaintenanceWindow.exists(project_id=project.id)


async def test_stats_say_the_project_is_in_maintenance(world: BotWorld) -> None:
    await add_project(world)
    admin = world.person(ADMIN, "en")
    await admin.say("/listprojects")
    await admin.press("Shop")
    await admin.press("🔧 until I end it")
    await admin.say("/stats")
    numbers = admin.last
    assert "🔧 Maintenance until someone ends it" in numbers.visible_text
    assert "uptime leaves it out" in numbers.visible_text
