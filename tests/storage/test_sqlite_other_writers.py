"""Another process writing the same SQLite file (a second `main.py` command while the app runs):
the app's transactions hold the write lock from BEGIN, so neither side fails on the other."""

import asyncio
import contextvars
import logging
import sqlite3
import threading
import time
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from models import Heartbeat, Project
from services.formats.reports import HeartbeatReport
from services.ingest.ingestor import Ingestor
from services.ingest.steady_beats import steady_projects
from services.letters.outbox import OutboxSignal
from services.notify.notifier import Notifier
from services.storage import db
from services.storage.db import apply_migrations, close_orm, database_unavailable, init_orm
from services.storage.transaction import TAKE_THE_WRITE_LOCK, transaction
from tests.conftest import make_project, until


@pytest.fixture
async def sqlite_file(tmp_path: Path) -> AsyncIterator[Path]:
    path = tmp_path / "shared.sqlite3"
    # No waiting for the lock in this process: a BEGIN that cannot have it fails at once.
    await apply_migrations(f"sqlite://{path}")
    await init_orm(f"sqlite://{path}?busy_timeout=0")
    try:
        yield path
    finally:
        await close_orm()


@pytest.fixture
def other_process(sqlite_file: Path) -> Iterator[sqlite3.Connection]:
    """A connection of its own, as another process has; autocommit unless told to BEGIN."""
    other = sqlite3.connect(sqlite_file, timeout=0, isolation_level=None, check_same_thread=False)
    try:
        yield other
    finally:
        other.close()


async def test_a_transaction_holds_the_write_lock_from_its_start(
    other_process: sqlite3.Connection,
) -> None:
    async with transaction():
        # With a deferred BEGIN the other writer would get in here, and this transaction's
        # first write would then fail with "database is locked" instead of waiting.
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other_process.execute("BEGIN IMMEDIATE")
    other_process.execute("BEGIN IMMEDIATE")  # free again once it committed
    other_process.execute("ROLLBACK")


async def test_a_read_then_write_keeps_its_turn_and_the_other_writer_waits_for_it(
    other_process: sqlite3.Connection,
) -> None:
    project = await make_project(name="before")
    update_url = "UPDATE projects SET url = 'https://other.example' WHERE id = ?"
    async with transaction():
        await Project.get(id=project.id)
        # Between this read and the write below, the other process's write must wait (it is
        # told "locked" at once here only because it does not wait at all). With a deferred
        # BEGIN it would get in, and the write below would fail instead.
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other_process.execute(update_url, [project.id])
        await Project.filter(id=project.id).update(name="after")
    other_process.execute(update_url, [project.id])  # its turn, once this one committed
    stored = await Project.get(id=project.id)
    assert (stored.name, stored.url) == ("after", "https://other.example")


async def test_a_begin_that_cannot_lock_is_an_outage_and_leaves_the_next_one_free(
    other_process: sqlite3.Connection,
) -> None:
    another_request = contextvars.copy_context()  # as a request that starts independently
    other_process.execute("BEGIN IMMEDIATE")
    with pytest.raises(Exception) as refused:
        async with transaction():
            await Project.all().count()
    assert database_unavailable(refused.value)  # answered 503: retry later
    other_process.execute("ROLLBACK")

    async def write(name: str) -> None:
        async with transaction():
            await make_project(name=name)

    # tortoise's own BEGIN failure kept this process's connection lock (every later
    # transaction waits for it forever) and left the failed transaction as this task's
    # connection.
    await asyncio.wait_for(asyncio.create_task(write("next"), context=another_request), 10)
    await asyncio.wait_for(write("same task"), 10)
    assert await Project.filter(name__in=["next", "same task"]).count() == 2


