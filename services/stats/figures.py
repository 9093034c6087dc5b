"""Project statistics for /stats: uptime and a state timeline from the stored health
transitions, heartbeat counts, and errors from the hourly rollup (`error_hours`) and the groups.

Error figures never scan `error_reports`: a project with a million stored reports answers as
fast as one with ten, and the counts stay exact after old reports are pruned. The price is
that error counts are per clock hour, so every window starts at the top of an hour: "24 h" is
the current hour and the 23 before it, up to `now`; uptime and heartbeats use the same span,
so the numbers and the chart always describe the same stretch of time.

Active checks (`checks`): each check's uptime from its monitor's transitions, read as the
project's are, and its probes, failures and response times from their hourly rollup
(`check_hours`), per window and per bucket of the chart."""

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from itertools import pairwise

from tortoise.functions import Sum
from tortoise.queryset import QuerySet

from models import (
    Check,
    ErrorGroup,
    ErrorHour,
    Health,
    HealthTransition,
    Heartbeat,
    MaintenanceWindow,
    MonitorKind,
)
from services.grouping.groups import hour_of
from services.monitors import holds
from services.stats import check_hours, latency
from services.stats.check_hours import Hour
from services.stats.latency import Counts

HOUR = timedelta(hours=1)
TOP_GROUPS = 5


class Period(StrEnum):
    DAY = "day"
    WEEK = "week"

    @property
    def hours(self) -> int:
        return 24 if self is Period.DAY else 7 * 24

    @property
    def bucket_hours(self) -> int:
        """Hours summed into one bar of the chart (and one point of its response times).
        A week of hourly bars is 168 slivers of about 6 px: thin severity bands vanish and the
        bars read as noise. Quarter days keep every band visible and still show when in the
        day errors came; the numbers beside the chart stay exact either way."""
        return 1 if self is Period.DAY else 6


def bucket_start(hour: datetime, size: int) -> datetime:
    """The start of the `size`-hour bucket that holds `hour`: buckets start at multiples of
    `size` from midnight UTC, so a week's bars line up with its days."""
    return hour - (hour.hour % size) * HOUR


@dataclass(frozen=True)
class Segment:
    """A stretch of time in one health state."""

    start: datetime
    end: datetime
    state: Health

    @property
    def seconds(self) -> float:
        return (self.end - self.start).total_seconds()


@dataclass(frozen=True)
class TopGroup:
    id: int
    type: str
    message: str
    count: int  # occurrences within the window, not since the group was first seen


Hourly = dict[datetime, dict[str, int]]  # start of an hour → severity → count


@dataclass(frozen=True)
class ResponseTimes:
    """Percentiles of passing probes' times in ms, estimated from their histogram
    (services/stats/latency.py: interpolated within a bucket); None: no passing probe."""

    p50: float | None
    p95: float | None

    @classmethod
    def of(cls, counts: Counts) -> "ResponseTimes":
        return cls(latency.percentile(counts, 0.5), latency.percentile(counts, 0.95))


@dataclass(frozen=True)
class CheckStats:
    """An active check over a window."""

    check_id: int
    url: str
    uptime: float | None  # share of monitored time its monitor spent up; None: never
    probes: int
    failures: int
    times: ResponseTimes  # over the whole window
    buckets: dict[datetime, ResponseTimes]  # per bucket of the chart that had passing probes


@dataclass(frozen=True)
class Window:
    period: Period
    start: datetime  # the top of the window's first hour
    end: datetime  # now
    uptime: float | None  # share of monitored time spent up; None: never monitored
    heartbeats: int
    errors: dict[str, int]  # severity → count
    hourly: Hourly  # only hours that had errors
    timeline: list[Segment]
    top: list[TopGroup]
    checks: list[CheckStats]  # the project's active checks, oldest first

    @property
    def hours(self) -> list[datetime]:
        """The start of every hour in the window, the current (unfinished) one last."""
        return [self.start + n * HOUR for n in range(self.period.hours)]


@dataclass(frozen=True)
class ProjectStats:
    day: Window
    week: Window

    def window(self, period: Period) -> Window:
        return self.day if period is Period.DAY else self.week


