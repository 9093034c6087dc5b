"""The retry policy as pure functions."""

from __future__ import annotations

from email.utils import formatdate

import pytest
from error_monitor._transport import Answer, Verdict, parse_retry_after, retry_delay, verdict


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (200, Verdict.DELIVERED),
        (201, Verdict.DELIVERED),
        (None, Verdict.RETRY),
        (408, Verdict.RETRY),
        (429, Verdict.RETRY),
        (500, Verdict.RETRY),
        (503, Verdict.RETRY),
        (302, Verdict.REJECTED),
        (400, Verdict.REJECTED),
        (401, Verdict.REJECTED),
        (403, Verdict.REJECTED),
        (404, Verdict.REJECTED),
        (413, Verdict.REJECTED),
    ],
)
def test_only_missing_answers_408_429_and_5xx_are_retried(
    status: int | None, expected: Verdict
) -> None:
    assert verdict(Answer(status)) is expected


def test_backoff_doubles_with_at_most_a_quarter_of_jitter() -> None:
    for retry, base in enumerate([0.5, 1.0, 2.0, 4.0]):
        assert base <= retry_delay(retry, None, 0.5, 30.0) <= base * 1.25


def test_backoff_is_capped() -> None:
    assert retry_delay(20, None, 0.5, 30.0) == 30.0


def test_retry_after_is_honoured_up_to_the_cap() -> None:
    assert retry_delay(0, 7.0, 0.5, 30.0) == 7.0
    assert retry_delay(0, 3600.0, 0.5, 30.0) == 30.0


@pytest.mark.parametrize(
    ("header", "seconds"),
    [("5", 5.0), ("0", 0.0), (None, None), ("", None), ("soon", None), ("-3", None)],
)
def test_retry_after_seconds(header: str | None, seconds: float | None) -> None:
    assert parse_retry_after(header) == seconds


def test_retry_after_as_an_http_date() -> None:
    now = 1_800_000_000.0
    assert parse_retry_after(formatdate(now + 30, usegmt=True), now=now) == 30.0
    assert parse_retry_after(formatdate(now - 30, usegmt=True), now=now) == 0.0
