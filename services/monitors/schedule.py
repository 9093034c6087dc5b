"""Cron schedules: the pure rules. A heartbeat project may be expected on a cron schedule (5 fields
or an @daily-style shortcut) in a time zone (an IANA name or an offset from UTC,
services/text/zones.py), with a grace time, instead of a plain timeout. The expression is
evaluated by cronsim (Healthchecks' evaluator), which follows cron on daylight-saving nights: a
02:30 job on the night the clocks jump forward is expected at 03:00, and a job at a fixed time
on the night an hour occurs twice is expected once (at its first occurrence). Jobs that run
every minute or every hour follow the real clock instead.

The heartbeat deadline itself is services/monitors/health.py's `deadline_after`: for a scheduled
project, the first expected run strictly after the beat plus the grace (as Healthchecks does)."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import islice
from typing import TypedDict

from cronsim import CronSim, CronSimError

from services.core.errors import InvalidInput
from services.text import zones

# cronsim knows only fields: the shortcuts cron and Healthchecks accept, spelled out.
SHORTCUTS = {
    "@yearly": "0 0 1 1 *",
    "@annually": "0 0 1 1 *",
    "@monthly": "0 0 1 * *",
    "@weekly": "0 0 * * 0",
    "@daily": "0 0 * * *",
    "@midnight": "0 0 * * *",
    "@hourly": "0 * * * *",
}
EXPRESSION_MAX_LENGTH = 120  # projects.schedule
DEFAULT_TZ = "UTC"
DEFAULT_GRACE_SECONDS = 3600
MAX_GRACE_SECONDS = 365 * 86400


@dataclass(frozen=True)
class Schedule:
    """A validated schedule, as stored: the expression as typed, its zone, its grace."""

    expression: str
    tz: str
    grace_seconds: int

    @property
    def grace(self) -> timedelta:
        return timedelta(seconds=self.grace_seconds)


def fields_of(expression: str) -> str:
    """The five fields an expression stands for (a shortcut spelled out)."""
    text = " ".join(expression.split())
    return SHORTCUTS.get(text.lower(), text)


def parse_expression(expression: str) -> str:
    """The expression, tidied (single spaces), if cronsim accepts it as 5 fields or it is a
    shortcut; InvalidInput naming the problem otherwise. Six-field (seconds) expressions are
    refused: cron has none, and cronsim's daylight-saving rules hold only for five."""
    text = " ".join(expression.split())
    if not text:
        raise InvalidInput("the schedule is empty", "schedule-empty")
    if len(text) > EXPRESSION_MAX_LENGTH:
        raise InvalidInput(
            f"the schedule is longer than {EXPRESSION_MAX_LENGTH} characters", "schedule-invalid"
        )
    fields = fields_of(text)
    if fields.startswith("@") or len(fields.split()) != 5:
        raise InvalidInput(
            f"schedule {text!r} must have 5 fields (minute hour day month weekday)"
            f" or be one of {', '.join(SHORTCUTS)}",
            "schedule-invalid",
        )
    try:
        next(CronSim(fields, datetime(2000, 1, 1, tzinfo=UTC)))
    except CronSimError as error:
        raise InvalidInput(f"schedule {text!r}: {error}", "schedule-invalid") from error
    return text


def checked_schedule(expression: str, tz: str, grace_seconds: int) -> Schedule:
    """A schedule from what a person gave, every part checked (InvalidInput names the part).
    Durations are read by the caller (services/text/durations.py)."""
    tidy, tz = parse_expression(expression), zones.read_zone(tz)
    if not 0 <= grace_seconds <= MAX_GRACE_SECONDS:
        raise InvalidInput("the grace must be between 0 and 365 days", "grace-range")
    return Schedule(tidy, tz, grace_seconds)


def stored_schedule(
    expression: str | None, tz: str | None, grace_seconds: int | None
) -> Schedule | None:
    """A project's schedule as its columns hold it (validated when it was set), or None."""
    if expression is None:
        return None
    return Schedule(expression, tz or DEFAULT_TZ, grace_seconds or 0)


def _runs(expression: str, tz: str, after: datetime) -> Iterator[datetime]:
    """Expected runs strictly after `after`, in the schedule's zone. cronsim counts a fixed-time
    job in local wall-clock time: on the fall-back night, after its run, a beat in the repeated
    hour would be offered that run again (before the beat); those are skipped."""
    local = after.astimezone(zones.load_zone(tz))
    return (run for run in CronSim(fields_of(expression), local) if run > after)


def next_runs(expression: str, tz: str, after: datetime, n: int) -> list[datetime]:
    """The next `n` expected runs strictly after `after`, aware, in the schedule's zone."""
    return list(islice(_runs(expression, tz, after), n))


def next_run(schedule: Schedule, after: datetime) -> datetime:
    """The first expected run strictly after `after`."""
    return next(_runs(schedule.expression, schedule.tz, after))


class ScheduleColumns(TypedDict):
    schedule: str | None
    schedule_tz: str | None
    grace_seconds: int | None


def scheduled(schedule: Schedule | None) -> ScheduleColumns:
    """The project's columns that hold `schedule` (all None: a plain timeout)."""
    return {
        "schedule": schedule.expression if schedule else None,
        "schedule_tz": schedule.tz if schedule else None,
        "grace_seconds": schedule.grace_seconds if schedule else None,
    }
