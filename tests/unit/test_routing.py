"""Quiet hours, reminders, digest hours and time zones, in the chat's own time."""

from datetime import UTC, datetime, timedelta

import pytest

from services.accounts.routing import digest_due, in_quiet_hours, reminder_due

NOON_UTC = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("quiet", "zone", "utc_hour", "expected"),
    [
        (None, "UTC", 3, False),
        ("22-08", "UTC", 21, False),
        ("22-08", "UTC", 22, True),
        ("22-08", "UTC", 7, True),
        ("22-08", "UTC", 8, False),
        ("00-08", "UTC", 0, True),
        ("13-15", "UTC", 14, True),
        ("13-15", "UTC", 15, False),
        # 19:00 UTC is 22:00 in Moscow
        ("22-08", "Europe/Moscow", 19, True),
        ("22-08", "Europe/Moscow", 18, False),
        ("22-08", "Etc/GMT-3", 4, True),
        ("22-08", "Etc/GMT-3", 5, False),
    ],
)
def test_quiet_hours_follow_the_chats_zone(
    quiet: str | None, zone: str, utc_hour: int, expected: bool
) -> None:
    assert in_quiet_hours(quiet, zone, NOON_UTC.replace(hour=utc_hour)) is expected


SINCE = NOON_UTC


@pytest.mark.parametrize(
    ("mode", "last_check", "now", "expected"),
    [
        ("off", SINCE, SINCE + timedelta(days=3), False),
        ("hourly", SINCE, SINCE + timedelta(minutes=59), False),
        ("hourly", SINCE + timedelta(minutes=59), SINCE + timedelta(minutes=60), True),
        ("hourly", SINCE + timedelta(minutes=60), SINCE + timedelta(minutes=61), False),
        ("hourly", SINCE + timedelta(minutes=119), SINCE + timedelta(minutes=120), True),
        # a check that ran late still reminds once
        ("hourly", SINCE + timedelta(minutes=30), SINCE + timedelta(hours=5), True),
        ("daily", SINCE + timedelta(hours=23), SINCE + timedelta(hours=23, minutes=59), False),
        ("daily", SINCE + timedelta(hours=23, minutes=59), SINCE + timedelta(hours=24), True),
    ],
)
def test_reminders_come_once_per_interval(
    mode: str, last_check: datetime, now: datetime, expected: bool
) -> None:
    assert reminder_due(mode, SINCE, last_check, now) is expected


def test_the_digest_goes_once_a_day_at_the_chosen_local_hour() -> None:
    nine_moscow = NOON_UTC.replace(hour=6)
    assert digest_due(9, "Europe/Moscow", None, nine_moscow)
    assert not digest_due(9, "UTC", None, nine_moscow)
    assert not digest_due(None, "UTC", None, nine_moscow)
    assert not digest_due(9, "Europe/Moscow", nine_moscow - timedelta(minutes=5), nine_moscow)
    assert digest_due(9, "Europe/Moscow", nine_moscow - timedelta(days=1), nine_moscow)
