"""Reading monitors. A project made by plain SQL (the seed's `INSERT INTO projects …`) has no
monitor rows until the writer first needs one: until then each of its monitors is in its
initial state, and reads here say so."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from tortoise.queryset import QuerySet

from models import Health, Monitor, MonitorKind, MonitorState, OpenRun

INITIAL = {MonitorKind.HEARTBEAT: MonitorState.NEW, MonitorKind.RUN: MonitorState.IDLE}
OPEN_RUN = (MonitorState.RUNNING, MonitorState.HUNG)


async def monitor_of(project_id: int, kind: MonitorKind) -> Monitor:
    """The project's monitor of `kind` (unsaved, in its initial state, if it has none yet)."""
    row = await Monitor.get_or_none(project_id=project_id, kind=kind)
    return row or Monitor(project_id=project_id, kind=kind, state=INITIAL[kind])


async def heartbeats_of(project_ids: Iterable[int]) -> dict[int, Monitor]:
    """The heartbeat monitors of these projects, by project id (initial where none yet)."""
    ids = list(project_ids)
    found = {m.project_id: m for m in await Monitor.filter(project_id__in=ids, kind="heartbeat")}
    return {
        id_: found.get(id_)
        or Monitor(project_id=id_, kind=MonitorKind.HEARTBEAT, state=MonitorState.NEW)
        for id_ in ids
    }


def run_started_at(run: Monitor) -> datetime | None:
    """When the project's open run started (also after it was reported hung), or None."""
    return run.since if run.state in OPEN_RUN else None


async def run_began(project_id: int, rid: str | None) -> datetime | None:
    """When the run that an outcome ends began: the open run with this run id (None if there
    is none), or without one the run monitor's open run."""
    if rid is None:
        return run_started_at(await monitor_of(project_id, MonitorKind.RUN))
    run = await OpenRun.get_or_none(project_id=project_id, rid=rid)
    return run.started_at if run else None


def outage_open(monitor: Monitor, announced: bool = False) -> bool:
    """An outage (of the heartbeat or a check) whose alert has not said "recovered" yet;
    `announced`: and not held (it has an alert)."""
    on = monitor.since is not None and monitor.ended_at is None
    return on and (monitor.held_because is None or not announced)


# The kinds whose `since` is an outage's start (a run's is when the run began).
OUTAGE_KINDS = [kind for kind in MonitorKind if kind != MonitorKind.RUN]


def open_outages(announced: bool = False, **filters: Any) -> QuerySet[Monitor]:
    """The outages on (a heartbeat's or a check's; not over), among `filters`; `announced`:
    only those alerted (not held: services/monitors/holds.py). The one spelling of "an
    outage is on"."""
    rows = Monitor.filter(
        kind__in=OUTAGE_KINDS, since__isnull=False, ended_at__isnull=True, **filters
    )
    return rows.filter(held_because__isnull=True) if announced else rows


async def any_outage_open(project_id: int) -> bool:
    """Whether any monitor of the project has an outage whose alert is still live (or held)."""
    return await open_outages(project_id=project_id).exists()


async def monitors_by_id(ids: Iterable[int]) -> dict[int, Monitor]:
    return {m.id: m for m in await Monitor.filter(id__in=list(ids))}


def project_health(paused: bool, heartbeat: MonitorState) -> Health:
    """The project's health from its monitors: paused, or the worst of them. Only the heartbeat
    monitor bears on it so far: a hung run is reported, and the project's silence, not the
    hang, makes it down."""
    return Health.PAUSED if paused else Health(heartbeat.value)
