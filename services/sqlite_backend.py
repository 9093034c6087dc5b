"""tortoise's SQLite client, with transactions that take the write lock when they begin.

tortoise begins with a plain (deferred) BEGIN: the transaction reads first and asks for the write
lock at its first write. When another process (a second worker, or `main.py add-project` while the
app runs) has written in between, SQLite cannot wait for the lock without breaking the snapshot
already read, so it fails at once with "database is locked" instead of waiting. BEGIN IMMEDIATE
waits for the lock up front (up to the connection's busy timeout), and then nothing can fail that
way. Within one process tortoise already runs one transaction at a time, so this costs nothing."""

from typing import Any

from tortoise.backends.base.client import TransactionalDBClient
from tortoise.backends.sqlite import client as tortoise_sqlite
from tortoise.connection import get_connections


class ImmediateTransaction(tortoise_sqlite.SqliteTransactionWrapper):
    async def begin(self) -> None:
        # Not wrapped in TransactionManagementError as tortoise does: "database is locked" after
        # the busy timeout is the database being unavailable (503), not a bug. tortoise commits
        # first whatever is open; in autocommit mode nothing is, and asking costs a trip to the
        # driver's thread per transaction.
        if self._connection.in_transaction:
            await self._connection.commit()
        await self._connection.execute("BEGIN IMMEDIATE")


class ImmediateTransactionContext(tortoise_sqlite.SqliteTransactionContext):
    async def __aenter__(self) -> TransactionalDBClient:
        # tortoise's own __aenter__ would keep the connection's lock if BEGIN failed, and every
        # later transaction of this process would wait for it forever.
        await self._trxlock.acquire()
        try:
            await self.ensure_connection()
            self.token = get_connections().set(self.connection_name, self.connection)
            try:
                await self.connection.begin()
            except BaseException:
                get_connections().reset(self.token)
                raise
        except BaseException:
            self._trxlock.release()
            raise
        return self.connection


class SqliteClient(tortoise_sqlite.SqliteClient):
    def _in_transaction(self) -> Any:
        return ImmediateTransactionContext(ImmediateTransaction(self), self._lock)


client_class = SqliteClient
