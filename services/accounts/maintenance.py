"""Maintenance windows of a project, as people set them (the bot, the shell, a deploy script's
URL): one-off (for a while, until a time, or until someone ends it) and weekly (days of the
week, a local start time and a length, in a time zone). What a window keeps quiet is decided
in services/monitors/holds.py; outages it held are alerted when it ends (services/watch/
held.py). Every value is checked here, with an InvalidInput whose code names the problem."""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.expressions import Q

from models import MaintenanceKind, MaintenanceWindow, Project
from services.core.errors import InvalidInput, NotFound
from services.monitors import holds
from services.monitors.watched import open_outages
from services.storage.transaction import transaction
from services.text import zones
from services.text.durations import read_duration

MAX_ONE_OFF = timedelta(days=30)  # longer than that is a pause, not maintenance
MAX_WEEKLY = timedelta(days=7)  # an occurrence ends before the next one starts
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_CLOCK = re.compile(r"^\s*([01]?\d|2[0-3]):([0-5]\d)\s*$")
ONE_OFF_KINDS = [MaintenanceKind.ONE_OFF, MaintenanceKind.DEPLOY]  # from a time to a time
_DAY_NAMES = {"daily": holds.ALL_WEEK, "weekdays": 0b0011111, "weekends": 0b1100000}


@dataclass(frozen=True)
class Current:
    """The maintenance on now: until when (None: until someone ends it) and who started it
    (a person's name; empty for the operator at the shell; `by_deploy_script` for the URL)."""

    until: datetime | None
    by: str
    weekly: bool
    by_deploy_script: bool = False


def parse_length(text: str, longest: timedelta = MAX_ONE_OFF) -> timedelta:
    """`30m`, `2h`, `1d`, `30 мин` (services/text/durations.py): one minute at least."""
    length = timedelta(seconds=read_duration(text, "maintenance length", "maintenance-length"))
    if not timedelta(minutes=1) <= length <= longest:
        raise InvalidInput(
            f"maintenance length must be between 1 minute and {longest.days} days",
            "maintenance-length-range",
        )
    return length