def timeline(
    changes: Sequence[tuple[datetime, str]], state_before: str, start: datetime, end: datetime
) -> list[Segment]:
    """The states over [start, end] as consecutive segments, neighbours in one state merged.
    `changes` are (at, new state) in time order; changes outside the span only set the state
    it starts or ends in."""
    segments: list[Segment] = []
    state, since = Health(state_before), start
    for at, new in changes:
        at = min(max(at, start), end)
        _extend(segments, Segment(since, at, state))
        state, since = Health(new), at
    _extend(segments, Segment(since, end, state))
    return segments


def _extend(segments: list[Segment], segment: Segment) -> None:
    if segment.seconds <= 0:
        return
    if segments and segments[-1].state == segment.state:
        segments[-1] = Segment(segments[-1].start, segment.end, segment.state)
    else:
        segments.append(segment)


def share_up(segments: Sequence[Segment]) -> float | None:
    """Share of monitored time spent up: new and paused time is not monitored."""
    up = sum(s.seconds for s in segments if s.state == Health.UP)
    down = sum(s.seconds for s in segments if s.state == Health.DOWN)
    return up / (up + down) if up + down > 0 else None


def paused_with(segments: Sequence[Segment], project: Sequence[Segment]) -> list[Segment]:
    """A check's `segments` with the stretches its project was paused (from the project's own
    timeline over the same span) paused too: a paused project's checks are not probed, and
    their monitors keep whatever state they had, which is not what the site did meanwhile."""
    spans = [*segments, *project]
    cuts = sorted({s.start for s in spans} | {s.end for s in spans})
    merged: list[Segment] = []
    own, whole = _Sweep(segments), _Sweep(project)
    for start, end in pairwise(cuts):
        state = whole.state_at(start)
        if state != Health.PAUSED:
            state = own.state_at(start)
        _extend(merged, Segment(start, end, state))
    return merged


def with_maintenance(
    segments: Sequence[Segment], spans: Sequence[tuple[datetime, datetime]]
) -> list[Segment]:
    """The timeline with the project's maintenance (services/monitors/holds.spans) as paused
    time: neither up nor down, so uptime leaves it out, and an outage held by a window is not
    downtime."""
    return paused_with(segments, [Segment(start, end, Health.PAUSED) for start, end in spans])


class _Sweep:
    """The states of segments in time order, not overlapping (a timeline; maintenance spans,
    merged), asked at moments that only grow: each segment is read once, so a long flapping
    history costs linear time, not a search of every segment for every moment (a public status
    page reads 90 days of a project and its checks on each visit)."""

    def __init__(self, segments: Iterable[Segment]) -> None:
        self.segments = iter(segments)
        self.current = next(self.segments, None)

    def state_at(self, at: datetime) -> Health:
        while self.current is not None and self.current.end <= at:
            self.current = next(self.segments, None)
        if self.current is not None and self.current.start <= at:
            return self.current.state
        return Health.NEW


def uptime_share(
    changes: Sequence[tuple[datetime, str]], state_before: str, start: datetime, end: datetime
) -> float | None:
    """Share of [start, end] spent up, counting only time that was up or down."""
    return share_up(timeline(changes, state_before, start, end))


def window_start(period: Period, now: datetime) -> datetime:
    return hour_of(now) - (period.hours - 1) * HOUR


async def project_stats(project_id: int, now: datetime) -> ProjectStats:
    return ProjectStats(
        day=await window_stats(project_id, Period.DAY, now),
        week=await window_stats(project_id, Period.WEEK, now),
    )


async def window_stats(project_id: int, period: Period, now: datetime) -> Window:
    """Everything /stats shows about one window ending at `now`. Reads the hourly rollup, the
    groups, the transitions and the heartbeat index; a handful of indexed queries."""
    start = window_start(period, now)
    hourly = await errors_per_hour(project_id, start, now)
    segments = await state_timeline(project_id, start, now)
    checks = await checks_stats(project_id, period, start, now, segments)
    return Window(
        period=period,
        start=start,
        end=now,
        uptime=share_up(segments),
        heartbeats=await Heartbeat.filter(
            project_id=project_id, received_at__gte=start, received_at__lte=now
        ).count(),
        errors=_by_severity(hourly),
        hourly=hourly,
        timeline=segments,
        top=await top_groups(project_id, start, now),
        checks=checks,
    )


async def state_timeline(project_id: int, start: datetime, end: datetime) -> list[Segment]:
    """The project's health over the window: its heartbeat monitor's transitions, with its
    maintenance windows as paused time."""
    health = HealthTransition.filter(project_id=project_id, kind=MonitorKind.HEARTBEAT)
    windows = await MaintenanceWindow.filter(project_id=project_id)
    return with_maintenance(
        await timeline_of(health, start, end), holds.spans(windows, start, end)
    )


