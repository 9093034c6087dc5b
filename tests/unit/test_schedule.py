"""Cron schedules: parsing, zones, the next runs on ordinary and daylight-saving nights, and the
one heartbeat deadline rule (services/monitors/health.py: deadline_after), both sides of each
boundary."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from models import Health
from services.core.errors import InvalidInput
from services.monitors.health import deadline_after, status
from services.monitors.schedule import (
    checked_schedule,
    next_runs,
    parse_expression,
)

MOSCOW = ZoneInfo("Europe/Moscow")
BERLIN = ZoneInfo("Europe/Berlin")


@dataclass(frozen=True)
class Facts:
    """What health depends on, as a Project row has it."""

    paused: bool = False
    last_heartbeat_at: datetime | None = None
    timeout_seconds: int = 3600
    schedule: str | None = None
    schedule_tz: str | None = None
    grace_seconds: int | None = None


def daily_at_three(beat: datetime | None = None) -> Facts:
    return Facts(False, beat, 3600, "0 3 * * *", "Europe/Moscow", 1800)


@pytest.mark.parametrize(
    ("typed", "tidy"),
    [
        ("0 3 * * *", "0 3 * * *"),
        ("  0   3 * *   1-5 ", "0 3 * * 1-5"),
        ("@daily", "@daily"),
        ("@HOURLY", "@HOURLY"),
        ("*/15 * * * MON-FRI", "*/15 * * * MON-FRI"),
    ],
)
def test_expressions_cron_accepts_are_taken(typed: str, tidy: str) -> None:
    assert parse_expression(typed) == tidy


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("", "schedule-empty"),
        ("0 3 * *", "schedule-invalid"),  # four fields
        ("0 0 3 * * *", "schedule-invalid"),  # six: seconds are not cron's
        ("61 3 * * *", "schedule-invalid"),
        ("0 25 * * *", "schedule-invalid"),
        ("0 0 31 2 *", "schedule-invalid"),  # never comes
        ("@fortnightly", "schedule-invalid"),
        ("every day", "schedule-invalid"),
    ],
)
def test_a_bad_expression_is_refused_with_its_reason(typed: str, code: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_expression(typed)
    assert refused.value.code == code


def test_an_unknown_zone_is_an_error_never_utc() -> None:
    with pytest.raises(InvalidInput) as refused:
        checked_schedule("0 3 * * *", "Europe/Atlantis", 60)
    assert refused.value.code == "zone-invalid"
    assert "Europe/Atlantis" in str(refused.value)
    for not_a_zone in ("../etc/passwd", "localtime", "", "Europe/Moscow/", "x" * 100):
        with pytest.raises(InvalidInput):
            checked_schedule("0 3 * * *", not_a_zone, 60)
    assert checked_schedule("0 3 * * *", " Europe/Moscow ", 60).tz == "Europe/Moscow"


def test_shortcuts_stand_for_their_fields() -> None:
    after = datetime(2026, 5, 6, 10, 17, tzinfo=UTC)
    assert next_runs("@hourly", "UTC", after, 1) == [datetime(2026, 5, 6, 11, 0, tzinfo=UTC)]
    assert next_runs("@daily", "UTC", after, 1) == [datetime(2026, 5, 7, 0, 0, tzinfo=UTC)]
    assert next_runs("@weekly", "UTC", after, 1) == [datetime(2026, 5, 10, 0, 0, tzinfo=UTC)]
    assert next_runs("@monthly", "UTC", after, 1) == [datetime(2026, 6, 1, tzinfo=UTC)]
    assert next_runs("@yearly", "UTC", after, 1) == [datetime(2027, 1, 1, tzinfo=UTC)]


def test_the_next_runs_are_in_the_schedules_zone() -> None:
    after = datetime(2026, 12, 7, 1, 0, tzinfo=UTC)  # 04:00 in Moscow: today's run is past
    runs = next_runs("0 3 * * *", "Europe/Moscow", after, 3)
    assert [run.isoformat() for run in runs] == [
        "2026-12-08T03:00:00+03:00",
        "2026-12-09T03:00:00+03:00",
        "2026-12-10T03:00:00+03:00",
    ]


def test_spring_forward_a_0230_job_is_expected_at_0300() -> None:
    """2026-03-29, Berlin: 02:00 CET becomes 03:00 CEST; 02:30 never happens."""
    runs = next_runs("30 2 * * *", "Europe/Berlin", datetime(2026, 3, 28, 12, tzinfo=UTC), 2)
    assert runs[0] == datetime(2026, 3, 29, 3, 0, tzinfo=BERLIN)
    assert runs[0].astimezone(UTC) == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    assert runs[1] == datetime(2026, 3, 30, 2, 30, tzinfo=BERLIN)


def test_fall_back_a_0230_job_is_expected_once() -> None:
    """2026-10-25, Berlin: 03:00 CEST becomes 02:00 CET; 02:30 happens twice, the job once."""
    runs = next_runs("30 2 * * *", "Europe/Berlin", datetime(2026, 10, 24, 12, tzinfo=UTC), 2)
    assert [run.astimezone(UTC) for run in runs] == [
        datetime(2026, 10, 25, 0, 30, tzinfo=UTC),  # 02:30 CEST, the first of the two
        datetime(2026, 10, 26, 1, 30, tzinfo=UTC),  # 02:30 CET, the next day
    ]


def test_a_beat_in_the_repeated_hour_after_the_run_waits_for_the_next_day() -> None:
    """cronsim counts wall-clock time: at 02:10 CET (after the 02:30 CEST run) it would offer
    02:30 again, which is before the beat in real time."""
    beat = datetime(2026, 10, 25, 1, 10, tzinfo=UTC)  # 02:10 CET, the second pass
    assert next_runs("30 2 * * *", "Europe/Berlin", beat, 1) == [
        datetime(2026, 10, 26, 1, 30, tzinfo=UTC)
    ]


def test_an_hourly_job_runs_every_real_hour_on_the_fall_back_night() -> None:
    after = datetime(2026, 10, 24, 23, 30, tzinfo=UTC)  # 01:30 CEST
    runs = next_runs("0 * * * *", "Europe/Berlin", after, 3)
    assert [run.astimezone(UTC).hour for run in runs] == [0, 1, 2]


@pytest.mark.parametrize(
    ("beat", "deadline"),
    [
        # 02:59:59 Moscow: the 03:00 run is still ahead; 03:30 is its deadline.
        (datetime(2026, 12, 6, 23, 59, 59, tzinfo=UTC), datetime(2026, 12, 7, 0, 30, tzinfo=UTC)),
        # A beat at 03:00 sharp is that run: the next is tomorrow's.
        (datetime(2026, 12, 7, 0, 0, tzinfo=UTC), datetime(2026, 12, 8, 0, 30, tzinfo=UTC)),
        # A beat late but within the grace (03:20) is that run too.
        (datetime(2026, 12, 7, 0, 20, tzinfo=UTC), datetime(2026, 12, 8, 0, 30, tzinfo=UTC)),
    ],
)
def test_the_deadline_is_the_next_run_after_the_beat_plus_the_grace(
    beat: datetime, deadline: datetime
) -> None:
    assert deadline_after(daily_at_three(), beat) == deadline


def test_without_a_schedule_the_deadline_is_the_beat_plus_the_timeout() -> None:
    beat = datetime(2026, 12, 7, 0, 0, tzinfo=UTC)
    assert deadline_after(Facts(timeout_seconds=90), beat) == beat + timedelta(seconds=90)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (datetime(2026, 12, 7, 0, 29, 59, tzinfo=UTC), Health.UP),  # 03:29:59 Moscow
        (datetime(2026, 12, 7, 0, 30, tzinfo=UTC), Health.DOWN),  # 03:30
    ],
)
def test_status_of_a_scheduled_project_turns_at_the_run_plus_grace(
    now: datetime, expected: Health
) -> None:
    beat = datetime(2026, 12, 6, 0, 5, tzinfo=UTC)  # yesterday's run, on time
    assert status(daily_at_three(beat), now) == expected


def berlin_at_one(beat: datetime) -> Facts:
    return Facts(False, beat, 3600, "0 1 * * *", "Europe/Berlin", 7200)


@pytest.mark.parametrize(
    ("beat", "run"),
    [
        # Fall-back night: 01:00 CEST, then the clocks go back at 03:00 CEST.
        (datetime(2026, 10, 23, 23, 5, tzinfo=UTC), datetime(2026, 10, 24, 23, 0, tzinfo=UTC)),
        # Spring-forward night: 01:00 CET, then the clocks jump at 02:00 CET.
        (datetime(2026, 3, 28, 0, 5, tzinfo=UTC), datetime(2026, 3, 29, 0, 0, tzinfo=UTC)),
    ],
)
def test_the_grace_is_real_time_across_a_daylight_saving_change(
    beat: datetime, run: datetime
) -> None:
    """A 2 h grace after a 01:00 run ends two real hours later, though the wall clock shows
    one or three hours more that night."""
    assert deadline_after(berlin_at_one(beat), beat) == run + timedelta(hours=2)