def parse_until(text: str, zone: str) -> datetime:
    """An ISO date and time (`2026-12-31T18:00`, a space for the T is fine). With an offset
    (`+03:00`, `Z`) it is that moment; without one it is wall-clock time in `zone`."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(
            f"{text!r} is not a date and time like 2026-12-31T18:00", "maintenance-until"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=zones.typed_zone(zone))


def parse_weekdays(text: str) -> int:
    """`mon,wed,fri`, a range `mon-fri`, or `daily`, `weekdays`, `weekends`: a bit a day."""
    bits = 0
    for part in text.lower().replace(" ", "").split(","):
        bits |= _DAY_NAMES.get(part) or _day_range(part, text)
    return bits


def _day_range(part: str, text: str) -> int:
    first, _, last = part.partition("-")
    last = last or first
    if first not in WEEKDAYS or last not in WEEKDAYS:
        raise InvalidInput(
            f"days {text!r}: use mon,tue,… or mon-fri, daily, weekdays, weekends",
            "maintenance-days",
        )
    start, end = WEEKDAYS.index(first), WEEKDAYS.index(last)
    days = range(start, end + 1) if start <= end else [*range(start, 7), *range(end + 1)]
    return sum(1 << day for day in days)


def parse_clock(text: str) -> int:
    """`02:00`, `23:30`: minutes after local midnight."""
    match = _CLOCK.match(text)
    if not match:
        raise InvalidInput(f"{text!r} is not a time of day like 02:00", "maintenance-time")
    return int(match.group(1)) * 60 + int(match.group(2))


def days_text(weekdays: int) -> str:
    """The days of a weekly window, as typed: `mon,wed-fri`."""
    return ",".join(day for n, day in enumerate(WEEKDAYS) if weekdays & (1 << n))


async def start(
    project: Project, now: datetime, by: str, until: datetime | None
) -> MaintenanceWindow:
    """A person's one-off window from now to `until` (None: until someone ends it). A one-off
    window a person began that is on now ends now: the new one replaces it (pressing `1 h`
    again extends it). A deploy script's window and weekly ones go on: the project is in
    maintenance while any window covers it."""
    return await _replace(project, now, MaintenanceKind.ONE_OFF, by, until)


async def start_for_deploy(project: Project, now: datetime, until: datetime) -> MaintenanceWindow:
    """A deploy script's window (the URL door): replaces only a deploy script's window on now,
    never one a person began (a migration under `🔧 until I end it` stays in maintenance)."""
    return await _replace(project, now, MaintenanceKind.DEPLOY, "", until)


async def _replace(
    project: Project, now: datetime, kind: MaintenanceKind, by: str, until: datetime | None
) -> MaintenanceWindow:
    if until is not None and until <= now:
        raise InvalidInput("the end of maintenance must be in the future", "maintenance-past")
    if until is not None and until - now > MAX_ONE_OFF:
        raise InvalidInput(
            f"maintenance may last at most {MAX_ONE_OFF.days} days", "maintenance-length-range"
        )
    # One transaction: between the old window's end and the new one's start the held-outage
    # releaser (services/watch/held.py) would find the project out of maintenance and alert.
    async with transaction():
        await _end_one_offs(project.id, now, [kind])
        window = await MaintenanceWindow.create(
            project_id=project.id, kind=kind, starts_at=now, ends_at=until, created_by=by[:256]
        )
        await _show_on_alerts(project.id, now)
    return window


async def end(project: Project, now: datetime) -> int:
    """Every window on now ends now, whoever began it (a weekly one for this occurrence only):
    a person's choice at the bot or the shell; how many. Outages they held are then alerted by
    services/watch/held.py (the caller releases them at once)."""
    ended = await _end_one_offs(project.id, now, ONE_OFF_KINDS)
    for window in await MaintenanceWindow.filter(
        project_id=project.id, kind=MaintenanceKind.WEEKLY
    ):
        if holds.window_covers(window, now):
            ended += await MaintenanceWindow.filter(id=window.id).update(ends_at=now)
    if ended:
        await _show_on_alerts(project.id, now)
    return ended


async def end_for_deploy(project: Project, now: datetime) -> int:
    """A deploy script's window on now ends now; a person's and weekly ones go on. How many."""
    ended = await _end_one_offs(project.id, now, [MaintenanceKind.DEPLOY])
    if ended:
        await _show_on_alerts(project.id, now)
    return ended


async def _show_on_alerts(project_id: int, now: datetime) -> None:
    """An outage's alert still live shows the maintenance (or its end) and its buttons change:
    edited now (services/notify/live.py). Not for a held outage: it has no alert yet."""
    if await open_outages(announced=True, project_id=project_id).exists():
        await Project.filter(id=project_id).update(incident_refresh_at=now)


async def _end_one_offs(project_id: int, now: datetime, kinds: list[MaintenanceKind]) -> int:
    not_over = Q(ends_at__isnull=True) | Q(ends_at__gt=now)
    on = [
        window.id
        for window in await MaintenanceWindow.filter(
            not_over, project_id=project_id, kind__in=kinds
        )
        if holds.window_covers(window, now)
    ]
    return await MaintenanceWindow.filter(id__in=on).update(ends_at=now) if on else 0


async def add_weekly(
    project: Project, days: str, at: str, length: str, zone: str, by: str
) -> MaintenanceWindow:
    """A weekly window: on `days` from `at` (local time in `zone`) for `length` (at most a
    week). A window over midnight belongs to the day it starts."""
    window = MaintenanceWindow(
        project_id=project.id,
        kind=MaintenanceKind.WEEKLY,
        weekdays=parse_weekdays(days),
        start_minute=parse_clock(at),
        duration_minutes=int(parse_length(length, MAX_WEEKLY).total_seconds() // 60),
        timezone=zones.read_zone(zone),
        created_by=by[:256],
    )
    await window.save()
    return window


async def add_weekly_typed(project: Project, text: str, zone: str, by: str) -> MaintenanceWindow:
    """A weekly window typed in one line, as the bot asks for it: `mon-fri 02:00 2h` (the
    length may have spaces: `mon-fri 02:00 2 ч`)."""
    parts = text.split(maxsplit=2)
    if len(parts) != 3:
        raise InvalidInput(
            f"{text!r}: type the days, the start and the length, like mon-fri 02:00 2h",
            "maintenance-weekly-typed",
        )
    days, at, length = parts
    return await add_weekly(project, days, at, length, zone, by)


async def weekly_windows(project: Project) -> list[MaintenanceWindow]:
    return await MaintenanceWindow.filter(
        project_id=project.id, kind=MaintenanceKind.WEEKLY
    ).order_by("id")


async def remove_weekly(project: Project, window_id: int) -> None:
    removed = await MaintenanceWindow.filter(
        id=window_id, project_id=project.id, kind=MaintenanceKind.WEEKLY
    ).delete()
    if not removed:
        raise NotFound(
            f"project {project.name!r} has no weekly window {window_id}",
            "maintenance-window-unknown",
        )


async def current(project: Project, now: datetime) -> Current | None:
    """The maintenance on now, if any: of several windows on, the one that lasts longest."""
    on = [
        window
        for window in await MaintenanceWindow.filter(project_id=project.id)
        if holds.window_covers(window, now)
    ]
    if not on:
        return None
    latest = max(
        on, key=lambda window: _ends(window, now) or datetime.max.replace(tzinfo=now.tzinfo)
    )
    return Current(
        _ends(latest, now),
        latest.created_by,
        latest.kind == MaintenanceKind.WEEKLY,
        latest.kind == MaintenanceKind.DEPLOY,
    )


def _ends(window: MaintenanceWindow, now: datetime) -> datetime | None:
    if window.kind != MaintenanceKind.WEEKLY:
        return window.ends_at
    began = holds.weekly_start_before(window, now)
    assert began is not None, "a weekly window on now began this week"
    return began + timedelta(minutes=window.duration_minutes or 0)


async def set_errors_alert(project: Project, on: bool) -> None:
    """Whether the project's error alerts still go out during maintenance (outages never do)."""
    await Project.filter(id=project.id).update(errors_alert_in_maintenance=on)
    project.errors_alert_in_maintenance = on
