"""Raw statements for the hot paths, where the ORM's query building costs more than the query
(docs/BENCHMARKS.md). Templates name their slots (`{token}`); `bind` turns them into the
dialect's placeholders: `?` for SQLite, `$n` for PostgreSQL."""

import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from datetime import datetime
from functools import partial
from typing import Any, TypeVar

from tortoise import BaseDBAsyncClient, connections
from tortoise.backends.base.client import TransactionalDBClient
from tortoise.models import Model

from services.storage.sqlite_backend import begin_immediate

T = TypeVar("T")
_SLOT = re.compile(r"\{(\w+)\}")


def postgres(connection: BaseDBAsyncClient | None = None) -> bool:
    connection = connection or connections.get("default")
    return connection.capabilities.dialect == "postgres"


async def query(template: str, **values: object) -> list[dict[str, object]]:
    connection = connections.get("default")
    sql, params = bind(template, values, connection)
    return await connection.execute_query_dict(sql, params)


async def execute(template: str, **values: object) -> int:
    """Run an UPDATE or DELETE; the number of rows it changed."""
    connection = connections.get("default")
    sql, params = bind(template, values, connection)
    changed, _ = await connection.execute_query(sql, params)
    return changed


async def execute_many(template: str, rows: list[dict[str, object]]) -> None:
    """Run one statement once per row, in one round trip; inside a transaction only (outside
    one, the ORM's own `execute_many` would commit by itself)."""
    if rows:
        connection = connections.get("default")
        sql, order = _placeholders(template, list(rows[0]), postgres(connection))
        values = [[row[name] for name in order] for row in rows]
        await connection.execute_many(sql, values)


async def in_one_trip(work: Callable[..., T], *args: Any) -> T:
    """SQLite only: `work(connection, atomic, *args)` runs with the driver's sqlite3 connection;
    `atomic()` is the context manager that keeps its writes whole (see `sqlite_atomic`). It
    holds the connection as any query does, so nothing else runs on it meanwhile.

    When the driver's thread is idle, as it nearly always is under load, `work` runs on the
    event loop's thread: its statements cost no hand-off and no passing of the GIL between the
    threads after each one (docs/BENCHMARKS.md). Only a durable COMMIT, which waits for the
    disk, goes to the driver's thread, so the loop serves requests meanwhile: a trip at most,
    whatever the statements. Otherwise (a call still running there) all of it goes there, in
    one trip, behind what is queued. A caller cancelled during the trip (a shutdown) stops
    waiting, but the work still runs to its end on the thread, before anything queued after it.
    aiosqlite has no public call for this; `_execute` is what its own methods queue with."""
    connection = connections.get("default")
    in_transaction = isinstance(connection, TransactionalDBClient)
    async with connection.acquire_connection() as driver:
        db = driver._conn
        if driver.idle:
            if in_transaction:  # a savepoint: nothing waits for the disk
                return work(db, partial(sqlite_atomic, db, in_transaction=True), *args)
            if driver.begin_without_waiting():
                return await _on_loop_committed_on_thread(driver, db, work, args)
        return await driver._execute(work, db, partial(sqlite_atomic, db, in_transaction), *args)


async def _on_loop_committed_on_thread(
    driver: Any, db: sqlite3.Connection, work: Callable[..., T], args: tuple[Any, ...]
) -> T:
    """`work` in the transaction just begun, which it keeps whole by failing or not."""
    with _undone_on_error(db):
        result = work(db, nullcontext, *args)
    await driver._execute(_commit, db)
    return result


def _commit(db: sqlite3.Connection) -> None:
    with _undone_on_error(db):
        db.execute("COMMIT")


@contextmanager
def _undone_on_error(db: sqlite3.Connection) -> Iterator[None]:
    """The open transaction rolled back if what runs inside fails: never left open for the
    autocommit statements that follow (unless SQLite already rolled it back itself)."""
    try:
        yield
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise


