"""/stats in the chat: a chart photo (a PNG of the fixed size) and, right below it, the numbers
of a history built in advance; 24 h / 7 days switch both. In English and in Russian."""

from datetime import UTC, datetime, timedelta

import pytest

from models import HealthTransition, Heartbeat, Project
from services.formats.reports import ErrorDetails
from services.ingest.ingestor import Ingestor
from services.letters.outbox import OutboxSignal
from services.notify.notifier import Notifier
from services.stats.charts import HEIGHT, WIDTH
from tests.bot.conftest import ADMIN, BotWorld, Chat
from tests.conftest import make_project
from tests.telegram_double import SentMessage

ENGLISH = {
    "language": "en",
    "caption_day": "📊 Shop: 24 h",
    "caption_week": "📊 Shop: 7 days",
    "numbers": [
        "Uptime: 24 h — 100.00%, 7 days — 75.00%",
        "Heartbeats: 24 h — 1, 7 days — 2",
        "Errors in 24 h: error: 3, critical: 1",
        "Errors in 7 days: warning: 2, error: 3, critical: 1",
    ],
    "top_day": "Most frequent errors in 24 h:\n"
    "1. ×3 KeyError: KeyError happened\n"
    "2. ×1 Timeout: Timeout happened",
    "top_week": "Most frequent errors in 7 days:\n"
    "1. ×3 KeyError: KeyError happened\n"
    "2. ×2 Deprecated: Deprecated happened\n"
    "3. ×1 Timeout: Timeout happened",
    "day": "24 h",
    "week": "7 days",
}
RUSSIAN = {
    "language": "ru",
    "caption_day": "📊 Shop: 24 ч",
    "caption_week": "📊 Shop: 7 дней",
    "numbers": [
        "Доступность: 24 ч — 100.00%, 7 дней — 75.00%",
        "Heartbeat: 24 ч — 1, 7 дней — 2",
        "Ошибки за 24 ч: error: 3, critical: 1",
        "Ошибки за 7 дней: warning: 2, error: 3, critical: 1",
    ],
    "top_day": "Частые ошибки за 24 ч:\n1. ×3 KeyError",
    "top_week": "Частые ошибки за 7 дней:\n"
    "1. ×3 KeyError: KeyError happened\n"
    "2. ×2 Deprecated: Deprecated happened",
    "day": "24 ч",
    "week": "7 дней",
}


async def build_history(world: BotWorld, name: str = "Shop") -> Project:
    """Up for the last two days, down for the day before, up the day before that; errors an
    hour and three days ago; heartbeats two hours and three days ago."""
    project = await make_project(name=name, health="up")
    now = datetime.now(UTC)
    days = [now - timedelta(days=n) for n in range(5)]
    changes = (("new", "up", days[4]), ("up", "down", days[3]), ("down", "up", days[2]))
    for old, new, when in changes:
        await HealthTransition.create(project=project, old=old, new=new, reason="test", at=when)
    ingestor = Ingestor(Notifier(world.translator, "ru", world.settings.admin_ids), OutboxSignal())
    for type_, severity, when, times in (
        ("KeyError", "error", now - timedelta(hours=1), 3),
        ("Timeout", "critical", now - timedelta(hours=1), 1),
        ("Deprecated", "warning", days[3], 2),
    ):
        details = ErrorDetails(type=type_, message=f"{type_} happened", severity=severity)
        for _ in range(times):
            await ingestor.record_error(project.token, details, when)
    for when in (now - timedelta(hours=2), days[3]):
        await Heartbeat.create(project=project, status="alive", received_at=when)
    await project.refresh_from_db()
    return project


def png_size(data: bytes | None) -> tuple[int, int]:
    assert data and data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def live_photos(world: BotWorld) -> list[SentMessage]:
    messages = world.telegram.messages_to(ADMIN)
    return [m for m in messages if m.kind == "photo" and not m.deleted]


def chart_then_numbers(world: BotWorld) -> tuple[SentMessage, SentMessage]:
    """The last two messages: the chart, and the numbers below it."""
    alive = [m for m in world.telegram.messages_to(ADMIN) if not m.deleted]
    chart, numbers = alive[-2:]
    assert chart.kind == "photo" and numbers.kind == "text"
    assert png_size(chart.document) == (WIDTH, HEIGHT) == (1200, 700)
    return chart, numbers


@pytest.mark.parametrize("expected", [ENGLISH, RUSSIAN], ids=["en", "ru"])
async def test_stats_show_a_chart_and_the_numbers_of_a_known_history(
    world: BotWorld, expected: dict
) -> None:
    await build_history(world)
    admin = world.person(ADMIN, expected["language"])
    await admin.say("/stats")
    chart, numbers = chart_then_numbers(world)
    assert chart.visible_text == expected["caption_day"]
    for line in expected["numbers"]:
        assert line in numbers.visible_text
    assert expected["top_day"] in numbers.visible_text
    assert admin.labels[:2] == [f"🔘 {expected['day']}", f"⚪ {expected['week']}"]

    await admin.press(f"⚪ {expected['week']}")
    chart, numbers = chart_then_numbers(world)
    assert chart.visible_text == expected["caption_week"]
    assert expected["top_week"] in numbers.visible_text
    assert admin.labels[:2] == [f"⚪ {expected['day']}", f"🔘 {expected['week']}"]
    assert live_photos(world) == [chart], "the previous chart is replaced, not piled up"


async def test_pressing_the_chosen_period_sends_nothing_new(world: BotWorld) -> None:
    await build_history(world)
    admin = world.person(ADMIN, "en")
    await admin.say("/stats")
    sent = len(world.telegram.calls_to("sendPhoto"))
    await admin.press("🔘 24 h")
    assert len(world.telegram.calls_to("sendPhoto")) == sent


async def test_picking_another_project_replaces_the_chart(world: BotWorld) -> None:
    await build_history(world)
    await make_project(name="Quiet")
    admin = world.person(ADMIN, "en")
    await admin.say("/stats")
    await admin.press("Shop")
    await admin.press("⬅️ Back")
    await admin.press("Quiet")
    chart, numbers = chart_then_numbers(world)
    assert chart.visible_text == "📊 Quiet: 24 h"
    assert "Uptime: 24 h — —, 7 days — —" in numbers.visible_text
    assert live_photos(world) == [chart]


async def test_stats_from_the_menu_put_the_numbers_below_the_chart(world: BotWorld) -> None:
    await build_history(world)
    admin = world.person(ADMIN, "en")
    await admin.say("/start")
    menu = admin.last
    await admin.press("📊 Statistics")
    chart, numbers = chart_then_numbers(world)
    assert chart.message_id > menu.message_id and menu.deleted
    assert "Uptime: 24 h — 100.00%" in numbers.visible_text


async def test_in_a_forum_topic_the_chart_goes_to_that_topic(world: BotWorld) -> None:
    await build_history(world)
    world.person(ADMIN, "en")
    world.telegram.add_group(-100777, "Team", is_forum=True, admins=[ADMIN])
    world.telegram.send_text(-100777, "/stats", from_user=ADMIN, thread_id=42)
    chat = Chat(world.telegram, -100777, ADMIN)
    await chat.settle()
    photos = [m for m in world.telegram.messages_to(-100777) if m.kind == "photo"]
    assert [p.message_thread_id for p in photos] == [42]
    assert chat.last.kind == "text" and "📊 Shop" in chat.screen
