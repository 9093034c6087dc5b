"""The heartbeat hot path: a beat that changes nothing moves the deadline with fixed
statements; whatever else may have happened sends it down the full path."""

import asyncio
from datetime import UTC, datetime, timedelta

import asyncpg
import pytest

from models import Health, Heartbeat, MonitorState, OutboxMessage, Project
from services.core.errors import ProjectDisabled, RateLimited, UnknownToken
from services.core.ratelimit import RateLimiter
from services.formats.reports import HeartbeatReport
from services.ingest import steady_beats
from services.ingest.ingestor import Ingestor
from services.ingest.receipts import Receipt
from services.ingest.steady_beats import ReceivedBeat, SteadyBeats
from services.letters.outbox import OutboxSignal
from services.notify.notifier import Notifier
from services.storage.transaction import transaction
from tests.conftest import (
    change_state,
    heartbeat_monitor,
    lock_waiters,
    make_project,
    make_subscriber,
    make_subscription,
    until,
)

T0 = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)


async def store_batch(beats: list[ReceivedBeat], limiter: RateLimiter) -> list[object]:
    async with transaction():
        return list(await SteadyBeats(limiter).store(beats))


async def is_steady(token: str, report: HeartbeatReport) -> bool:
    project = (await steady_beats.steady_projects([token])).get(token)
    return project is not None and project.expects(report)


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
    assert await is_steady(project.token, report)

    later = T0 + timedelta(seconds=30)
    beat = await ingestor.record_heartbeat(project.token, report, later)

    stored = await Heartbeat.get(id=beat.id)
    assert (stored.status, stored.version, stored.metadata) == ("alive", version, {"n": 1})
    assert stored.received_at == later
    # What the batch hands back, for the client, is the stored row's.
    assert (beat.id, beat.received_at) == (stored.id, stored.received_at)
    project = await Project.get(id=project.id)
    assert project.last_heartbeat_at == later
    assert (await heartbeat_monitor(project.id)).deadline_at == later + timedelta(seconds=60)
    assert project.health == Health.UP


@pytest.mark.parametrize(
    "change",
    [
        # The silence checker marks it down between the read and the write.
        {"heartbeat": {"state": MonitorState.DOWN, "deadline_at": None}},
        # A maintainer sets a day's timeout: the old one must not set the deadline.
        {"project": {"timeout_seconds": 86400}},
        {"project": {"token": "rotated-meanwhile"}},
        {"project": {"is_active": False}},
        {"run": {"state": MonitorState.RUNNING, "since": T0}},
    ],
)
async def test_a_project_changed_after_the_read_takes_the_full_path(
    ingestor: Ingestor, change: dict[str, dict[str, object]]
) -> None:
    project = await make_project()
    await ingestor.record_heartbeat(project.token, HeartbeatReport(), T0)
    before = await Project.get(id=project.id)
    steady = (await steady_beats.steady_projects([project.token]))[project.token]
    await change_state(project.id, change)

    later = ReceivedBeat(project.token, HeartbeatReport(), T0 + timedelta(hours=2))
    async with transaction():
        assert await steady_beats.advance([(steady, later)]) == set()
    after = await Project.get(id=project.id)
    assert after.last_heartbeat_at == before.last_heartbeat_at


@pytest.mark.parametrize(
    ("change", "report"),
    [
        ({}, HeartbeatReport(status="degraded")),
        ({}, HeartbeatReport(version="9.9")),
        ({"heartbeat": {"state": MonitorState.DOWN}}, HeartbeatReport()),
        ({"heartbeat": {"state": MonitorState.PAUSED}}, HeartbeatReport()),
        ({"run": {"state": MonitorState.RUNNING, "since": T0}}, HeartbeatReport()),
        ({"run": {"state": MonitorState.HUNG, "since": T0}}, HeartbeatReport()),
        # Up again (resumed with a longer timeout) while its silence alert is still open.
        ({"heartbeat": {"since": T0}}, HeartbeatReport()),
        ({"project": {"is_active": False}}, HeartbeatReport()),
    ],
)
async def test_anything_but_a_steady_beat_is_left_to_the_full_path(
    ingestor: Ingestor, change: dict[str, dict[str, object]], report: HeartbeatReport
) -> None:
    project = await make_project()
    await ingestor.record_heartbeat(project.token, HeartbeatReport(), T0)
    await change_state(project.id, change)
    assert not await is_steady(project.token, report)


