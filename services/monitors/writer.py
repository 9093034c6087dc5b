"""The one writer of monitor state. Every change of a monitor's state, from any door, clock or
button, goes through a function here: the compare-and-set on the state it expects, the
transition row with its reason (a TransitionReason), and the notifications it owes (queued in
the outbox by the caller's Announcer), in one transaction. The heartbeat fast path keeps its
own statement (services/monitors/steady.py), written next to the rule it applies.

Two kinds watch a project today (MonitorKind): the heartbeat deadline, whose state is the
project's health (new, up, down, paused), and the run (started, then ended or hung). A hung run
is reported at once and does not make the project down: its silence does, as before. Their
state lives in the project's row (`STATE_COLUMNS`); no other module writes those columns
(tests/unit/test_one_writer.py)."""

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Protocol

from tortoise.transactions import in_transaction

from models import Health, HealthTransition, MonitorKind, Project, TransitionReason
from services.monitors.health import BeatChange, deadline_after

# How often an open incident's alert is edited ("silent for 42 min").
INCIDENT_EVERY = timedelta(minutes=1)

# The columns that hold monitor state. Only this module (and the fast path's statement beside
# it) writes them.
STATE_COLUMNS = frozenset(
    {
        "health",
        "paused",
        "paused_by",
        "paused_at",
        "deadline_at",
        "last_heartbeat_at",
        "last_status",
        "last_version",
        "run_started_at",
        "run_deadline_at",
        "incident_since",
        "incident_ended_at",
    }
)
# Each kind's deadline: the column the watcher reads due rows by.
DEADLINE_COLUMN: Mapping[MonitorKind, str] = {
    MonitorKind.HEARTBEAT: "deadline_at",
    MonitorKind.RUN: "run_deadline_at",
}
REASON_OF_BEAT = {
    BeatChange.FIRST: TransitionReason.FIRST,
    BeatChange.RECOVERED: TransitionReason.RECOVERED,
}


class Announcer(Protocol):
    """What a transition owes people: services/notify's Notifier queues these letters."""

    async def silence(self, project: Project, now: datetime) -> None: ...

    async def run_hung(self, project: Project, now: datetime) -> None: ...


async def beat_arrived(
    project: Project, status: str, version: str | None, change: BeatChange, now: datetime
) -> None:
    """A heartbeat that is not steady (services/monitors/steady.py): the first, a recovery, a
    change, a beat of a paused project or one that ends a run. The heartbeat monitor is up (or
    stays paused) with a new deadline, the run ends, and an open incident ends so its alert is
    edited once more ("recovered after …"). In the caller's transaction."""
    if project.paused:
        health, deadline = Health.PAUSED, None
    else:
        health, deadline = Health.UP, deadline_after(now, project.timeout_seconds)
    if project.health != health:
        reason = REASON_OF_BEAT.get(change, TransitionReason.RECOVERED)
        await _transition(project, Health(project.health), health, reason, now)
    incident: dict[str, datetime] = {}
    if project.incident_since and not project.incident_ended_at:
        incident = {"incident_ended_at": now, "incident_refresh_at": now}
    await Project.filter(id=project.id).update(
        **incident,
        health=health,
        deadline_at=deadline,
        last_heartbeat_at=now,
        last_status=status,
        last_version=version,
        run_started_at=None,
        run_deadline_at=None,
    )
    project.health, project.last_heartbeat_at, project.deadline_at = health, now, deadline
    project.last_status, project.last_version = status, version
    project.run_started_at = project.run_deadline_at = None


async def went_silent(project: Project, now: datetime, announce: Announcer) -> bool:
    """The heartbeat deadline passed, heard by the monitor: down, with an incident whose alert
    is edited while it lasts. Compare-and-set: a heartbeat that moved the deadline, or another
    checker that got here first, makes this change nothing (False)."""
    async with in_transaction():
        changed = await Project.filter(
            id=project.id, health=Health.UP, deadline_at=project.deadline_at
        ).update(
            health=Health.DOWN,
            deadline_at=None,
            incident_since=project.last_heartbeat_at or now,
            incident_ended_at=None,
            incident_refresh_at=now + INCIDENT_EVERY,
        )
        if changed != 1:
            return False
        await _transition(project, Health.UP, Health.DOWN, TransitionReason.SILENCE, now)
        project.health, project.deadline_at = Health.DOWN, None
        project.incident_since, project.incident_ended_at = project.last_heartbeat_at or now, None
        await announce.silence(project, now)
    return True


