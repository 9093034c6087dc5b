"""Log records carry the request id; text or JSON lines; no line carries a secret."""

import logging
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest

from services.core.logs import (
    JsonFormatter,
    Redactor,
    RequestIdFilter,
    TextFormatter,
    request_id,
    request_id_from,
)
from services.core.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "0123456789abcdef0123456789abcdef"  # a project token: the shape of a request id
BOT_TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"


@pytest.mark.parametrize(
    ("header", "kept"),
    [
        ("3f2b9c1e-7a4d-4e2b-9f1a-0c8d6e5b4a32", True),
        ("01J9ZQ7K8M2N3P4Q5R6S7T8V9W", True),
        ("edge-proxy:42.7_a", True),
        ("x" * 128, True),
        ("x" * 129, False),
        ("", False),
        (None, False),
        ("two words", False),
        ("line\nbreak", False),
        ("<script>", False),
        ("кириллица", False),
    ],
)
def test_a_sane_incoming_request_id_is_kept_and_any_other_replaced(
    header: str | None, kept: bool
) -> None:
    chosen = request_id_from(header)
    assert (chosen == header) is kept
    if not kept:
        assert len(chosen) == 32 and int(chosen, 16) >= 0


def record(message: str, **extra: object) -> logging.LogRecord:
    entry = logging.LogRecord("api.app", logging.WARNING, __file__, 1, message, None, None)
    entry.__dict__.update(extra)
    RequestIdFilter().filter(entry)
    return entry


def test_records_written_during_a_request_carry_its_id() -> None:
    token = request_id.set("req-1")
    try:
        assert record("inside").request_id == "req-1"  # type: ignore[attr-defined]
    finally:
        request_id.reset(token)
    assert record("outside").request_id == "-"  # type: ignore[attr-defined]


def test_a_record_that_names_its_request_keeps_that_id() -> None:
    assert record("access", request_id="req-2").request_id == "req-2"  # type: ignore[attr-defined]


def test_json_lines_hold_time_level_logger_message_and_request_id() -> None:
    token = request_id.set("req-3")
    try:
        line = JsonFormatter().format(record("database unavailable"))
    finally:
        request_id.reset(token)
    entry = orjson.loads(line)
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "api.app"
    assert entry["message"] == "database unavailable"
    assert entry["request_id"] == "req-3"
    assert entry["time"].endswith("+00:00")


def test_json_lines_carry_the_traceback() -> None:
    try:
        raise ValueError("boom")
    except ValueError:
        entry = record("failed")
        entry.exc_info = sys.exc_info()
    line = orjson.loads(JsonFormatter().format(entry))
    assert "ValueError: boom" in line["exception"]


@pytest.mark.parametrize(
    ("text", "logged"),
    [
        (f"/ping/{TOKEN}", "/ping/***"),
        (f"GET /ping/{TOKEN}/fail", "GET /ping/***/fail"),
        (f"database unavailable on GET /ping/{TOKEN}: locked", "… GET /ping/***: locked"),
        (
            f"/api/7/envelope/?sentry_key={TOKEN}&sentry_version=7",
            "/api/7/envelope/?sentry_key=***&sentry_version=7",
        ),
        (f"?sentry_key={TOKEN}&sentry_secret=s3cr3t", "?sentry_key=***&sentry_secret=***"),
        (f"X-Sentry-Auth: Sentry sentry_key={TOKEN}, sentry_version=7", "X-Sentry-Auth: ***, …"),
        (f"{{'x-sentry-auth': 'Sentry sentry_key={TOKEN}'}}", "{'x-sentry-auth': '***'}"),
        (f"Authorization: Bearer {TOKEN}", "Authorization: ***"),
        (f"{{'Authorization': 'Bearer {TOKEN}'}}", "{'Authorization': '***'}"),
        (f"sent with Bearer {TOKEN} twice", "sent with Bearer *** twice"),
        (f'{{"project_token": "{TOKEN}", "status": "ok"}}', '{"project_token": "***", "status"…'),
        (f"{{'project_token': '{TOKEN}'}}", "{'project_token': '***'}"),
        (f"?project_token={TOKEN}&v=1", "?project_token=***&v=1"),
        (f"http://{TOKEN}@monitor:8000/7", "http://***@monitor:8000/7"),
        ("postgres://app:pa55w0rd@db:5432/monitor", "postgres://***@db:5432/monitor"),
        ("redis://:pa55w0rd@cache:6379/0", "redis://***@cache:6379/0"),
        ("/telegram/webhook-s3cr3t", "/telegram/***"),
        (f"POST https://api.telegram.org/bot{BOT_TOKEN}/getMe", "… /bot123456789:***/getMe"),
        (f"DETAIL: Key (token)=({TOKEN}) already exists.", "DETAIL: Key (token)=(***) already …"),
        ("password=hunter22 user=anna", "password=*** user=anna"),
        # Percent-encoded: aiohttp routes and reads the query decoded (found in review)
        (f"GET /%70ing/{TOKEN}", "GET /ping/***"),
        (f"GET /ping%2F{TOKEN}", "GET /ping/***"),
        (f"/api/7/store/?sentry%5Fkey={TOKEN}", "/api/7/store/?sentry_key=***"),
        (f"/api/7/store/?sentry_key=%30{TOKEN[1:]}", "/api/7/store/?sentry_key=***"),
    ],
)
def test_a_secret_where_secrets_stand_never_reaches_a_log_line(text: str, logged: str) -> None:
    redacted = Redactor()(text)
    head, _, tail = logged.partition("…")
    assert redacted.startswith(head.rstrip()) and redacted.endswith(tail.lstrip())
    assert TOKEN not in redacted and "s3cr3t" not in redacted and "pa55w0rd" not in redacted