async def test_a_transaction_cancelled_while_waiting_for_the_lock_leaves_nothing_behind(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A request cut off or a shutdown while its transaction waits for another process's
    write lock: the wait it started still runs on the driver's thread and may take the lock
    once the other writer is done; nothing may outlive it (no open transaction that would
    swallow later writes, no lock kept in this process)."""
    path = tmp_path / "patient.sqlite3"
    await apply_migrations(f"sqlite://{path}")
    await init_orm(f"sqlite://{path}?busy_timeout=10000")  # waits for the lock, unless cancelled
    other_writer = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    caplog.set_level(logging.DEBUG, logger="tortoise.db_client")  # each statement it runs
    try:
        other_writer.execute("BEGIN IMMEDIATE")

        async def count_in_a_transaction() -> int:
            async with transaction():
                return await Project.all().count()

        waiting = asyncio.create_task(count_in_a_transaction())

        async def waits_for_the_lock() -> bool:
            return any(TAKE_THE_WRITE_LOCK in r.getMessage() for r in caplog.records)

        await until(waits_for_the_lock)
        waiting.cancel()
        # The other writer lets go while the cancelled wait still runs on the driver's thread.
        await asyncio.to_thread(other_writer.execute, "ROLLBACK")
        with pytest.raises(asyncio.CancelledError):
            await asyncio.wait_for(waiting, 15)
        await make_project(name="written after")  # autocommit: must not land in that wait
        rows = other_writer.execute("SELECT name FROM projects").fetchall()
        assert rows == [("written after",)]  # committed, and the lock is free
        async with transaction():  # the connection is free for the next one
            assert await Project.all().count() == 1
    finally:
        other_writer.close()
        await close_orm()


async def test_a_transaction_cancelled_while_it_begins_frees_the_connection(
    sqlite_file: Path, other_process: sqlite3.Connection
) -> None:
    """Cancelled in the middle of tortoise's BEGIN (its first await), the transaction would keep
    the connection's lock, and every later transaction of the process would wait forever."""
    assert await Project.all().count() == 0  # the ORM's connection is open

    async def count_in_a_transaction() -> int:
        async with transaction():
            return await Project.all().count()

    beginning = asyncio.create_task(count_in_a_transaction())
    await asyncio.sleep(0)  # its first step runs up to BEGIN's first hand-off to the driver
    beginning.cancel()
    with pytest.raises(asyncio.CancelledError):
        await beginning
    assert await asyncio.wait_for(count_in_a_transaction(), 10) == 0
    await make_project(name="written after")  # autocommit: nothing is left open to swallow it
    assert other_process.execute("SELECT name FROM projects").fetchall() == [("written after",)]


async def test_a_commit_that_fails_leaves_nothing_open_for_later_writes(
    other_process: sqlite3.Connection,
) -> None:
    """SQLite keeps a transaction open when its COMMIT fails on a deferred constraint (as after
    some disk errors); tortoise's next BEGIN would commit it, and a write already waiting for
    the connection would land in it, unseen by others and undone with it."""
    waiting: asyncio.Task[Project] | None = None
    another_request = contextvars.copy_context()  # starts outside this transaction
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        async with transaction() as client:
            await client.execute_query("PRAGMA defer_foreign_keys = ON")
            await client.execute_query(  # no such project or subscriber: refused at COMMIT
                "INSERT INTO subscriptions (project_id, subscriber_id) VALUES (404, 404)"
            )
            # Another request's write, waiting for the connection while this one commits.
            waiting = asyncio.create_task(make_project(name="waiting"), context=another_request)
            await asyncio.sleep(0)
    assert waiting is not None
    await asyncio.wait_for(waiting, 10)
    await make_project(name="written after")
    names = other_process.execute("SELECT name FROM projects ORDER BY id").fetchall()
    assert names == [("waiting",), ("written after",)]
    assert other_process.execute("SELECT count(*) FROM subscriptions").fetchone() == (0,)


async def test_steady_beats_that_cannot_lock_are_an_outage_and_leave_nothing_open(
    other_process: sqlite3.Connection, translator
) -> None:
    """Alone in their batch, steady beats begin and commit their own transaction on SQLite's
    thread: when another process holds the write lock, the beat is an outage (503, retry),
    and the next one gets the lock as soon as it is free."""
    ingestor = Ingestor(Notifier(translator, "ru"), OutboxSignal())
    project = await make_project()
    await ingestor.record_heartbeat(project.token, HeartbeatReport(), datetime.now(UTC))
    assert project.token in await steady_projects([project.token])  # the next one is steady
    other_process.execute("BEGIN IMMEDIATE")
    with pytest.raises(Exception) as refused:
        await ingestor.record_heartbeat(project.token, HeartbeatReport(), datetime.now(UTC))
    assert database_unavailable(refused.value)
    other_process.execute("ROLLBACK")
    receipt = await ingestor.record_heartbeat(project.token, HeartbeatReport(), datetime.now(UTC))
    assert await Heartbeat.filter(project_id=project.id).count() == 2
    assert await Heartbeat.get(id=receipt.id)
    other_process.execute("BEGIN IMMEDIATE")  # nothing of the app's is left holding the lock
    other_process.execute("ROLLBACK")


async def test_steady_beats_wait_for_another_writer_on_the_driver_thread_not_the_loop(
    tmp_path: Path, translator
) -> None:
    """The steady batch's statements run on the event loop's thread when the driver's is idle,
    but the loop never waits for a lock: while another process holds it, the loop goes on
    serving, and the beat is stored once the lock is free."""
    path = tmp_path / "patient.sqlite3"
    await apply_migrations(f"sqlite://{path}")
    await init_orm(f"sqlite://{path}?busy_timeout=10000")
    other_writer = sqlite3.connect(path, isolation_level=None)
    try:
        ingestor = Ingestor(Notifier(translator, "ru"), OutboxSignal())
        project = await make_project()
        await ingestor.record_heartbeat(project.token, HeartbeatReport(), datetime.now(UTC))
        other_writer.execute("BEGIN IMMEDIATE")
        beat = asyncio.create_task(
            ingestor.record_heartbeat(project.token, HeartbeatReport(), datetime.now(UTC))
        )
        started = time.monotonic()
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(asyncio.shield(beat), 0.3)
        # A loop stuck in SQLite's busy wait could not time this out before its 10 s were up.
        assert time.monotonic() - started < 5
        assert not beat.done()
        other_writer.execute("ROLLBACK")
        receipt = await asyncio.wait_for(beat, 10)
        assert await Heartbeat.get(id=receipt.id)
        assert await Heartbeat.filter(project_id=project.id).count() == 2
    finally:
        other_writer.close()
        await close_orm()


async def test_steady_beats_run_on_the_loop_and_commit_on_the_driver_thread(
    sqlite_file: Path, translator
) -> None:
    """Under load the one-trip connection's thread is idle between batches: the batch's
    statements cost no hand-off, and only the COMMIT, which waits for the disk, leaves the
    loop's thread."""
    ingestor = Ingestor(Notifier(translator, "ru"), OutboxSignal())
    project = await make_project()
    await ingestor.record_heartbeat(project.token, HeartbeatReport(), datetime.now(UTC))
    trip = db.one_trip()
    assert trip is not None
    driver = trip.connection
    ran: list[tuple[bool, str]] = []
    driver.set_trace_callback(
        lambda statement: ran.append((threading.get_ident() == loop_thread, statement))
    )
    loop_thread = threading.get_ident()
    try:
        await ingestor.record_heartbeat(project.token, HeartbeatReport(), datetime.now(UTC))
    finally:
        driver.set_trace_callback(None)
    on_loop = {statement.split()[0] for in_loop, statement in ran if in_loop}
    elsewhere = [statement for in_loop, statement in ran if not in_loop]
    assert {"BEGIN", "SELECT", "UPDATE", "INSERT"} <= on_loop
    assert elsewhere == ["COMMIT"]
    assert await Heartbeat.filter(project_id=project.id).count() == 2
