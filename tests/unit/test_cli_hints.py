"""The hints the command line prints (`No projects yet. Add one: …`) name the command as the
operator typed it: `error-monitor` where the console command runs, `python main.py` from the
checkout. A hint naming the other one sends them to a command that may not work where they are."""

import logging
import sys
import threading
from pathlib import Path

import pytest

from cli.commands import main


async def never_run(settings: object) -> None:
    raise AssertionError("only `run` starts the app")


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    """(prog, *args) against a fresh SQLite file: (exit code, stdout, stderr)."""
    monkeypatch.chdir(tmp_path)  # no .env of the checkout
    monkeypatch.setenv("DATABASE_URL", f"sqlite://{tmp_path / 'cli.sqlite3'}")
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)

    def call(prog: str, *argv: str) -> tuple[int, str, str]:
        code = main(list(argv), never_run, prog)
        out, err = capsys.readouterr()
        return code, out, err

    yield call
    logging.captureWarnings(False)


@pytest.mark.parametrize("prog", ["error-monitor", "python main.py"])
@pytest.mark.parametrize("locale", ["en", "ru"])
def test_every_empty_list_hints_at_the_command_as_typed(
    cli, prog: str, locale: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DEFAULT_LOCALE", locale)
    other = "python main.py" if prog == "error-monitor" else "error-monitor"
    for listing, hint in [
        (("list-projects",), "add-project"),
        (("list-checks",), "add-check"),
        (("list-api-keys",), "add-api-key"),
        (("escalation", "--project", "Shop"), "escalation --project"),
    ]:
        if listing[0] == "escalation":
            assert cli(prog, "add-project", "--name", "Shop", "--type", "bot")[0] == 0
        code, out, err = cli(prog, *listing)
        assert (code, err) == (0, ""), listing
        assert f"{prog} {hint}" in out, out
        assert other not in out, out
