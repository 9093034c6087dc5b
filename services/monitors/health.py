"""Project health as a pure function of stored state and `now`."""

from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Protocol

from models import Health
from services.monitors.schedule import Schedule, next_run, stored_schedule


class DeadlineFacts(Protocol):
    """What a heartbeat deadline depends on; a Project row has these attributes."""

    @property
    def timeout_seconds(self) -> int: ...

    @property
    def schedule(self) -> str | None: ...

    @property
    def schedule_tz(self) -> str | None: ...

    @property
    def grace_seconds(self) -> int | None: ...


class HealthFacts(DeadlineFacts, Protocol):
    """What health depends on; a Project row has these attributes."""

    paused: bool
    last_heartbeat_at: datetime | None


def status(project: HealthFacts, now: datetime) -> Health:
    if project.paused:
        return Health.PAUSED
    if project.last_heartbeat_at is None:
        return Health.NEW
    if now >= deadline_after(project, project.last_heartbeat_at):
        return Health.DOWN
    return Health.UP


def project_schedule(project: DeadlineFacts) -> Schedule | None:
    """The project's cron schedule, or None: it has a plain timeout."""
    return stored_schedule(project.schedule, project.schedule_tz, project.grace_seconds)


def deadline_after(project: DeadlineFacts, heartbeat_at: datetime) -> datetime:
    """The heartbeat deadline after a beat at `heartbeat_at`, the one rule every writer and
    reader of it uses: on a schedule, the first expected run strictly after the beat plus the
    grace (a beat stands for the run it follows, as in Healthchecks: one that comes early, before
    its run, leaves that run expected); otherwise the beat plus the timeout."""
    schedule = project_schedule(project)
    if schedule is None:
        return heartbeat_at + timedelta(seconds=project.timeout_seconds)
    # The grace is real time, added in UTC (a local wall-clock sum would stretch or shrink it
    # on a daylight-saving night), and kept in UTC, as every stored time is: SQLite compares
    # stored times as text.
    return next_run(schedule, heartbeat_at).astimezone(UTC) + schedule.grace


class BeatChange(StrEnum):
    """How a heartbeat relates to what we knew before it."""

    FIRST = "first"
    RECOVERED = "recovered"
    CHANGED = "changed"
    SAME = "same"


def classify_heartbeat(
    health: Health,
    last_status: str | None,
    last_version: str | None,
    status_: str,
    version: str | None,
) -> BeatChange:
    if health == Health.NEW:
        return BeatChange.FIRST
    if health == Health.DOWN:
        return BeatChange.RECOVERED
    if (last_status, last_version) != (status_, version):
        return BeatChange.CHANGED
    return BeatChange.SAME
