"""Migrations: both sets match the models, and the seed's own SQL makes a working project."""

import asyncio
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import pytest
from aerich import Command
from tortoise import connections
from tortoise.backends.base.executor import EXECUTOR_CACHE

from models import (
    Health,
    Heartbeat,
    Invite,
    Monitor,
    OutboxMessage,
    Project,
    Subscriber,
    Subscription,
    WatchClock,
)
from services.accounts.projects import find_reporting_project
from services.letters.outbox import OutboxSignal
from services.notify.notifier import Notifier
from services.storage.db import (
    APP,
    apply_migrations,
    close_orm,
    init_orm,
    migrations_location,
    tortoise_config,
)
from services.text.i18n import create_translator
from services.watch.silence import SilenceWatcher
from tests.conftest import POSTGRES_SKIP, POSTGRES_URL, listened_until
from tests.e2e.app_process import AppProcess

ROOT = Path(__file__).resolve().parents[2]
R = TypeVar("R")
SEED_INSERT = (
    "INSERT INTO projects (name, type, token, url, is_active) "
    "VALUES ('Мой проект', 'bot', 'ваш-уникальный-токен', 'https://example.com', {active});"
)


@pytest.mark.parametrize(
    "dialect", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_each_migration_set_matches_the_models(dialect: str) -> None:
    """Fails when a model changed without `make migrations` (aerich diffs each set offline).
    PostgreSQL's set is checked on the TEST_POSTGRES_URL server, as every PostgreSQL test is."""
    env = dict(os.environ)
    if dialect == "postgres":
        if not POSTGRES_URL:
            pytest.skip(POSTGRES_SKIP)
        server = POSTGRES_URL.replace("postgres://", "postgresql://", 1).rsplit("/", 1)[0]
        env["MIGRATIONS_POSTGRES"] = server
    check = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_migrations.py"), "check", "", dialect],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    assert check.returncode == 0, check.stdout + check.stderr


async def test_the_seeds_sql_insert_creates_a_working_project(db: str) -> None:
    # PostgreSQL has a real boolean type: the seed's `1` is written TRUE there.
    active = "1" if db.startswith("sqlite") else "TRUE"
    await connections.get("default").execute_script(SEED_INSERT.format(active=active))
    project = await find_reporting_project("ваш-уникальный-токен")
    assert (project.name, project.type, project.url) == (
        "Мой проект",
        "bot",
        "https://example.com",
    )
    assert (project.health, project.timeout_seconds, project.paused) == (Health.NEW, 3600, False)
    assert project.created_at is not None
    assert await Project.filter(is_active=True).count() == 1


async def test_an_upgraded_database_counts_its_latest_heartbeat_as_the_last_check(
    database_url: str, tmp_path: Path
) -> None:
    """A database from before the watch clock: its monitor last listened when it stored its
    latest heartbeat, so the first check after the upgrade moves deadlines on by the time
    since (the restart of the upgrade is not blamed on projects). Each step in a task of its
    own: tortoise keeps the ORM's state in a context variable."""
    latest = datetime(2026, 12, 1, 8, 30, 15, 123456, tzinfo=UTC)

    async def fill() -> None:
        for number, at in enumerate((latest - timedelta(hours=2), latest, None)):
            await insert_project(database_url, f"p{number}", at)

    async def last_check() -> datetime:
        return (await WatchClock.get(id=1)).checked_at

    await database_before(database_url, tmp_path, 6, fill)
    applied = await asyncio.create_task(apply_migrations(database_url))
    assert [name for name in applied if name.startswith("6_")]
    assert await read(database_url, last_check) == latest


async def test_an_upgraded_database_keeps_withdrawn_reusable_links_withdrawn(
    database_url: str, tmp_path: Path
) -> None:
    """Before withdrawal had its own column, a reusable link was withdrawn by setting its
    used_at: after the upgrade it is cancelled, and still refused."""
    withdrawn = datetime(2026, 12, 1, 8, 30, tzinfo=UTC)

    async def fill() -> None:
        project_id = await insert_project(database_url, "p")
        insert = (
            "INSERT INTO invites (code, project_id, role, created_by, single_use, used_at) "
            "VALUES ($1, $2, 'viewer', 1, $3, $4)"
        )
        await execute(database_url, insert, ["team", project_id, False, withdrawn])
        await execute(database_url, insert, ["once", project_id, True, withdrawn])

    async def invites() -> list[tuple[str, datetime | None, datetime | None]]:
        return [(i.code, i.used_at, i.cancelled_at) for i in await Invite.all().order_by("code")]

    await database_before(database_url, tmp_path, 7, fill)
    applied = await asyncio.create_task(apply_migrations(database_url))
    assert [name for name in applied if name.startswith("7_")]
    assert await read(database_url, invites) == [
        ("once", withdrawn, None),  # a single-use link's used_at is its redemption
        ("team", None, withdrawn),
    ]


async def database_before(
    database_url: str, tmp_path: Path, left_out: int, fill: Callable[[], Awaitable[None]]
) -> None:
    """The database as the migrations before number `left_out` made it, filled by `fill` with
    the ORM open (in plain SQL: the models may have columns the older schema lacks). In a task
    of its own: tortoise keeps the ORM's state in a context variable."""
    older = tmp_path / "migrations"
    shutil.copytree(migrations_location(database_url), older)
    for newer in (older / APP).glob("*.py"):
        if int(newer.name.split("_", 1)[0]) >= left_out:
            newer.unlink()

    async def build() -> None:
        async with Command(tortoise_config(database_url), app=APP, location=str(older)) as cmd:
            await cmd.init()
            await cmd.upgrade(run_in_transaction=True)
        await init_orm(database_url)
        try:
            await fill()
        finally:
            await close_orm()

    EXECUTOR_CACHE.clear()  # compiled for whichever dialect the last test used
    await asyncio.create_task(build())


async def read(database_url: str, what: Callable[[], Awaitable[R]]) -> R:
    """`what` read with the ORM open on the upgraded database, in a task of its own."""

    async def reading() -> R:
        await init_orm(database_url)
        try:
            return await what()
        finally:
            await close_orm()

    EXECUTOR_CACHE.clear()
    return await asyncio.create_task(reading())


async def insert_project(
    database_url: str, name: str, last_heartbeat_at: datetime | None = None
) -> int:
    """A project row as an older schema takes it: the models may have columns it lacks yet."""
    insert = "INSERT INTO projects (name, token, last_heartbeat_at) VALUES ($1, $2, $3)"
    if database_url.startswith("sqlite"):
        insert = insert.replace("$1", "?").replace("$2", "?").replace("$3", "?")
    db = connections.get("default")
    await db.execute_query(insert, [name, f"token-{name}", last_heartbeat_at])
    rows = await db.execute_query_dict(
        "SELECT id FROM projects WHERE name = "
        + ("?" if database_url.startswith("sqlite") else "$1"),
        [name],
    )
    return int(rows[0]["id"])


T = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
# Projects as the release before monitors stored them: (name, health, paused, last beat,
# heartbeat deadline, outage since, outage ended, run started, run deadline).
BEFORE_MONITORS = [
    ("new", "new", False, None, None, None, None, None, None),
    ("up", "up", False, T - timedelta(minutes=10), T + timedelta(minutes=50), None, None),
    ("down", "down", False, T - timedelta(hours=3), None, T - timedelta(hours=3), None),
    ("paused", "paused", True, T - timedelta(hours=1), None, None, None),
    ("recovered", "up", False, T - timedelta(minutes=1), T + timedelta(minutes=59),
     T - timedelta(hours=2), T - timedelta(minutes=1)),
    ("running", "up", False, T - timedelta(minutes=5), T + timedelta(minutes=55), None, None,
     T - timedelta(minutes=2), T + timedelta(minutes=58)),
    ("hung", "up", False, T - timedelta(minutes=5), T + timedelta(minutes=55), None, None,
     T - timedelta(hours=2), None),
]  # fmt: skip
# What each becomes: (heartbeat state, deadline, since, ended), (run state, deadline, since).
AFTER_MONITORS = {
    "new": (("new", None, None, None), ("idle", None, None)),
    "up": (("up", T + timedelta(minutes=50), None, None), ("idle", None, None)),
    "down": (("down", None, T - timedelta(hours=3), None), ("idle", None, None)),
    "paused": (("paused", None, None, None), ("idle", None, None)),
    "recovered": (
        ("up", T + timedelta(minutes=59), T - timedelta(hours=2), T - timedelta(minutes=1)),
        ("idle", None, None),
    ),
    "running": (
        ("up", T + timedelta(minutes=55), None, None),
        ("running", T + timedelta(minutes=58), T - timedelta(minutes=2)),
    ),
    "hung": (
        ("up", T + timedelta(minutes=55), None, None),
        ("hung", None, T - timedelta(hours=2)),
    ),
}


async def test_an_install_from_before_monitors_migrates_in_place_with_nothing_lost(
    database_url: str, tmp_path: Path, translator: Any
) -> None:
    """A database made by the release before monitors, with projects new, up, down, paused,
    recovered, with a run open and a run hung, a chat and a group subscribed, and alerts in the
    outbox: `main.py migrate` moves each project's state into its monitors, keeps every row and
    every health, and a silence check right after sends nothing."""
    await database_before(database_url, tmp_path, 9, lambda: insert_before_monitors(database_url))
    app = AppProcess(tmp_path, database_url, "http://127.0.0.1:9")
    code, out, err = await app.cli("migrate", env={**app.env, "DEFAULT_LOCALE": "en"})
    assert (code, err) == (0, ""), out
    held = await read(database_url, what_the_database_holds)

    assert held["health"] == {row[0]: row[1] for row in BEFORE_MONITORS}
    assert held["monitors"] == AFTER_MONITORS
    assert held["rows"] == {"subscribers": 2, "subscriptions": 2, "outbox": 2, "heartbeats": 0}
    assert held["reported"] == 0  # the silence check found nothing to alert
    assert held["pending"] == 1  # the one letter that was pending still is, and no other


async def insert_before_monitors(database_url: str) -> None:
    insert = (
        "INSERT INTO projects (name, token, health, paused, last_heartbeat_at, deadline_at, "
        "incident_since, incident_ended_at, run_started_at, run_deadline_at, last_status) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'ok')"
    )
    for row in BEFORE_MONITORS:
        values = [*row, *[None] * (9 - len(row))]  # no run: its two columns empty
        await execute(database_url, insert, [values[0], f"token-{values[0]}", *values[1:]])
    for telegram_id in (7, -100):  # a person and a group
        await execute(
            database_url,
            "INSERT INTO subscribers (telegram_id, full_name) VALUES ($1, 'chat')",
            [telegram_id],
        )
    letter = (
        "INSERT INTO outbox (subscriber_id, chat_id, kind, text, state, attempts, "
        "next_attempt_at, created_at, project_id) "
        "SELECT s.id, s.telegram_id, 'silence', 'down', $1, 0, $2, $2, p.id "
        "FROM subscribers s, projects p WHERE s.telegram_id = $3 AND p.name = 'down'"
    )
    for telegram_id in (7, -100):
        await execute(
            database_url,
            "INSERT INTO subscriptions (subscriber_id, project_id) SELECT s.id, p.id "
            "FROM subscribers s, projects p WHERE s.telegram_id = $1 AND p.name = 'down'",
            [telegram_id],
        )
        state = "sent" if telegram_id == 7 else "pending"
        await execute(database_url, letter, [state, T, telegram_id])


async def what_the_database_holds() -> dict[str, Any]:
    projects = {p.id: p for p in await Project.all()}
    monitors: dict[str, list[tuple[Any, ...]]] = {p.name: [] for p in projects.values()}
    for m in await Monitor.all().order_by("kind"):
        shape = (m.state, m.deadline_at, m.since) + (
            (m.ended_at,) if m.kind == "heartbeat" else ()
        )
        monitors[projects[m.project_id].name].append(shape)
    watcher = SilenceWatcher(Notifier(create_translator("en"), "en"), OutboxSignal())
    await listened_until(T)
    reported = await watcher.check(T)
    return {
        "health": {p.name: p.health for p in projects.values()},
        "monitors": {name: tuple(shapes) for name, shapes in monitors.items()},
        "rows": {
            "subscribers": await Subscriber.all().count(),
            "subscriptions": await Subscription.all().count(),
            "outbox": await OutboxMessage.all().count(),
            "heartbeats": await Heartbeat.all().count(),
        },
        "reported": reported,
        "pending": await OutboxMessage.filter(state="pending").count(),
    }


async def execute(database_url: str, statement: str, values: list[Any]) -> None:
    """A statement with `$n` placeholders, run as the dialect takes them (SQLite binds `?` by
    position, so each value goes where its number appears)."""
    if database_url.startswith("sqlite"):
        values = [values[int(number) - 1] for number in re.findall(r"\$(\d+)", statement)]
        statement = re.sub(r"\$\d+", "?", statement)
    await connections.get("default").execute_query(statement, values)


async def test_a_projects_monitor_of_one_kind_is_found_through_an_index(tmp_path: Path) -> None:
    """Regression: migration 10 made the unique (project, kind) index partial, which SQLite uses
    only for queries repeating its WHERE: each heartbeat read every monitor, checks' too."""
    path = tmp_path / "plan.sqlite3"
    await apply_migrations(f"sqlite://{path}")
    with sqlite3.connect(path) as db:
        plan = db.execute(
            "EXPLAIN QUERY PLAN SELECT * FROM monitors WHERE project_id = ? AND kind = ?",
            (1, "heartbeat"),
        ).fetchall()
    assert "USING INDEX idx_monitors_project_kind" in str(plan)
