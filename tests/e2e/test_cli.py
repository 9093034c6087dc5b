"""The command line as a newcomer meets it."""

import sqlite3
from pathlib import Path

import orjson

from tests.e2e.app_process import AppProcess


def cli_app(tmp_path: Path, **env: str) -> AppProcess:
    return AppProcess(tmp_path, f"sqlite://{tmp_path}/cli.sqlite3", "http://127.0.0.1:9", **env)


async def test_missing_bot_token_is_one_clear_line_and_exit_2(tmp_path: Path) -> None:
    app = cli_app(tmp_path)
    env = {k: v for k, v in app.env.items() if k != "BOT_TOKEN"}
    code, _, err = await app.cli("run", env=env)
    assert code == 2
    assert err.strip() == "ошибка: BOT_TOKEN не задан: укажите его в окружении или в .env"
    code, _, err = await app.cli("run", env={**env, "DEFAULT_LOCALE": "en"})
    assert code == 2
    assert err.strip() == "error: BOT_TOKEN is not set: put it in the environment or in .env"


async def test_malformed_bot_token_is_one_clear_line_and_exit_2(tmp_path: Path) -> None:
    app = cli_app(tmp_path)
    code, _, err = await app.cli("run", env={**app.env, "BOT_TOKEN": "not-a-token"})
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert err.startswith("ошибка: BOT_TOKEN must look like 123456789:")


async def test_add_project_prints_token_and_snippets(tmp_path: Path) -> None:
    app = cli_app(tmp_path)
    code, out, _ = await app.cli(
        "add-project", "--name", "Мой проект", "--type", "bot", "--url", "https://example.com"
    )
    assert code == 0
    assert "Токен проекта: " in out
    assert f"curl -X POST {app.base_url}/api/v1/heartbeat" in out
    assert "DSN для любого Sentry SDK:\nhttp://" in out
    assert f"{app.base_url}/ping/" in out


async def test_add_project_json_and_list_projects_json(tmp_path: Path) -> None:
    app = cli_app(tmp_path)
    code, out, _ = await app.cli(
        "add-project", "--name", "A", "--type", "cron", "--timeout", "90s", "--json"
    )
    assert code == 0
    created = orjson.loads(out)
    assert {created["name"], created["type"], created["timeout_seconds"]} == {"A", "cron", 90}
    assert created["id"] and created["token"]
    code, out, _ = await app.cli("list-projects", "--json")
    assert [p["token"] for p in orjson.loads(out)] == [created["token"]]


async def test_bad_cli_input_is_refused_with_a_reason_in_the_operators_language(
    tmp_path: Path,
) -> None:
    app = cli_app(tmp_path)  # DEFAULT_LOCALE=ru
    code, _, err = await app.cli("add-project", "--name", "A", "--timeout", "soon")
    assert (code, err) == (
        2,
        "ошибка: Не понимаю длительность. Напишите, например: 90 сек, 15 мин, 1 ч 30 мин,"
        " 2 часа, 3 дня; можно и по-английски: 90s, 15m, 1h, 2d.\n",
    )
    await app.cli("add-project", "--name", "A")
    code, _, err = await app.cli("add-project", "--name", "A")
    assert (code, err) == (2, "ошибка: Проект с таким названием уже есть — выберите другое.\n")
    code, _, err = await app.cli("subscribe", "--chat-id", "1", "--project", "missing")
    assert (code, err) == (2, "ошибка: Проекта с таким id или названием нет.\n")
    english = {**app.env, "DEFAULT_LOCALE": "en"}
    code, _, err = await app.cli("subscribe", "--chat-id", "1", "--project", "gone", env=english)
    assert (code, err) == (2, "error: No project has this id or name.\n")
    code, _, err = await app.cli("add-project", "--name", "B", "--type", "toaster")
    assert code == 2 and "invalid choice" in err


async def test_migrate_then_add_admin(tmp_path: Path) -> None:
    app = cli_app(tmp_path)
    code, out, _ = await app.cli("migrate")
    assert code == 0 and "миграции" in out.lower()
    code, out, _ = await app.cli("migrate")
    assert code == 0 and "актуальном" in out
    code, out, _ = await app.cli("add-admin", "--telegram-id", "42")
    assert code == 0 and "42" in out
    english = {**app.env, "DEFAULT_LOCALE": "en"}
    code, out, _ = await app.cli("remove-admin", "--telegram-id", "42", env=english)
    assert (code, out) == (
        0,
        "User 42 is no longer an admin. "
        "Subscriptions stopped because their maker lost access: 0.\n",
    )
    code, out, _ = await app.cli("remove-admin", "--telegram-id", "42", env=english)
    assert code == 0 and "was not an admin" in out


