"""A cron schedule from the project's settings, as the person sees it: a common schedule or a
typed expression, the zone (the chat's own offered), the grace, the next three expected runs
before saving; the card then shows the schedule; and the way back to a plain timeout. Bad
answers are refused with their reason and the step stays."""

from datetime import UTC, datetime

from models import Project, Subscriber
from services.accounts import schedules
from tests.bot.conftest import ADMIN, BotWorld, Chat
from tests.conftest import heartbeat_monitor, make_project


async def open_settings(chat: Chat, name: str, settings: str = "⚙️ Settings") -> None:
    await chat.say("/listprojects")
    await chat.press(name)
    await chat.press(settings)


def shown_runs(expression: str, tz: str, before: datetime, after: datetime) -> list[list[str]]:
    """The three runs the bot may have shown, as lines, from the clock read before the screen
    was asked for and after (a run may have passed in between)."""
    schedule = schedules.read_schedule(expression, tz, "0s")
    return [
        [f"• {run.strftime('%Y-%m-%d %H:%M %Z')}" for run in schedules.upcoming(schedule, now)]
        for now in (before, after)
    ]


async def test_a_maintainer_chooses_daily_at_three_in_the_chats_zone_and_sees_three_runs(
    world: BotWorld,
) -> None:
    project = await make_project(name="Backup", type="cron")
    admin = world.person(ADMIN, "en")
    await admin.say("/start")
    await Subscriber.filter(telegram_id=ADMIN).update(timezone="Europe/Moscow")
    await open_settings(admin, "Backup")
    await admin.press("🗓 Schedule")
    assert "When does Backup run? Now: a silence timeout of an hour." in admin.screen
    assert admin.labels[:4] == [
        "Every hour",
        "Daily at 03:00",
        "Weekdays at 09:00",
        "Mondays at 09:00",
    ]
    assert "⏱️ Back to a silence timeout" not in admin.labels  # it has one already
    await admin.press("Daily at 03:00")
    assert "In which time zone is 0 3 * * * meant?" in admin.screen
    await admin.press("📍 Europe/Moscow")
    assert "How late may a run report" in admin.screen
    before = datetime.now(UTC)
    await admin.press("30 minutes")
    after = datetime.now(UTC)
    assert "Backup: 0 3 * * * (Europe/Moscow), grace 30 min." in admin.screen
    lines = admin.screen.splitlines()
    start = lines.index("The next expected runs:") + 1
    assert lines[start : start + 3] in shown_runs("0 3 * * *", "Europe/Moscow", before, after)
    assert all(line.endswith(" 03:00 MSK") for line in lines[start : start + 3])

    await admin.press("✅ Save")
    stored = await Project.get(id=project.id)
    assert (stored.schedule, stored.schedule_tz, stored.grace_seconds) == (
        "0 3 * * *",
        "Europe/Moscow",
        1800,
    )
    assert "🗓 Schedule: 0 3 * * * (Europe/Moscow), grace 30 min" in admin.screen
    assert "Silence timeout" not in admin.screen


async def test_a_typed_expression_and_zone_and_bad_answers_with_their_reasons(
    world: BotWorld,
) -> None:
    await make_project(name="Reports", type="cron")
    admin = world.person(ADMIN, "en")
    await open_settings(admin, "Reports")
    await admin.press("🗓 Schedule")
    await admin.say("0 3 * *")
    assert "⚠️ I do not understand that schedule. Use 5 cron fields" in admin.screen
    await admin.say("30 2 * * 1-5")
    assert "In which time zone is 30 2 * * 1-5 meant?" in admin.screen
    assert "📍 UTC" in admin.labels  # a chat that never set its zone
    await admin.say("Europe/Atlantis")
    assert "⚠️ I do not know that time zone." in admin.screen
    await admin.say("Europe/Berlin")
    await admin.say("soon")
    assert "⚠️ I do not understand that grace time." in admin.screen
    await admin.say("10m")
    assert "30 2 * * 1-5 (Europe/Berlin), grace 10 min." in admin.screen
    await admin.press("✅ Save")
    stored = await Project.get(name="Reports")
    assert (stored.schedule, stored.schedule_tz, stored.grace_seconds) == (
        "30 2 * * 1-5",
        "Europe/Berlin",
        600,
    )


async def test_back_to_a_plain_timeout_from_the_schedule_step(world: BotWorld) -> None:
    project = await make_project(name="Nightly", type="cron")
    await schedules.set_schedule(project, schedules.read_schedule("@daily", "UTC", "1h"))
    admin = world.person(ADMIN, "ru")
    await open_settings(admin, "Nightly", "⚙️ Настройки")
    await admin.press("🗓 Расписание")
    assert "Сейчас: @daily (UTC), запас 1 ч." in admin.screen
    await admin.press("⏱️ Вернуть таймаут тишины")
    await admin.say("когда-нибудь")
    assert "⚠️ Не понимаю длительность." in admin.screen
    await admin.say("15m")
    stored = await Project.get(id=project.id)
    assert (stored.schedule, stored.timeout_seconds) == (None, 900)
    assert "⏱️ Таймаут тишины: 15 минут" in admin.screen
    assert "Расписание:" not in admin.screen
    assert (await heartbeat_monitor(project.id)).deadline_at is None  # never beat: nothing due
