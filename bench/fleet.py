"""The projects and checks the bench puts in the app's database while it runs, inserted by plain
SQL as the seed does (fast), with the rows the app's own services would make."""

import contextlib
import sqlite3
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

import asyncpg

from models import MonitorKind, MonitorState
from services.monitors.checks import next_probe
from services.storage.sql import sqlite_time

FLEET = 10_000  # projects in the database while it runs (the RSS target is for 10,000)
PROJECTS = "INSERT INTO projects (name, type, token, url, is_active) VALUES "
MONITORS = "INSERT INTO monitors (project_id, kind, state) VALUES "
CHECKS = (
    "INSERT INTO checks (project_id, monitor_id, url, method, interval_seconds, timeout_ms,"
    " expected_status, keyword_absent, confirm, allow_self_signed, failures_in_row) VALUES "
)
HTTP, NEW = MonitorKind.HTTP.value, MonitorState.NEW.value
SCHEDULE = "UPDATE monitors SET deadline_at = {} WHERE id = {}"


async def add_fleet(database_url: str) -> None:
    """FLEET quiet projects, inserted as the seed's own SQL does."""
    rows = [(f"fleet-{n}", "service", f"fleet-token-{n}", None, True) for n in range(FLEET)]
    if database_url.startswith("sqlite"):
        with sqlite3.connect(database_url.split("://", 1)[1]) as db:
            db.executemany(PROJECTS + "(?, ?, ?, ?, ?)", rows)
        return
    db = await asyncpg.connect(postgres_dsn(database_url))
    try:
        await db.executemany(PROJECTS + "($1, $2, $3, $4, $5)", rows)
    finally:
        await db.close()


async def add_checks(
    database_url: str, target: str, interval: timedelta, now: datetime
) -> list[int]:
    """One HTTP check of `{target}/c/<monitor id>` for each fleet project, with the rows
    `add_check` makes (a monitor in state new, the check with its defaults), in one transaction.
    The first probe of each is its next phase slot, not `now` as for a check added by hand: the
    bench measures the steady schedule, not ten thousand first probes at once. The monitors'
    ids."""
    kind, state = HTTP, NEW
    seconds = int(interval.total_seconds())
    if database_url.startswith("sqlite"):
        with sqlite3.connect(database_url.split("://", 1)[1], timeout=30) as db:
            projects = [row[0] for row in db.execute("SELECT id FROM projects ORDER BY id")]
            db.executemany(MONITORS + "(?, ?, ?)", [(p, kind, state) for p in projects])
            found = db.execute("SELECT id, project_id FROM monitors WHERE kind = ?", [kind])
            monitors = [(row[0], row[1]) for row in found]
            db.executemany(
                CHECKS + "(?, ?, ?, 'GET', ?, 10000, '200-399', 0, 2, 0, 0)",
                [(p, m, f"{target}/c/{m}", seconds) for m, p in monitors],
            )
            db.executemany(SCHEDULE.format("?", "?"), slots(monitors, interval, now, sqlite_time))
        return [monitor for monitor, _ in monitors]
    db = await asyncpg.connect(postgres_dsn(database_url))
    try:
        async with db.transaction():
            projects = [row[0] for row in await db.fetch("SELECT id FROM projects ORDER BY id")]
            await db.executemany(MONITORS + "($1, $2, $3)", [(p, kind, state) for p in projects])
            found = await db.fetch("SELECT id, project_id FROM monitors WHERE kind = $1", kind)
            monitors = [(row[0], row[1]) for row in found]
            await db.executemany(
                CHECKS + "($1, $2, $3, 'GET', $4, 10000, '200-399', false, 2, false, 0)",
                [(p, m, f"{target}/c/{m}", seconds) for m, p in monitors],
            )
            await db.executemany(SCHEDULE.format("$1", "$2"), slots(monitors, interval, now))
    finally:
        await db.close()
    return [monitor for monitor, _ in monitors]


def slots(
    monitors: Sequence[tuple[int, int]],
    interval: timedelta,
    now: datetime,
    stored: Callable[[datetime], object] = lambda moment: moment,
) -> list[tuple[object, int]]:
    """Each monitor's next slot after `now`, as stored, with its id: SCHEDULE's values."""
    return [(stored(next_probe(m, interval, now)), m) for m, _ in monitors]


def postgres_dsn(database_url: str) -> str:
    return database_url.replace("postgres://", "postgresql://", 1)


async def checks_not_yet_probed(database_url: str) -> int:
    """How many checks' monitors are still new (never probed)."""
    count = f"SELECT count(*) FROM monitors WHERE kind = '{HTTP}' AND state = '{NEW}'"
    if database_url.startswith("sqlite"):
        with contextlib.closing(sqlite3.connect(database_url.split("://", 1)[1])) as db:
            return int(db.execute(count).fetchone()[0])
    db = await asyncpg.connect(postgres_dsn(database_url))
    try:
        return int(await db.fetchval(count))
    finally:
        await db.close()
