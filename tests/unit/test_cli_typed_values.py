"""The command line reads durations and zones as people type them (in process: the parser,
the dispatch and the refusal are what is tested, not the process around them)."""

import logging
import sys
import threading
from pathlib import Path

import orjson
import pytest

from cli.commands import USAGE_ERROR, main


async def never_run(settings: object) -> None:
    raise AssertionError("only `run` starts the app")


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    """`main.py <args>` against a fresh SQLite file: (exit code, stdout, stderr)."""
    monkeypatch.chdir(tmp_path)  # no .env of the checkout
    monkeypatch.setenv("DATABASE_URL", f"sqlite://{tmp_path / 'cli.sqlite3'}")
    monkeypatch.setenv("DEFAULT_LOCALE", "en")
    # main() sets up logging for the process; these are restored after the test.
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)

    def call(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv), never_run)
        out, err = capsys.readouterr()
        return code, out, err

    yield call
    logging.captureWarnings(False)


def test_add_project_takes_a_timeout_of_15_minutes_in_russian(cli) -> None:
    code, out, err = cli("add-project", "--name", "Shop", "--timeout", "15 мин", "--json")
    assert (code, err) == (0, "")
    assert orjson.loads(out)["timeout_seconds"] == 900


def test_a_zone_that_is_none_exits_2_with_the_reason(cli) -> None:
    code, out, err = cli(
        "add-project", "--name", "Backup", "--schedule", "0 3 * * *", "--tz", "Mars/Olympus"
    )
    assert (code, out) == (USAGE_ERROR, "")
    assert "I do not know that time zone" in err and "+5:30" in err
    code, out, err = cli(
        "add-project", "--name", "Backup", "--schedule", "0 3 * * *", "--tz", "+5:30",
        "--grace", "1 час 30 минут", "--json",
    )  # fmt: skip
    assert (code, err) == (0, "")
    created = orjson.loads(out)
    assert (created["schedule_tz"], created["grace_seconds"]) == ("UTC+05:30", 5400)
