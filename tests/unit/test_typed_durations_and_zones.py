"""Durations and time zones as people type them (services/text/durations.py, zones.py): one
reader each, behind every field that takes one."""

from datetime import UTC, datetime, timedelta

import pytest

from services.accounts import checks, escalation, maintenance, projects, schedules
from services.core.errors import InvalidInput
from services.text.durations import duration_seconds
from services.text.zones import ZoneUnavailable, load_zone, read_zone


@pytest.mark.parametrize(
    ("typed", "seconds"),
    [
        ("90", 90),
        ("90s", 90),
        ("15m", 900),
        ("1h", 3600),
        ("2d", 172800),
        ("1h30m", 5400),
        ("1h 30m", 5400),
        ("1d2h", 93600),
        ("  15M ", 900),
        ("15 min", 900),
        ("2 hours", 7200),
        ("1 hour", 3600),
        ("1 day", 86400),
        ("90 seconds", 90),
        ("90 сек", 90),
        ("15 мин", 900),
        ("15 МИН", 900),
        ("15 мин.", 900),
        ("2 ч", 7200),
        ("1 д", 86400),
        ("1 секунда", 1),
        ("2 секунды", 2),
        ("5 секунд", 5),
        ("1 минута", 60),
        ("2 минуты", 120),
        ("5 минут", 300),
        ("1 час", 3600),
        ("2 часа", 7200),
        ("5 часов", 18000),
        ("1 день", 86400),
        ("2 дня", 172800),
        ("5 дней", 432000),
        ("1 час 30 минут", 5400),
        ("1 ч 30 мин", 5400),
    ],
)
def test_durations_are_read_as_people_type_them(typed: str, seconds: int) -> None:
    assert duration_seconds(typed) == seconds


@pytest.mark.parametrize(
    "typed",
    ["", "  ", "soon", "15 минуточек", "5 parsecs", "1h1h", "1 30", "1h 30", "h", "-5m", "1.5h",
     "15 мин мин", "1" * 50],
)  # fmt: skip
def test_what_is_not_a_duration_is_not_read_as_one(typed: str) -> None:
    assert duration_seconds(typed) is None


@pytest.mark.parametrize(
    ("read", "code"),
    [
        (projects.parse_timeout, "timeout-invalid"),
        (schedules.read_grace, "grace-invalid"),
        (maintenance.parse_length, "maintenance-length"),
        (escalation.parse_after, "escalation-after-invalid"),
        (checks.parse_interval, "interval-invalid"),
    ],
)
def test_every_field_takes_15_minutes_in_russian_and_names_the_forms_when_refusing(
    read, code: str
) -> None:
    accepted = read("15 мин")
    assert accepted in (900, timedelta(minutes=15))
    with pytest.raises(InvalidInput) as refused:
        read("15 минуточек")
    assert refused.value.code == code
    assert "'15 минуточек' is not a duration like 90s, 15m" in str(refused.value)
    assert "in Russian 90 сек, 15 мин, 2 ч, 1 д" in str(refused.value)


@pytest.mark.parametrize(
    ("typed", "stored", "offset"),
    [
        ("Europe/Moscow", "Europe/Moscow", timedelta(hours=3)),
        ("  Asia/Kolkata ", "Asia/Kolkata", timedelta(hours=5, minutes=30)),
        ("asia/kathmandu", "Asia/Kathmandu", timedelta(hours=5, minutes=45)),
        ("+3", "UTC+03:00", timedelta(hours=3)),
        ("+5:30", "UTC+05:30", timedelta(hours=5, minutes=30)),
        ("-03:30", "UTC-03:30", -timedelta(hours=3, minutes=30)),
        ("UTC+05:45", "UTC+05:45", timedelta(hours=5, minutes=45)),
        ("gmt-0930", "UTC-09:30", -timedelta(hours=9, minutes=30)),
        ("UTC -05:00", "UTC-05:00", timedelta(hours=-5)),
        ("+14", "UTC+14:00", timedelta(hours=14)),
        ("+0", "UTC", timedelta(0)),
        ("utc", "UTC", timedelta(0)),
        ("Etc/GMT-3", "Etc/GMT-3", timedelta(hours=3)),  # stored by earlier versions
    ],
)
def test_time_zones_are_read_as_people_type_them(
    typed: str, stored: str, offset: timedelta
) -> None:
    assert read_zone(typed) == stored
    winter = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
    assert winter.astimezone(load_zone(stored)).utcoffset() == offset


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Mars/Olympus", "zone-invalid"),
        ("", "zone-invalid"),
        ("../../etc/passwd", "zone-invalid"),
        ("localtime", "zone-invalid"),  # the server's own zone, not IANA's
        ("3 pm", "zone-invalid"),
        ("Europe/" + "x" * 300, "zone-invalid"),
        ("+15", "zone-offset-range"),
        ("+14:30", "zone-offset-range"),
        ("+5:75", "zone-offset-range"),
    ],
)
def test_a_zone_that_is_none_is_refused_with_its_reason(typed: str, code: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        read_zone(typed)
    assert refused.value.code == code


def test_a_stored_zone_that_cannot_be_loaded_is_an_error_never_utc() -> None:
    with pytest.raises(ZoneUnavailable) as refused:
        load_zone("Mars/Olympus")
    assert refused.value.code == "zone-unavailable"
    assert "install the tzdata package" in str(refused.value)


def test_schedules_and_maintenance_take_offsets_with_minutes() -> None:
    schedule = schedules.read_schedule("0 9 * * *", "+5:30", "15 мин")
    assert (schedule.tz, schedule.grace_seconds) == ("UTC+05:30", 900)
    (run,) = schedules.upcoming(schedule, datetime(2026, 1, 15, 0, 0, tzinfo=UTC), 1)
    assert run.astimezone(UTC) == datetime(2026, 1, 15, 3, 30, tzinfo=UTC)
    until = maintenance.parse_until("2026-12-31T18:00", "-03:30")
    assert until.astimezone(UTC) == datetime(2026, 12, 31, 21, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("stored", "offset"),
    [("Etc/GMT+13", timedelta(hours=-13)), ("Etc/GMT+14", timedelta(hours=-14))],
)
def test_offsets_earlier_versions_stored_as_etc_zones_iana_lacks_still_load(
    stored: str, offset: timedelta
) -> None:
    """Earlier versions stored a typed `-13` as `Etc/GMT+13` (the Etc zones count the other way
    round), a name IANA does not have (it stops at Etc/GMT+12). They read it as UTC then; now
    it is the offset the chat typed, not a zone that cannot be loaded (no digest, no quiet hours
    and an error logged every minute)."""
    assert datetime(2026, 1, 15, 12, 0, tzinfo=UTC).astimezone(load_zone(stored)).utcoffset() == (
        offset
    )
