"""A batch's database work written once and run two ways. A step is a generator function: it
yields the statements it needs (`rows = (yield Statement(...)).rows`) and returns its result, so
the same code runs on whichever driver the caller picks:

- `sql.run`, the async driver: each statement awaited on the ORM's connection (the caller's
  transaction, if one is open), on SQLite and on PostgreSQL;
- `sql.in_one_trip`, the one-trip driver (SQLite only): every statement run at once on a
  sqlite3 connection of our own (services/storage/one_trip.py), with no await between
  them.

A step that must await something other than a statement (an alert, which reads and writes
through the ORM) yields `Awaiting`: the async driver awaits it in its place; the one-trip driver
cannot, and gives the trip up (`CannotAwait`) with nothing of it kept, so the caller runs the
step again on the async driver."""

import re
import sqlite3
from collections.abc import Awaitable, Callable, Generator, Iterable, Mapping, Sequence
from enum import Enum
from typing import NamedTuple, Protocol, TypeVar

T = TypeVar("T")
_SLOT = re.compile(r"\{(\w+)\}")


class Row(Protocol):
    """A row as either driver hands it back (sqlite3.Row, asyncpg's record, a dict): by column
    name, and spread into keyword arguments."""

    def __getitem__(self, key: str, /) -> object: ...

    def keys(self) -> Iterable[str]: ...


class Want(Enum):
    ROWS = "rows"  # what the statement returns (SELECT, or RETURNING)
    CHANGED = "changed"  # how many rows an UPDATE or DELETE changed
    INSERTED = "inserted"  # a multi-row INSERT (`{values}`, see multi_row): what it returns
    EACH = "each"  # one statement once per row, in one round trip; returns nothing


Values = Mapping[str, object]


class Statement(NamedTuple):
    """A template with named slots (`{token}`) and its values, or for INSERTED and EACH the
    rows' values; the driver binds them in its dialect's placeholders (a tuple: one is built
    per statement of every batch)."""

    template: str
    values: Values | Sequence[Values]
    want: Want = Want.ROWS


class Awaiting(NamedTuple):
    """Work that only the async driver can do, in the step's transaction, in its place."""

    work: Callable[[], Awaitable[None]]


class Reply(NamedTuple):
    rows: Sequence[Row]
    changed: int


Step = Statement | Awaiting
Steps = Generator[Step, Reply, T]
NOTHING = Reply((), 0)


class CannotAwait(Exception):
    """A step yielded `Awaiting` to the one-trip driver: what it did is undone, and it must run
    on the async driver."""


def run_here(db: sqlite3.Connection, steps: Steps[T]) -> T:
    """The one-trip driver's loop: every statement of `steps` on `db`, in the calling thread."""
    try:
        step = next(steps)
        while True:
            step = steps.send(_execute(db, step))
    except StopIteration as done:
        return done.value
    finally:
        steps.close()


def _execute(db: sqlite3.Connection, step: Step) -> Reply:
    if isinstance(step, Awaiting):
        raise CannotAwait
    want = step.want
    if want is Want.EACH:
        db.executemany(*bound_each(step, on_postgres=False))
        return NOTHING
    cursor = db.execute(*bound(step, on_postgres=False))
    if want is Want.CHANGED:
        return Reply((), cursor.rowcount)
    return Reply(cursor.fetchall(), 0)


def bound(statement: Statement, on_postgres: bool) -> tuple[str, list[object]]:
    """A ROWS, CHANGED or INSERTED statement in the dialect's placeholders, and its values."""
    if statement.want is Want.INSERTED:
        return multi_row(statement.template, _rows(statement), on_postgres)
    values = _values(statement)
    text, order = placeholders(statement.template, list(values), on_postgres)
    return text, [values[name] for name in order]


def bound_each(statement: Statement, on_postgres: bool) -> tuple[str, list[list[object]]]:
    """An EACH statement in the dialect's placeholders, and each row's values."""
    rows = _rows(statement)
    text, order = placeholders(statement.template, list(rows[0]), on_postgres)
    return text, [[row[name] for name in order] for row in rows]


def _values(statement: Statement) -> Values:
    assert isinstance(statement.values, Mapping)
    return statement.values


def _rows(statement: Statement) -> Sequence[Values]:
    assert not isinstance(statement.values, Mapping)
    return statement.values


def placeholders(template: str, names: list[str], on_postgres: bool) -> tuple[str, list[str]]:
    """The statement in the dialect's placeholders, and the order its values go in. Each named
    slot appears once in `template`."""
    if on_postgres:
        marks = {name: f"${n}" for n, name in enumerate(names, start=1)}
        return template.format(**marks), names
    # `?` binds by position: the values go in the order their slots appear in the text.
    return template.format(**dict.fromkeys(names, "?")), _SLOT.findall(template)


def multi_row(
    statement: str, rows: Sequence[Values], on_postgres: bool
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
