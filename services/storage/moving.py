"""Moving house: every table of the app to a portable file and back, and backups.

The export file is gzip'd JSON lines: a header (format, version, the schema it was taken at,
the tables and their columns), one line per row (`[table index, values...]`), and an end line
with each table's count, so a file cut short is refused, never half imported. Tables come from
the registered Tortoise models (`Tortoise.apps`, `Model.describe()`), in foreign-key order: a new
model is exported without anyone remembering to add it. aerich's own history is not exported:
the target is migrated by the code that imports.

Values go through the ORM both ways (`values_list` out, `bulk_create` in), so a datetime keeps
its time zone, a JSON field its structure and a boolean stays a boolean between dialects; ids are
kept, and on PostgreSQL every sequence is moved past the largest id afterwards.

A backup is taken while the app runs: on SQLite with SQLite's online backup API (one step, under
one read transaction: a consistent snapshot while WAL lets the app go on writing); on PostgreSQL
as an export in one REPEATABLE READ transaction (one snapshot for every table).

A restore or an import must run while the app is stopped: the app keeps rows in memory (the
watch clock, the outbox it is sending) and would write them back over the restored ones."""

import gzip
import os
import re
import sqlite3
import zlib
from collections.abc import Callable, Generator
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

import orjson
from tortoise import Tortoise, connections
from tortoise.backends.base.config_generator import expand_db_url
from tortoise.models import Model
from tortoise.transactions import in_transaction

from services.core.errors import AppError
from services.storage.db import dialect, migrations_location
from services.storage.transaction import CONNECTION, transaction

FORMAT = "error-monitor-export"
VERSION = 1
SQLITE_HEADER = b"SQLite format 3\x00"
CHUNK = 500
# Field types whose values JSON carries as they are; a datetime travels as ISO 8601 with its
# offset. A field of any other type is refused at export until it has a codec here.
PLAIN_TYPES = frozenset(
    {
        "IntField",
        "BigIntField",
        "SmallIntField",
        "CharField",
        "TextField",
        "BooleanField",
        "FloatField",
        "JSONField",
    }
)
DATETIME = "DatetimeField"
_MIGRATION = re.compile(r"^(\d+)_(?:\d{14}_)?(\w+?)(?:\.py)?$")

Progress = Callable[[str, int], None]


class MovingError(AppError):
    """An export, import, backup or restore refused: the message names why."""


@dataclass(frozen=True)
class Table:
    """One model as the export sees it: its table, its columns (the primary key first) and the
    columns whose values are datetimes or point back at the same table."""

    model: type[Model]
    name: str
    columns: tuple[str, ...]
    datetimes: frozenset[str]
    self_references: tuple[str, ...]


@dataclass(frozen=True)
class Schema:
    """The last migration applied: its number and its name without the dialect's timestamp
    (the two dialects' files of one migration differ only in the timestamp)."""

    number: int
    name: str

    @property
    def label(self) -> str:
        return f"{self.number}_{self.name}"


def schema_from_version(version: str) -> Schema:
    match = _MIGRATION.match(Path(version).name)
    if not match:
        raise MovingError(f"not a migration name: {version!r}", "moving-corrupt")
    return Schema(int(match[1]), match[2])


def schema_of_code(database_url: str) -> Schema:
    """The newest migration this code has for the dialect: a migrated database is at it."""
    names = [p.name for p in migrations_location(database_url).joinpath("models").glob("*.py")]
    schemas = [schema_from_version(n) for n in names if _MIGRATION.match(n)]
    return max(schemas, key=lambda s: s.number)


def tables() -> list[Table]:
    """Every table of the app, parents before children (by foreign keys and one-to-ones;
    a table's references to itself are set after its rows: `self_references`)."""
    models = {
        f"{label}.{name}": model  # as a relation names it: "models.Project"
        for label, app in (Tortoise.apps or {}).items()
        for name, model in app.items()
        if not model.__module__.startswith("aerich")  # its history: the target migrates itself
    }
    described = {name: model.describe(serializable=True) for name, model in models.items()}
    ordered: list[str] = []
    while len(ordered) < len(described):
        ready = [
            name
            for name in sorted(described, key=lambda n: n.rsplit(".", 1)[1])
            if name not in ordered and _parents(name, described[name]) <= set(ordered)
        ]
        if not ready:
            raise MovingError("the tables' foreign keys form a cycle", "generic")
        ordered.append(ready[0])
    return [_table(models[name], name, described[name]) for name in ordered]


def _parents(name: str, description: dict[str, Any]) -> set[str]:
    """The models this one points at, itself aside."""
    pointed = {f["python_type"] for f in description["fk_fields"] + description["o2o_fields"]}
    return pointed - {name}


