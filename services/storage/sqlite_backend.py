"""tortoise's SQLite client, with transactions that take the write lock when they begin.

tortoise begins with a plain (deferred) BEGIN: the transaction reads first and asks for the write
lock at its first write. When another process (`main.py add-project` while the app runs, say)
has written in between, SQLite cannot wait for the lock without breaking the snapshot
already read, so it fails at once with "database is locked" instead of waiting. BEGIN IMMEDIATE
waits for the lock up front (up to the connection's busy timeout), and then nothing can fail that
way. Within one process tortoise already runs one transaction at a time, so this costs nothing.

Its connection also lets the event loop's thread use the sqlite3 connection directly while the
driver's thread has nothing of it to do (`SharedConnection`): services/storage/sql.py runs the hot
paths' statements there, with no hand-off between threads."""

import asyncio
import sqlite3
from functools import partial
from typing import Any

import aiosqlite
from tortoise.backends.base.client import TransactionalDBClient
from tortoise.backends.sqlite import client as tortoise_sqlite
from tortoise.connection import get_connections

_undoing: set[asyncio.Future[None]] = set()
BUSY_TIMEOUT_SECONDS = 5.0  # sqlite3's default, which tortoise keeps: how long a writer waits
ITER_CHUNK_SIZE = 64  # aiosqlite's default


class SharedConnection(aiosqlite.Connection):
    """aiosqlite's connection, which knows whether its thread is idle: nothing queued, nothing
    running (a call whose caller was cancelled still runs to its end there). Only then may the
    event loop's thread use the sqlite3 connection itself, under tortoise's connection lock, so
    that nothing can be queued meanwhile. Each count has one writer: the loop queues, the
    thread finishes."""

    def __init__(self, connector: Any, iter_chunk_size: int) -> None:
        super().__init__(connector, iter_chunk_size)
        self._queued = 0
        self._finished = 0
        self.busy_timeout_ms = int(BUSY_TIMEOUT_SECONDS * 1000)  # as configured: see connect

    @property
    def idle(self) -> bool:
        return self._queued == self._finished

    def begin_without_waiting(self) -> bool:
        """On the loop's thread, while idle: begin holding the write lock, or False at once if
        another process holds it (the loop must not wait for it; the driver's thread may)."""
        db = self._conn
        db.execute("PRAGMA busy_timeout = 0")
        try:
            begin_immediate(db)
        except sqlite3.OperationalError as error:
            if error.sqlite_errorcode & 0xFF == sqlite3.SQLITE_BUSY:  # its extended codes too
                return False
            raise
        finally:
            db.execute(f"PRAGMA busy_timeout = {self.busy_timeout_ms}")
        return True

    async def _execute(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        if not self._running or not self._connection:
            raise ValueError("Connection closed")
        self._queued += 1
        return await super()._execute(self._counted, partial(fn, *args, **kwargs))

    def _counted(self, function: Any) -> Any:
        try:
            return function()
        finally:
            self._finished += 1


def begin_immediate(db: sqlite3.Connection) -> None:
    """Begin, holding the write lock (on whichever thread uses the connection now). In autocommit
    mode nothing is open here, unless a failed transaction was left so: its work is undone
    (tortoise would commit it)."""
    if db.in_transaction:
        db.execute("ROLLBACK")
    db.execute("BEGIN IMMEDIATE")


class ImmediateTransaction(tortoise_sqlite.SqliteTransactionWrapper):
    async def begin(self) -> None:
        # Not wrapped in TransactionManagementError as tortoise does: "database is locked" after
        # the busy timeout is the database being unavailable (503), not a bug. One trip to the
        # driver's thread; aiosqlite queues its own calls with `_execute` too.
        await self._connection._execute(begin_immediate, self._connection._conn)


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
        """A BEGIN that was cancelled (a timeout, a shutdown) still runs on the driver's thread
        and may yet take the write lock once the other writer is done. A ROLLBACK queued behind
        it ends whatever it began, and only then is the connection free for the next one; after
        a BEGIN that simply failed, it does nothing."""
        undo = asyncio.ensure_future(self.connection._connection.rollback())
        _undoing.add(undo)  # the loop keeps only a weak reference to a task

        def release(done: asyncio.Future[None]) -> None:
            _undoing.discard(done)
            if not done.cancelled():
                done.exception()  # retrieved: a failed ROLLBACK means nothing was begun
            self._trxlock.release()

        undo.add_done_callback(release)


class SqliteClient(tortoise_sqlite.SqliteClient):
    async def create_connection(self, with_db: bool) -> None:
        """tortoise's own, with a SharedConnection that any thread may use."""
        if self._connection:
            return
        connect = partial(
            sqlite3.connect,
            self.filename,
            isolation_level=None,
            timeout=BUSY_TIMEOUT_SECONDS,
            check_same_thread=False,
        )
        self._connection = await SharedConnection(connect, ITER_CHUNK_SIZE)
        self._connection._conn.row_factory = sqlite3.Row
        for pragma, value in self.pragmas.items():
            cursor = await self._connection.execute(f"PRAGMA {pragma}={value}")
            await cursor.close()
        async with self._connection.execute("PRAGMA busy_timeout") as cursor:
            (self._connection.busy_timeout_ms,) = await cursor.fetchone()  # a URL's may differ
        await self._post_connect()

    def _in_transaction(self) -> Any:
        return ImmediateTransactionContext(ImmediateTransaction(self), self._lock)


client_class = SqliteClient
