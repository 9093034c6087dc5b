"""Migrations: both sets match the models, and the seed's own SQL makes a working project."""

import subprocess
import sys
from pathlib import Path

from tortoise import connections

from models import Health, Project
from services.projects import find_reporting_project

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
