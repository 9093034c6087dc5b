"""Cron schedules from the shell, as the issue writes the commands, on both databases."""

from pathlib import Path

import orjson

from tests.e2e.app_process import AppProcess


def cli_app(tmp_path: Path, database_url: str) -> AppProcess:
    return AppProcess(tmp_path, database_url, "http://127.0.0.1:9", DEFAULT_LOCALE="en")


async def test_a_project_on_a_schedule_from_the_shell(tmp_path: Path, database_url: str) -> None:
    app = cli_app(tmp_path, database_url)
    code, out, err = await app.cli(
        "add-project", "--name", "Backup", "--type", "cron",
        "--schedule", "0 3 * * *", "--tz", "Europe/Moscow", "--grace", "30m", "--json",
    )  # fmt: skip
    assert (code, err) == (0, "")
    created = orjson.loads(out)
    assert (created["schedule"], created["schedule_tz"], created["grace_seconds"]) == (
        "0 3 * * *",
        "Europe/Moscow",
        1800,
    )
    code, out, _ = await app.cli("add-project", "--name", "Sync", "--schedule", "@hourly")
    assert code == 0
    assert 'Project "Sync" is expected on "@hourly" (UTC), grace 1 h. Next runs: ' in out
    assert out.startswith('Project "Sync" created (id 2, type other).\nProject "Sync" is')
    assert "silence timeout" not in out  # the schedule watches it, not the timeout
    code, out, _ = await app.cli("list-projects", "--json")
    listed = {p["name"]: p for p in orjson.loads(out)}
    assert listed["Sync"]["grace_seconds"] == 3600 and listed["Sync"]["schedule_tz"] == "UTC"

    code, out, err = await app.cli(
        "set-schedule", "--project", "Backup",
        "--schedule", "30 2 * * 1-5", "--tz", "Europe/Berlin", "--grace", "10m",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert 'Project "Backup" is expected on "30 2 * * 1-5" (Europe/Berlin), grace 10 min.' in out
    assert out.count(" 02:30 CE") == 3  # three runs, in the zone (CET or CEST)

    code, out, _ = await app.cli("set-schedule", "--project", "Backup", "--timeout", "2h")
    assert code == 0
    assert out.strip() == 'Project "Backup" has a plain silence timeout again: 2 hours.'
    code, out, _ = await app.cli("list-projects", "--json")
    backup = {p["name"]: p for p in orjson.loads(out)}["Backup"]
    assert (backup["schedule"], backup["schedule_tz"], backup["grace_seconds"]) == (
        None,
        None,
        None,
    )
    assert backup["timeout_seconds"] == 7200


async def test_a_bad_schedule_or_zone_is_refused_naming_the_problem(
    tmp_path: Path, database_url: str
) -> None:
    app = cli_app(tmp_path, database_url)
    code, _, err = await app.cli("add-project", "--name", "A", "--schedule", "0 3 * *")
    assert code == 2
    assert err.startswith("error: I do not understand that schedule. Use 5 cron fields")
    code, _, err = await app.cli(
        "add-project", "--name", "A", "--schedule", "0 3 * * *", "--tz", "Mars/Olympus"
    )
    assert (code, err) == (
        2,
        "error: I do not know that time zone. Send an IANA name like Europe/Moscow, Asia/Kolkata"
        " or America/New_York, or an offset from UTC like +3, +5:30 or -03:30.\n",
    )
    code, _, err = await app.cli(
        "add-project", "--name", "A", "--schedule", "@daily", "--grace", "soon"
    )
    assert code == 2 and err.startswith("error: I do not understand that grace time.")
    code, _, err = await app.cli("add-project", "--name", "A", "--tz", "UTC")
    assert code == 2 and "--tz and --grace go with --schedule" in err
    code, out, _ = await app.cli("list-projects", "--json")
    assert orjson.loads(out) == []  # nothing was created by the refused commands
    await app.cli("add-project", "--name", "A")
    code, _, err = await app.cli(
        "set-schedule", "--project", "A", "--schedule", "0 3 * * *", "--tz", "Europe/Mosco"
    )
    assert code == 2 and "I do not know that time zone" in err
    code, _, err = await app.cli(
        "set-schedule", "--project", "A", "--schedule", "@daily", "--timeout", "1h"
    )
    assert code == 2 and "not allowed with argument" in err
    russian = {**app.env, "DEFAULT_LOCALE": "ru"}
    code, _, err = await app.cli("set-schedule", "--project", "A", "--schedule", "x", env=russian)
    assert code == 2 and err.startswith("ошибка: Не понимаю расписание.")
