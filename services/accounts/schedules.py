"""Cron schedules as people set them (the bot's settings, the shell): what they type read and
checked, then handed to the one writer (services/monitors/writer.py), which moves an up
heartbeat monitor's deadline to match. The rules are services/monitors/schedule.py's."""

from datetime import datetime

from models import Project
from services.monitors import writer
from services.monitors.schedule import (
    DEFAULT_GRACE_SECONDS,
    DEFAULT_TZ,
    Schedule,
    checked_schedule,
    next_runs,
)
from services.text.durations import read_duration


def read_grace(text: str | None) -> int:
    """A grace time as typed (`90s`, `30m`, `1h`, `2d`, `30 мин`), in seconds;
    DEFAULT_GRACE_SECONDS (an hour) when none is given."""
    if text is None:
        return DEFAULT_GRACE_SECONDS
    return read_duration(text, "grace", "grace-invalid")


def read_schedule(expression: str, tz: str | None = None, grace: str | None = None) -> Schedule:
    """A schedule from what a person typed: the expression, the zone (UTC if none) and the
    grace (an hour if none), each checked; InvalidInput names the part that is wrong."""
    return checked_schedule(expression, tz or DEFAULT_TZ, read_grace(grace))


def upcoming(schedule: Schedule, now: datetime, n: int = 3) -> list[datetime]:
    """The next `n` expected runs after `now`, in the schedule's zone (shown for confirmation)."""
    return next_runs(schedule.expression, schedule.tz, now, n)


async def set_schedule(project: Project, schedule: Schedule) -> None:
    """The project is expected on `schedule` from now on."""
    await writer.schedule_changed(project, schedule)


async def set_plain_timeout(project: Project, seconds: int) -> None:
    """Back to a plain timeout: silent for `seconds` is down."""
    await writer.schedule_changed(project, None, seconds)
