"""Maintenance windows as rules: when a window is on (weekly ones in their own zone's wall
clock, over midnight, ended early by hand) and how typed values are read or refused."""

from datetime import UTC, datetime, timedelta

import pytest

from models import MaintenanceKind, MaintenanceWindow
from services.accounts import maintenance
from services.core.errors import InvalidInput
from services.monitors.holds import spans, window_covers

MONDAY = datetime(2026, 12, 7, tzinfo=UTC)


def weekly(days: int, start: str, minutes: int, zone: str = "UTC") -> MaintenanceWindow:
    return MaintenanceWindow(
        kind=MaintenanceKind.WEEKLY,
        weekdays=days,
        start_minute=maintenance.parse_clock(start),
        duration_minutes=minutes,
        timezone=zone,
    )


def one_off(start: datetime, end: datetime | None) -> MaintenanceWindow:
    return MaintenanceWindow(kind=MaintenanceKind.ONE_OFF, starts_at=start, ends_at=end)


@pytest.mark.parametrize(
    ("window", "at", "on"),
    [
        (one_off(MONDAY, MONDAY + timedelta(hours=1)), MONDAY - timedelta(seconds=1), False),
        (one_off(MONDAY, MONDAY + timedelta(hours=1)), MONDAY, True),
        (one_off(MONDAY, MONDAY + timedelta(hours=1)), MONDAY + timedelta(hours=1), False),
        (one_off(MONDAY, None), MONDAY + timedelta(days=300), True),
        # Monday 02:00-04:00 in Moscow is 23:00 Sunday to 01:00 Monday UTC
        (weekly(0b1, "02:00", 120, "Europe/Moscow"), MONDAY - timedelta(hours=1), True),
        (weekly(0b1, "02:00", 120, "Europe/Moscow"), MONDAY + timedelta(hours=1), False),
        (weekly(0b1, "02:00", 120), MONDAY + timedelta(hours=1, minutes=59), False),
        (weekly(0b1, "02:00", 120), MONDAY + timedelta(hours=2), True),
        (weekly(0b1, "02:00", 120), MONDAY + timedelta(hours=4), False),
        # Sunday 23:00 for 2 h runs into Monday: it belongs to the day it starts
        (weekly(0b1000000, "23:00", 120), MONDAY + timedelta(minutes=30), True),
        (weekly(0b1000000, "23:00", 120), MONDAY + timedelta(days=1, minutes=30), False),
    ],
)
def test_when_a_window_is_on(window: MaintenanceWindow, at: datetime, on: bool) -> None:
    assert window_covers(window, at) is on


def test_a_weekly_window_ended_by_hand_is_off_until_its_next_occurrence() -> None:
    window = weekly(0b1, "02:00", 120)
    window.ends_at = MONDAY + timedelta(hours=2, minutes=30)
    assert not window_covers(window, MONDAY + timedelta(hours=3))
    assert window_covers(window, MONDAY + timedelta(days=7, hours=3))
    assert spans([window], MONDAY, MONDAY + timedelta(days=8)) == [
        (MONDAY + timedelta(hours=2), MONDAY + timedelta(hours=2, minutes=30)),
        (MONDAY + timedelta(days=7, hours=2), MONDAY + timedelta(days=7, hours=4)),
    ]


def test_overlapping_windows_are_one_span_cut_to_the_period() -> None:
    first = one_off(MONDAY - timedelta(hours=1), MONDAY + timedelta(hours=1))
    second = one_off(MONDAY + timedelta(minutes=30), MONDAY + timedelta(hours=2))
    assert spans([first, second], MONDAY, MONDAY + timedelta(days=1)) == [
        (MONDAY, MONDAY + timedelta(hours=2))
    ]


@pytest.mark.parametrize(
    ("typed", "bits"),
    [
        ("mon", 0b1),
        ("mon,wed,fri", 0b10101),
        ("mon-fri", 0b11111),
        ("fri-mon", 0b1110001),
        ("daily", 0b1111111),
        ("weekends", 0b1100000),
        ("Sat, Sun", 0b1100000),
    ],
)
def test_days_are_read_as_typed(typed: str, bits: int) -> None:
    assert maintenance.parse_weekdays(typed) == bits


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (lambda: maintenance.parse_weekdays("someday"), "maintenance-days"),
        (lambda: maintenance.parse_clock("24:00"), "maintenance-time"),
        (lambda: maintenance.parse_clock("2 am"), "maintenance-time"),
        (lambda: maintenance.parse_length("soon"), "maintenance-length"),
        (lambda: maintenance.parse_length("30s"), "maintenance-length-range"),
        (lambda: maintenance.parse_length("31d"), "maintenance-length-range"),
        # one rule for zones (services/text/zones.py): `localtime` is the server's zone, not
        # IANA's; an overlong name is refused, not an OSError
        (lambda: maintenance.parse_until("2026-12-31T18:00", "Mars/Olympus"), "zone-invalid"),
        (lambda: maintenance.parse_until("2026-12-31T18:00", "localtime"), "zone-invalid"),
        (lambda: maintenance.parse_until("2026-12-31", "Europe/" + "x" * 300), "zone-invalid"),
        (lambda: maintenance.parse_until("2026-12-31 18:00", "+15"), "zone-offset-range"),
        (lambda: maintenance.parse_until("tomorrow", "UTC"), "maintenance-until"),
    ],
)
def test_bad_values_are_refused_with_a_code_naming_the_problem(call, code: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        call()
    assert refused.value.code == code


def test_a_time_without_an_offset_is_read_in_the_zone_and_an_offset_wins() -> None:
    moscow = maintenance.parse_until("2026-12-31T18:00", "Europe/Moscow")
    assert moscow.astimezone(UTC) == datetime(2026, 12, 31, 15, 0, tzinfo=UTC)
    explicit = maintenance.parse_until("2026-12-31T18:00+01:00", "Europe/Moscow")
    assert explicit.astimezone(UTC) == datetime(2026, 12, 31, 17, 0, tzinfo=UTC)


# The last Sunday of March 2027: in Berlin the clocks jump from 02:00 to 03:00 (01:00 UTC); the
# last Sunday of October 2026: they fall back from 03:00 to 02:00 (01:00 UTC).
SPRING_FORWARD = datetime(2027, 3, 28, tzinfo=UTC)
FALL_BACK = datetime(2026, 10, 25, tzinfo=UTC)
SUNDAY = 0b1000000


@pytest.mark.parametrize(
    ("night", "begins", "ends"),
    [
        # 02:30 is skipped: read with the offset before the jump (03:30 new time), 2 real hours
        (SPRING_FORWARD, timedelta(hours=1, minutes=30), timedelta(hours=3, minutes=30)),
        # 02:30 comes twice: the first one, for 2 real hours (not 3)
        (FALL_BACK, timedelta(minutes=30), timedelta(hours=2, minutes=30)),
    ],
)
def test_a_weekly_window_lasts_its_length_on_the_nights_clocks_change(
    night: datetime, begins: timedelta, ends: timedelta
) -> None:
    window = weekly(SUNDAY, "02:30", 120, "Europe/Berlin")
    minute = timedelta(minutes=1)
    assert not window_covers(window, night + begins - minute)
    assert window_covers(window, night + begins)
    assert window_covers(window, night + ends - minute)
    assert not window_covers(window, night + ends)
    assert spans([window], night, night + timedelta(days=1)) == [(night + begins, night + ends)]
