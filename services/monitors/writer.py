"""The one writer of monitor state. Every change of a monitor's state, from any door, clock or
button, goes through a function here: the compare-and-set on the state it expects, the
transition row with its reason (a TransitionReason), the project's derived health, and the
notifications it owes (queued in the outbox by the caller's Announcer), in one transaction.
The heartbeat fast path keeps its own statements (services/monitors/steady.py), written next to
the rule they apply.

Two kinds watch a project today (MonitorKind): the heartbeat deadline (new, up, down, paused:
the project's health) and the run (idle, running, hung). Their rows are in `monitors`; the
project keeps the health derived from them and what it last reported. No other module writes a
monitor row or a state column of the project (tests/unit/test_one_writer.py)."""

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Protocol

from models import Health, HealthTransition, Monitor, MonitorKind, MonitorState, Project
from models import TransitionReason as Reason
from services.monitors.health import BeatChange, deadline_after
from services.monitors.watched import INITIAL, OPEN_RUN, outage_open, project_health
from services.storage.transaction import transaction

# How often an open incident's alert is edited ("silent for 42 min").
INCIDENT_EVERY = timedelta(minutes=1)

# The project's columns that hold state derived from its monitors or what they compare with.
# Only this module (and the fast path's statements beside it) writes them, or `monitors` rows.
STATE_COLUMNS = frozenset(
    {
        "health",
        "paused",
        "paused_by",
        "paused_at",
        "last_heartbeat_at",
        "last_status",
        "last_version",
    }
)
REASON_OF_BEAT = {BeatChange.FIRST: Reason.FIRST, BeatChange.RECOVERED: Reason.RECOVERED}


class Announcer(Protocol):
    """What a transition owes people: services/notify's Notifier queues these letters."""

    async def silence(self, project: Project, now: datetime) -> None: ...

    async def run_hung(
        self, project: Project, started: datetime | None, now: datetime
    ) -> None: ...


async def beat_arrived(
    project: Project, status: str, version: str | None, change: BeatChange, now: datetime
) -> None:
    """A heartbeat that is not steady (services/monitors/steady.py): the first, a recovery, a
    change, a beat of a paused project or one that ends a run. The heartbeat monitor is up (or
    stays paused) with a new deadline, an open run ends, and an open outage ends, so its alert
    is edited once more ("recovered after …"). In the caller's transaction."""
    beat = await _row(project.id, MonitorKind.HEARTBEAT)
    state = MonitorState.PAUSED if project.paused else MonitorState.UP
    deadline = None if project.paused else deadline_after(now, project.timeout_seconds)
    changes: dict[str, object] = {"deadline_at": deadline}
    refresh: dict[str, object] = {}
    if outage_open(beat):
        changes["ended_at"] = now
        refresh["incident_refresh_at"] = now
    await _move(project, beat, state, REASON_OF_BEAT.get(change, Reason.RECOVERED), now, changes)
    await _end_run(project, Reason.RUN_SUCCEEDED, now)
    health = project_health(project.paused, state)
    await Project.filter(id=project.id).update(
        **refresh, health=health, last_heartbeat_at=now, last_status=status, last_version=version
    )
    project.health, project.last_heartbeat_at = health, now
    project.last_status, project.last_version = status, version


async def went_silent(beat: Monitor, project: Project, now: datetime, announce: Announcer) -> bool:
    """The heartbeat deadline passed, heard by the monitor: down, with an outage whose alert is
    edited while it lasts. Compare-and-set: a heartbeat that moved the deadline, or another
    checker that got here first, makes this change nothing (False)."""
    async with transaction():
        await _lock(project)
        since = project.last_heartbeat_at or now
        changed = await Monitor.filter(
            id=beat.id, state=MonitorState.UP, deadline_at=beat.deadline_at
        ).update(state=MonitorState.DOWN, deadline_at=None, since=since, ended_at=None)
        if changed != 1:
            return False
        await _transition(project, beat.kind, beat.state, MonitorState.DOWN, Reason.SILENCE, now)
        await Project.filter(id=project.id).update(
            health=Health.DOWN, incident_refresh_at=now + INCIDENT_EVERY
        )
        project.health = Health.DOWN
        await announce.silence(project, now)
    return True


async def run_started(project: Project, now: datetime) -> None:
    """A run began (/start, a Sentry check-in in progress): hung if no outcome comes within the
    timeout. In the caller's transaction."""
    run = await _row(project.id, MonitorKind.RUN)
    changes = {"deadline_at": now + timedelta(seconds=project.timeout_seconds), "since": now}
    await _move(project, run, MonitorState.RUNNING, Reason.RUN_STARTED, now, changes)


async def run_failed(project: Project, now: datetime) -> None:
    """A run ended with a failure (announced by the caller with its report)."""
    await _end_run(project, Reason.RUN_FAILED, now)