async def timeline_of(
    transitions: QuerySet[HealthTransition], start: datetime, end: datetime
) -> list[Segment]:
    """One monitor's states over [start, end] from its `transitions` (new before the first)."""
    before = await transitions.filter(at__lt=start).order_by("-at", "-id").first()
    changes = (
        await transitions.filter(at__gte=start, at__lte=end)
        .order_by("at", "id")
        .values_list("at", "new")
    )
    return timeline(changes, before.new if before else Health.NEW, start, end)


async def checks_stats(
    project_id: int, period: Period, start: datetime, end: datetime, project: Sequence[Segment]
) -> list[CheckStats]:
    """The project's checks over [start, end]; `project` is its own timeline over that span
    (its pauses pause its checks). Two indexed queries a check and one for all their hours."""
    checks = (
        await Check.filter(project_id=project_id).order_by("id").only("id", "url", "monitor_id")
    )
    hours = await check_hours.hours_of([check.id for check in checks], start, end)
    return [
        await _check_stats(check, hours.get(check.id, []), period, start, end, project)
        for check in checks
    ]


async def _check_stats(
    check: Check,
    hours: list[Hour],
    period: Period,
    start: datetime,
    end: datetime,
    project: Sequence[Segment],
) -> CheckStats:
    transitions = HealthTransition.filter(monitor_id=check.monitor_id)
    segments = paused_with(await timeline_of(transitions, start, end), project)
    return CheckStats(
        check_id=check.id,
        url=check.url,
        uptime=share_up(segments),
        probes=sum(hour.probes for hour in hours),
        failures=sum(hour.failures for hour in hours),
        times=ResponseTimes.of(latency.summed(hour.counts for hour in hours)),
        buckets=times_per_bucket(hours, period.bucket_hours),
    )


def times_per_bucket(hours: Sequence[Hour], size: int) -> dict[datetime, ResponseTimes]:
    """Response times per `size`-hour bucket (bucket_start), for buckets with passing probes."""
    grouped: dict[datetime, list[Counts]] = {}
    for hour in hours:
        grouped.setdefault(bucket_start(hour.hour, size), []).append(hour.counts)
    summed = {start: latency.summed(counts) for start, counts in grouped.items()}
    return {start: ResponseTimes.of(counts) for start, counts in summed.items() if any(counts)}


async def errors_per_hour(project_id: int, start: datetime, end: datetime) -> Hourly:
    """Occurrences per hour and severity, for the hours starting in [start, end]."""
    rows = (
        await ErrorHour.filter(project_id=project_id, hour__gte=start, hour__lte=end)
        .annotate(total=Sum("count"))
        .group_by("hour", "severity")
        .values("hour", "severity", "total")
    )
    hourly: Hourly = {}
    for row in rows:
        hourly.setdefault(row["hour"], {})[row["severity"]] = int(row["total"])
    return hourly


async def errors_today(project_id: int, now: datetime) -> int:
    """Occurrences in the 24 h window (from the hourly rollup: exact after pruning)."""
    hourly = await errors_per_hour(project_id, window_start(Period.DAY, now), now)
    return sum(_by_severity(hourly).values())


def _by_severity(hourly: Hourly) -> dict[str, int]:
    totals: Counter[str] = Counter()
    for counts in hourly.values():
        totals.update(counts)
    return dict(totals)


async def top_groups(
    project_id: int, start: datetime, end: datetime, limit: int = TOP_GROUPS
) -> list[TopGroup]:
    """The groups seen most within the hours starting in [start, end], with those counts;
    ties go to the older group."""
    rows = (
        await ErrorHour.filter(project_id=project_id, hour__gte=start, hour__lte=end)
        .annotate(total=Sum("count"))
        .group_by("group_id")
        .order_by("-total", "group_id")
        .limit(limit)
        .values("group_id", "total")
    )
    totals = {row["group_id"]: int(row["total"]) for row in rows}
    groups = await ErrorGroup.filter(id__in=list(totals)).only("id", "type", "message")
    found = [TopGroup(g.id, g.type, g.message, totals[g.id]) for g in groups]
    return sorted(found, key=lambda group: (-group.count, group.id))
