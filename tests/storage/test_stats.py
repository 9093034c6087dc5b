"""/stats figures against a real database, for a history whose answer is known in advance:
errors reported through the Ingestor at known times, transitions and heartbeats at known
times, `now` passed in."""

from datetime import UTC, datetime

import pytest

from models import ErrorReport, Health, HealthTransition, Heartbeat, Project
from services.formats.reports import ErrorDetails
from services.ingest.ingestor import Ingestor
from services.letters.outbox import OutboxSignal
from services.notify.notifier import Notifier
from services.stats.figures import (
    Period,
    Segment,
    TopGroup,
    project_stats,
    top_groups,
    window_start,
)
from tests.conftest import make_project

NOW = datetime(2026, 3, 10, 12, 30, tzinfo=UTC)
DAY_START = datetime(2026, 3, 9, 13, 0, tzinfo=UTC)  # the current hour and the 23 before it
WEEK_START = datetime(2026, 3, 3, 13, 0, tzinfo=UTC)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


@pytest.fixture
def ingestor(translator) -> Ingestor:
    return Ingestor(Notifier(translator, "ru"), OutboxSignal())


async def report(
    ingestor: Ingestor, project: Project, type_: str, severity: str, when: datetime, times: int = 1
) -> None:
    details = ErrorDetails(type=type_, message=f"{type_} happened", severity=severity)
    for _ in range(times):
        await ingestor.record_error(project.token, details, when)


async def transition(project: Project, old: Health, new: Health, when: datetime) -> None:
    await HealthTransition.create(project=project, old=old, new=new, reason="test", at=when)


async def build_history(ingestor: Ingestor) -> Project:
    project = await make_project(name="Shop")
    await report(ingestor, project, "KeyError", "error", at(10, 12, 5), times=3)
    await report(ingestor, project, "KeyError", "error", at(9, 13, 10), times=2)
    await report(ingestor, project, "KeyError", "error", at(9, 12, 59))  # week only
    await report(ingestor, project, "Timeout", "critical", at(10, 3, 0))
    await report(ingestor, project, "Deprecated", "warning", at(4, 10, 0), times=4)
    await report(ingestor, project, "Deprecated", "warning", at(3, 12, 0))  # before the week
    await report(ingestor, project, "KeyError", "error", at(10, 13, 0))  # after now
    await transition(project, Health.NEW, Health.UP, at(1, 0))
    await transition(project, Health.UP, Health.PAUSED, at(5, 13))
    await transition(project, Health.PAUSED, Health.UP, at(5, 19))
    await transition(project, Health.UP, Health.DOWN, at(10, 2))
    await transition(project, Health.DOWN, Health.UP, at(10, 4))
    await transition(project, Health.UP, Health.DOWN, at(10, 14))  # after now
    for when in (at(9, 14), at(10, 1), at(10, 12, 29), at(5, 0), at(4, 0), at(2, 0)):
        await Heartbeat.create(project=project, status="alive", received_at=when)
    return project


def test_windows_start_at_the_top_of_an_hour() -> None:
    assert window_start(Period.DAY, NOW) == DAY_START
    assert window_start(Period.WEEK, NOW) == WEEK_START


async def test_stats_of_a_known_history_are_exact(db: str, ingestor: Ingestor) -> None:
    project = await build_history(ingestor)
    stats = await project_stats(project.id, NOW)
    assert (stats.day.start, stats.day.end) == (DAY_START, NOW)
    assert stats.day.errors == {"error": 5, "critical": 1}
    assert stats.week.errors == {"error": 6, "critical": 1, "warning": 4}
    assert stats.day.hourly == {
        at(9, 13): {"error": 2},
        at(10, 3): {"critical": 1},
        at(10, 12): {"error": 3},
    }
    assert stats.week.hourly[at(4, 10)] == {"warning": 4}
    assert stats.day.heartbeats == 3
    assert stats.week.heartbeats == 5
    # 23.5 h in the day window, 2 of them down; the week adds 6 h paused, which do not count.
    assert stats.day.uptime == pytest.approx(21.5 / 23.5)
    assert stats.week.uptime == pytest.approx(159.5 / 161.5)


async def test_uptime_timeline_follows_the_stored_transitions(db: str, ingestor: Ingestor) -> None:
    project = await build_history(ingestor)
    stats = await project_stats(project.id, NOW)
    assert stats.day.timeline == [
        Segment(DAY_START, at(10, 2), Health.UP),
        Segment(at(10, 2), at(10, 4), Health.DOWN),
        Segment(at(10, 4), NOW, Health.UP),
    ]
    assert [s.state for s in stats.week.timeline] == ["up", "paused", "up", "down", "up"]
    assert stats.week.timeline[1] == Segment(at(5, 13), at(5, 19), Health.PAUSED)


async def test_top_groups_count_only_the_window(db: str, ingestor: Ingestor) -> None:
    project = await build_history(ingestor)
    stats = await project_stats(project.id, NOW)
    day = [(g.type, g.count) for g in stats.day.top]
    week = [(g.type, g.count) for g in stats.week.top]
    assert day == [("KeyError", 5), ("Timeout", 1)]
    assert week == [("KeyError", 6), ("Deprecated", 4), ("Timeout", 1)]
    assert stats.day.top[0].message == "KeyError happened"


async def test_counts_survive_pruned_reports(db: str, ingestor: Ingestor) -> None:
    """The figures come from the hourly rollup: deleting every report changes nothing."""
    project = await build_history(ingestor)
    before = await project_stats(project.id, NOW)
    await ErrorReport.filter(project_id=project.id).delete()
    assert await project_stats(project.id, NOW) == before


async def test_top_groups_are_the_five_most_seen_with_ties_to_the_older(
    db: str, ingestor: Ingestor
) -> None:
    project = await make_project()
    for n, times in enumerate([1, 3, 2, 3, 5, 4, 1]):
        await report(ingestor, project, f"E{n}", "error", at(10, 11), times=times)
    top = await top_groups(project.id, DAY_START, NOW)
    assert [(g.type, g.count) for g in top] == [
        ("E4", 5),
        ("E5", 4),
        ("E1", 3),
        ("E3", 3),
        ("E2", 2),
    ]
    assert all(isinstance(g, TopGroup) for g in top)


async def test_a_project_never_monitored_has_no_uptime(db: str) -> None:
    project = await make_project()
    stats = await project_stats(project.id, NOW)
    assert stats.day.uptime is None
    assert stats.day.timeline == [Segment(DAY_START, NOW, Health.NEW)]
    assert (stats.day.errors, stats.day.top, stats.week.heartbeats) == ({}, [], 0)


async def test_another_projects_errors_do_not_count(db: str, ingestor: Ingestor) -> None:
    project = await build_history(ingestor)
    other = await make_project()
    await report(ingestor, other, "KeyError", "error", at(10, 12, 5), times=7)
    stats = await project_stats(project.id, NOW)
    assert stats.day.errors == {"error": 5, "critical": 1}
    assert [g.count for g in stats.day.top] == [5, 1]
