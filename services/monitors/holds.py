"""When an outage is not alerted as it begins (HeldBecause), in one place: the project is in a
maintenance window, or the project it depends on is down. The writer (services/monitors/
writer.py) still moves the monitor down, records the outage with `held_because`, and says
nothing; what the held outage owes people when its reason ends is the writer's too (a
maintenance that ends while still down is alerted then; a dependant is judged afresh when
the project it depends on recovers)."""

from collections.abc import Iterable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from models import HeldBecause, MaintenanceKind, MaintenanceWindow, Monitor, MonitorKind, Project

ALL_WEEK = 0b1111111  # a bit a weekday, Monday the lowest


def window_covers(window: MaintenanceWindow, now: datetime) -> bool:
    """Whether the maintenance window is on at `now`. A weekly window is in its own time zone's
    wall-clock hours (a window over midnight belongs to the day it starts)."""
    if window.kind == MaintenanceKind.ONE_OFF:
        started = window.starts_at is None or window.starts_at <= now
        return started and (window.ends_at is None or now < window.ends_at)
    return weekly_start_before(window, now) is not None


def weekly_start_before(window: MaintenanceWindow, now: datetime) -> datetime | None:
    """The start of the weekly window's occurrence that covers `now`, or None."""
    zone = ZoneInfo(window.timezone or "UTC")
    local = now.astimezone(zone)
    length = timedelta(minutes=window.duration_minutes or 0)
    for days_back in range(8):  # a window may last up to a week
        day = (local - timedelta(days=days_back)).date()
        if not (window.weekdays or 0) & (1 << day.weekday()):
            continue
        minute = window.start_minute or 0
        start = datetime(day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=zone)
        if start <= local < start + length:
            return start
    return None


def any_covers(windows: Iterable[MaintenanceWindow], now: datetime) -> bool:
    return any(window_covers(window, now) for window in windows)


async def in_maintenance(project_id: int, now: datetime) -> bool:
    return any_covers(await MaintenanceWindow.filter(project_id=project_id), now)


async def parent_down(project: Project) -> bool:
    """Whether the project this one depends on has an outage on (its heartbeat or a check
    down, alerted or held)."""
    if project.depends_on_id is None:
        return False
    kinds = [kind for kind in MonitorKind if kind != MonitorKind.RUN]
    return await Monitor.exists(
        project_id=project.depends_on_id,
        kind__in=kinds,
        since__isnull=False,
        ended_at__isnull=True,
    )


async def held_because(project: Project, now: datetime) -> HeldBecause | None:
    """Why an outage of the project that begins `now` is not alerted, or None: it is."""
    if await in_maintenance(project.id, now):
        return HeldBecause.MAINTENANCE
    if await parent_down(project):
        return HeldBecause.DEPENDENCY
    return None
