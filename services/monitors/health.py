"""Project health as a pure function of stored state and `now`."""

from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol

from models import Health


class HealthFacts(Protocol):
    """What health depends on; a Project row has these attributes."""

    paused: bool
    last_heartbeat_at: datetime | None
    timeout_seconds: int


def status(project: HealthFacts, now: datetime) -> Health:
    if project.paused:
        return Health.PAUSED
    if project.last_heartbeat_at is None:
        return Health.NEW
    if now >= deadline_after(project.last_heartbeat_at, project.timeout_seconds):
        return Health.DOWN
    return Health.UP


def deadline_after(heartbeat_at: datetime, timeout_seconds: int) -> datetime:
    return heartbeat_at + timedelta(seconds=timeout_seconds)


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
