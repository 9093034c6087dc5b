"""Maintenance from the shell, as written in the issue: `main.py maintenance --project P
(--for 30m | --until 2026-12-31T18:00 | --end)`, weekly windows and the errors choice."""

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.e2e.app_process import AppProcess


def cli_app(tmp_path: Path) -> AppProcess:
    database = f"sqlite://{tmp_path}/cli.sqlite3"
    return AppProcess(tmp_path, database, "http://127.0.0.1:9", DEFAULT_LOCALE="en")


def windows(tmp_path: Path) -> list[tuple[str, str | None, str | None]]:
    with sqlite3.connect(tmp_path / "cli.sqlite3") as db:
        return db.execute(
            "SELECT kind, ends_at, timezone FROM maintenance_windows ORDER BY id"
        ).fetchall()


async def test_maintenance_from_the_shell_as_written_in_the_issue(tmp_path: Path) -> None:
    app = cli_app(tmp_path)
    assert (await app.cli("add-project", "--name", "Shop"))[0] == 0
    code, out, _ = await app.cli("maintenance", "--project", "Shop", "--for", "30m")
    assert code == 0 and 'Project "Shop" is in maintenance until' in out
    code, out, _ = await app.cli("maintenance", "--project", "Shop", "--list")
    assert 'Project "Shop" is in maintenance until' in out
    code, out, _ = await app.cli("maintenance", "--project", "Shop", "--end")
    assert code == 0 and 'Maintenance of "Shop" ended' in out
    code, out, _ = await app.cli("maintenance", "--project", "Shop", "--end")
    assert code == 0 and 'Project "Shop" is not in maintenance' in out

    soon = (datetime.now(UTC) + timedelta(days=2)).replace(microsecond=0, tzinfo=None)
    code, out, _ = await app.cli(
        "maintenance", "--project", "Shop", "--until", soon.isoformat(timespec="minutes"),
        "--tz", "Europe/Moscow",
    )  # fmt: skip
    assert code == 0, out
    moscow = soon - timedelta(hours=3)  # Moscow is UTC+3 all year
    assert f"until {moscow:%Y-%m-%d %H:%M}" in out
    code, out, _ = await app.cli(
        "maintenance", "--project", "1", "--until", f"{soon:%Y-%m-%dT%H:%M}+00:00"
    )
    assert code == 0 and f"until {soon:%Y-%m-%d %H:%M}" in out  # an offset wins over --tz


async def test_weekly_windows_and_the_errors_choice_from_the_shell(tmp_path: Path) -> None:
    app = cli_app(tmp_path)
    assert (await app.cli("add-project", "--name", "Shop"))[0] == 0
    code, out, _ = await app.cli(
        "maintenance", "--project", "Shop", "--weekly", "mon-fri", "--at", "02:00",
        "--for", "2h", "--tz", "Europe/Moscow",
    )  # fmt: skip
    assert code == 0 and 'Weekly window 1 added to project "Shop"' in out
    assert windows(tmp_path) == [("weekly", None, "Europe/Moscow")]
    code, out, _ = await app.cli("maintenance", "--project", "Shop", "--errors", "alert")
    assert code == 0 and 'Errors of "Shop" alert during maintenance' in out
    code, out, _ = await app.cli("maintenance", "--project", "Shop", "--list")
    assert "weekly window 1: mon,tue,wed,thu,fri at 02:00 for 120 min (Europe/Moscow)" in out
    assert "alert during maintenance" in out
    code, out, _ = await app.cli("maintenance", "--project", "Shop", "--remove-weekly", "1")
    assert code == 0 and 'Weekly window 1 of "Shop" is removed' in out
    assert windows(tmp_path) == []


async def test_bad_maintenance_input_is_refused_with_the_reason(tmp_path: Path) -> None:
    app = cli_app(tmp_path)
    assert (await app.cli("add-project", "--name", "Shop"))[0] == 0
    refusals = {
        ("--for", "soon"): "I do not understand that length",
        ("--for", "90d"): "from 1 minute to 30 days",
        ("--until", "2020-01-01T00:00"): "must be in the future",
        ("--until", "31.12.2026 18:00"): "Example: 2026-12-31T18:00",
        ("--until", "2026-12-31T18:00", "--tz", "Mars/Olympus"): "I do not know that time zone",
        ("--until", "2026-12-31T18:00", "--tz", "x" * 300): "I do not know that time zone",
        ("--weekly", "mon", "--at", "02:00", "--for", "1h", "--tz", "localtime"): "I do not know",
        ("--weekly", "mon-fri", "--at", "25:00", "--for", "1h"): "time of day",
        ("--weekly", "funday", "--at", "02:00", "--for", "1h"): "I do not understand those days",
        ("--weekly", "mon", "--for", "1h"): "needs --at",
        ("--for", "1h", "--end"): "Say one of",
        ("--remove-weekly", "7"): "no such weekly window",
    }
    for arguments, reason in refusals.items():
        code, _, err = await app.cli("maintenance", "--project", "Shop", *arguments)
        assert code == 2, arguments
        assert err.startswith("error: ") and reason in err, (arguments, err)
    assert windows(tmp_path) == []
