"""Bodies the server will accept, whatever the caller passed in."""

from __future__ import annotations

import datetime
import json
import logging
import traceback

import pytest
from error_monitor._payload import (
    CONTEXT_TOO_LARGE,
    MAX_DEPTH,
    error_body,
    exception_parts,
    fitted,
    heartbeat_body,
    jsonable,
    severity_name,
)


def raised(error: BaseException) -> BaseException:
    try:
        raise error
    except BaseException as caught:
        return caught


def test_exception_parts_are_type_name_message_and_pythons_own_traceback() -> None:
    error = raised(ValueError("boom"))
    kind, message, stack_trace = exception_parts(error)
    assert (kind, message) == ("ValueError", "boom")
    expected = traceback.format_exception(ValueError, error, error.__traceback__)
    assert stack_trace == "".join(expected)
    assert stack_trace.startswith("Traceback (most recent call last):")


def test_a_chained_cause_is_part_of_the_stack_trace() -> None:
    try:
        try:
            raise KeyError("inner")
        except KeyError as inner:
            raise RuntimeError("outer") from inner
    except RuntimeError as error:
        stack_trace = exception_parts(error)[2]
    assert "KeyError: 'inner'" in stack_trace
    assert "direct cause" in stack_trace


def test_an_exception_whose_str_raises_still_has_a_message() -> None:
    class Broken(Exception):
        def __str__(self) -> str:
            raise RuntimeError("no")

    assert exception_parts(Broken())[1] == "<unprintable Broken>"


@pytest.mark.parametrize(
    ("given", "sent"),
    [
        ("error", "error"),
        ("WARNING", "warning"),
        (" warn ", "warning"),
        ("fatal", "critical"),
        ("debug", "debug"),
        (logging.INFO, "info"),
        (logging.ERROR + 5, "error"),
        (logging.CRITICAL, "critical"),
        (logging.DEBUG - 5, "debug"),
        ("nonsense", "error"),
    ],
)
def test_severities_are_normalised_to_the_five_names(given: object, sent: str) -> None:
    assert severity_name(given) == sent


def test_heartbeat_body_leaves_out_what_was_not_given() -> None:
    assert heartbeat_body("t", "alive", None, None) == {"project_token": "t", "status": "alive"}


def test_heartbeat_status_and_version_are_clipped_to_the_servers_64_characters() -> None:
    body = heartbeat_body("t", "s" * 100, "v" * 100, {"env": "production"})
    assert len(body["status"]) == len(body["version"]) == 64
    assert body["metadata"] == {"env": "production"}


def test_error_body_has_exactly_the_contract_fields() -> None:
    body = error_body("t", ("ValueError", "boom", "trace"), "error", {"important": "data"})
    assert body == {
        "project_token": "t",
        "error": {
            "type": "ValueError",
            "message": "boom",
            "stack_trace": "trace",
            "severity": "error",
            "context": {"important": "data"},
        },
    }


def test_nul_characters_which_the_server_refuses_are_escaped() -> None:
    body = error_body("t", ("A\x00", "b\x00", "c\x00"), "error", {"k\x00": "v\x00"})
    assert "\x00" not in json.dumps(body, ensure_ascii=False)


def test_anything_becomes_json() -> None:
    cyclic: dict[str, object] = {}
    cyclic["self"] = cyclic
    when = datetime.datetime(2026, 1, 2, 3, 4, 5)
    value = {
        1: float("nan"),
        "when": when,
        "set": {1},
        "tuple": (1, "a"),
        "object": object,
        "cyclic": cyclic,
    }
    data = jsonable(value)
    json.dumps(data, allow_nan=False)
    assert data["1"] == "nan"
    assert data["when"] == "2026-01-02 03:04:05"
    assert data["tuple"] == [1, "a"]
    assert json.dumps(data).count("self") == MAX_DEPTH - 1


def test_a_context_that_is_not_a_mapping_is_wrapped() -> None:
    body = error_body("t", ("E", "m", None), "error", [1, 2])
    assert body["error"]["context"] == {"value": [1, 2]}
    assert "stack_trace" not in body["error"]


def test_an_oversized_report_keeps_the_end_of_its_stack_trace() -> None:
    stack_trace = "start\n" + "x" * 200_000 + "\nValueError: the end"
    data = fitted(error_body("t", ("E", "m", stack_trace), "error", {"a": 1}), 50_000)
    sent = json.loads(data)["error"]
    assert len(data) <= 50_000
    assert sent["stack_trace"].startswith("…")
    assert sent["stack_trace"].endswith("ValueError: the end")
    assert sent["context"] == {"a": 1}


def test_an_oversized_context_is_replaced_by_a_note() -> None:
    context = {"big": "y" * 100_000}
    data = fitted(error_body("t", ("E", "m", "trace"), "error", context), 50_000)
    assert len(data) <= 50_000
    assert json.loads(data)["error"]["context"] == CONTEXT_TOO_LARGE


def test_oversized_heartbeat_metadata_is_replaced_by_a_note() -> None:
    data = fitted(heartbeat_body("t", "alive", None, {"big": "z" * 100_000}), 50_000)
    assert json.loads(data)["metadata"] == CONTEXT_TOO_LARGE
