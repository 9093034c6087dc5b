"""A batch's database work written once and run two ways. A step is a generator function: it
yields the statements it needs (`rows = (yield Statement(...)).rows`) and returns its result, so
the same code runs on whichever driver the caller picks:

- `sql.run`, the async driver: each statement awaited on the ORM's connection (the caller's
  transaction, if one is open), on SQLite and on PostgreSQL;
- `sql.in_one_trip`, the one-trip driver (SQLite only): every statement run at once on a
  sqlite3 connection of our own (services/storage/sqlite_backend.py), with no await between
  them.

A step that must await something other than a statement (an alert, which reads and writes
through the ORM) yields `Awaiting`: the async driver awaits it in its place; the one-trip driver
cannot, and gives the trip up (`CannotAwait`) with nothing of it kept, so the caller runs the
step again on the async driver."""

import sqlite3
from collections.abc import Awaitable, Callable, Generator, Iterable, Sequence
from enum import Enum
from typing import NamedTuple, Protocol, TypeVar

T = TypeVar("T")


class Row(Protocol):
    """A row as either driver hands it back (sqlite3.Row, asyncpg's record, a dict): by column
    name, and spread into keyword arguments."""

    def __getitem__(self, key: str, /) -> object: ...

    def keys(self) -> Iterable[str]: ...


class Want(Enum):
    ROWS = "rows"  # what the statement returns (SELECT, or RETURNING)
    CHANGED = "changed"  # how many rows an UPDATE or DELETE changed
    EACH = "each"  # one statement, once per parameter list (`params` is their list)


class Statement(NamedTuple):
    """SQL in the dialect's placeholders, with its values (a tuple: one is built per
    statement of every batch)."""

    text: str
    params: Sequence[object]
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
        return done.value  # type: ignore[no-any-return]  # the generator's own return type
    finally:
        steps.close()


def _execute(db: sqlite3.Connection, step: Step) -> Reply:
    if isinstance(step, Awaiting):
        raise CannotAwait
    text, params, want = step
    if want is Want.ROWS:
        return Reply(db.execute(text, params).fetchall(), 0)  # type: ignore[arg-type]
    if want is Want.CHANGED:
        return Reply((), db.execute(text, params).rowcount)  # type: ignore[arg-type]
    db.executemany(text, params)  # type: ignore[arg-type]
    return NOTHING