@contextmanager
def sqlite_atomic(db: sqlite3.Connection, in_transaction: bool) -> Iterator[None]:
    """What runs inside is kept whole or not at all. In the caller's transaction that is a
    savepoint; outside any, a transaction of its own, begun as services/storage/sqlite_backend.py
    begins every transaction, and committed before the trip ends. After an error that SQLite
    answered by rolling back everything itself (a full disk), there is nothing left to undo,
    and the error that did it is the one raised."""
    if in_transaction:
        db.execute("SAVEPOINT one_trip")
        try:
            yield
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK TO one_trip")
            raise
        finally:
            if db.in_transaction:
                db.execute("RELEASE one_trip")
        return
    begin_immediate(db)
    with _undone_on_error(db):
        yield
    _commit(db)


def sqlite_insert_many(
    db: sqlite3.Connection, table: str, rows: list[dict[str, object]]
) -> list[int]:
    """On the driver's thread: `insert_many`."""
    if not rows:
        return []
    text, values = multi_row(
        f"INSERT INTO {table} {{values}} RETURNING id", rows, on_postgres=False
    )
    return sorted(row[0] for row in db.execute(text, values))


def sqlite_insert_rows(
    db: sqlite3.Connection, statement: str, rows: list[dict[str, object]]
) -> list[sqlite3.Row]:
    """On the driver's thread (`in_one_trip`): `insert_rows`."""
    return db.execute(*multi_row(statement, rows, on_postgres=False)).fetchall()


def sqlite_rows(
    db: sqlite3.Connection, template: str, values: dict[str, object]
) -> list[sqlite3.Row]:
    """On the driver's thread (`in_one_trip`): a statement's rows, its slots bound as `?`."""
    text, order = _placeholders(template, list(values), on_postgres=False)
    return db.execute(text, [values[name] for name in order]).fetchall()


def sqlite_changed(db: sqlite3.Connection, template: str, values: dict[str, object]) -> int:
    """On the driver's thread (`in_one_trip`): how many rows an UPDATE changed."""
    text, order = _placeholders(template, list(values), on_postgres=False)
    return db.execute(text, [values[name] for name in order]).rowcount


async def insert_rows(statement: str, rows: list[dict[str, object]]) -> list[dict[str, object]]:
    """Run `INSERT INTO <table> {values} …` (with ON CONFLICT or RETURNING as needed) for all
    `rows` at once; what the statement returns (see `multi_row`)."""
    connection = connections.get("default")
    text, values = multi_row(statement, rows, postgres(connection))
    return await connection.execute_query_dict(text, values)


def multi_row(
    statement: str, rows: list[dict[str, object]], on_postgres: bool
) -> tuple[str, list[object]]:
    """`{values}` in `statement` becomes the column list, from the rows' keys (the same in every
    row), and a VALUES tuple per row; the text and its values. `{values}` is its only slot: the
    placeholders are numbered directly, as naming hundreds of them costs more than the
    statement itself."""
    columns = list(rows[0])
    width = len(columns)
    if on_postgres:
        tuples = [
            _tuple(f"${row * width + column}" for column in range(1, width + 1))
            for row in range(len(rows))
        ]
    else:
        tuples = [_tuple("?" * width)] * len(rows)
    listing = f"({', '.join(columns)}) VALUES {', '.join(tuples)}"
    values = [row[column] for row in rows for column in columns]
    return statement.replace("{values}", listing), values


def _tuple(marks: Iterable[str]) -> str:
    return f"({', '.join(marks)})"


async def insert_many(table: str, rows: list[dict[str, object]]) -> list[int]:
    """Insert `rows` with one statement; their ids, in their order. Ids are taken from the
    table's sequence (PostgreSQL) or as the next rowid (SQLite) row by row in the order of
    VALUES, so the returned ids sorted are the rows' ids in order, whatever order RETURNING
    gives them in."""
    inserted = await insert_rows(f"INSERT INTO {table} {{values}} RETURNING id", rows)
    return sorted(int(str(row["id"])) for row in inserted)


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
    sql, order = _placeholders(template, list(values), postgres(connection))
    return sql, [values[name] for name in order]


def _placeholders(template: str, names: list[str], on_postgres: bool) -> tuple[str, list[str]]:
    """The statement in the dialect's placeholders, and the order its values go in."""
    if on_postgres:
        marks = {name: f"${n}" for n, name in enumerate(names, start=1)}
        return template.format(**marks), names
    # `?` binds by position: the values go in the order their slots appear in the text.
    return template.format(**dict.fromkeys(names, "?")), _SLOT.findall(template)
