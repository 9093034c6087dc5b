"""What a status page (`/status/<slug>`) shows, as plain data for api/status_page.py to render.

Read in a fixed number of indexed queries, however many projects, checks and days the page
shows (about a dozen: the page and its projects, their monitors and checks, the transitions of
the last 90 days and the state each monitor was in before them, the maintenance windows, the
checks' hours of the last day, and, only when the page shows them, the error counts).

Uptime is the one algorithm /stats uses (services/stats/figures.py: `timeline`, `share_up`,
`with_maintenance`, `paused_with`): a day's bar is the share of its monitored time the project
was up, maintenance and pauses left out. Days are UTC days; today's bar ends now.

Nothing private leaves this module: no token, no check URL (a path or a query string may hold
a secret: a check is named by its host, or by its number), no chat, no error text, type or
trace; error counts only when the page's owner chose to show them."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TypeVar
from urllib.parse import urlsplit

from tortoise.functions import Max, Sum
from tortoise.queryset import QuerySet

from models import (
    Check,
    ErrorHour,
    Health,
    HealthTransition,
    HeldBecause,
    MaintenanceWindow,
    Monitor,
    MonitorKind,
    MonitorState,
    Project,
    StatusPage,
    StatusPageProject,
)
from models.enums import PublicState
from services.monitors import holds
from services.monitors.watched import outage_open
from services.public.state import SHOWN_KINDS, overall_state, public_state
from services.stats import check_hours, figures, latency
from services.stats.figures import Period, Segment

DAYS = 90
DAY = timedelta(days=1)
RESOLVED_SHOWN = 10  # the last resolved incidents listed, newest first
Changes = list[tuple[datetime, str]]  # (at, new state), in time order


@dataclass(frozen=True)
class DayBar:
    """One UTC day of a project's uptime bar."""

    day: date
    uptime: float | None  # share of its monitored time spent up; None: not monitored at all
    errors: int | None  # error reports that day; None unless the page shows error counts


@dataclass(frozen=True)
class CheckView:
    """An active check as the public sees it: never its URL."""

    name: str | None  # the host it probes; None: none could be read (shown as "check N")
    number: int  # its place among the project's checks, from 1
    state: PublicState
    last_ms: int | None  # the last probe's time
    average_ms: float | None  # passing probes of the last 24 h (check_hours); None: none
    uptime: float | None  # over the page's 90 days, as the project's


@dataclass(frozen=True)
class Incident:
    """An outage of a project (its heartbeat) or of one of its checks."""

    project: str
    check: CheckView | None  # None: the project itself went silent
    start: datetime
    end: datetime | None  # None: still going on

    def duration(self, now: datetime) -> timedelta:
        return (self.end or now) - self.start


@dataclass(frozen=True)
class ProjectView:
    name: str
    state: PublicState
    uptime: float | None  # over the 90 days
    days: list[DayBar]  # oldest first, today last
    checks: list[CheckView]
    errors_24h: int | None  # None unless the page shows error counts


@dataclass(frozen=True)
class PageView:
    title: str
    slug: str
    now: datetime
    show_error_counts: bool
    projects: list[ProjectView]
    open_incidents: list[Incident]  # oldest first
    resolved: list[Incident]  # newest first, at most RESOLVED_SHOWN, within the 90 days

    @property
    def overall(self) -> PublicState:
        """The page's headline (state.overall_state)."""
        states = [project.state for project in self.projects]
        states += [check.state for project in self.projects for check in project.checks]
        return overall_state(states)


def first_day(now: datetime) -> datetime:
    """Midnight (UTC) of the oldest of the DAYS days that end today."""
    return now.replace(hour=0, minute=0, second=0, microsecond=0) - (DAYS - 1) * DAY


def check_name(url: str) -> str | None:
    """The host a check probes (`https://user:secret@api.example/x?key=…` → `api.example`);
    None when the URL has none."""
    try:
        return urlsplit(url).hostname or None
    except ValueError:  # an unbalanced IPv6 bracket
        return None


async def page_view(slug: str, now: datetime) -> PageView | None:
    """Everything the page `slug` shows at `now`; None: no such page."""
    page = await StatusPage.get_or_none(slug=slug)
    if page is None:
        return None
    entries = (
        await StatusPageProject.filter(page_id=page.id)
        .order_by("position", "id")
        .select_related("project")
    )
    projects = [entry.project for entry in entries]
    facts = await _Facts.read(projects, now, page.show_error_counts)
    views = [facts.project_view(project) for project in projects]
    incidents = [
        incident
        for project, view in zip(projects, views, strict=True)
        for incident in facts.incidents(project, view.checks)
    ]
    return PageView(
        title=page.title,
        slug=page.slug,
        now=now,
        show_error_counts=page.show_error_counts,
        projects=views,
        open_incidents=sorted((i for i in incidents if i.end is None), key=lambda i: i.start),
        resolved=sorted(
            (i for i in incidents if i.end is not None), key=lambda i: i.end or now, reverse=True
        )[:RESOLVED_SHOWN],
    )


