"""Raw statements for the hot paths, where the ORM's query building costs more than the query
(docs/BENCHMARKS.md). Templates name their slots (`{token}`); `bind` turns them into the
dialect's placeholders: `?` for SQLite, `$n` for PostgreSQL. The batches' statements are steps
(services/storage/steps.py: `rows`, `changed`, `each_row`, `inserted`, `inserted_ids`), run by
one of the two drivers here: `run` (awaited on the ORM's connection) or `in_one_trip` (SQLite's
one trip); `query`, `execute`, `insert_many`… run one at once."""

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TypeVar

from tortoise import BaseDBAsyncClient, connections
from tortoise.models import Model

from services.storage import db
from services.storage.one_trip import OneTrip
from services.storage.steps import (
    NOTHING,
    Awaiting,
    Reply,
    Row,
    Statement,
    Steps,
    Want,
    bound,
    bound_each,
)
from services.storage.transaction import inside_transaction

T = TypeVar("T")


def postgres(connection: BaseDBAsyncClient | None = None) -> bool:
    connection = connection or connections.get("default")
    return connection.capabilities.dialect == "postgres"


async def query(template: str, **values: object) -> list[dict[str, object]]:
    connection = connections.get("default")
    sql, params = bind(template, values, connection)
    return await connection.execute_query_dict(sql, params)


async def execute(template: str, **values: object) -> int:
    """Run an UPDATE or DELETE; the number of rows it changed."""
    return await run(changed(template, **values))


async def run(steps: Steps[T]) -> T:
    """The async driver (services/storage/steps.py): each statement of `steps` awaited on the
    ORM's connection, in the caller's transaction if one is open, each `Awaiting` in its place.
    Outside a transaction each statement commits by itself: keep the steps whole with one."""
    connection = connections.get("default")
    on_postgres = postgres(connection)
    try:
        step = next(steps)
        while True:
            if isinstance(step, Awaiting):
                await step.work()
                step = steps.send(NOTHING)
            else:
                step = steps.send(await _execute(connection, step, on_postgres))
    except StopIteration as done:
        return done.value
    finally:
        steps.close()


async def _execute(
    connection: BaseDBAsyncClient, statement: Statement, on_postgres: bool
) -> Reply:
    if statement.want is Want.EACH:
        await connection.execute_many(*bound_each(statement, on_postgres))
        return NOTHING
    text, params = bound(statement, on_postgres)
    if statement.want is Want.CHANGED:
        changed, _ = await connection.execute_query(text, params)
        return Reply((), changed)
    return Reply(await connection.execute_query_dict(text, params), 0)


def one_trip() -> OneTrip | None:
    """The connection `in_one_trip` may run a batch on now: SQLite's (a file), outside any
    transaction."""
    return None if inside_transaction() else db.one_trip()


async def in_one_trip(trip: OneTrip, steps: Steps[T]) -> T:
    """The one-trip driver (SQLite, outside any transaction: see `one_trip`): `steps` whole or
    not at all on our own connection, with its own BEGIN IMMEDIATE and COMMIT, its statements
    on the event loop's thread when that connection's thread is idle, only the durable COMMIT
    off it (services/storage/one_trip.py, docs/BENCHMARKS.md). The ORM's connection is held
    meanwhile, as by any query, so nothing else of this process writes in between.
    `CannotAwait` (undone) for steps that await something: run them on `run` instead."""
    async with connections.get("default").acquire_connection():
        return await trip.run(steps)


def rows(template: str, **values: object) -> Steps[Sequence[Row]]:
    """A step: what the statement returns (its slots are bound by the driver)."""
    return (yield Statement(template, values)).rows


def changed(template: str, **values: object) -> Steps[int]:
    """A step: how many rows an UPDATE or DELETE changed."""
    return (yield Statement(template, values, Want.CHANGED)).changed


def each_row(template: str, rows: list[dict[str, object]]) -> Steps[None]:
    """A step: one statement once per row, in one round trip; inside a transaction only
    (outside one, the ORM's `execute_many` would commit by itself)."""
    if rows:
        yield Statement(template, rows, Want.EACH)


async def execute_many(template: str, rows: list[dict[str, object]]) -> None:
    """`each_row`, run now."""
    await run(each_row(template, rows))


def inserted(statement: str, rows: list[dict[str, object]]) -> Steps[Sequence[Row]]:
    """A step: `INSERT INTO <table> {values} …` (with ON CONFLICT or RETURNING as needed) for
    all `rows` at once; what the statement returns (see `steps.multi_row`)."""
    return (yield Statement(statement, rows, Want.INSERTED)).rows


async def insert_rows(statement: str, rows: list[dict[str, object]]) -> Sequence[Row]:
    """`inserted`, run now."""
    return await run(inserted(statement, rows))


def inserted_ids(table: str, rows: list[dict[str, object]]) -> Steps[list[int]]:
    """A step: insert `rows` with one statement; their ids, in their order. Ids are taken from
    the table's sequence (PostgreSQL) or as the next rowid (SQLite) row by row in the order of
    VALUES, so the returned ids sorted are the rows' ids in order, whatever order RETURNING
    gives them in."""
    if not rows:
        return []
    returned = yield from inserted(f"INSERT INTO {table} {{values}} RETURNING id", rows)
    return sorted(int(str(row["id"])) for row in returned)


async def insert_many(table: str, rows: list[dict[str, object]]) -> list[int]:
    """`inserted_ids`, run now."""
    return await run(inserted_ids(table, rows))


def slots(prefix: str, values: list[object]) -> tuple[str, dict[str, object]]:
    """A list of values for `IN (...)`: the slots' text and their values."""
    names = [f"{prefix}_{n}" for n in range(len(values))]
    return ", ".join("{" + name + "}" for name in names), dict(zip(names, values, strict=True))


def stored(model: type[Model], **values: object) -> dict[str, object]:
    """Values as the ORM would store them in `model`'s columns (JSON as text, datetimes in the
    dialect's form); names that are not model fields (`project_id`) pass as they are."""
    fields = model._meta.fields_map
    return {
        name: fields[name].to_db_value(value, model) if name in fields else value
        for name, value in values.items()
    }


def sqlite_time(moment: datetime) -> str:
    """An aware datetime as the ORM stores it in SQLite (the text of tortoise's sqlite3
    adapter), for hot-path rows: the ORM's conversion of a time costs several calls."""
    return moment.isoformat(" ")


def _postgres_time(moment: datetime) -> datetime:
    return moment  # asyncpg takes an aware datetime as it is


def time_as_stored(on_postgres: bool) -> Callable[[datetime], object]:
    """How a time is bound in a raw statement, as the ORM stores it: the text on SQLite, the
    aware datetime on PostgreSQL (a function, chosen once per batch on the hot paths)."""
    return _postgres_time if on_postgres else sqlite_time


def read_time(value: object) -> datetime:
    """A time a raw statement read: asyncpg's datetime, or SQLite's text (as the ORM wrote
    it: ISO 8601 with its offset)."""
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def bind(
    template: str, values: dict[str, object], connection: BaseDBAsyncClient
) -> tuple[str, list[object]]:
    """Each named slot appears once in `template`."""
    return bound(Statement(template, values), postgres(connection))