@pytest.mark.parametrize(
    "text",
    [
        f"{TOKEN} as a request id",  # the shape alone is no reason
        '127.0.0.1 "POST /api/v1/heartbeat" 200 259 1.0ms',
        "project 7 (Shop) went silent",
        "https://example.com/status?page=2",
        "the author=Anna wrote tokens=5",
    ],
)
def test_a_line_without_a_secret_is_left_as_it_is(text: str) -> None:
    assert Redactor()(text) == text


def test_known_secrets_are_redacted_wherever_they_appear_and_short_ones_never() -> None:
    redact = Redactor([BOT_TOKEN, "hook-secret-1", "abc"])
    line = f"token {BOT_TOKEN} and hook-secret-1 in plain words, abc stays"
    assert redact(line) == "token *** and *** in plain words, abc stays"


@pytest.mark.parametrize("hostile", ["a-" * 4096, "/" * 8192, "token" * 1600, "(" * 8192])
def test_a_hostile_long_path_costs_one_pass(hostile: str) -> None:
    started = time.monotonic()
    Redactor()(f'GET "/ping/x/{hostile}"')
    # A pattern that retried from every letter would take seconds on 8 KB.
    assert time.monotonic() - started < 0.5


def failed_record(message: str) -> logging.LogRecord:
    try:
        raise RuntimeError(f"Cannot connect to https://api.telegram.org/bot{BOT_TOKEN}/getMe")
    except RuntimeError:
        entry = record(message)
        entry.exc_info = sys.exc_info()
    return entry


def test_text_lines_are_redacted_whole_with_their_traceback() -> None:
    line = TextFormatter(Redactor()).format(
        failed_record(f"database unavailable on GET /ping/{TOKEN}")
    )
    assert "GET /ping/***" in line
    assert "/bot123456789:***/getMe" in line
    assert TOKEN not in line and BOT_TOKEN not in line


def test_json_lines_are_redacted_in_message_and_traceback() -> None:
    line = JsonFormatter(Redactor()).format(failed_record(f"POST /ping/{TOKEN}/fail"))
    entry = orjson.loads(line)
    assert entry["message"] == "POST /ping/***/fail"
    assert "/bot123456789:***/getMe" in entry["exception"]
    assert TOKEN not in line and BOT_TOKEN not in line


CRASHING = f"""
import threading, warnings
from services.core.logs import configure_logging
configure_logging("INFO", "text", ["{BOT_TOKEN}"])
warnings.warn("sent to /ping/{TOKEN}")
def fail():
    raise ValueError("/ping/{TOKEN}")
thread = threading.Thread(target=fail)
thread.start()
thread.join()
raise RuntimeError("bot{BOT_TOKEN}")
"""


def test_warnings_and_uncaught_exceptions_are_redacted_log_records_too() -> None:
    """Python prints these to stderr by itself, around any formatter, unless they are records."""
    crash = subprocess.run(
        [sys.executable, "-c", CRASHING],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert crash.returncode == 1
    assert "WARNING py.warnings" in crash.stderr
    assert "CRITICAL uncaught [-]: uncaught ValueError in thread" in crash.stderr
    assert "CRITICAL uncaught [-]: uncaught RuntimeError" in crash.stderr
    assert "/ping/***" in crash.stderr
    assert TOKEN not in crash.stderr and BOT_TOKEN not in crash.stderr


def test_the_secrets_set_in_settings_are_the_ones_the_log_takes_out_wherever_they_stand() -> None:
    settings = Settings(
        _env_file=None,
        bot_token=BOT_TOKEN,
        webhook_url="https://monitor.example/telegram/hook",
        webhook_secret="webhook-s3cr3t",
        database_url="postgres://app:pa55w0rd@db:5432/monitor",
        redis_url="redis://:r3d1s-pa55@cache:6379/0",
    )
    assert settings.secret_values() == [
        BOT_TOKEN,
        "webhook-s3cr3t",
        "pa55w0rd",
        "r3d1s-pa55",
        "/telegram/hook",  # a path may be a secret too; the access log writes every path
    ]
