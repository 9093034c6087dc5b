"""The rules of active checks (services/monitors/checks.py): when a check is probed, and what
a probe's outcome does to its monitor."""

from datetime import UTC, datetime, timedelta

import pytest

from models import MonitorState
from services.monitors.checks import (
    RECHECK_AFTER,
    AfterProbe,
    after_probe,
    certificate_warning,
    flapping,
    next_probe,
    probe_again_at,
    settled,
)

NOW = datetime(2026, 12, 6, 12, 0, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)


def test_checks_added_together_are_spread_over_their_interval() -> None:
    offsets = sorted((next_probe(n, MINUTE, NOW) - NOW).total_seconds() for n in range(1, 101))
    # A hundred checks of one minute: no second of it holds more than a few of them.
    per_second = [sum(int(o) == s for o in offsets) for s in range(60)]
    assert max(per_second) <= 3
    assert offsets[0] < 2 and offsets[-1] > 58


def test_a_check_keeps_its_phase_and_is_due_once_per_interval() -> None:
    first = next_probe(7, MINUTE, NOW)
    assert NOW < first <= NOW + MINUTE
    assert next_probe(7, MINUTE, first) == first + MINUTE  # strictly after: the next one
    assert next_probe(7, MINUTE, first - timedelta(microseconds=1)) == first
    assert next_probe(7, MINUTE, NOW + timedelta(hours=5)) - first == timedelta(hours=5)


@pytest.mark.parametrize(
    ("state", "failures", "confirm", "passed", "expected"),
    [
        (MonitorState.NEW, 0, 2, True, AfterProbe(MonitorState.UP, 0)),
        (MonitorState.NEW, 0, 2, False, AfterProbe(MonitorState.NEW, 1)),
        (MonitorState.NEW, 1, 2, False, AfterProbe(MonitorState.DOWN, 2)),
        (MonitorState.UP, 0, 2, False, AfterProbe(MonitorState.UP, 1)),
        (MonitorState.UP, 1, 2, False, AfterProbe(MonitorState.DOWN, 2)),
        (MonitorState.UP, 1, 3, False, AfterProbe(MonitorState.UP, 2)),
        (MonitorState.UP, 0, 1, False, AfterProbe(MonitorState.DOWN, 1)),
        (MonitorState.UP, 1, 2, True, AfterProbe(MonitorState.UP, 0)),
        (MonitorState.DOWN, 5, 2, False, AfterProbe(MonitorState.DOWN, 6)),
        (MonitorState.DOWN, 5, 2, True, AfterProbe(MonitorState.UP, 0)),
        (MonitorState.PAUSED, 0, 2, False, AfterProbe(MonitorState.PAUSED, 0)),
    ],
)
def test_down_after_confirmed_failures_and_up_after_one_success(
    state: MonitorState, failures: int, confirm: int, passed: bool, expected: AfterProbe
) -> None:
    assert after_probe(state, failures, confirm, passed) == expected


def test_a_failure_not_yet_confirmed_is_probed_again_sooner() -> None:
    slot = next_probe(3, MINUTE, NOW)
    unconfirmed = AfterProbe(MonitorState.UP, 1)
    assert probe_again_at(3, MINUTE, NOW, unconfirmed) == min(slot, NOW + RECHECK_AFTER)
    assert probe_again_at(3, MINUTE, NOW, AfterProbe(MonitorState.DOWN, 2)) == slot
    assert probe_again_at(3, MINUTE, NOW, AfterProbe(MonitorState.UP, 0)) == slot
    short = timedelta(seconds=5)  # an interval shorter than the re-check: the interval wins
    assert probe_again_at(3, short, NOW, unconfirmed) == next_probe(3, short, NOW)


@pytest.mark.parametrize(
    ("left", "warned", "expected"),
    [
        (timedelta(days=30), None, None),  # far off
        (timedelta(days=14, hours=12), None, 14),  # 14 whole days left: the 14-day warning
        (timedelta(days=13), 14, None),  # given already for this expiry
        (timedelta(days=6, hours=23), 14, 7),  # the next one
        (timedelta(days=6), 7, None),
        (timedelta(hours=20), 7, 1),  # less than a day: "today"
        (timedelta(days=3), None, 7),  # first seen at 3 days: the nearest one only
        (-timedelta(hours=1), None, None),  # expired: a failure, not a warning
    ],
)
def test_a_certificate_is_announced_once_at_each_warning_day(
    left: timedelta, warned: int | None, expected: int | None
) -> None:
    assert certificate_warning(NOW + left, NOW, warned, (14, 7, 1)) == expected


def test_a_check_flaps_at_its_fifth_change_within_the_hour_and_settles_after_an_hour() -> None:
    assert not flapping(4) and flapping(5)
    assert not settled(NOW - timedelta(minutes=59), NOW)
    assert settled(NOW - timedelta(hours=1), NOW)