async def test_a_chat_that_wants_every_beat_keeps_the_full_path(ingestor: Ingestor) -> None:
    project = await make_project()
    chat = await make_subscriber(telegram_id=31)
    await make_subscription(project, chat, heartbeat_mode="every")
    await ingestor.record_heartbeat(project.token, HeartbeatReport(), T0)
    assert not await is_steady(project.token, HeartbeatReport())
    await ingestor.record_heartbeat(project.token, HeartbeatReport(), T0 + timedelta(seconds=1))
    assert await OutboxMessage.filter(chat_id=31).count() == 2

    chat.is_active = False  # the chat blocked the bot: nobody wants every beat any more
    await chat.save()
    assert await is_steady(project.token, HeartbeatReport())


async def test_no_token_that_cannot_exist_reaches_the_database(db: str) -> None:
    for token in ("", "a\x00b", "x" * 129, "\udcff\udcfe"):
        assert not await is_steady(token, HeartbeatReport())


async def test_a_batch_of_beats_stores_each_steady_one_and_leaves_the_rest(
    ingestor: Ingestor,
) -> None:
    first, second, changing = [await make_project(timeout_seconds=60) for _ in range(3)]
    await ingestor.record_heartbeat(first.token, HeartbeatReport(), T0)
    await ingestor.record_heartbeat(second.token, HeartbeatReport(version="1"), T0)
    await ingestor.record_heartbeat(changing.token, HeartbeatReport(), T0)

    def beat(project: Project, n: int, seconds: int, version: str | None = None) -> ReceivedBeat:
        report = HeartbeatReport(version=version, metadata={"n": n})
        return ReceivedBeat(project.token, report, T0 + timedelta(seconds=seconds))

    beats = [
        beat(first, 0, 1),
        beat(second, 1, 2, version="1"),
        beat(first, 2, 3),
        ReceivedBeat(changing.token, HeartbeatReport(status="degraded"), T0),
        ReceivedBeat("0" * 32, HeartbeatReport(), T0),
        beat(second, 5, 4, version="1"),
    ]
    outcomes = await store_batch(beats, RateLimiter(per_minute=100))

    assert outcomes[3] is None and outcomes[4] is None  # the full path decides
    for n in (0, 1, 2, 5):
        outcome = outcomes[n]
        assert isinstance(outcome, Receipt)
        stored = await Heartbeat.get(id=outcome.id)
        assert (stored.metadata, stored.received_at) == ({"n": n}, beats[n].received_at)
    first = await Project.get(id=first.id)
    assert first.last_heartbeat_at == T0 + timedelta(seconds=3)  # the latest of its beats
    assert (await heartbeat_monitor(first.id)).deadline_at == T0 + timedelta(seconds=63)
    second = await Project.get(id=second.id)
    assert second.last_heartbeat_at == T0 + timedelta(seconds=4)


async def test_steady_beats_over_the_rate_limit_are_refused_and_not_stored(
    ingestor: Ingestor,
) -> None:
    project = await make_project()
    await ingestor.record_heartbeat(project.token, HeartbeatReport(), T0)
    limiter = RateLimiter(per_minute=2)
    beats = [ReceivedBeat(project.token, HeartbeatReport(), T0) for _ in range(3)]
    outcomes = await store_batch(beats, limiter)

    assert [type(outcome) for outcome in outcomes] == [Receipt, Receipt, RateLimited]
    assert await Heartbeat.filter(project_id=project.id).count() == 3  # the first and two


def test_a_refunded_count_makes_room_for_one_more() -> None:
    limiter = RateLimiter(per_minute=1)
    limiter.admit(7, T0)
    with pytest.raises(RateLimited):
        limiter.admit(7, T0)
    limiter.refund(7, T0)
    limiter.admit(7, T0)


async def test_beats_after_a_change_in_the_same_batch_follow_it_in_order(
    ingestor: Ingestor,
) -> None:
    project = await make_project()
    await ingestor.record_heartbeat(project.token, HeartbeatReport(), T0)
    degraded = HeartbeatReport(status="degraded")
    # Queued together: "degraded" then "alive" again; the steady-looking "alive" must not be
    # stored before the change it came after.
    await asyncio.gather(
        ingestor.record_heartbeat(project.token, degraded, T0 + timedelta(seconds=1)),
        ingestor.record_heartbeat(project.token, HeartbeatReport(), T0 + timedelta(seconds=2)),
    )
    project = await Project.get(id=project.id)
    assert project.last_status == "alive"
    assert project.last_heartbeat_at == T0 + timedelta(seconds=2)


