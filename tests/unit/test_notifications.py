"""The seed's three notifications, word for word, and the rules that keep them safe."""

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from services.monitors.health import BeatChange
from services.notify.notifier import BeatView, Notifier, wants_error, wants_heartbeat
from services.text.render import humanize_duration, humanize_timeout, visible_length

AT = datetime(2024, 3, 6, 12, 0, 0, tzinfo=UTC)
SEED_PROJECT = SimpleNamespace(
    name="Название проекта",
    type="bot",
    timeout_seconds=3600,
    last_heartbeat_at=datetime(2024, 3, 6, 11, 0, 0, tzinfo=UTC),
    schedule=None,  # a plain timeout: the seed's own silence text
    schedule_tz=None,
    grace_seconds=None,
)

SEED_HEARTBEAT = """✅ Проект активен

📝 Проект: Название проекта
🏷️ Тип: bot
📊 Статус: alive
🔄 Версия: 1.0.0
⏰ Время: 2024-03-06 12:00:00

📋 Дополнительная информация:
• environment: production
• custom_field: value"""

SEED_SILENCE = """❌ Внимание! Проект не отвечает

📝 Проект: Название проекта
🏷️ Тип: bot
⚠️ Статус: Нет активности более часа
⏰ Последняя активность: 2024-03-06 11:00:00"""

SEED_ERROR_LINES = """Тип: Exception
Сообщение: Описание ошибки
Важность: error
Время: 2024-03-06 12:00:00"""


def render(notifier: Notifier, method: str, *args: object, locale: str = "ru") -> str:
    builder = notifier._cached(lambda loc, budget: getattr(notifier, method)(loc, budget, *args))
    return builder(locale)


@pytest.fixture
def notifier(translator) -> Notifier:
    return Notifier(translator, "ru")


def seed_beat() -> BeatView:
    return BeatView("alive", "1.0.0", {"environment": "production", "custom_field": "value"}, AT)


def seed_error(**overrides: object) -> SimpleNamespace:
    fields = {
        "type": "Exception",
        "message": "Описание ошибки",
        "severity": "error",
        "stack_trace": None,
        "context": None,
        "received_at": AT,
    }
    return SimpleNamespace(**(fields | overrides))


def test_heartbeat_notification_is_the_seeds_word_for_word(notifier: Notifier) -> None:
    assert render(notifier, "_heartbeat", SEED_PROJECT, seed_beat()) == SEED_HEARTBEAT


def test_silence_notification_is_the_seeds_word_for_word(notifier: Notifier) -> None:
    assert render(notifier, "_silence", SEED_PROJECT) == SEED_SILENCE


def test_error_notification_keeps_the_seeds_lines_and_names_the_project(
    notifier: Notifier,
) -> None:
    text = render(notifier, "_error", SEED_PROJECT, seed_error())
    assert text.startswith("🚨 Новая ошибка в проекте\n\nПроект: Название проекта\n")
    assert text.endswith(SEED_ERROR_LINES)


def test_error_notification_shows_context_and_top_of_stack(notifier: Notifier) -> None:
    trace = "Traceback (most recent call last):\n" + "  frame\n" * 500 + "KeyError: 'x'"
    error = seed_error(context={"user_id": 123, "action": "checkout"}, stack_trace=trace)
    text = render(notifier, "_error", SEED_PROJECT, error)
    assert "Контекст:\n• user_id: 123\n• action: checkout" in text
    assert "Стек вызовов:\n<pre>…" in text
    assert text.endswith("KeyError: 'x'</pre>")


def test_english_texts_follow_the_same_layout(notifier: Notifier) -> None:
    assert render(notifier, "_silence", SEED_PROJECT, locale="en").splitlines() == [
        "❌ Warning! Project is not responding",
        "",
        "📝 Project: Название проекта",
        "🏷️ Type: bot",
        "⚠️ Status: No activity for more than an hour",
        "⏰ Last activity: 2024-03-06 11:00:00",
    ]


def test_user_text_is_html_escaped(notifier: Notifier) -> None:
    error = seed_error(message="<class 'KeyError'> & </b>", type="<b>")
    text = render(notifier, "_error", SEED_PROJECT, error)
    assert "Сообщение: &lt;class 'KeyError'&gt; &amp; &lt;/b&gt;" in text
    assert "Тип: &lt;b&gt;" in text


@pytest.mark.parametrize("filler", ["x", "😀", "<&>"])
def test_huge_reports_are_cut_to_fit_telegram(notifier: Notifier, filler: str) -> None:
    error = seed_error(
        message=filler * 70000,
        stack_trace=filler * 200000,
        context={f"key{i}": filler * 500 for i in range(300)},
    )
    text = render(notifier, "_error", SEED_PROJECT, error)
    assert visible_length(text) <= 4096
    assert "…" in text


@pytest.mark.parametrize(
    ("seconds", "ru", "en"),
    [
        (3600, "часа", "an hour"),
        (7200, "2 часов", "2 hours"),
        (300, "5 минут", "5 minutes"),
        (60, "минуты", "a minute"),
        (90, "90 секунд", "90 seconds"),
        (1, "секунды", "a second"),
        (86400, "суток", "a day"),
        (21 * 60, "21 минуты", "21 minutes"),
    ],
)
def test_silence_timeout_reads_naturally(translator, seconds: int, ru: str, en: str) -> None:
    assert humanize_timeout(translator, "ru", seconds) == ru
    assert humanize_timeout(translator, "en", seconds) == en


@pytest.mark.parametrize(
    ("length", "ru"),
    [
        (timedelta(minutes=47), "47 мин"),
        (timedelta(hours=1, minutes=5, seconds=3), "1 ч 5 мин"),
        (timedelta(seconds=45), "45 с"),
        (timedelta(days=2, hours=3), "2 д 3 ч"),
        (timedelta(0), "0 с"),
    ],
)
def test_downtime_shows_two_largest_units(translator, length: timedelta, ru: str) -> None:
    assert humanize_duration(translator, "ru", length) == ru


@pytest.mark.parametrize(
    ("mode", "change", "expected"),
    [
        ("changes", BeatChange.FIRST, True),
        ("changes", BeatChange.CHANGED, True),
        ("changes", BeatChange.SAME, False),
        ("every", BeatChange.SAME, True),
        ("off", BeatChange.FIRST, False),
        ("off", BeatChange.CHANGED, False),
    ],
)
def test_heartbeat_modes(mode: str, change: BeatChange, expected: bool) -> None:
    assert wants_heartbeat(mode, change) is expected


@pytest.mark.parametrize(
    ("minimum", "severity", "expected"),
    [
        ("debug", "debug", True),
        ("error", "warning", False),
        ("error", "error", True),
        ("error", "critical", True),
        ("critical", "error", False),
    ],
)
def test_minimum_severity(minimum: str, severity: str, expected: bool) -> None:
    assert wants_error(minimum, severity) is expected
