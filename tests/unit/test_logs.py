"""Log records carry the request id; text or JSON lines."""

import logging
import sys

import orjson
import pytest

from services.logs import JsonFormatter, RequestIdFilter, request_id, request_id_from


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