async def test_a_request_the_database_cannot_take_fails_alone(
    ingestor: Ingestor,
) -> None:
    project = await make_project()
    await ingestor.record_heartbeat(project.token, HeartbeatReport(), T0)
    limiter = RateLimiter(per_minute=100)
    for _ in range(3):  # counted earlier this minute: a refund must not give these back
        limiter.admit(project.id, T0)
    beats = [
        ReceivedBeat(project.token, HeartbeatReport(), T0 + timedelta(seconds=1)),
        ReceivedBeat(project.token, HeartbeatReport(metadata={"bad": "\udcff"}), T0),
    ]
    outcomes = await store_batch(beats, limiter)

    # The batch could not be written: nothing of it is kept, every beat is left to the full
    # path (each alone), and no count is spent on what was not stored.
    assert outcomes == [None, None]
    assert await Heartbeat.filter(project_id=project.id).count() == 1
    assert limiter._windows[project.id][1] == 3


async def test_a_project_changed_after_the_read_is_not_taken_for_moved(
    ingestor: Ingestor,
) -> None:
    project = await make_project()
    await ingestor.record_heartbeat(project.token, HeartbeatReport(), T0)
    steady = (await steady_beats.steady_projects([project.token]))[project.token]
    await Project.filter(id=project.id).update(timeout_seconds=86400)
    # Same time as the last beat (two check-ins of one Sentry envelope share it).
    again = ReceivedBeat(project.token, HeartbeatReport(), T0)
    async with transaction():
        assert await steady_beats.advance([(steady, again)]) == set()


async def test_a_token_no_driver_can_encode_is_unknown_and_fails_alone(
    ingestor: Ingestor,
) -> None:
    project = await make_project()
    await ingestor.record_heartbeat(project.token, HeartbeatReport(), T0)
    later = T0 + timedelta(seconds=1)
    # What aiohttp makes of `Authorization: Bearer \xff\xfe`: lone surrogates.
    results = await asyncio.gather(
        ingestor.record_heartbeat("\udcff\udcfe", HeartbeatReport(), later),
        *(ingestor.record_heartbeat(project.token, HeartbeatReport(), later) for _ in range(5)),
        return_exceptions=True,
    )
    assert isinstance(results[0], UnknownToken)
    assert all(isinstance(beat, Receipt) for beat in results[1:])


async def test_steady_beats_in_a_shared_transaction_are_undone_with_it(
    ingestor: Ingestor,
) -> None:
    """Beside other writes, the steady beats are part of the shared transaction (a savepoint on
    SQLite's thread), never committed on their own before it."""
    project = await make_project(timeout_seconds=60)
    await ingestor.record_heartbeat(project.token, HeartbeatReport(), T0)
    later = T0 + timedelta(seconds=30)
    with pytest.raises(RuntimeError):
        async with transaction():
            beats = [ReceivedBeat(project.token, HeartbeatReport(), later)]
            outcomes = await SteadyBeats(RateLimiter(per_minute=10)).store(beats)
            assert isinstance(outcomes[0], Receipt)
            raise RuntimeError("another write of the batch failed the commit")
    assert await Heartbeat.filter(project_id=project.id).count() == 1
    assert (await Project.get(id=project.id)).last_heartbeat_at == T0


async def test_a_batch_of_heartbeats_alone_stores_each_kind_with_its_own_answer(
    ingestor: Ingestor,
) -> None:
    """Alone in their batch, heartbeats have no shared transaction: the steady ones commit
    together, the others together after them, and each caller gets its own answer."""
    steady_project, new_project = await make_project(), await make_project()
    chat = await make_subscriber(telegram_id=41)
    await make_subscription(new_project, chat)
    await ingestor.record_heartbeat(steady_project.token, HeartbeatReport(), T0)
    later = T0 + timedelta(seconds=5)
    answers = await asyncio.gather(
        ingestor.record_heartbeat(steady_project.token, HeartbeatReport(), later),
        ingestor.record_heartbeat(new_project.token, HeartbeatReport(), later),  # its first
        ingestor.record_heartbeat("0" * 32, HeartbeatReport(), later),
        return_exceptions=True,
    )
    assert isinstance(answers[0], Receipt) and isinstance(answers[1], Receipt)
    assert isinstance(answers[2], UnknownToken)
    for receipt in answers[:2]:
        assert (await Heartbeat.get(id=receipt.id)).received_at == later
    assert (await Project.get(id=new_project.id)).health == Health.UP
    assert await OutboxMessage.filter(chat_id=41).count() == 1  # the first beat is announced


