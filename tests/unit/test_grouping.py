"""Fingerprints and what one more report of a group means."""

from datetime import UTC, datetime, timedelta

import pytest

from models import GroupStatus
from services.formats.reports import ErrorDetails
from services.grouping.groups import (
    Occurrence,
    Verdict,
    culprit_of,
    fingerprint,
    normalise_message,
    verdict,
)

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
TRACE = """Traceback (most recent call last):
  File "/srv/app/jobs.py", line {line}, in sync_orders
    fetch(order)
  File "/usr/lib/python3.11/site-packages/httpx/_client.py", line 90, in get
    raise ConnectError
ConnectError: timed out"""


def error(**fields: object) -> ErrorDetails:
    return ErrorDetails.model_validate({"type": "KeyError", "message": "x", **fields})


@pytest.mark.parametrize(
    ("message", "normalised"),
    [
        ("User 42 not found", "User <n> not found"),
        ("order 550e8400-e29b-41d4-a716-446655440000 failed", "order <uuid> failed"),
        ("bad pointer 0x7ffee4c8 in 3.5 s", "bad pointer <hex> in <n> s"),
        ("hash a1b2c3d4e5f6 mismatch", "hash <hex> mismatch"),
        ("no key 'user_7' in \"cache\"", "no key <value> in <value>"),
        ("  spaced\n out  ", "spaced out"),
        ("facade stays a word", "facade stays a word"),
    ],
)
def test_messages_fold_what_varies(message: str, normalised: str) -> None:
    assert normalise_message(message) == normalised


def test_reports_differing_only_in_ids_share_a_fingerprint() -> None:
    assert fingerprint(error(message="user 1 missing")) == fingerprint(
        error(message="user 2 missing")
    )


def test_type_message_frame_and_severity_each_split_groups() -> None:
    base = fingerprint(error(message="missing"))
    assert base != fingerprint(error(type="ValueError", message="missing"))
    assert base != fingerprint(error(message="gone"))
    assert base != fingerprint(error(message="missing", stack_trace=TRACE.format(line=1)))
    assert base != fingerprint(error(message="missing", severity="critical"))


def test_line_numbers_do_not_split_a_group() -> None:
    first = error(stack_trace=TRACE.format(line=10))
    moved = error(stack_trace=TRACE.format(line=12))
    assert fingerprint(first) == fingerprint(moved)


def test_the_top_in_app_frame_skips_installed_packages() -> None:
    assert culprit_of(error(stack_trace=TRACE.format(line=1))) == "/srv/app/jobs.py in sync_orders"


def test_a_clients_own_fingerprint_wins_and_can_extend_the_default() -> None:
    own = error(message="a", fingerprint=["checkout"])
    assert fingerprint(own) == fingerprint(error(message="b", fingerprint=["checkout"]))
    extended = error(message="a", fingerprint=["{{ default }}", "eu"])
    assert fingerprint(extended) != fingerprint(error(message="a"))
    assert fingerprint(extended) != fingerprint(error(message="a", fingerprint=["{{ default }}"]))


def hit(status: GroupStatus, times_seen: int = 2, **fields: object) -> Occurrence:
    values: dict[str, object] = {
        "group_id": 1,
        "times_seen": times_seen,
        "status": status,
        "muted_until": None,
        "mute_over_per_hour": None,
        "hour_count": 1,
        "refresh_due_at": None,
        "refreshed_at": None,
    }
    return Occurrence(**(values | fields))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("occurrence", "expected"),
    [
        (hit(GroupStatus.OPEN, times_seen=1), Verdict.NEW),
        (hit(GroupStatus.OPEN, times_seen=2), Verdict.REPEAT),
        (hit(GroupStatus.RESOLVED), Verdict.REGRESSION),
        (hit(GroupStatus.IGNORED), Verdict.SILENT),
        (hit(GroupStatus.MUTED, muted_until=NOW + timedelta(seconds=1)), Verdict.SILENT),
        (hit(GroupStatus.MUTED, muted_until=NOW), Verdict.UNMUTED),
        (hit(GroupStatus.MUTED, mute_over_per_hour=100, hour_count=100), Verdict.SILENT),
        (hit(GroupStatus.MUTED, mute_over_per_hour=100, hour_count=101), Verdict.UNMUTED),
    ],
)
def test_verdict_of_one_more_report(occurrence: Occurrence, expected: Verdict) -> None:
    assert verdict(occurrence, NOW) == expected
