from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from models import Health
from services.monitors.health import BeatChange, classify_heartbeat, status

NOW = datetime(2026, 3, 6, 12, 0, 0, tzinfo=UTC)
HOUR = 3600


@dataclass(frozen=True)
class Facts:
    """What health depends on, as a Project row has it."""

    paused: bool
    last_heartbeat_at: datetime | None
    timeout_seconds: int
    schedule: str | None = None
    schedule_tz: str | None = None
    grace_seconds: int | None = None


def facts(seconds_ago: float | None, timeout: int = HOUR, paused: bool = False) -> Facts:
    beat = None if seconds_ago is None else NOW - timedelta(seconds=seconds_ago)
    return Facts(paused=paused, last_heartbeat_at=beat, timeout_seconds=timeout)


@pytest.mark.parametrize(
    ("project", "expected"),
    [
        (facts(None), Health.NEW),
        (facts(0), Health.UP),
        (facts(HOUR - 0.001), Health.UP),
        (facts(HOUR), Health.DOWN),
        (facts(HOUR + 1), Health.DOWN),
        (facts(0.999, timeout=1), Health.UP),
        (facts(1, timeout=1), Health.DOWN),
        (facts(HOUR * 5, paused=True), Health.PAUSED),
        (facts(None, paused=True), Health.PAUSED),
    ],
)
def test_status_on_both_sides_of_every_boundary(project: Facts, expected: Health) -> None:
    assert status(project, NOW) == expected


@pytest.mark.parametrize(
    ("health", "last", "new", "expected"),
    [
        (Health.NEW, (None, None), ("alive", "1.0"), BeatChange.FIRST),
        (Health.DOWN, ("alive", "1.0"), ("alive", "1.0"), BeatChange.RECOVERED),
        (Health.UP, ("alive", "1.0"), ("alive", "1.0"), BeatChange.SAME),
        (Health.UP, ("alive", "1.0"), ("alive", "1.1"), BeatChange.CHANGED),
        (Health.UP, ("alive", "1.0"), ("degraded", "1.0"), BeatChange.CHANGED),
        (Health.UP, ("alive", None), ("alive", None), BeatChange.SAME),
    ],
)
def test_heartbeat_is_classified_against_what_was_known(
    health: Health, last: tuple, new: tuple, expected: BeatChange
) -> None:
    assert classify_heartbeat(health, *last, *new) == expected