@dataclass
class _Facts:
    """What the page's projects have, read in bulk: keyed by project id (checks' by check id)."""

    now: datetime
    start: datetime
    monitors: dict[int, list[Monitor]]
    checks: dict[int, list[Check]]
    windows: dict[int, list[MaintenanceWindow]]
    timelines: dict[int, list[Segment]]  # the projects', maintenance as paused time
    check_timelines: dict[int, list[Segment]]  # by check id, the project's pauses included
    averages: dict[int, float | None]  # by check id
    errors: dict[int, "_Errors"] | None  # by project; None: the page does not show them

    @classmethod
    async def read(cls, projects: Sequence[Project], now: datetime, errors: bool) -> "_Facts":
        ids = [project.id for project in projects]
        start = first_day(now)
        monitors = _by(await Monitor.filter(project_id__in=ids), "project_id")
        # Only what the page may show reaches it: no headers, bodies or failure details.
        shown = ("id", "monitor_id", "project_id", "url", "last_ms")
        checks = _by(
            await Check.filter(project_id__in=ids).order_by("id").only(*shown), "project_id"
        )
        windows = _by(await MaintenanceWindow.filter(project_id__in=ids), "project_id")
        beats = HealthTransition.filter(project_id__in=ids, kind=MonitorKind.HEARTBEAT)
        timelines = {
            project_id: figures.with_maintenance(
                segments, holds.spans(windows.get(project_id, []), start, now)
            )
            for project_id, segments in (
                await _timelines(beats, "project_id", ids, start, now)
            ).items()
        }
        all_checks = [check for found in checks.values() for check in found]
        return cls(
            now=now,
            start=start,
            monitors=monitors,
            checks=checks,
            windows=windows,
            timelines=timelines,
            check_timelines=await _check_timelines(all_checks, timelines, start, now),
            averages=await _averages([check.id for check in all_checks], now),
            errors=await _errors_per_day(ids, start, now) if errors else None,
        )

    def project_view(self, project: Project) -> ProjectView:
        segments = self.timelines[project.id]
        errors = None if self.errors is None else self.errors.get(project.id, _Errors())
        return ProjectView(
            name=project.name,
            state=public_state(
                project.paused, self.in_maintenance(project), self.monitor_states(project)
            ),
            uptime=figures.share_up(segments),
            days=[
                DayBar(day, uptime, None if errors is None else errors.days.get(day, 0))
                for day, uptime in _daily(segments, self.start, self.now)
            ],
            checks=self.check_views(project),
            errors_24h=None if errors is None else errors.last_day,
        )

    def monitor_states(self, project: Project) -> list[str]:
        return [m.state for m in self.monitors.get(project.id, []) if m.kind in SHOWN_KINDS]

    def in_maintenance(self, project: Project) -> bool:
        return holds.any_covers(self.windows.get(project.id, []), self.now)

    def check_views(self, project: Project) -> list[CheckView]:
        states = {monitor.id: monitor.state for monitor in self.monitors.get(project.id, [])}
        maintenance = self.in_maintenance(project)
        return [
            CheckView(
                name=check_name(check.url),
                number=number,
                state=public_state(
                    project.paused, maintenance, [states.get(check.monitor_id, "")]
                ),
                last_ms=check.last_ms,
                average_ms=self.averages.get(check.id),
                uptime=figures.share_up(self.check_timelines[check.id]),
            )
            for number, check in enumerate(self.checks.get(project.id, []), start=1)
        ]

    def incidents(self, project: Project, shown: Sequence[CheckView]) -> list[Incident]:
        """The project's outages (`shown`: its checks as the page shows them): those on now
        (from its monitors: watched.outage_open, down and not held by a maintenance window, as
        the page says maintenance then), and those over (down stretches of the timelines that
        ended before now)."""
        checks = self.checks.get(project.id, [])
        view_of = {check.monitor_id: view for check, view in zip(checks, shown, strict=True)}
        found = [
            Incident(project.name, view_of.get(monitor.id), monitor.since, None)
            for monitor in self.monitors.get(project.id, [])
            if (monitor.kind == MonitorKind.HEARTBEAT or monitor.id in view_of)
            and monitor.state == MonitorState.DOWN
            and monitor.since is not None
            and outage_open(monitor)
            and monitor.held_because != HeldBecause.MAINTENANCE
            and not project.paused
        ]
        found += self._over(project.name, None, self.timelines[project.id])
        for check in checks:
            found += self._over(
                project.name, view_of[check.monitor_id], self.check_timelines[check.id]
            )
        return found

    def _over(
        self, project: str, check: CheckView | None, segments: Iterable[Segment]
    ) -> list[Incident]:
        return [
            Incident(project, check, segment.start, segment.end)
            for segment in segments
            if segment.state == Health.DOWN and segment.end < self.now
        ]