async def run_started(project: Project, now: datetime) -> None:
    """A run began (/start, a Sentry check-in in progress): hung if no outcome comes within the
    timeout. In the caller's transaction."""
    deadline = now + timedelta(seconds=project.timeout_seconds)
    await Project.filter(id=project.id).update(run_started_at=now, run_deadline_at=deadline)
    project.run_started_at, project.run_deadline_at = now, deadline


async def run_failed(project: Project) -> None:
    """A run ended with a failure (announced by the caller with its report)."""
    await Project.filter(id=project.id).update(run_started_at=None, run_deadline_at=None)
    project.run_started_at = project.run_deadline_at = None


async def run_hung(project: Project, now: datetime, announce: Announcer) -> bool:
    """A run that began and sent no outcome within the timeout: reported once (compare-and-set
    on its deadline). Its start is kept: a late success still says how long it took."""
    async with in_transaction():
        changed = await Project.filter(
            id=project.id, run_deadline_at=project.run_deadline_at
        ).update(run_deadline_at=None)
        if changed != 1:
            return False
        project.run_deadline_at = None
        await announce.run_hung(project, now)
    return True


async def set_paused(project: Project, paused: bool, now: datetime, by: str = "") -> None:
    """Pause (no silence or hung-run alerts) or resume. On resume a project whose last
    heartbeat is older than its timeout is down again, so its comeback is announced. An open
    incident's alert is edited to show the pause (and who did it) or the resumption."""
    if paused == project.paused:
        return
    health, deadline = _state_after_pause(project, paused, now)
    incident_open = project.incident_since is not None and project.incident_ended_at is None
    async with in_transaction():
        await Project.filter(id=project.id).update(
            paused=paused,
            health=health,
            deadline_at=deadline,
            run_started_at=None,
            run_deadline_at=None,
            paused_by=by[:256] if paused else None,
            paused_at=now if paused else None,
            incident_refresh_at=now if incident_open else project.incident_refresh_at,
        )
        reason = TransitionReason.PAUSED if paused else TransitionReason.RESUMED
        await _transition(project, Health(project.health), health, reason, now)
    project.paused, project.health, project.deadline_at = paused, health, deadline
    project.run_started_at = project.run_deadline_at = None


def _state_after_pause(
    project: Project, paused: bool, now: datetime
) -> tuple[Health, datetime | None]:
    if paused:
        return Health.PAUSED, None
    if project.last_heartbeat_at is None:
        return Health.NEW, None
    deadline = deadline_after(project.last_heartbeat_at, project.timeout_seconds)
    return (Health.UP, deadline) if deadline > now else (Health.DOWN, None)


async def timeout_changed(project: Project, seconds: int) -> None:
    """A new silence timeout; a project that is up gets its deadline moved to match."""
    changes: dict[str, object] = {"timeout_seconds": seconds}
    if project.deadline_at and project.last_heartbeat_at:
        changes["deadline_at"] = deadline_after(project.last_heartbeat_at, seconds)
    await Project.filter(id=project.id).update(**changes)
    project.timeout_seconds = seconds


async def deadlines_moved(kind: MonitorKind, later: Mapping[Project, datetime]) -> int:
    """Deadlines that a time nobody listened moved on (services/watch/listening.py), written to
    their rows (compare-and-set: one a heartbeat moved meanwhile keeps the new), in id order
    (as heartbeat batches lock rows), one transaction; how many moved."""
    column = DEADLINE_COLUMN[kind]
    moved = 0
    if not later:
        return moved
    async with in_transaction():
        for project in sorted(later, key=lambda project: project.id):
            taken = Project.filter(id=project.id, **{column: getattr(project, column)})
            moved += await taken.update(**{column: later[project]})
    return moved


async def _transition(
    project: Project, old: Health, new: Health, reason: TransitionReason, now: datetime
) -> None:
    await HealthTransition.create(project_id=project.id, old=old, new=new, reason=reason, at=now)
