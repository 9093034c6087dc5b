"""`main.py backup` and `main.py restore` as an operator runs them: a backup while the app
takes heartbeats, restored into a new database with nothing missing, and a restore over data
refused with one clear line."""

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from api.app import SERVER_OPTIONS, create_api_app
from models import ProjectType
from services.accounts.projects import NewProject, create_project
from services.core.settings import Settings
from services.ingest.ingestor import Ingestor
from services.letters.outbox import OutboxSignal
from services.notify.notifier import Notifier
from services.storage.db import apply_migrations, close_orm, init_orm
from services.text.i18n import Translator
from tests.e2e.app_process import AppProcess
from tests.storage.test_moving import Load, backed_up_beats


@pytest.fixture
async def source(tmp_path: Path) -> AsyncIterator[str]:
    url = f"sqlite://{tmp_path}/app.sqlite3"
    await apply_migrations(url)
    await init_orm(url)
    try:
        yield url
    finally:
        await close_orm()


def tables_and_rows(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as db:
        names = [n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {n: db.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0] for n in names}


async def test_a_backup_under_load_restores_with_nothing_missing(
    source: str,
    tmp_path: Path,
    translator: Translator,
    aiohttp_client: Any,
    aiohttp_server: Any,
) -> None:
    settings = Settings(_env_file=None, database_url=source)
    doors = create_api_app(settings, Ingestor(Notifier(translator, "ru"), OutboxSignal()))
    api = await aiohttp_client(await aiohttp_server(doors, **SERVER_OPTIONS))
    project = await create_project(NewProject("Busy", ProjectType.BOT))
    shell = AppProcess(tmp_path, source, "http://127.0.0.1:9", DEFAULT_LOCALE="en")
    backup = tmp_path / "nightly.sqlite3"
    load = Load(api, project)
    async with load.running():
        await load.until_answered(20)
        before = list(load.answered)
        code, out, err = await shell.cli("backup", "--to", str(backup))
        assert (code, err) == (0, ""), out
        assert f"Backup written to {backup}:" in out
        assert "heartbeats: " in out
    assert set(before) <= backed_up_beats(backup)  # and PRAGMA integrity_check says ok

    restored = tmp_path / "restored.sqlite3"
    elsewhere = {**shell.env, "DATABASE_URL": f"sqlite://{restored}"}
    code, out, err = await shell.cli("restore", "--from", str(backup), env=elsewhere)
    assert (code, err) == (0, ""), out
    assert "Start the app again." in out
    assert set(before) <= backed_up_beats(restored)
    assert tables_and_rows(restored) == tables_and_rows(backup)

    kept = tables_and_rows(restored)
    code, out, err = await shell.cli("restore", "--from", str(backup), env=elsewhere)
    assert code == 2
    assert err.strip() == (
        "error: the database already has data: import and restore only into an empty "
        "database, or add --replace to delete what is there first. Nothing was changed."
    )
    assert tables_and_rows(restored) == kept