T = TypeVar("T")


def _by(rows: Iterable[T], key: str) -> dict[int, list[T]]:
    found: dict[int, list[T]] = defaultdict(list)
    for row in rows:
        found[getattr(row, key)].append(row)
    return found


async def _timelines(
    transitions: QuerySet[HealthTransition],
    key: str,
    keys: Sequence[int],
    start: datetime,
    end: datetime,
) -> dict[int, list[Segment]]:
    """The states over [start, end] of the monitors the `transitions` belong to, one timeline
    per value of `key` (a project's heartbeat, or a check's monitor id): two queries for all,
    and figures.timeline for each."""
    changes: dict[int, Changes] = defaultdict(list)
    rows = (
        await transitions.filter(at__gte=start, at__lte=end)
        .order_by("at", "id")
        .values_list(key, "at", "new")
    )
    for owner, at, new in rows:
        changes[owner].append((at, new))
    before = await _states_before(transitions, key, start)
    return {
        owner: figures.timeline(changes[owner], before.get(owner, Health.NEW), start, end)
        for owner in keys
    }


async def _states_before(
    transitions: QuerySet[HealthTransition], key: str, start: datetime
) -> dict[int, str]:
    """The state each monitor was left in by its last transition before `start`. The last is
    the highest id: a monitor's transitions are written in time order, one at a time under its
    project's lock (services/monitors/writer.py)."""
    latest = (
        await transitions.filter(at__lt=start)
        .annotate(last=Max("id"))
        .group_by(key)
        .values(key, "last")
    )
    rows = await HealthTransition.filter(id__in=[row["last"] for row in latest]).values_list(
        key, "new"
    )
    return {owner: new for owner, new in rows}


async def _check_timelines(
    checks: Sequence[Check], projects: dict[int, list[Segment]], start: datetime, end: datetime
) -> dict[int, list[Segment]]:
    """Each check's states over [start, end], by check id, with its project's pauses and
    maintenance as paused time (figures.paused_with, as /stats reads a check)."""
    monitor_ids = [check.monitor_id for check in checks]
    transitions = HealthTransition.filter(monitor_id__in=monitor_ids)
    by_monitor = await _timelines(transitions, "monitor_id", monitor_ids, start, end)
    return {
        check.id: figures.paused_with(by_monitor[check.monitor_id], projects[check.project_id])
        for check in checks
    }


async def _averages(check_ids: Sequence[int], now: datetime) -> dict[int, float | None]:
    """Each check's mean time of passing probes over the last 24 h (the /stats day window),
    from its hourly rollup."""
    hours = await check_hours.hours_of(check_ids, figures.window_start(Period.DAY, now), now)
    return {
        check_id: latency.mean(latency.summed(hour.counts for hour in hours.get(check_id, [])))
        for check_id in check_ids
    }


@dataclass
class _Errors:
    """A project's error reports counted from error_hours: per UTC day, and over the /stats
    day window (the current hour and the 23 before it)."""

    days: dict[date, int] = field(default_factory=dict)
    last_day: int = 0


async def _errors_per_day(
    project_ids: Sequence[int], start: datetime, now: datetime
) -> dict[int, _Errors]:
    rows = (
        await ErrorHour.filter(project_id__in=list(project_ids), hour__gte=start, hour__lte=now)
        .annotate(total=Sum("count"))
        .group_by("project_id", "hour")
        .values_list("project_id", "hour", "total")
    )
    day_start = figures.window_start(Period.DAY, now)
    found: dict[int, _Errors] = defaultdict(_Errors)
    for project_id, hour, total in rows:
        counts = found[project_id]
        counts.days[hour.date()] = counts.days.get(hour.date(), 0) + int(total)
        if hour >= day_start:
            counts.last_day += int(total)
    return found


def _daily(
    segments: Sequence[Segment], start: datetime, now: datetime
) -> list[tuple[date, float | None]]:
    """Each day's share of monitored time up, from the day at `start` to today (until now)."""
    days = []
    for n in range(DAYS):
        day_start = start + n * DAY
        day_end = min(day_start + DAY, now)
        days.append((day_start.date(), figures.share_up(_clipped(segments, day_start, day_end))))
    return days


def _clipped(segments: Iterable[Segment], start: datetime, end: datetime) -> list[Segment]:
    """The parts of `segments` within [start, end]."""
    return [
        Segment(max(s.start, start), min(s.end, end), s.state)
        for s in segments
        if s.start < end and s.end > start
    ]