async def test_a_database_locked_by_another_writer_is_one_clear_line_and_exit_1(
    tmp_path: Path,
) -> None:
    app = cli_app(tmp_path)
    assert (await app.cli("migrate"))[0] == 0
    path = tmp_path / "cli.sqlite3"
    impatient = {**app.env, "DATABASE_URL": f"sqlite://{path}?busy_timeout=100"}
    other_writer = sqlite3.connect(path, isolation_level=None)
    try:
        other_writer.execute("BEGIN IMMEDIATE")  # e.g. a long write of another process
        code, _, err = await app.cli("add-project", "--name", "api", env=impatient)
    finally:
        other_writer.close()
    assert code == 1
    assert err.strip().splitlines() == [
        "ошибка: база данных недоступна, повторите позже: database is locked"
    ]
    code, out, _ = await app.cli("list-projects", "--json", env=impatient)
    assert code == 0 and orjson.loads(out) == []  # nothing half-written; free again


async def test_browser_pages_from_the_shell(tmp_path: Path) -> None:
    app = cli_app(tmp_path)
    english = {**app.env, "DEFAULT_LOCALE": "en"}
    origins = "https://shop.example,https://*.shop.example"
    code, out, _ = await app.cli(
        "add-project", "--name", "Shop", "--origins", origins, "--json", env=english
    )
    assert code == 0 and orjson.loads(out)["allowed_origins"] == origins.split(",")
    code, out, _ = await app.cli("set-origins", "--project", "Shop", "--origins", "", env=english)
    assert (code, out) == (0, 'Project "Shop" takes browser reports from any page.\n')
    code, _, err = await app.cli(
        "set-origins", "--project", "Shop", "--origins", "shop.example", env=english
    )
    assert code == 2 and "https://*.shop.example" in err


async def test_checks_from_the_shell_as_written_in_the_issue(tmp_path: Path) -> None:
    app = cli_app(tmp_path, DEFAULT_LOCALE="en")
    assert (await app.cli("add-project", "--name", "Shop", "--type", "website"))[0] == 0
    code, out, _ = await app.cli(
        "add-check", "--project", "Shop", "--url", "https://shop.example",
        "--interval", "30s", "--timeout", "5s", "--keyword", "Add to cart",
        "--expect-status", "200", "--confirm", "3", "--json",
    )  # fmt: skip
    assert code == 0
    check = orjson.loads(out)
    assert check["url"] == "https://shop.example" and check["kind"] == "http"
    assert (check["interval_seconds"], check["timeout_seconds"]) == (30, 5)
    assert (check["keyword"], check["expected_status"], check["confirm"]) == (
        "Add to cart", "200-200", 3,
    )  # fmt: skip
    assert check["state"] == "new" and check["project"] == "Shop"
    code, out, _ = await app.cli("add-check", "--project", "1", "--url", "tcp://db.example:5432")
    assert code == 0 and "every 60 s" in out

    code, out, _ = await app.cli("list-checks", "--project", "Shop")
    lines = out.strip().splitlines()
    assert len(lines) == 2 and "https://shop.example every 30 s — new" in lines[0]
    code, out, _ = await app.cli("list-checks", "--json")
    assert [c["kind"] for c in orjson.loads(out)] == ["http", "tcp"]

    code, out, _ = await app.cli("delete-check", "--id", str(check["id"]))
    assert code == 0 and "is deleted" in out
    code, out, _ = await app.cli("list-checks", "--json")
    assert [c["url"] for c in orjson.loads(out)] == ["tcp://db.example:5432"]


async def test_a_bad_check_is_refused_with_the_reason(tmp_path: Path) -> None:
    app = cli_app(tmp_path, DEFAULT_LOCALE="en")
    assert (await app.cli("add-project", "--name", "Shop"))[0] == 0
    refusals = {
        ("--url", "ftp://shop.example"): "needs an http:// or https:// address, or tcp://",
        ("--url", "https://shop.example", "--interval", "2s"): "between 5 seconds and 24 hours",
        ("--url", "https://shop.example", "--timeout", "2m"): "between 1 and 60 seconds",
        ("--url", "https://shop.example", "--expect-status", "2xx"): "a code or a range",
        ("--url", "tcp://db.example:5432", "--keyword", "ok"): "cannot look for a keyword",
        ("--url", "https://shop.example", "--header", "no colon"): "Name: value",
    }
    for arguments, reason in refusals.items():
        code, _, err = await app.cli("add-check", "--project", "Shop", *arguments)
        assert code == 2, arguments
        assert err.startswith("error: ") and reason in err, (arguments, err)
    code, _, err = await app.cli("delete-check", "--id", "99")
    assert code == 2 and "no such check" in err
    code, out, _ = await app.cli("list-checks")
    assert "No checks yet" in out
