from pathlib import Path

import pytest
from pydantic import ValidationError

from services.accounts.projects import parse_timeout, validate_name, validate_url
from services.core.errors import InvalidInput
from services.core.settings import Settings
from services.delivery.pacing import TelegramPacer
from services.formats.reports import MAX_DEPTH, check_json
from services.text.i18n import pick_locale


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("90s", 90), ("5m", 300), ("1h", 3600), ("1d", 86400), ("1", 1), ("2 h", 7200)],
)
def test_timeouts_are_read_in_human_units(text: str, seconds: int) -> None:
    assert parse_timeout(text) == seconds


@pytest.mark.parametrize("text", ["0s", "soon", "-5m", "1y", "", "366d"])
def test_bad_timeouts_are_refused_with_a_reason(text: str) -> None:
    with pytest.raises(InvalidInput, match="timeout"):
        parse_timeout(text)


def test_names_are_trimmed_and_bounded() -> None:
    assert validate_name("  My   project ") == "My project"
    with pytest.raises(InvalidInput, match="empty"):
        validate_name("   ")
    with pytest.raises(InvalidInput, match="at most 200"):
        validate_name("x" * 201)


@pytest.mark.parametrize("url", ["ftp://example.com", "example.com", "http://", "https://a b"])
def test_malformed_urls_are_refused(url: str) -> None:
    with pytest.raises(InvalidInput, match="url"):
        validate_url(url)


def test_empty_url_means_none() -> None:
    assert validate_url("") is None
    assert validate_url("https://example.com/x") == "https://example.com/x"


@pytest.mark.parametrize(
    ("stored", "code", "expected"),
    [
        (None, "ru", "ru"),
        (None, "en-US", "en"),
        (None, "de", "ru"),
        ("en", "ru", "en"),
        (None, None, "ru"),
    ],
)
def test_chat_language_prefers_stored_then_telegram_then_default(
    stored: str | None, code: str | None, expected: str
) -> None:
    assert pick_locale(stored, code, "ru") == expected


def test_settings_read_admin_ids_as_a_comma_separated_list(monkeypatch) -> None:
    monkeypatch.setenv("ADMIN_IDS", "1, 22,333")
    assert Settings(_env_file=None).admin_ids == [1, 22, 333]


@pytest.mark.parametrize("token", ["abc", "123:short", "12:has spaces in it"])
def test_malformed_bot_token_is_refused(token: str) -> None:
    with pytest.raises(ValidationError, match="must look like"):
        Settings(_env_file=None, bot_token=token)


def test_pacer_keeps_one_message_per_second_per_chat() -> None:
    pacer = TelegramPacer()
    pacer.record(1, now=100.0)
    assert pacer.chat_delay(1, 100.5) == pytest.approx(0.5)
    assert pacer.chat_delay(1, 101.0) == 0
    assert pacer.chat_delay(2, 100.5) == 0


def test_pacer_spaces_group_messages_for_twenty_a_minute() -> None:
    pacer = TelegramPacer()
    pacer.record(-100, now=0.0)
    assert pacer.chat_delay(-100, 2.9) > 0
    assert pacer.chat_delay(-100, 3.0) == 0


def test_pacer_caps_the_overall_rate() -> None:
    pacer = TelegramPacer(per_second_overall=3)
    for chat in range(3):
        pacer.record(chat, now=10.0 + chat * 0.1)
    assert pacer.overall_delay(10.3) == pytest.approx(0.7)
    assert pacer.overall_delay(11.0) == 0


def test_pacer_holds_a_chat_after_retry_after() -> None:
    pacer = TelegramPacer()
    pacer.hold(5, now=0.0, seconds=30)
    assert pacer.chat_delay(5, 29.0) == pytest.approx(1.0)


def test_webhook_mode_without_a_secret_is_refused() -> None:
    with pytest.raises(ValidationError, match="WEBHOOK_SECRET must be set"):
        Settings(_env_file=None, webhook_url="https://monitor.example/telegram/webhook")


def test_the_example_env_file_copied_unchanged_is_valid(tmp_path) -> None:
    env = tmp_path / ".env"
    env.write_text((Path(__file__).parents[2] / ".env.example").read_text())
    settings = Settings(_env_file=env)
    assert settings.bot_token is None and settings.redis_url is None


@pytest.mark.parametrize(
    "value",
    [
        {"message": "a NUL \x00 inside"},
        {"key with a NUL \x00": 1},
        [{"deep": ["in a list", {"x": "\x00"}]}],
        {"big": 2**70, "text": "\x00"},  # orjson cannot write it: every string is looked at
    ],
)
def test_json_with_a_nul_anywhere_is_refused(value: object) -> None:
    with pytest.raises(InvalidInput, match="NUL"):
        check_json(value)


@pytest.mark.parametrize(
    "value",
    [
        {"text": "a backslash and u0000: \\u0000"},  # written as \\u0000: not a NUL
        {"big": 2**70},
        "plain",
    ],
)
def test_json_without_a_nul_passes(value: object) -> None:
    check_json(value)


def nested(depth: int) -> list[object]:
    outer: list[object] = []
    inner = outer
    for _ in range(depth - 1):
        inner.append([])
        inner = inner[0]  # type: ignore[assignment]
    return outer


def test_nesting_is_refused_only_beyond_the_limit() -> None:
    check_json({"a": nested(MAX_DEPTH - 1)})
    with pytest.raises(InvalidInput, match="nested deeper than 64"):
        check_json({"a": nested(MAX_DEPTH)})
