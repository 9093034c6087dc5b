"""`transaction()`: tortoise's public `in_transaction()`, with two things it lacks.

The write lock from the start (SQLite). tortoise begins with a plain (deferred) BEGIN: the
transaction reads first and asks for the write lock at its first write. When another process
(`main.py add-project` while the app runs, say) has written in between, SQLite cannot wait for
the lock without breaking the snapshot already read, so it fails at once with "database is
locked" instead of waiting. A transaction whose first statement is a write waits for the lock
(up to the connection's busy timeout) like a BEGIN IMMEDIATE would, and holds it from then on;
so the outermost transaction's first statement here is a write that changes nothing. Within one
process tortoise runs one transaction at a time, so holding the lock early costs nothing.
tortoise offers no setting for BEGIN IMMEDIATE (tortoise/tortoise-orm#1675, open).

A BEGIN that fails or is cancelled frees the connection. tortoise's transaction context keeps
the connection's lock when its BEGIN raises (a cancellation while it runs, a disk error): every
later transaction of the process would wait for it forever. When entering failed after the
transaction became this task's connection, its own exit is called, which rolls back what the
BEGIN may still begin on the driver's thread and frees the lock.

A COMMIT that fails leaves nothing open (SQLite). After a failed COMMIT (a full disk, say) SQLite
may keep the transaction open, and tortoise's next BEGIN commits what is open first: work whose
caller was told it failed would be stored after all; and until then another task's writes would
land in it. So the block commits itself, and a COMMIT that fails is rolled back by the context
before it lets the connection go.

tests/storage/test_sqlite_other_writers.py holds these to what they promise."""

import sys
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

from tortoise import BaseDBAsyncClient, connections
from tortoise.backends.base.client import TransactionalDBClient
from tortoise.transactions import in_transaction

CONNECTION = "default"
# A write that changes nothing: SQLite takes the write lock for it all the same. `projects`
# exists in every migrated database.
TAKE_THE_WRITE_LOCK = "UPDATE projects SET id = id WHERE 0"


@asynccontextmanager
async def transaction() -> AsyncIterator[BaseDBAsyncClient]:
    """A transaction (a savepoint inside another): committed if the block ends normally,
    rolled back if it raises."""
    enclosing = connections.get(CONNECTION)
    context = in_transaction(CONNECTION)
    async with AsyncExitStack() as stack:
        try:
            client = await context.__aenter__()
        except BaseException:
            if connections.get(CONNECTION) is not enclosing:  # begun in part: end it
                await context.__aexit__(*sys.exc_info())
            raise
        stack.push_async_exit(context)
        outermost = _outermost(enclosing)
        if outermost and client.capabilities.dialect == "sqlite":
            await client.execute_query(TAKE_THE_WRITE_LOCK)
        yield client
        if outermost and isinstance(client, TransactionalDBClient):
            # Committed here, not by the context's exit: a COMMIT that fails then raises inside
            # the context, whose exit rolls back while it still holds the connection.
            await client.commit()


def inside_transaction() -> bool:
    """Whether this task is inside a transaction of the ORM's connection."""
    return not _outermost(connections.get(CONNECTION))


def _outermost(enclosing: BaseDBAsyncClient) -> bool:
    return not isinstance(enclosing, TransactionalDBClient)
