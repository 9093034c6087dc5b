"""Migrations: both sets match the models, and the seed's own SQL makes a working project."""

import asyncio
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from aerich import Command
from tortoise import connections
from tortoise.backends.base.executor import EXECUTOR_CACHE

from models import Health, Invite, Project, WatchClock
from services.accounts.projects import find_reporting_project
from services.storage.db import (
    APP,
    apply_migrations,
    close_orm,
    init_orm,
    migrations_location,
    tortoise_config,
)

ROOT = Path(__file__).resolve().parents[2]
SEED_INSERT = (
    "INSERT INTO projects (name, type, token, url, is_active) "
    "VALUES ('Мой проект', 'bot', 'ваш-уникальный-токен', 'https://example.com', {active});"
)


def test_both_migration_sets_match_the_models() -> None:
    """Fails when a model changed without `make migrations` (aerich diffs each set offline)."""
    check = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_migrations.py"), "--check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
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
    older = tmp_path / "migrations"
    shutil.copytree(migrations_location(database_url), older)
    for newer in (older / APP).glob("[6-9]_*.py"):
        newer.unlink()
    latest = datetime(2026, 12, 1, 8, 30, 15, 123456, tzinfo=UTC)

    async def before_the_upgrade() -> None:
        async with Command(tortoise_config(database_url), app=APP, location=str(older)) as cmd:
            await cmd.init()
            await cmd.upgrade(run_in_transaction=True)
        await init_orm(database_url)
        try:
            for number, at in enumerate((latest - timedelta(hours=2), latest, None)):
                await insert_project(database_url, f"p{number}", at)
        finally:
            await close_orm()

    async def after_the_upgrade() -> datetime:
        await init_orm(database_url)
        try:
            return (await WatchClock.get(id=1)).checked_at
        finally:
            await close_orm()

    EXECUTOR_CACHE.clear()  # compiled for whichever dialect the last test used
    await asyncio.create_task(before_the_upgrade())
    applied = await asyncio.create_task(apply_migrations(database_url))
    assert [name for name in applied if name.startswith("6_")]
    assert await asyncio.create_task(after_the_upgrade()) == latest


async def test_an_upgraded_database_keeps_withdrawn_reusable_links_withdrawn(
    database_url: str, tmp_path: Path
) -> None:
    """Before withdrawal had its own column, a reusable link was withdrawn by setting its
    used_at: after the upgrade it is cancelled, and still refused."""
    older = tmp_path / "migrations"
    shutil.copytree(migrations_location(database_url), older)
    for newer in (older / APP).glob("[7-9]_*.py"):
        newer.unlink()
    withdrawn = datetime(2026, 12, 1, 8, 30, tzinfo=UTC)

    async def before_the_upgrade() -> None:
        async with Command(tortoise_config(database_url), app=APP, location=str(older)) as cmd:
            await cmd.init()
            await cmd.upgrade(run_in_transaction=True)
        await init_orm(database_url)
        try:
            project_id = await insert_project(database_url, "p")
            insert = (
                "INSERT INTO invites (code, project_id, role, created_by, single_use, used_at) "
                "VALUES ($1, $2, 'viewer', 1, $3, $4)"
            )
            if database_url.startswith("sqlite"):
                insert = insert.replace("$1", "?").replace("$2", "?").replace("$3", "?")
                insert = insert.replace("$4", "?")
            db = connections.get("default")
            await db.execute_query(insert, ["team", project_id, False, withdrawn])
            await db.execute_query(insert, ["once", project_id, True, withdrawn])
        finally:
            await close_orm()

    async def after_the_upgrade() -> list[tuple[str, datetime | None, datetime | None]]:
        await init_orm(database_url)
        try:
            invites = await Invite.all().order_by("code")
            return [(i.code, i.used_at, i.cancelled_at) for i in invites]
        finally:
            await close_orm()

    EXECUTOR_CACHE.clear()
    await asyncio.create_task(before_the_upgrade())
    applied = await asyncio.create_task(apply_migrations(database_url))
    assert [name for name in applied if name.startswith("7_")]
    assert await asyncio.create_task(after_the_upgrade()) == [
        ("once", withdrawn, None),  # a single-use link's used_at is its redemption
        ("team", None, withdrawn),
    ]


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
