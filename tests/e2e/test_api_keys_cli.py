"""API keys from the shell, as written in the issue: `main.py add-api-key --name N [--read-only]
[--project P] [--json]` prints the key once (one subprocess: the command line itself is what is
tested); list-api-keys and revoke-api-key run in-process."""

import argparse
import hashlib
import sqlite3
from pathlib import Path

import orjson
import pytest

from cli import api_keys as cli_keys
from services.accounts import api_keys
from services.core.errors import NotFound
from services.core.settings import Settings
from services.text.i18n import Translator
from tests.conftest import make_project
from tests.e2e.app_process import AppProcess

SQLITE_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


async def test_add_api_key_prints_the_key_once_and_keeps_its_hash(tmp_path: Path) -> None:
    app = AppProcess(tmp_path, f"sqlite://{tmp_path}/cli.sqlite3", "http://127.0.0.1:9")
    code, out, err = await app.cli("add-api-key", "--name", "deploy", "--read-only", "--json")
    assert code == 0, err
    shown = orjson.loads(out)
    assert shown["key"].startswith("em_") and len(shown["key"]) == 43
    assert (shown["name"], shown["read_only"], shown["project_id"]) == ("deploy", True, None)
    with sqlite3.connect(tmp_path / "cli.sqlite3") as db:
        rows = db.execute("SELECT key_hash, prefix FROM api_keys").fetchall()
    assert rows == [(hashlib.sha256(shown["key"].encode()).hexdigest(), shown["key"][:8])]
    assert shown["key"] not in (tmp_path / "cli.sqlite3").read_bytes().decode("latin-1")


@SQLITE_ONLY
async def test_keys_are_listed_without_the_key_and_revoked(
    db: str, translator: Translator, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = Settings(_env_file=None, database_url=db, default_locale="en")
    await make_project(name="Shop")
    made = argparse.Namespace(name="terraform", read_only=False, project="Shop", json=False)
    await cli_keys.add_api_key(made, settings, translator)
    said, plain = capsys.readouterr().out.splitlines()
    assert said.startswith('API key "terraform" made (read and write, project "Shop" only)')
    [key] = await api_keys.list_keys()
    await cli_keys.list_api_keys(argparse.Namespace(json=False), settings, translator)
    listed = capsys.readouterr().out
    assert f'{key.id}. terraform ({plain[:8]}…): read and write, project "Shop" only' in listed
    assert plain not in listed
    await cli_keys.revoke_api_key(argparse.Namespace(id=key.id), settings, translator)
    assert "is revoked" in capsys.readouterr().out
    await cli_keys.list_api_keys(argparse.Namespace(json=True), settings, translator)
    assert orjson.loads(capsys.readouterr().out) == []


@pytest.mark.parametrize("reference", ["99999999999999999999", "2147483648", "²"])
async def test_a_project_or_key_id_no_row_can_have_is_not_found(
    db: str, translator: Translator, reference: str
) -> None:
    """Ids beyond the column (or digits that are not 0-9) name nothing: the one line of a
    NotFound (exit 2), not a traceback from the database driver."""
    settings = Settings(_env_file=None, database_url=db, default_locale="en")
    made = argparse.Namespace(name="deploy", read_only=False, project=reference, json=False)
    with pytest.raises(NotFound):
        await cli_keys.add_api_key(made, settings, translator)
    if reference.isascii():
        with pytest.raises(NotFound):
            await cli_keys.revoke_api_key(
                argparse.Namespace(id=int(reference)), settings, translator
            )
