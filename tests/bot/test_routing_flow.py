"""Routing chosen in the chat: quiet hours in the chat's time zone, reminders while a project
is down."""

from datetime import UTC, datetime, timedelta

from models import Subscriber, Subscription
from services.accounts.subscribers import SubscriptionOptions, subscribe
from services.formats.reports import ErrorDetails, HeartbeatReport
from services.letters.outbox import OutboxSignal
from services.notify.notifier import Notifier
from services.watch.silence import SilenceWatcher
from tests.bot.conftest import ADMIN, BotWorld
from tests.bot.test_alert_buttons import deliver, ingestor
from tests.bot.test_projects_flow import add_project


async def test_quiet_hours_reminders_and_time_zone_are_chosen_in_the_chat(
    world: BotWorld,
) -> None:
    project = await add_project(world)
    admin = world.person(ADMIN, "en")
    await admin.say("/timezone")
    assert "Time zone of this chat: UTC" in admin.screen
    await admin.say("Mars/Olympus")
    assert "⚠️ I do not know that time zone" in admin.screen
    await admin.say("+15")  # re-asked, with the reason: no place is that far from UTC
    assert "⚠️ An offset from UTC is at most 14 hours" in admin.screen
    assert "Send a new one" in admin.screen
    await admin.say("+5:30")
    assert "✅ Saved" in admin.screen
    assert (await Subscriber.get(telegram_id=ADMIN)).timezone == "UTC+05:30"

    await admin.say("/subscribe")
    assert "Quiet hours (UTC+05:30)" in admin.screen
    await admin.press("⚪ 22–08")
    await admin.press("⚪ hourly")
    await admin.press("⚪ 09:00")
    await admin.press("💾 Save")
    subscription = await Subscription.get(project_id=project.id)
    assert (subscription.quiet_hours, subscription.reminders, subscription.digest_hour) == (
        "22-08",
        "hourly",
        9,
    )
    await admin.say("/subscribe")  # the stored choices come back checked
    assert "🔘 22–08" in admin.labels and "🔘 hourly" in admin.labels


async def test_in_quiet_hours_only_critical_alerts_make_a_sound(world: BotWorld) -> None:
    project = await add_project(world)
    await subscribe(ADMIN, project, SubscriptionOptions(quiet_hours="22-08"))
    await Subscriber.filter(telegram_id=ADMIN).update(timezone="Europe/Moscow")
    night = datetime.now(UTC).replace(hour=21, minute=0) - timedelta(days=1)  # 00:00 Moscow
    for severity in ("error", "critical"):
        details = ErrorDetails(type=f"Boom{severity}", message="x", severity=severity)
        await ingestor(world).record_error(project.token, details, night)
    day = night.replace(hour=9)
    await ingestor(world).record_error(project.token, ErrorDetails(type="Day", message="x"), day)
    await deliver(world)
    sounds = {
        m.visible_text.split("Type: ")[1].split("\n")[0]: not m.disable_notification
        for m in world.telegram.messages_to(ADMIN)
        if "New error" in m.visible_text
    }
    assert sounds == {"Boomerror": False, "Boomcritical": True, "Day": True}


async def test_hourly_reminders_come_while_the_project_stays_down(world: BotWorld) -> None:
    project = await add_project(world)
    await subscribe(ADMIN, project, SubscriptionOptions(reminders="hourly"))
    start = datetime.now(UTC) - timedelta(hours=6)
    await ingestor(world).record_heartbeat(project.token, HeartbeatReport(), start)
    down_at = start + timedelta(hours=1, seconds=1)
    await SilenceWatcher(
        Notifier(world.translator, "ru", world.settings.admin_ids), OutboxSignal()
    ).check(down_at)
    for minutes in range(1, 125):  # the refresher's minute ticks, two hours of them
        await deliver(world, down_at + timedelta(minutes=minutes))
    reminders = [
        m.visible_text for m in world.telegram.messages_to(ADMIN) if "Reminder" in m.visible_text
    ]
    assert len(reminders) == 2
    assert "Silent for: 2 h" in reminders[0]
    assert "Silent for: 3 h" in reminders[1]
