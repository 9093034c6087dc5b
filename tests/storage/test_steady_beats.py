"""The heartbeat hot path: a beat that changes nothing moves the deadline with fixed
statements; whatever else may have happened sends it down the full path."""

from datetime import UTC, datetime, timedelta

import pytest

from models import Health, Heartbeat, OutboxMessage, Project
from services import steady_beats
from services.ingest import Ingestor
from services.notify import Notifier
from services.outbox import OutboxSignal
from services.reports import HeartbeatReport
from tests.conftest import make_project, make_subscriber, make_subscription

T0 = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def ingestor(db: str, translator) -> Ingestor:
    return Ingestor(Notifier(translator, "ru"), OutboxSignal())


@pytest.mark.parametrize("version", [None, "2.1"])
async def test_steady_beats_are_stored_and_move_the_deadline(
    ingestor: Ingestor, version: str | None
) -> None:
    project = await make_project(timeout_seconds=60)
    report = HeartbeatReport(status="alive", version=version, metadata={"n": 1})
    await ingestor.record_heartbeat(project.token, report, T0)  # the first: full path
    assert await steady_beats.steady_project(project.token, report) is not None

    later = T0 + timedelta(seconds=30)
    beat = await ingestor.record_heartbeat(project.token, report, later)

    stored = await Heartbeat.get(id=beat.id)
    assert (stored.status, stored.version, stored.metadata) == ("alive", version, {"n": 1})
    assert stored.received_at == later
    project = await Project.get(id=project.id)
    assert project.last_heartbeat_at == later
    assert project.deadline_at == later + timedelta(seconds=60)
    assert project.health == Health.UP


@pytest.mark.parametrize(
    "change",
    [
        # The silence checker marks it down between the read and the write.
        {"health": Health.DOWN.value, "deadline_at": None},
        # A maintainer sets a day's timeout: the old one must not set the deadline.
        {"timeout_seconds": 86400},
        {"token": "rotated-meanwhile"},
        {"is_active": False},
    ],
)
async def test_a_project_changed_after_the_read_takes_the_full_path(
    ingestor: Ingestor, change: dict[str, object]
) -> None:
    project = await make_project()
    await ingestor.record_heartbeat(project.token, HeartbeatReport(), T0)
    before = await Project.get(id=project.id)
    steady = await steady_beats.steady_project(project.token, HeartbeatReport())
    assert steady is not None
    await Project.filter(id=project.id).update(**change)

    assert await steady_beats.store(steady, HeartbeatReport(), T0 + timedelta(hours=2)) is None
    assert await Heartbeat.filter(project_id=project.id).count() == 1
    after = await Project.get(id=project.id)
    assert after.last_heartbeat_at == before.last_heartbeat_at


@pytest.mark.parametrize(
    ("change", "report"),
    [
        ({}, HeartbeatReport(status="degraded")),
        ({}, HeartbeatReport(version="9.9")),
        ({"health": Health.DOWN.value}, HeartbeatReport()),
        ({"health": Health.PAUSED.value}, HeartbeatReport()),
        ({"run_started_at": T0}, HeartbeatReport()),
        # Up again (resumed with a longer timeout) while its silence alert is still open.
        ({"incident_since": T0}, HeartbeatReport()),
        ({"is_active": False}, HeartbeatReport()),
    ],
)
async def test_anything_but_a_steady_beat_is_left_to_the_full_path(
    ingestor: Ingestor, change: dict[str, object], report: HeartbeatReport
) -> None:
    project = await make_project()
    await ingestor.record_heartbeat(project.token, HeartbeatReport(), T0)
    await Project.filter(id=project.id).update(**change)
    assert await steady_beats.steady_project(project.token, report) is None


async def test_a_chat_that_wants_every_beat_keeps_the_full_path(ingestor: Ingestor) -> None:
    project = await make_project()
    chat = await make_subscriber(telegram_id=31)
    await make_subscription(project, chat, heartbeat_mode="every")
    await ingestor.record_heartbeat(project.token, HeartbeatReport(), T0)
    assert await steady_beats.steady_project(project.token, HeartbeatReport()) is None
    await ingestor.record_heartbeat(project.token, HeartbeatReport(), T0 + timedelta(seconds=1))
    assert await OutboxMessage.filter(chat_id=31).count() == 2

    chat.is_active = False  # the chat blocked the bot: nobody wants every beat any more
    await chat.save()
    assert await steady_beats.steady_project(project.token, HeartbeatReport()) is not None


async def test_no_token_that_cannot_exist_reaches_the_database(db: str) -> None:
    for token in ("", "a\x00b", "x" * 129):
        assert await steady_beats.steady_project(token, HeartbeatReport()) is None
