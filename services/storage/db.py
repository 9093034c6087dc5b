"""The ORM and its migrations. aerich writes SQL for one dialect, so each dialect has its own
migration set under migrations/<dialect>/."""

import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from aerich import Command
from asyncpg import InterfaceError, PostgresConnectionError
from asyncpg.exceptions import (
    DataError,
    InsufficientResourcesError,
    OperatorInterventionError,
    SyntaxOrAccessError,
    TransactionRollbackError,
)
from tortoise import Tortoise
from tortoise.backends.base.config_generator import expand_db_url
from tortoise.exceptions import DBConnectionError, OperationalError

from services.core.paths import MIGRATIONS_DIR
from services.storage.one_trip import IN_MEMORY, OneTrip

# tortoise cuts the WAL file back to 16 KB after each checkpoint, so every commit until the next
# one grows the file, and its fdatasync must write the new size as well: commits took 30-40 %
# longer (docs/BENCHMARKS.md). With this limit the WAL keeps its usual ~4 MB (a checkpoint per
# 1,000 pages) and commits overwrite it in place; only a WAL that grew past it, while a reader
# held checkpoints back, is cut back. A `journal_size_limit` in DATABASE_URL wins.
SQLITE_JOURNAL_SIZE_LIMIT = 64 * 1024 * 1024
APP = "models"
# What a database that is restarting, unreachable, locked or full raises: the client should
# retry (503), nothing was committed. tortoise passes asyncpg's connection errors through
# untranslated: a query cut by a restart or a lost network raises ConnectionDoesNotExistError
# (a PostgresConnectionError), a restart's notice AdminShutdownError and a server still starting
# CannotConnectNowError (OperatorInterventionError). Nothing more is needed to recover: asyncpg's
# pool replaces a closed connection on the next acquire, and refused connects are OSErrors.
DATABASE_UNAVAILABLE: tuple[type[Exception], ...] = (
    DBConnectionError,
    OperationalError,
    sqlite3.OperationalError,
    OSError,
    PostgresConnectionError,
    OperatorInterventionError,
    InsufficientResourcesError,
    # A deadlock between instances' transactions or a serialisation failure: PostgreSQL rolled
    # the statement back and asks for the transaction to be retried.
    TransactionRollbackError,
)

# tortoise also wraps these asyncpg errors in OperationalError, but a retry cannot help them:
# the query or its data is wrong (a NUL in a string, a value out of range), which is a bug.
_REFUSED_QUERY = (DataError, SyntaxOrAccessError)


def database_unavailable(error: BaseException) -> bool:
    """Whether `error` means the database is unreachable (retry later) rather than a bug."""
    if isinstance(error, OperationalError) and isinstance(error.__cause__, _REFUSED_QUERY):
        return False
    if isinstance(error, DATABASE_UNAVAILABLE):
        return True
    # A query cut inside a transaction surfaces as the rollback's InterfaceError ("the
    # underlying connection is closed"), raised while handling the ConnectionDoesNotExistError.
    cause = error.__cause__ or error.__context__
    return isinstance(error, InterfaceError) and cause is not None and database_unavailable(cause)


# SQLite's errors after which it may have rolled the whole transaction back by itself
# (sqlite.org/lang_transaction.html, "Response To Errors Within A Transaction"): no space, an
# I/O error, a lock, no memory, an interrupt. Extended codes carry the primary one in the low byte.
_UNDOING_SQLITE_ERRORS = frozenset(
    (
        sqlite3.SQLITE_FULL,
        sqlite3.SQLITE_IOERR,
        sqlite3.SQLITE_BUSY,
        sqlite3.SQLITE_NOMEM,
        sqlite3.SQLITE_INTERRUPT,
    )
)


