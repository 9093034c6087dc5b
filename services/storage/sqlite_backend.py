"""tortoise's SQLite client, with transactions that take the write lock when they begin, and a
sqlite3 connection of our own on which the hot paths' batches run in one trip (`OneTrip`).

BEGIN IMMEDIATE. tortoise begins with a plain (deferred) BEGIN: the transaction reads first and
asks for the write lock at its first write. When another process (`main.py add-project` while
the app runs, say) has written in between, SQLite cannot wait for the lock without breaking the
snapshot already read, so it fails at once with "database is locked" instead of waiting. BEGIN
IMMEDIATE waits for the lock up front (up to the connection's busy timeout), and then nothing can
fail that way. Within one process tortoise already runs one transaction at a time, so this costs
nothing.

tortoise offers no public way to begin so: no setting (tortoise/tortoise-orm#1675, open), and
`in_transaction()` reaches a client only through its `_in_transaction()` hook. So this module is
a backend as tortoise's config names one (`"engine"`, whose `client_class` tortoise loads), with
the least that works: the client's `_in_transaction()` returns a transaction whose public
`begin()` issues BEGIN IMMEDIATE through the public `acquire_connection()` and aiosqlite's public
calls. Two private names of tortoise's remain, and only tortoise's: the `_in_transaction` hook
and the client's lock (`_lock`, the transaction context's `_trxlock`), which the context must
release itself when BEGIN fails (tortoise's own keeps it, and every later transaction of the
process waits forever). tests/storage/test_sqlite_other_writers.py fails if a tortoise release
changes either. Nothing here touches aiosqlite's private names or subclasses its classes.

One trip. The hot paths' batches (services/storage/steps.py) run on a sqlite3 connection this
module opens to the same file and owns, with one thread of its own: while that thread is idle
(nothing queued or running there, which we know because we queue everything it runs), the
statements run on the event loop's thread with no hand-off, and only the COMMIT, which waits for
the disk, goes to the thread; else all of it goes there in one hand-off, behind what is queued.
The caller holds tortoise's connection (its public `acquire_connection()`) meanwhile, so the
process's other work on the database waits its turn as it would for any query, instead of
meeting our write lock in SQLite's busy wait."""

import asyncio
import contextvars
import queue
import sqlite3
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from functools import partial
from typing import TypeVar

from tortoise.backends.base.client import TransactionalDBClient, TransactionContext
from tortoise.backends.sqlite import client as tortoise_sqlite
from tortoise.connection import get_connections

from services.storage.steps import Steps, run_here

R = TypeVar("R")
_undoing: set[asyncio.Future[None]] = set()
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


class ImmediateTransaction(tortoise_sqlite.SqliteTransactionWrapper):
    async def begin(self) -> None:
        # Not wrapped in TransactionManagementError as tortoise does: "database is locked" after
        # the busy timeout is the database being unavailable (503), not a bug. One trip to
        # aiosqlite's thread, unless a failed transaction was left open (see begin_immediate).
        async with self.acquire_connection() as connection:
            if connection.in_transaction:
                await connection.rollback()
            await connection.execute_fetchall("BEGIN IMMEDIATE")


class ImmediateTransactionContext(tortoise_sqlite.SqliteTransactionContext):
    async def __aenter__(self) -> TransactionalDBClient:
        # tortoise's own __aenter__ would keep the connection's lock if BEGIN failed, and every
        # later transaction of this process would wait for it forever.
        await self._trxlock.acquire()
        try:
            await self.ensure_connection()
        except BaseException:
            self._trxlock.release()
            raise
        self.token = get_connections().set(self.connection_name, self.connection)
        try:
            await self.connection.begin()
        except BaseException:
            get_connections().reset(self.token)
            self._release_after_undoing_begin()
            raise
        return self.connection

    def _release_after_undoing_begin(self) -> None:
        """A BEGIN that was cancelled (a timeout, a shutdown) still runs on aiosqlite's thread
        and may yet take the write lock once the other writer is done. A ROLLBACK queued behind
        it ends whatever it began, and only then is the connection free for the next one; after
        a BEGIN that simply failed, it does nothing."""
        undo = asyncio.ensure_future(self.connection.rollback())
        _undoing.add(undo)  # the loop keeps only a weak reference to a task

        def release(done: asyncio.Future[None]) -> None:
            _undoing.discard(done)
            if not done.cancelled():
                done.exception()  # retrieved: a failed ROLLBACK means nothing was begun
            self._trxlock.release()

        undo.add_done_callback(release)


class SqliteClient(tortoise_sqlite.SqliteClient):
    """tortoise's client, its transactions begun with BEGIN IMMEDIATE, and our `OneTrip`
    connection beside its own (None for an in-memory database: batches then take the async
    driver)."""

    one_trip: OneTrip | None = None

    async def create_connection(self, with_db: bool) -> None:
        await super().create_connection(with_db)
        if self.one_trip is None and self.filename != IN_MEMORY:
            self.one_trip = await OneTrip.open(self.filename, self.pragmas)

    async def close(self) -> None:
        one_trip, self.one_trip = self.one_trip, None
        try:
            if one_trip is not None:
                await one_trip.close()
        finally:
            await super().close()

    def _in_transaction(self) -> TransactionContext:
        return ImmediateTransactionContext(ImmediateTransaction(self), self._lock)


client_class = SqliteClient