async def run_hung(run: Monitor, project: Project, now: datetime, announce: Announcer) -> bool:
    """A run that began and sent no outcome within the timeout: reported once (compare-and-set
    on its deadline). Its start is kept: a late success still says how long it took."""
    async with transaction():
        await _lock(project)
        changed = await Monitor.filter(
            id=run.id, state=MonitorState.RUNNING, deadline_at=run.deadline_at
        ).update(state=MonitorState.HUNG, deadline_at=None)
        if changed != 1:
            return False
        await _transition(project, run.kind, run.state, MonitorState.HUNG, Reason.RUN_HUNG, now)
        await announce.run_hung(project, run.since, now)
    return True


async def set_paused(project: Project, paused: bool, now: datetime, by: str = "") -> None:
    """Pause (no silence or hung-run alerts) or resume. On resume a project whose last
    heartbeat is older than its timeout is down again, so its comeback is announced. An open
    outage's alert is edited to show the pause (and who did it) or the resumption."""
    if paused == project.paused:
        return
    async with transaction():
        await _lock(project)
        beat = await _row(project.id, MonitorKind.HEARTBEAT)
        state, deadline = _state_after_pause(project, paused, now)
        reason = Reason.PAUSED if paused else Reason.RESUMED
        await _move(project, beat, state, reason, now, {"deadline_at": deadline})
        await _end_run(project, reason, now)
        health = project_health(paused, state)
        await Project.filter(id=project.id).update(
            paused=paused,
            health=health,
            paused_by=by[:256] if paused else None,
            paused_at=now if paused else None,
            incident_refresh_at=now if outage_open(beat) else project.incident_refresh_at,
        )
    project.paused, project.health = paused, health


def _state_after_pause(
    project: Project, paused: bool, now: datetime
) -> tuple[MonitorState, datetime | None]:
    if paused:
        return MonitorState.PAUSED, None
    if project.last_heartbeat_at is None:
        return MonitorState.NEW, None
    deadline = deadline_after(project.last_heartbeat_at, project.timeout_seconds)
    return (MonitorState.UP, deadline) if deadline > now else (MonitorState.DOWN, None)


async def timeout_changed(project: Project, seconds: int) -> None:
    """A new silence timeout; a heartbeat monitor that is up gets its deadline moved to match."""
    async with transaction():
        await _lock(project)
        await Project.filter(id=project.id).update(timeout_seconds=seconds)
        if project.last_heartbeat_at:
            await Monitor.filter(
                project_id=project.id, kind=MonitorKind.HEARTBEAT, deadline_at__isnull=False
            ).update(deadline_at=deadline_after(project.last_heartbeat_at, seconds))
    project.timeout_seconds = seconds


async def deadlines_moved(later: Mapping[Monitor, datetime]) -> int:
    """Deadlines that a time nobody listened moved on (services/watch/listening.py), written to
    their rows (compare-and-set: one a heartbeat moved meanwhile keeps the new), in project id
    order, one transaction; how many moved. The one writer that takes no project lock: it
    changes only deadlines and waits for no project row, so it closes no cycle of waits."""
    moved = 0
    if not later:
        return moved
    async with transaction():
        for row in sorted(later, key=lambda row: (row.project_id, row.kind)):
            taken = Monitor.filter(id=row.id, deadline_at=row.deadline_at)
            moved += await taken.update(deadline_at=later[row])
    return moved


async def _lock(project: Project) -> None:
    """Hold the project's row until commit, before any of its monitors: every writer (and the
    heartbeat paths, services/ingest/) locks in this order, so two never wait for each other
    in a cycle (PostgreSQL; SQLite has one writer at a time, and tortoise skips the lock). A
    NO KEY lock, as the heartbeat paths take: rows that refer to the project (its heartbeats,
    reports, letters) may still be inserted meanwhile."""
    await Project.select_for_update(no_key=True).filter(id=project.id).first()


async def _row(project_id: int, kind: MonitorKind) -> Monitor:
    """The project's monitor of `kind`, made in its initial state if the project has none yet
    (a project inserted by plain SQL)."""
    row, _ = await Monitor.get_or_create(
        project_id=project_id, kind=kind, defaults={"state": INITIAL[kind]}
    )
    return row


async def _move(
    project: Project,
    row: Monitor,
    state: MonitorState,
    reason: Reason,
    now: datetime,
    changes: Mapping[str, object],
) -> None:
    """Write a monitor's new state (and whatever goes with it), with a transition row if the
    state changed."""
    if row.state != state:
        await _transition(project, row.kind, row.state, state, reason, now)
    await Monitor.filter(id=row.id).update(state=state, **changes)


async def _end_run(project: Project, reason: Reason, now: datetime) -> None:
    """An open run ends (a success, a failure, a pause)."""
    run = await Monitor.get_or_none(
        project_id=project.id, kind=MonitorKind.RUN, state__in=list(OPEN_RUN)
    )
    if run is not None:
        changes = {"deadline_at": None, "since": None}
        await _move(project, run, MonitorState.IDLE, reason, now, changes)


async def _transition(
    project: Project, kind: str, old: str, new: MonitorState, reason: Reason, now: datetime
) -> None:
    await HealthTransition.create(
        project_id=project.id, kind=kind, old=old, new=new, reason=reason, at=now
    )