async def beat_twice(ingestor: Ingestor, project: Project) -> None:
    """A first beat (full path) and a steady one: from then on its state is remembered."""
    await ingestor.record_heartbeat(project.token, HeartbeatReport(), T0)
    outcome = await ingestor.steady_beats.store(
        [ReceivedBeat(project.token, HeartbeatReport(), T0 + timedelta(seconds=1))]
    )
    assert isinstance(outcome[0], Receipt)


async def test_a_remembered_state_that_no_longer_holds_leaves_the_beat_to_the_full_path(
    ingestor: Ingestor,
) -> None:
    project = await make_project(timeout_seconds=60)
    await beat_twice(ingestor, project)
    # Changed behind the app's back (another process), with no read in between.
    await Project.filter(id=project.id).update(timeout_seconds=86400)
    later = T0 + timedelta(seconds=30)
    await ingestor.record_heartbeat(project.token, HeartbeatReport(), later)
    deadline = (await heartbeat_monitor(project.id)).deadline_at
    assert deadline == later + timedelta(seconds=86400)


async def test_a_chat_that_asks_for_every_beat_gets_the_next_one_though_the_state_was_known(
    ingestor: Ingestor,
) -> None:
    project = await make_project()
    await beat_twice(ingestor, project)
    chat = await make_subscriber(telegram_id=32)
    await make_subscription(project, chat, heartbeat_mode="every")
    await ingestor.record_heartbeat(project.token, HeartbeatReport(), T0 + timedelta(seconds=2))
    assert await OutboxMessage.filter(chat_id=32).count() == 1


async def test_a_paused_project_refuses_the_next_beat_though_its_state_was_known(
    ingestor: Ingestor,
) -> None:
    project = await make_project()
    await beat_twice(ingestor, project)
    await Project.filter(id=project.id).update(is_active=False)
    later = T0 + timedelta(seconds=2)
    with pytest.raises(ProjectDisabled):
        await ingestor.record_heartbeat(project.token, HeartbeatReport(), later)


async def test_after_a_change_the_new_state_is_read_and_its_beats_are_steady_again(
    ingestor: Ingestor,
) -> None:
    project = await make_project()
    await beat_twice(ingestor, project)
    degraded = HeartbeatReport(status="degraded")
    changed = ReceivedBeat(project.token, degraded, T0 + timedelta(seconds=2))
    assert await ingestor.steady_beats.store([changed]) == [None]  # the full path's to store
    await ingestor.record_heartbeat(project.token, degraded, changed.received_at)
    again = ReceivedBeat(project.token, degraded, T0 + timedelta(seconds=3))
    outcome = await ingestor.steady_beats.store([again])
    assert isinstance(outcome[0], Receipt)
    assert (await Heartbeat.get(id=outcome[0].id)).status == "degraded"


async def test_a_steady_beat_that_waited_for_the_silence_checker_leaves_the_outage_alone(
    ingestor: Ingestor, db: str
) -> None:
    """The silence checker marks the project down and is held open; a steady beat read as
    steady before it waits for the project's row meanwhile. PostgreSQL then checks the waiting
    UPDATE again against the row only: the beat must find the project down there, move neither
    its last beat nor the down monitor's deadline, and go the full path (which reports the
    outage's real length)."""
    if not db.startswith("postgres"):
        pytest.skip("SQLite runs one writer at a time: nothing can interleave")
    project = await make_project(timeout_seconds=60)
    await ingestor.record_heartbeat(project.token, HeartbeatReport(), T0)
    steady = (await steady_beats.steady_projects([project.token]))[project.token]
    url = db.replace("postgres://", "postgresql://", 1)
    checker, watcher = await asyncpg.connect(url), await asyncpg.connect(url)
    try:
        silence = checker.transaction()
        await silence.start()
        await checker.execute(
            "UPDATE monitors SET state = 'down', deadline_at = NULL, since = $2"
            " WHERE project_id = $1 AND kind = 'heartbeat'",
            project.id,
            T0,
        )
        await checker.execute("UPDATE projects SET health = 'down' WHERE id = $1", project.id)
        later = ReceivedBeat(project.token, HeartbeatReport(), T0 + timedelta(minutes=5))

        async def beat_in_a_batch() -> set[int]:
            async with transaction():
                return await steady_beats.advance([(steady, later)])

        beat = asyncio.create_task(beat_in_a_batch())

        async def beat_waits() -> bool:
            return await lock_waiters(watcher) >= 1

        await until(beat_waits)
        await silence.commit()
        assert await beat == set()  # left to the full path
    finally:
        await checker.close()
        await watcher.close()
    assert (await Project.get(id=project.id)).last_heartbeat_at == T0
    assert (await heartbeat_monitor(project.id)).deadline_at is None