def _table(model: type[Model], own: str, description: dict[str, Any]) -> Table:
    fields = [description["pk_field"], *description["data_fields"]]
    unknown = [
        f["name"]
        for f in fields
        if f["field_type"] not in PLAIN_TYPES and f["field_type"] != DATETIME
    ]
    if unknown:
        raise MovingError(
            f"{description['table']}: no export codec for {', '.join(unknown)}", "generic"
        )
    return Table(
        model=model,
        name=description["table"],
        columns=tuple(f["name"] for f in fields),
        datetimes=frozenset(f["name"] for f in fields if f["field_type"] == DATETIME),
        self_references=tuple(
            f["raw_field"] for f in description["fk_fields"] if f["python_type"] == own
        ),
    )


# Export


async def export_to(path: Path, database_url: str, progress: Progress) -> dict[str, int]:
    """Write every table to `path` (gzip'd JSON lines) from one snapshot of the database: one
    transaction, REPEATABLE READ on PostgreSQL (SQLite's read transaction is a snapshot
    already). Returns each table's row count. The file is written beside and renamed into
    place, so a failed export leaves no file that looks whole."""
    not_the_database(path, database_url)
    partial = path.with_name(path.name + ".partial")
    try:
        with _private(partial) as raw, gzip.GzipFile(fileobj=raw, mode="wb") as out:
            counts = await _export_snapshot(out, database_url, progress)
        partial.replace(path)
    except OSError as error:
        raise cannot_write(path, error) from error
    finally:
        partial.unlink(missing_ok=True)
    return counts


def _private(path: Path) -> BinaryIO:
    """A new file only its owner may read (0600, whatever the umask): an export or a backup
    holds every project's token."""
    path.unlink(missing_ok=True)
    return open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb")


def not_the_database(target: Path, database_url: str) -> None:
    """`--to` naming the SQLite database's own file (a slip for `restore --from`) is refused:
    the copy, or a gzip file, would take the place of the database the app writes to."""
    if dialect(database_url) == "sqlite" and target.resolve() == _database_file(database_url):
        raise MovingError(
            f"{target} is the database itself: write the copy elsewhere", "moving-is-database"
        )


def _database_file(database_url: str) -> Path:
    return Path(sqlite_path(database_url)).resolve()


def cannot_write(path: Path, error: OSError) -> MovingError:
    return MovingError(f"cannot write {path}: {error.strerror or error}", "moving-cannot-write")


