"""Project statistics for /stats: uptime from the stored state transitions, heartbeat counts,
errors by severity and the most frequent errors."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.functions import Count

from models import ErrorReport, Health, HealthTransition, Heartbeat, Project

DAY = timedelta(days=1)
WEEK = timedelta(days=7)
TOP_ERRORS = 5


@dataclass(frozen=True)
class Window:
    uptime: float | None  # share of monitored time the project was up; None: never monitored
    heartbeats: int
    errors: dict[str, int]


@dataclass(frozen=True)
class TopError:
    type: str
    message: str
    count: int


@dataclass(frozen=True)
class ProjectStats:
    day: Window
    week: Window
    top_errors: list[TopError]


def uptime_share(
    changes: Sequence[tuple[datetime, str]], state_before: str, start: datetime, end: datetime
) -> float | None:
    """Share of [start, end] spent up, counting only time that was up or down (new and paused
    time is not monitored). `changes` are (at, new state) in time order, all after `start`."""
    up = down = 0.0
    state, since = state_before, start
    for at, new in [*changes, (end, state_before)]:
        length = (min(at, end) - since).total_seconds()
        if state == Health.UP:
            up += length
        elif state == Health.DOWN:
            down += length
        state, since = new, max(since, at)
    return up / (up + down) if up + down > 0 else None


async def project_stats(project: Project, now: datetime) -> ProjectStats:
    return ProjectStats(
        day=await _window(project, now - DAY, now),
        week=await _window(project, now - WEEK, now),
        top_errors=await _top_errors(project, now - WEEK),
    )


async def _window(project: Project, start: datetime, end: datetime) -> Window:
    return Window(
        uptime=await _uptime(project, start, end),
        heartbeats=await Heartbeat.filter(project_id=project.id, received_at__gte=start).count(),
        errors=await _errors_by_severity(project, start),
    )


async def _uptime(project: Project, start: datetime, end: datetime) -> float | None:
    before = (
        await HealthTransition.filter(project_id=project.id, at__lt=start)
        .order_by("-at", "-id")
        .first()
    )
    changes = (
        await HealthTransition.filter(project_id=project.id, at__gte=start)
        .order_by("at", "id")
        .values_list("at", "new")
    )
    return uptime_share(changes, before.new if before else Health.NEW, start, end)


async def _errors_by_severity(project: Project, start: datetime) -> dict[str, int]:
    rows = (
        await ErrorReport.filter(project_id=project.id, received_at__gte=start)
        .annotate(count=Count("id"))
        .group_by("severity")
        .values("severity", "count")
    )
    return {row["severity"]: row["count"] for row in rows}


async def _top_errors(project: Project, start: datetime) -> list[TopError]:
    rows = (
        await ErrorReport.filter(project_id=project.id, received_at__gte=start)
        .annotate(count=Count("id"))
        .group_by("type", "message")
        .order_by("-count")
        .limit(TOP_ERRORS)
        .values("type", "message", "count")
    )
    return [TopError(row["type"], row["message"], row["count"]) for row in rows]