def transaction_undone(error: BaseException) -> bool:
    """Whether, after `error`, the whole transaction may be gone (rolled back by SQLite itself,
    or the connection lost), not just the statement or savepoint that failed."""
    for cause in _causes(error):
        if isinstance(cause, sqlite3.Error):
            if (getattr(cause, "sqlite_errorcode", 0) & 0xFF) in _UNDOING_SQLITE_ERRORS:
                return True
        elif isinstance(cause, PostgresConnectionError | InterfaceError | OSError):
            return True
    return False


def _causes(error: BaseException) -> list[BaseException]:
    """The error and those it came from: explicit and implicit chaining, and the error tortoise
    wraps in its own (its first argument)."""
    seen: list[BaseException] = []
    pending = [error]
    while pending and len(seen) < 16:
        current = pending.pop()
        if current in seen:
            continue
        seen.append(current)
        pending += [e for e in (current.__cause__, current.__context__) if e is not None]
        pending += [arg for arg in current.args[:1] if isinstance(arg, BaseException)]
    return seen


def tortoise_config(database_url: str) -> dict[str, Any]:
    return {
        "connections": {"default": _connection(database_url)},
        "apps": {APP: {"models": ["models", "aerich.models"], "default_connection": "default"}},
        "use_tz": True,
        "timezone": "UTC",
    }


def _connection(database_url: str) -> str | dict[str, Any]:
    return _sqlite_connection(database_url) if dialect(database_url) == "sqlite" else database_url


def _sqlite_connection(database_url: str) -> dict[str, Any]:
    config = expand_db_url(database_url)  # tortoise's own settings for the URL
    if "journal_size_limit" not in parse_qs(urlsplit(database_url).query):
        config["credentials"]["journal_size_limit"] = SQLITE_JOURNAL_SIZE_LIMIT
    return config


def _sqlite_file(database_url: str) -> tuple[str, dict[str, object]]:
    """The file and the pragmas tortoise's SQLite client sets on its connection (the URL's, and
    its defaults), for a connection of our own that must behave the same."""
    credentials = dict(_sqlite_connection(database_url)["credentials"])
    path = credentials.pop("file_path")
    return str(path), {"journal_mode": "WAL", "foreign_keys": "ON", **credentials}


def dialect(database_url: str) -> str:
    scheme = database_url.split("://", 1)[0]
    if scheme == "sqlite":
        return "sqlite"
    if scheme in ("postgres", "postgresql", "asyncpg", "psycopg"):
        return "postgres"
    raise ValueError(
        f"DATABASE_URL scheme {scheme!r} is not supported: use sqlite:// or postgres://"
    )


def migrations_location(database_url: str) -> Path:
    return MIGRATIONS_DIR / dialect(database_url)


def _ensure_sqlite_folder(database_url: str) -> None:
    if dialect(database_url) == "sqlite":
        path = database_url.split("://", 1)[1].split("?", 1)[0]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)


async def apply_migrations(database_url: str) -> list[str]:
    """Apply pending migrations; return the names of those applied. Leaves the ORM closed."""
    _ensure_sqlite_folder(database_url)
    config = tortoise_config(database_url)
    async with Command(config, app=APP, location=str(migrations_location(database_url))) as cmd:
        await cmd.init()
        return await cmd.upgrade(run_in_transaction=True)


_one_trip: OneTrip | None = None


async def init_orm(database_url: str) -> None:
    """The ORM, and on SQLite (a file) our one-trip connection beside it."""
    global _one_trip
    _ensure_sqlite_folder(database_url)
    await Tortoise.init(config=tortoise_config(database_url))
    if dialect(database_url) == "sqlite":
        path, pragmas = _sqlite_file(database_url)
        if path != IN_MEMORY:  # a second connection to it would open another, empty database
            _one_trip = await OneTrip.open(path, pragmas)


def one_trip() -> OneTrip | None:
    """The one-trip connection to the SQLite file, if the ORM is open on one."""
    return _one_trip


async def close_orm() -> None:
    global _one_trip
    closing, _one_trip = _one_trip, None
    try:
        if closing is not None:
            await closing.close()
    finally:
        await Tortoise.close_connections()