async def _export_snapshot(
    out: gzip.GzipFile, database_url: str, progress: Progress
) -> dict[str, int]:
    listed = tables()
    schema = schema_of_code(database_url)
    header = {
        "format": FORMAT,
        "version": VERSION,
        "schema": schema.label,
        "schema_number": schema.number,
        "dialect": dialect(database_url),
        "exported_at": datetime.now(UTC).isoformat(),
        "tables": [{"name": t.name, "columns": list(t.columns)} for t in listed],
    }
    out.write(orjson.dumps(header) + b"\n")
    counts: dict[str, int] = {}
    async with in_transaction(CONNECTION) as client:
        if client.capabilities.dialect == "postgres":
            # Must be the transaction's first statement: every later read sees one snapshot.
            await client.execute_script("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        for index, table in enumerate(listed):
            counts[table.name] = 0
            async for rows in _pages(table):
                for row in rows:
                    out.write(orjson.dumps([index, *_encoded(table, row)]) + b"\n")
                counts[table.name] += len(rows)
            progress(table.name, counts[table.name])
    out.write(orjson.dumps({"end": True, "counts": counts}) + b"\n")
    return counts


async def _pages(table: Table) -> Any:
    """The table's rows in id order, CHUNK at a time (keyset pages: no OFFSET rescans)."""
    pk = table.columns[0]
    last: Any = None
    while True:
        query = table.model.all() if last is None else table.model.filter(**{f"{pk}__gt": last})
        rows = await query.order_by(pk).limit(CHUNK).values_list(*table.columns)
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def _encoded(table: Table, row: tuple[Any, ...]) -> list[Any]:
    return [
        value.isoformat() if name in table.datetimes and value is not None else value
        for name, value in zip(table.columns, row, strict=True)
    ]


# Import


@dataclass(frozen=True)
class ExportFile:
    header: dict[str, Any]
    path: Path


def read_header(path: Path, database_url: str) -> ExportFile:
    """The file's header, checked against this code: the format, its version, and the schema
    (a file from newer code is refused; one from older code too, since its columns may differ:
    restore it with the version that wrote it, then upgrade)."""
    try:
        with gzip.open(path, "rb") as source:
            header = orjson.loads(source.readline())
    except FileNotFoundError:
        raise MovingError(f"{path}: no such file", "moving-no-file") from None
    except (OSError, EOFError, zlib.error, orjson.JSONDecodeError):
        raise MovingError(f"{path} is not an Error Monitor export", "moving-corrupt") from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise MovingError(f"{path} is not an Error Monitor export", "moving-corrupt")
    if header.get("version") != VERSION:
        raise MovingError(
            f"{path} is export format version {header.get('version')}; this code reads {VERSION}",
            "moving-newer",
        )
    _check_schema(schema_from_version(str(header.get("schema"))), schema_of_code(database_url))
    return ExportFile(header, path)


def _check_schema(theirs: Schema, ours: Schema) -> None:
    if theirs.number > ours.number:
        raise MovingError(
            f"the file is from schema {theirs.label}, newer than this code's {ours.label}: "
            "upgrade Error Monitor first",
            "moving-newer",
        )
    if theirs.number < ours.number:
        raise MovingError(
            f"the file is from schema {theirs.label}, older than this code's {ours.label}: "
            "import it with the version that wrote it, then upgrade",
            "moving-older",
        )


async def import_from(
    export: ExportFile, database_url: str, progress: Progress, *, replace: bool = False
) -> dict[str, int]:
    """Insert every row of the file, ids kept, in one transaction: all or nothing. The database
    must be empty (migrated, no rows) unless `replace`, which deletes every row first (in the
    same transaction). Returns each table's row count."""
    listed = tables()
    _check_columns(export.header, listed)
    async with transaction():
        if replace:
            await _wipe(listed)
        elif not await is_empty():
            raise not_empty()
        counts = await _insert_all(export.path, listed, progress)
        if dialect(database_url) == "postgres":
            await _move_sequences(listed)
    return counts


def _check_columns(header: dict[str, Any], listed: list[Table]) -> None:
    theirs = [(t.get("name"), t.get("columns")) for t in header.get("tables", [])]
    ours = [(t.name, list(t.columns)) for t in listed]
    if theirs != ours:
        raise MovingError("the file's tables or columns differ from this code's", "moving-older")


def not_empty() -> MovingError:
    return MovingError(
        "the database already has data: import only into an empty database "
        "(or add --replace to delete what is there)",
        "moving-not-empty",
    )


async def is_empty() -> bool:
    """Whether no table of the app has a row (aerich's history aside)."""
    for table in tables():
        if await table.model.exists():
            return False
    return True


async def _wipe(listed: list[Table]) -> None:
    for table in reversed(listed):
        for column in table.self_references:
            await table.model.all().update(**{column: None})
        await table.model.all().delete()


async def _insert_all(path: Path, listed: list[Table], progress: Progress) -> dict[str, int]:
    loader = _Loader(listed, progress)
    ended: Any = None
    with closing(_lines(path)) as lines:
        for line in lines:
            if isinstance(line, dict):
                ended = line
                break
            await loader.add(line)
    await loader.finish_until(len(listed))
    if not isinstance(ended, dict) or ended.get("counts") != loader.counts:
        raise MovingError(f"{path} is cut short or damaged: nothing imported", "moving-corrupt")
    return loader.counts


class _Loader:
    """Rows in the file's order (table by table), inserted CHUNK at a time; a table's
    references to itself are set once all its rows are in."""

    def __init__(self, listed: list[Table], progress: Progress) -> None:
        self.listed = listed
        self.progress = progress
        self.counts = {t.name: 0 for t in listed}
        self.current = 0
        self.pending: list[Model] = []
        self.links: list[tuple[Any, dict[str, Any]]] = []

    async def add(self, line: Any) -> None:
        if not isinstance(line, list) or not line or not isinstance(line[0], int):
            raise MovingError("a line of the file is not a row", "moving-corrupt")
        if not self.current <= line[0] < len(self.listed):
            raise MovingError("the file's rows are out of order", "moving-corrupt")
        await self.finish_until(line[0])
        table = self.listed[self.current]
        row, link = _decoded(table, line[1:])
        self.pending.append(table.model(**row))
        if link:
            self.links.append((row[table.columns[0]], link))
        if len(self.pending) >= CHUNK:
            await self._flush()

    async def finish_until(self, index: int) -> None:
        """Complete each table before `index`."""
        while self.current < index:
            await self._flush()
            table = self.listed[self.current]
            for pk, link in self.links:
                await table.model.filter(**{table.columns[0]: pk}).update(**link)
            self.progress(table.name, self.counts[table.name])
            self.current, self.links = self.current + 1, []

    async def _flush(self) -> None:
        if self.pending:
            table = self.listed[self.current]
            await table.model.bulk_create(self.pending)
            self.counts[table.name] += len(self.pending)
            self.pending = []


def _decoded(table: Table, values: list[Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """A row's fields, and its references to its own table (set once every row is in)."""
    if len(values) != len(table.columns):
        raise MovingError(
            f"a row of {table.name} has the wrong number of values", "moving-corrupt"
        )
    row = {
        name: datetime.fromisoformat(value)
        if name in table.datetimes and value is not None
        else value
        for name, value in zip(table.columns, values, strict=True)
    }
    link = {name: row.pop(name) for name in table.self_references if row.get(name) is not None}
    for name in link:
        row[name] = None
    return row, link


def _lines(path: Path) -> Generator[Any, None, None]:
    """Each line after the header, decoded; a damaged file raises MovingError."""
    try:
        with gzip.open(path, "rb") as source:
            source.readline()
            for raw in source:
                yield orjson.loads(raw)
    except (OSError, EOFError, zlib.error, orjson.JSONDecodeError):
        raise MovingError(
            f"{path} is cut short or damaged: nothing imported", "moving-corrupt"
        ) from None


async def _move_sequences(listed: list[Table]) -> None:
    """PostgreSQL: each id sequence past the largest id imported, so new rows don't collide."""
    client = connections.get(CONNECTION)
    for table in listed:
        pk = table.columns[0]
        await client.execute_query(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', '{pk}'), "
            f'COALESCE((SELECT MAX("{pk}") FROM "{table.name}"), 0) + 1, false)'
        )


# SQLite backups


def is_sqlite_file(path: Path) -> bool:
    try:
        with path.open("rb") as source:
            return source.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        raise MovingError(f"{path}: no such file", "moving-no-file") from None


def sqlite_path(database_url: str) -> str:
    """The database file of a sqlite:// URL."""
    return str(expand_db_url(database_url)["credentials"]["file_path"])


def sqlite_backup(database_url: str, target: Path) -> None:
    """A consistent copy of the SQLite database into `target`, while the app writes: SQLite's
    online backup in one step holds one read transaction for the whole copy (in WAL mode
    writers go on meanwhile). Written beside and renamed into place."""
    not_the_database(target, database_url)
    _sqlite_copy(Path(sqlite_path(database_url)), target)


def sqlite_staged(backup: Path, database_url: str) -> Path:
    """A copy of a SQLite backup beside the database (`<file>.restoring`), to be upgraded
    before it replaces the database: an upgrade that fails then leaves the database as it
    was. Discard it with `discard_sqlite`."""
    live = Path(sqlite_path(database_url))
    staged = live.with_name(live.name + ".restoring")
    discard_sqlite(staged)  # left by a restore that was killed
    _sqlite_copy(backup, staged)
    return staged


def discard_sqlite(path: Path) -> None:
    """A SQLite file gone, with whatever SQLite kept beside it."""
    for suffix in ("", "-journal", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def _sqlite_copy(source_file: Path, target: Path) -> None:
    partial = target.with_name(target.name + ".partial")
    if not target.parent.is_dir():  # sqlite3 would say only "unable to open database file"
        raise cannot_write(target, FileNotFoundError(2, "no such folder"))
    try:
        _private(partial).close()  # SQLite writes into the empty file, keeping its mode
        source = sqlite3.connect(f"file:{source_file}?mode=ro", uri=True)
        with closing(source), closing(sqlite3.connect(partial)) as copy:
            source.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        partial.replace(target)
    except OSError as error:  # sqlite3's own errors are not OSErrors: the database's, raised
        raise cannot_write(target, error) from error
    finally:
        partial.unlink(missing_ok=True)


def sqlite_schema_of_file(path: Path, database_url: str) -> Schema:
    """The last migration applied in a SQLite backup file, refused when damaged or newer than
    the code (an older one is upgraded by the migrations that run after a restore)."""
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as source:
            (verdict,) = source.execute("PRAGMA quick_check").fetchone()
            version = source.execute("SELECT version FROM aerich ORDER BY id DESC LIMIT 1")
            row = version.fetchone()
    except sqlite3.DatabaseError:
        raise MovingError(f"{path} is not an Error Monitor database", "moving-corrupt") from None
    if verdict != "ok" or row is None:
        raise MovingError(f"{path} is damaged: {verdict}", "moving-corrupt")
    theirs, ours = schema_from_version(row[0]), schema_of_code(database_url)
    if theirs.number > ours.number:
        _check_schema(theirs, ours)
    return theirs


def sqlite_restore(backup: Path, database_url: str) -> None:
    """Copy a SQLite backup over the database file with the backup API (which writes through
    SQLite's locks and journal, unlike a file copy), after the checks of
    `sqlite_schema_of_file`."""
    sqlite_schema_of_file(backup, database_url)
    with (
        closing(sqlite3.connect(f"file:{backup}?mode=ro", uri=True)) as source,
        closing(sqlite3.connect(sqlite_path(database_url))) as target,
    ):
        source.backup(target)


def sqlite_counts(path: Path, names: list[str]) -> dict[str, int]:
    """Rows per table in a SQLite file (a backup just written, a database just restored)."""
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as source:
        return {
            name: source.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in names
        }
