"""When an outage is not alerted as it begins (HeldBecause), in one place: the project is in a
maintenance window, or the project it depends on is down. The writer (services/monitors/
writer.py) still moves the monitor down, records the outage with `held_because`, and says
nothing; what the held outage owes people when its reason ends is the writer's too (a
maintenance that ends while still down is alerted then; a dependant is judged afresh when
the project it depends on recovers)."""

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta, tzinfo
from enum import StrEnum
from typing import cast

from tortoise.queryset import QuerySet

from models import (
    HeldBecause,
    MaintenanceKind,
    MaintenanceWindow,
    Monitor,
    MonitorState,
    Project,
)
from services.monitors.watched import open_outages
from services.text import zones

ALL_WEEK = 0b1111111  # a bit a weekday, Monday the lowest


def window_covers(window: MaintenanceWindow, now: datetime) -> bool:
    """Whether the maintenance window is on at `now`. A weekly window starts at its wall-clock
    time in its own zone (a window over midnight belongs to the day it starts) and lasts its
    length in real time (`_occurrence_start`)."""
    if window.kind != MaintenanceKind.WEEKLY:  # one-off, a person's or a deploy script's
        started = window.starts_at is None or window.starts_at <= now
        return started and (window.ends_at is None or now < window.ends_at)
    start = weekly_start_before(window, now)
    return start is not None and not _ended_early(window, start)


def _ended_early(window: MaintenanceWindow, start: datetime) -> bool:
    """A weekly window's occurrence someone ended by hand: its `ends_at` (when it was ended)
    falls in that occurrence; the next occurrence starts after it and is on again."""
    return window.ends_at is not None and window.ends_at >= start


def weekly_start_before(window: MaintenanceWindow, now: datetime) -> datetime | None:
    """The start (in UTC) of the weekly window's occurrence that covers `now`, or None."""
    zone = zones.load_zone(window.timezone)
    local = now.astimezone(zone)
    length = timedelta(minutes=window.duration_minutes or 0)
    for days_back in range(8):  # a window may last up to a week
        day = (local - timedelta(days=days_back)).date()
        if not (window.weekdays or 0) & (1 << day.weekday()):
            continue
        start = _occurrence_start(window, day, zone)
        if start <= now < start + length:
            return start
    return None


def _occurrence_start(window: MaintenanceWindow, day: date, zone: tzinfo) -> datetime:
    """When the weekly window's occurrence of `day` starts, in UTC. Computed in UTC on purpose:
    arithmetic and comparisons of datetimes in one zone follow the wall clock, which would make
    a 2-hour window 1 hour long on the night the clocks jump forward and 3 on the night they
    fall back. A start in the skipped hour is read with the offset before the jump (02:30 is
    03:30 new time); in the repeated hour it is the first of the two."""
    minute = window.start_minute or 0
    local = datetime(day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=zone)
    return local.astimezone(UTC)


def any_covers(windows: Iterable[MaintenanceWindow], now: datetime) -> bool:
    return any(window_covers(window, now) for window in windows)


async def in_maintenance(project_id: int, now: datetime) -> bool:
    return any_covers(await MaintenanceWindow.filter(project_id=project_id), now)


class Quieted(StrEnum):
    """What a maintenance window may keep quiet (its one rule: `quiet_in_maintenance`)."""

    OUTAGE = "outage"  # a silence or a check down: held, alerted if still down when it ends
    RUN = "run"  # a failed or hung run: never alerted (the run is over, or long since late)
    ERROR = "error"  # an error report: stored and counted; alerted only if the project chose


async def quiet_in_maintenance(project: Project, what: Quieted, now: datetime) -> bool:
    """Whether a maintenance window of the project keeps `what` from being alerted at `now`.
    The writer (outages, hung runs) and the notifier (failed runs, errors) both ask here."""
    if what == Quieted.ERROR and project.errors_alert_in_maintenance:
        return False
    return await in_maintenance(project.id, now)


def spans(
    windows: Iterable[MaintenanceWindow], start: datetime, end: datetime
) -> list[tuple[datetime, datetime]]:
    """The stretches of [start, end] covered by the windows, in time order, overlaps merged:
    what uptime leaves out (services/stats/)."""
    pieces = sorted(piece for window in windows for piece in _pieces(window, start, end))
    merged: list[tuple[datetime, datetime]] = []
    for piece_start, piece_end in pieces:
        if merged and piece_start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], piece_end))
        else:
            merged.append((piece_start, piece_end))
    return merged


