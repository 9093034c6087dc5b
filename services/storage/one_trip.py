"""A sqlite3 connection of our own to the app's database file, on which the hot paths' batches
run in one trip (`OneTrip`), opened and closed with the ORM (services/storage/db.py).

While its thread is idle (nothing queued or running there, which we know because we queue
everything it runs), a batch's statements run on the event loop's thread with no hand-off, and
only the COMMIT, which waits for the disk, goes to the thread; else all of it goes there in one
hand-off, behind what is queued. The caller holds the ORM's connection meanwhile (tortoise's
public `acquire_connection()`, see `sql.in_one_trip`), so the process's other work on the
database waits its turn as it would for any query, instead of meeting our write lock in SQLite's
busy wait. Nothing here touches tortoise's or aiosqlite's classes."""

import asyncio
import contextvars
import queue
import sqlite3
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from functools import partial
from typing import TypeVar

from services.storage.steps import Steps, run_here

R = TypeVar("R")
BUSY_TIMEOUT_SECONDS = 5.0  # sqlite3's default, which tortoise keeps: how long a writer waits
IN_MEMORY = ":memory:"  # a second connection to it would open another, empty database


class OneTrip:
    """Our sqlite3 connection to the app's database file and the one thread that waits for it
    (for the disk at COMMIT, for another process's write lock). `run` keeps a batch whole: its
    own BEGIN IMMEDIATE and COMMIT, so it must not be used inside a transaction of the ORM's
    connection (that one holds the write lock: the batch would wait for it forever)."""

    def __init__(self, connection: sqlite3.Connection, thread: "_Thread") -> None:
        self.connection = connection  # public for tests' tracing; nothing else may use it
        self._thread = thread
        self._busy_timeout_ms = _busy_timeout_ms(connection)

    @classmethod
    async def open(cls, path: str, pragmas: Mapping[str, object]) -> "OneTrip":
        """A connection with the ORM's own settings (WAL, busy timeout, journal size...)."""
        thread = _Thread()
        connection = await thread.call(partial(_connect, path, pragmas))
        return cls(connection, thread)

    async def run(self, steps: Steps[R]) -> R:
        """`steps` whole or not at all, committed durably before it returns. A caller cancelled
        during the trip stops waiting; the work still runs to its end on the thread, before
        anything queued after it."""
        db = self.connection
        if self._thread.idle and self._begin_without_waiting():
            with undone_on_error(db):
                result = run_here(db, steps)
            await self._thread.call(partial(_commit, db))
            return result
        # The steps go along with the caller's context (the ORM's, the request id for logs).
        whole = partial(contextvars.copy_context().run, _whole, db, steps)
        return await self._thread.call(whole)

    async def close(self) -> None:
        """Once what is queued has run."""
        await self._thread.call(self.connection.close)
        self._thread.stop()

    def _begin_without_waiting(self) -> bool:
        """On the loop's thread, while idle: begin holding the write lock, or False at once if
        another process holds it (the loop must not wait for it; the thread may)."""
        db = self.connection
        db.execute("PRAGMA busy_timeout = 0")
        try:
            begin_immediate(db)
        except sqlite3.OperationalError as error:
            if error.sqlite_errorcode & 0xFF == sqlite3.SQLITE_BUSY:  # its extended codes too
                return False
            raise
        finally:
            db.execute(f"PRAGMA busy_timeout = {self._busy_timeout_ms}")
        return True


class _Thread:
    """One thread that runs the calls queued to it in order. It is idle when every call queued
    has finished: each count has one writer (the loop queues, the thread finishes), and a call
    whose caller was cancelled still runs to its end."""

    def __init__(self) -> None:
        self._calls: queue.SimpleQueue[_Call | None] = queue.SimpleQueue()
        self._queued = 0
        self._finished = 0
        # A daemon, so a process that never closed the ORM still exits: a COMMIT cut short by
        # that is undone by SQLite as a whole, and nobody was told it was stored.
        threading.Thread(target=self._serve, name="sqlite-one-trip", daemon=True).start()

    @property
    def idle(self) -> bool:
        return self._queued == self._finished

    async def call(self, function: Callable[[], R]) -> R:
        future: asyncio.Future[R] = asyncio.get_running_loop().create_future()
        self._queued += 1
        self._calls.put((function, future))  # type: ignore[arg-type]  # the queue takes calls of any result; each future gets its own call's
        return await future

    def stop(self) -> None:
        self._calls.put(None)

    def _serve(self) -> None:
        while (call := self._calls.get()) is not None:
            function, future = call
            try:
                result, error = function(), None
            except BaseException as raised:
                result, error = None, raised
            self._finished += 1  # before the caller can resume: it may find the thread idle
            _hand_back(future, result, error)


_Call = tuple[Callable[[], object], "asyncio.Future[object]"]


def _hand_back(
    future: "asyncio.Future[object]", result: object, error: BaseException | None
) -> None:
    try:
        future.get_loop().call_soon_threadsafe(_settle, future, result, error)
    except RuntimeError:  # the loop closed meanwhile: nobody waits
        pass


def _settle(future: "asyncio.Future[object]", result: object, error: BaseException | None) -> None:
    if future.done():
        return  # its caller was cancelled; the work ran anyway
    if error is None:
        future.set_result(result)
    else:
        future.set_exception(error)


def _connect(path: str, pragmas: Mapping[str, object]) -> sqlite3.Connection:
    db = sqlite3.connect(
        path, isolation_level=None, timeout=BUSY_TIMEOUT_SECONDS, check_same_thread=False
    )
    db.row_factory = sqlite3.Row
    for pragma, value in pragmas.items():
        db.execute(f"PRAGMA {pragma}={value}")
    return db


def _busy_timeout_ms(db: sqlite3.Connection) -> int:
    (milliseconds,) = db.execute("PRAGMA busy_timeout").fetchone()
    return int(milliseconds)  # as configured, a URL's included


def _whole(db: sqlite3.Connection, steps: Steps[R]) -> R:
    """On the thread: BEGIN (waiting for another process's lock), the steps, COMMIT."""
    begin_immediate(db)
    with undone_on_error(db):
        result = run_here(db, steps)
        db.execute("COMMIT")
    return result


def _commit(db: sqlite3.Connection) -> None:
    with undone_on_error(db):
        db.execute("COMMIT")


@contextmanager
def undone_on_error(db: sqlite3.Connection) -> Iterator[None]:
    """The open transaction rolled back if what runs inside fails: never left open for the
    autocommit statements that follow (unless SQLite already rolled it back itself, after a
    full disk say: then the error that did it is the one raised)."""
    try:
        yield
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise


def begin_immediate(db: sqlite3.Connection) -> None:
    """Begin, holding the write lock. In autocommit mode nothing is open here, unless a failed
    transaction was left so: its work is undone (committing it would store half of it)."""
    if db.in_transaction:
        db.execute("ROLLBACK")
    db.execute("BEGIN IMMEDIATE")
