"""Migrations for both dialects (aerich writes SQL for one dialect, so each has its own set).

    .venv/bin/python scripts/make_migrations.py <name>     # after a model change: write both
    .venv/bin/python scripts/make_migrations.py --check    # exit 1 if models and a set drifted

Generation runs against real databases: a temporary SQLite file and a temporary database on the
PostgreSQL server in $MIGRATIONS_POSTGRES (default postgresql://postgres@127.0.0.1:5432)."""

import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import asyncpg
from aerich import Command

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from services.storage.db import APP, migrations_location, tortoise_config

SERVER = os.environ.get("MIGRATIONS_POSTGRES", "postgresql://postgres@127.0.0.1:5432")
DIALECTS = ("sqlite", "postgres")


async def generate(database_url: str, name: str) -> None:
    location = migrations_location(database_url)
    has_history = any((location / APP).glob("*.py"))
    async with Command(tortoise_config(database_url), app=APP, location=str(location)) as cmd:
        if not has_history:
            await cmd.init_db(safe=True)
            print(f"{location}: initial migration written")
            return
        await cmd.init()
        await cmd.upgrade(run_in_transaction=True)
        await cmd.init()  # reads the applied state the diff starts from
        written = await cmd.migrate(name=name, no_input=True)
        print(f"{location}: {written or 'no changes'}")


async def drift(database_url: str) -> str:
    """The migration aerich would write now; empty when the set matches the models."""
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "migrations"
        shutil.copytree(migrations_location(database_url), copy)
        cmd = Command(tortoise_config(database_url), app=APP, location=str(copy))
        async with cmd:
            await cmd.init(offline=True)
            written = await cmd.migrate(name="drift", no_input=True, offline=True)
            return (copy / APP / written).read_text() if written else ""


async def with_scratch_postgres(work: str, name: str) -> None:
    scratch = f"em_migrations_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(f"{SERVER}/postgres")
    await admin.execute(f'CREATE DATABASE "{scratch}"')
    try:
        url = f"postgres://{SERVER.split('://', 1)[1]}/{scratch}"
        if work == "generate":
            await generate(url, name)
        else:
            difference = await drift(url)
            if difference:
                sys.exit(f"postgres migrations drifted from the models:\n{difference}")
    finally:
        await admin.execute(f'DROP DATABASE "{scratch}" WITH (FORCE)')
        await admin.close()


async def with_scratch_sqlite(work: str, name: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite://{folder}/scratch.sqlite3"
        if work == "generate":
            await generate(url, name)
        elif difference := await drift(url):
            sys.exit(f"sqlite migrations drifted from the models:\n{difference}")


def main(work: str, name: str, dialect: str | None) -> None:
    if dialect is None:
        # One process per dialect: tortoise caches compiled SQL per connection name.
        for each in DIALECTS:
            if subprocess.run([sys.executable, __file__, work, name, each]).returncode:
                sys.exit(1)
        return
    runner = with_scratch_sqlite if dialect == "sqlite" else with_scratch_postgres
    asyncio.run(runner(work, name))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--check"]:
        main("check", "", None)
    elif sys.argv[1] in ("check", "generate"):
        main(sys.argv[1], sys.argv[2], sys.argv[3])
    else:
        main("generate", sys.argv[1], None)