def _pieces(
    window: MaintenanceWindow, start: datetime, end: datetime
) -> list[tuple[datetime, datetime]]:
    if window.kind != MaintenanceKind.WEEKLY:
        occurrences = [(window.starts_at or window.created_at, window.ends_at or end)]
    else:
        occurrences = _weekly_occurrences(window, start, end)
    return [(max(a, start), min(b, end)) for a, b in occurrences if a < end and b > start]


def _weekly_occurrences(
    window: MaintenanceWindow, start: datetime, end: datetime
) -> list[tuple[datetime, datetime]]:
    zone = zones.load_zone(window.timezone)
    length = timedelta(minutes=window.duration_minutes or 0)
    day = (start.astimezone(zone) - timedelta(days=8)).date()
    found = []
    while day <= end.astimezone(zone).date():
        if (window.weekdays or 0) & (1 << day.weekday()):
            began = _occurrence_start(window, day, zone)
            until = began + length
            if _ended_early(window, began) and window.ends_at is not None:
                until = min(until, window.ends_at)
            found.append((began, until))
        day += timedelta(days=1)
    return found


async def parent_down(project: Project) -> bool:
    """Whether the project this one depends on has an outage on (its heartbeat or a check
    down, alerted or held). A paused parent holds nothing: a person took it out of watch, and
    its outage is over for its dependants too (they are judged afresh: `released`)."""
    if project.depends_on_id is None:
        return False
    return bool(await down_among({project.depends_on_id}))


async def down_among(project_ids: set[int]) -> set[int]:
    """Those of these projects that hold their dependants' outages: active (a disabled
    project's outage never ends), not paused, with an outage on, alerted or held (the router
    in maintenance: what stands behind it is expected down too, and is listed on the router's
    alert if it is still down when the window ends). The one rule for `parent_down` and
    `released`."""
    if not project_ids:
        return set()
    down = open_outages(
        project_id__in=list(project_ids), project__is_active=True, project__paused=False
    )
    # Tortoise types flat=True rows as tuples.
    return set(cast(list[int], await down.values_list("project_id", flat=True)))


def held_for_dependency() -> QuerySet[Monitor]:
    """The open outages held because the project they depend on was down (an index on
    `held_because`: few rows, read every second)."""
    return open_outages(held_because=HeldBecause.DEPENDENCY, state=MonitorState.DOWN)


async def released(limit: int) -> list[Monitor]:
    """Outages held for a dependency that holds them no more: the parent recovered, was
    paused, or is no longer depended on (deleted, or another chosen). Each is judged afresh
    by the writer (writer.dependency_recovered). Three statements, however many are held."""
    held = await held_for_dependency().values_list("id", "project__depends_on_id")
    still = await down_among({parent for _, parent in held if parent is not None})
    free = [monitor_id for monitor_id, parent in held if parent not in still]
    if not free:
        return []
    return await Monitor.filter(id__in=free).order_by("id").limit(limit)


async def silent_dependants(project_id: int) -> list[Project]:
    """The projects whose outage is held because this one is down, by name: those that depend
    on it, and those behind them whose own parent's outage is held in turn (a router, the
    server behind it, the sites on that server: all listed on the router's alert)."""
    found: list[Project] = []
    seen, parents = {project_id}, [project_id]
    while parents:
        children = await Project.filter(depends_on_id__in=parents).exclude(id__in=seen)
        held = await held_for_dependency().filter(project_id__in=[c.id for c in children])
        held_ids = {monitor.project_id for monitor in held}
        parents = [child.id for child in children if child.id in held_ids]
        seen.update(parents)
        found += [child for child in children if child.id in held_ids]
    return sorted(found, key=lambda project: project.name)


async def ancestors_down(project: Project) -> list[int]:
    """The projects this one stands behind (its parent, that one's parent …) that have an
    outage on: their alerts list this one's held outage."""
    chain: list[int] = []
    parent_id = project.depends_on_id
    while parent_id is not None and parent_id not in chain and parent_id != project.id:
        chain.append(parent_id)
        parent = await Project.get_or_none(id=parent_id)
        parent_id = parent.depends_on_id if parent else None
    return sorted({monitor.project_id for monitor in await open_outages(project_id__in=chain)})


async def held_because(project: Project, now: datetime) -> HeldBecause | None:
    """Why an outage of the project that begins `now` is not alerted, or None: it is."""
    if await quiet_in_maintenance(project, Quieted.OUTAGE, now):
        return HeldBecause.MAINTENANCE
    if await parent_down(project):
        return HeldBecause.DEPENDENCY
    return None
