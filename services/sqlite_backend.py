"""tortoise's SQLite client, with transactions that take the write lock when they begin.

tortoise begins with a plain (deferred) BEGIN: the transaction reads first and asks for the write
lock at its first write. When another process (`main.py add-project` while the app runs, say)
has written in between, SQLite cannot wait for the lock without breaking the snapshot
already read, so it fails at once with "database is locked" instead of waiting. BEGIN IMMEDIATE
waits for the lock up front (up to the connection's busy timeout), and then nothing can fail that
way. Within one process tortoise already runs one transaction at a time, so this costs nothing."""

import asyncio
import sqlite3
from typing import Any

from tortoise.backends.base.client import TransactionalDBClient
from tortoise.backends.sqlite import client as tortoise_sqlite
from tortoise.connection import get_connections

_undoing: set[asyncio.Future[None]] = set()


def begin_immediate(db: sqlite3.Connection) -> None:
    """On the driver's thread: begin, holding the write lock. In autocommit mode nothing is
    open here, unless a failed transaction was left so: its work is undone (tortoise would
    commit it)."""
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
    def _in_transaction(self) -> Any:
        return ImmediateTransactionContext(ImmediateTransaction(self), self._lock)


client_class = SqliteClient
