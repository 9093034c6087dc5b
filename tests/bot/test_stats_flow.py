"""/stats in the chat: a chart photo (a PNG of the fixed size) and, right below it, the numbers
of a history built in advance (the project's active checks too); 24 h / 7 days switch both. In
English and in Russian."""

from datetime import UTC, datetime, timedelta

import pytest

from models import HealthTransition, Heartbeat, Project
from services.accounts.checks import NewCheck, add_check
from services.formats.reports import ErrorDetails
from services.ingest.ingestor import Ingestor
from services.letters.outbox import OutboxSignal
from services.monitors import writer
from services.monitors.writer import Probed
from services.notify.notifier import Notifier
from services.stats import check_hours
from services.stats.charts import HEIGHT, WIDTH
from services.stats.check_hours import Sample
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


CHECKS = {
    "en": (
        "🌐 Checks in 24 h:\n"
        "shop.example.com: uptime 100.00% · p50 140 ms · p95 176 ms · failed 0 of 10\n"
        "tcp://db.shop.example:5432: uptime 0.00% · p50 — · p95 — · failed 2 of 2",
        "🌐 Checks in 7 days:\n"
        "shop.example.com: uptime 75.00% · p50 140 ms · p95 176 ms · failed 2 of 12\n"
        "tcp://db.shop.example:5432: uptime 0.00% · p50 — · p95 — · failed 2 of 2",
    ),
    "ru": (
        "🌐 Проверки за 24 ч:\n"
        "shop.example.com: доступность 100.00% · p50 140 мс · p95 176 мс · сбоев 0 из 10\n"
        "tcp://db.shop.example:5432: доступность 0.00% · p50 — · p95 — · сбоев 2 из 2",
        "🌐 Проверки за 7 дней:\n"
        "shop.example.com: доступность 75.00% · p50 140 мс · p95 176 мс · сбоев 2 из 12",
    ),
}


async def watch_shop(world: BotWorld, project: Project) -> None:
    """The site: up four days ago, failing three days ago, up again two days ago; ten answers
    of 120 ms an hour ago, the two failures three days ago. The database port: refused twice
    two hours ago, down since. Probes go through the monitors' writer and the rollup."""
    now = datetime.now(UTC)
    days = [now - timedelta(days=n) for n in range(5)]
    notifier = Notifier(world.translator, "en")
    site = await add_check(project, NewCheck(url="https://shop.example.com/", confirm=1), days[4])
    port = await add_check(project, NewCheck(url="tcp://db.shop.example:5432"), days[4])
    for at, passed in ((days[4], True), (days[3], False), (days[2], True)):
        await writer.check_probed(
            Probed(site.monitor_id, passed, at, 120 if passed else 30), notifier
        )
    failures = [now - timedelta(hours=2), now - timedelta(hours=2) + timedelta(seconds=10)]
    for at in failures:
        await writer.check_probed(Probed(port.monitor_id, False, at, 3, None, "refused"), notifier)
    await check_hours.record(
        [Sample(site.id, now - timedelta(hours=1), 120, True)] * 10
        + [Sample(site.id, days[3], 30, False)] * 2
        + [Sample(port.id, at, 3, False) for at in failures]
    )


@pytest.mark.parametrize("language", ["en", "ru"])
async def test_stats_show_each_checks_uptime_response_times_and_failures(
    world: BotWorld, language: str
) -> None:
    await watch_shop(world, await build_history(world))
    admin = world.person(ADMIN, language)
    await admin.say("/stats")
    day, week = CHECKS[language]
    _, numbers = chart_then_numbers(world)
    assert day in numbers.visible_text
    await admin.press(admin.labels[1])  # 7 days
    _, numbers = chart_then_numbers(world)
    assert week in numbers.visible_text


async def test_a_project_without_checks_has_no_checks_section(world: BotWorld) -> None:
    await build_history(world)
    admin = world.person(ADMIN, "en")
    await admin.say("/stats")
    _, numbers = chart_then_numbers(world)
    assert "Uptime: 24 h — 100.00%" in numbers.visible_text
    assert "🌐" not in numbers.visible_text


async def test_a_project_with_many_checks_lists_the_oldest_fifteen(world: BotWorld) -> None:
    project = await build_history(world)
    for n in range(17):
        await add_check(project, NewCheck(url=f"https://site{n}.example/"), datetime.now(UTC))
    admin = world.person(ADMIN, "en")
    await admin.say("/stats")
    _, numbers = chart_then_numbers(world)
    listed = numbers.visible_text.split("🌐 Checks in 24 h:\n")[1].splitlines()
    assert listed[0] == "site0.example: uptime — · p50 — · p95 — · failed 0 of 0"
    assert listed[14].startswith("site14.example: ")
    assert listed[15] == "…and 2 more"
