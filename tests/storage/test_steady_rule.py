"""The heartbeat fast path held to the general path on the same inputs. Twin projects in the
same state get the same beat: one through the ingestor as it runs (the fast path takes the beat
when services/monitors/steady.py calls it steady), the other through the general path alone
(services/monitors/writer.py). Afterwards the twins must be alike in every state column, in
their stored beats, their transitions and the letters queued about them; and the fast path
must have taken exactly the beats the rule calls steady."""

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from models import (
    Health,
    HealthTransition,
    Heartbeat,
    HeartbeatMode,
    Monitor,
    MonitorState,
    OutboxMessage,
    Project,
)
from services.formats.reports import HeartbeatReport
from services.ingest import steady_beats
from services.ingest.ingestor import Ingestor
from services.ingest.steady_beats import ReceivedBeat
from services.letters.outbox import OutboxSignal
from services.monitors.writer import STATE_COLUMNS
from services.notify.notifier import Notifier
from tests.conftest import change_state, make_project, make_subscriber, make_subscription

T0 = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
LATER = T0 + timedelta(seconds=30)
SAME = HeartbeatReport(status="alive", version="1.0")


class GeneralPathOnly:
    """In place of the ingestor's SteadyBeats: calls no beat steady, so every beat takes the
    general path."""

    async def store(self, beats: Sequence[ReceivedBeat]) -> list[None]:
        return [None] * len(beats)


async def as_is(project: Project) -> None:
    """The state the first beat left: up and steady."""


async def paused(project: Project) -> None:
    await change_state(
        project.id,
        {
            "project": {"paused": True, "health": Health.PAUSED},
            "heartbeat": {"state": MonitorState.PAUSED, "deadline_at": None},
        },
    )


async def down(project: Project) -> None:
    await change_state(
        project.id,
        {
            "project": {"health": Health.DOWN},
            "heartbeat": {"state": MonitorState.DOWN, "deadline_at": None, "since": T0},
        },
    )


async def run_open(project: Project) -> None:
    running = {"state": MonitorState.RUNNING, "since": T0, "deadline_at": LATER}
    await change_state(project.id, {"run": running})


async def run_hung(project: Project) -> None:
    await change_state(project.id, {"run": {"state": MonitorState.HUNG, "since": T0}})


async def incident_to_close(project: Project) -> None:
    """Up again, but the incident's alert has not said "recovered" yet."""
    await change_state(project.id, {"heartbeat": {"since": T0, "ended_at": None}})


async def scheduled(project: Project) -> None:
    """On a cron schedule: its deadline is its next run, which the fast path does not compute."""
    schedule = {"schedule": "0 3 * * *", "schedule_tz": "Europe/Moscow", "grace_seconds": 600}
    await change_state(project.id, {"project": schedule})


async def every_beat_wanted(project: Project) -> None:
    chat = await make_subscriber(language="en")
    await make_subscription(project, chat, heartbeat_mode=HeartbeatMode.EVERY)


async def changes_wanted(project: Project) -> None:
    chat = await make_subscriber(language="en")
    await make_subscription(project, chat, heartbeat_mode=HeartbeatMode.CHANGES)


STATES = {
    "steady": (as_is, SAME, True),
    "steady, a chat wants changes only": (changes_wanted, SAME, True),
    "a new status": (as_is, HeartbeatReport(status="degraded", version="1.0"), False),
    "a new version": (as_is, HeartbeatReport(status="alive", version="1.1"), False),
    "paused": (paused, SAME, False),
    "down": (down, SAME, False),
    "a run is open": (run_open, SAME, False),
    "a run hung": (run_hung, SAME, False),
    "an incident still to close": (incident_to_close, SAME, False),
    "a chat wants every beat": (every_beat_wanted, SAME, False),
    "on a cron schedule": (scheduled, SAME, False),
}


async def twin(setup: Any, translator: Any) -> Project:
    project = await make_project(timeout_seconds=60)
    await changes_wanted(project)  # someone hears about it, so letters can be compared
    await first_beat(project, translator)
    await setup(project)
    return project


async def first_beat(project: Project, translator: Any) -> None:
    general = Ingestor(Notifier(translator, "en"), OutboxSignal())
    await general.record_heartbeat(project.token, SAME, T0)


async def what_happened(project: Project) -> dict[str, Any]:
    row = await Project.get(id=project.id)
    monitors = await Monitor.filter(project_id=project.id).order_by("kind")
    beats = await Heartbeat.filter(project_id=project.id).order_by("id")
    moves = await HealthTransition.filter(project_id=project.id).order_by("id")
    letters = await OutboxMessage.filter(project_id=project.id).order_by("id")
    return {
        "state": {column: getattr(row, column) for column in sorted(STATE_COLUMNS)},
        "monitors": [(m.kind, m.state, m.deadline_at, m.since, m.ended_at) for m in monitors],
        "beats": [(b.status, b.version, b.metadata, b.received_at) for b in beats],
        "transitions": [(m.kind, m.old, m.new, m.reason, m.at) for m in moves],
        "letters": [(m.kind, m.text.replace(project.name, "<name>")) for m in letters],
    }


@pytest.mark.parametrize("state", list(STATES))
async def test_the_fast_path_leaves_what_the_general_path_leaves(
    db: str, translator: Any, state: str
) -> None:
    setup, report, steady = STATES[state]
    fast_twin, general_twin = await twin(setup, translator), await twin(setup, translator)
    taken = await steady_beats.steady_projects([fast_twin.token])
    assert (fast_twin.token in taken and taken[fast_twin.token].expects(report)) is steady

    running = Ingestor(Notifier(translator, "en"), OutboxSignal())
    general = Ingestor(Notifier(translator, "en"), OutboxSignal())
    general.steady_beats = GeneralPathOnly()  # type: ignore[assignment]  # a test's stand-in
    await running.record_heartbeat(fast_twin.token, report, LATER)
    await general.record_heartbeat(general_twin.token, report, LATER)

    assert await what_happened(fast_twin) == await what_happened(general_twin)
