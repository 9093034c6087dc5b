"""`python main.py export|import|backup|restore`: moving house and backups (docs/backup.md).

export --to FILE                 every table to a portable file (gzip'd JSON lines)
import --from FILE [--replace]   into an empty database (--replace: delete what is there first)
backup --to FILE                 a consistent copy while the app runs: SQLite's online backup,
                                 or on PostgreSQL an export from one snapshot
restore --from FILE [--replace]  a SQLite backup (into SQLite) or an export file

Stop the app before import and restore: it would write its own state over the restored rows."""

import argparse
import asyncio
import contextvars
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from services.core.settings import Settings
from services.storage import moving
from services.storage.db import apply_migrations, close_orm, dialect, init_orm
from services.text.i18n import Translator
from services.watch import listening


def add_backup_parsers(commands: Any) -> None:
    export = commands.add_parser("export", help="every table to a portable file (moving house)")
    export.add_argument("--to", required=True, type=Path, help="the file to write")
    imported = commands.add_parser("import", help="an export file into an empty database")
    imported.add_argument("--from", dest="from_", required=True, type=Path)
    imported.add_argument(
        "--replace", action="store_true", help="delete every row of the database first"
    )
    backup = commands.add_parser("backup", help="a consistent copy while the app runs")
    backup.add_argument("--to", required=True, type=Path, help="the file to write")
    restore = commands.add_parser(
        "restore", help="a backup or an export back into the database (stop the app first)"
    )
    restore.add_argument("--from", dest="from_", required=True, type=Path)
    restore.add_argument(
        "--replace", action="store_true", help="delete every row of the database first"
    )


class _Speaker:
    def __init__(self, tr: Translator, settings: Settings) -> None:
        self.tr, self.locale = tr, settings.default_locale

    def __call__(self, key: str, **kwargs: Any) -> None:
        print(self.tr.get(key, self.locale, **kwargs), flush=True)

    def table(self, table: str, rows: int) -> None:
        self("cli-moving-table", table=table, rows=str(rows))

    def total(self, key: str, file: Path, counts: dict[str, int]) -> None:
        self(key, file=str(file), rows=str(sum(counts.values())), tables=str(len(counts)))


async def export(args: argparse.Namespace, settings: Settings, tr: Translator) -> None:
    say = _Speaker(tr, settings)
    counts = await moving.export_to(args.to, settings.database_url, say.table)
    say.total("cli-moving-exported", args.to, counts)


async def import_(args: argparse.Namespace, settings: Settings, tr: Translator) -> None:
    await _app_stopped(args)
    say = _Speaker(tr, settings)
    export_file = moving.read_header(args.from_, settings.database_url)
    counts = await moving.import_from(
        export_file, settings.database_url, say.table, replace=args.replace
    )
    say.total("cli-moving-imported", args.from_, counts)


async def backup(args: argparse.Namespace, settings: Settings, tr: Translator) -> None:
    say = _Speaker(tr, settings)
    if dialect(settings.database_url) == "postgres":
        counts = await moving.export_to(args.to, settings.database_url, say.table)
    else:
        await asyncio.to_thread(moving.sqlite_backup, settings.database_url, args.to)
        counts = await asyncio.to_thread(moving.sqlite_counts, args.to, _names())
        for table, rows in counts.items():
            say.table(table, rows)
    say.total("cli-moving-backed-up", args.to, counts)


async def restore(args: argparse.Namespace, settings: Settings, tr: Translator) -> None:
    """An export file is imported; a SQLite file is copied beside the database, migrated there
    (a backup from older code is upgraded), then copied into place with SQLite's backup API."""
    if not moving.is_sqlite_file(args.from_):
        await import_(args, settings, tr)
        return
    url = settings.database_url
    if dialect(url) != "sqlite":
        raise moving.MovingError(
            f"{args.from_} is a SQLite backup: it restores only into SQLite. To move it to "
            "PostgreSQL, restore it into a SQLite database, then export and import",
            "moving-sqlite-only",
        )
    if not args.replace and not await moving.is_empty():
        raise moving.not_empty()
    await _app_stopped(args)
    await asyncio.to_thread(moving.sqlite_schema_of_file, args.from_, url)  # before touching
    staged = await asyncio.to_thread(moving.sqlite_staged, args.from_, url)
    try:
        # Upgraded before it replaces the database, so an upgrade that fails changes nothing;
        # in an empty context: this one holds the ORM, which aerich would reuse.
        upgrade = apply_migrations(f"sqlite://{staged}")
        await asyncio.create_task(upgrade, context=contextvars.Context())
        await close_orm()
        await asyncio.to_thread(moving.sqlite_restore, staged, url)
    finally:
        moving.discard_sqlite(staged)
    await init_orm(url)  # the command's caller closes it
    say = _Speaker(tr, settings)
    counts = await asyncio.to_thread(moving.sqlite_counts, Path(moving.sqlite_path(url)), _names())
    for table, rows in counts.items():
        say.table(table, rows)
    say.total("cli-moving-restored", args.from_, counts)


async def _app_stopped(args: argparse.Namespace) -> None:
    """--replace refused while the app runs on the database: it would write the state it
    holds in memory over the restored rows (and send letters twice). Without --replace, a
    running app's database is not empty, which refuses it already."""
    if args.replace and await listening.someone_listens(datetime.now(UTC)):
        raise moving.MovingError(
            "the app is running on this database (its silence check ran moments ago): stop "
            "every instance of it first",
            "moving-app-running",
        )


def _names() -> list[str]:
    return [table.name for table in moving.tables()]
