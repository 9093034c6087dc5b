"""The escalation chain from the shell, as the issue writes it: `main.py escalation --project P
--after 15m --chat-id C` adds a step (`--mention` optional), `--clear` removes them, and the
command alone lists them; bad input is one translated line and exit 2. On both databases."""

from pathlib import Path

import orjson

from tests.e2e.app_process import AppProcess


async def test_steps_are_added_listed_and_cleared_from_the_shell(
    database_url: str, tmp_path: Path
) -> None:
    app = AppProcess(tmp_path, database_url, "http://127.0.0.1:9", DEFAULT_LOCALE="en")
    assert (await app.cli("add-project", "--name", "Shop"))[0] == 0
    code, out, _ = await app.cli("escalation", "--project", "Shop")
    assert code == 0 and out.startswith('"Shop" has no escalation steps.')

    code, out, _ = await app.cli(
        "escalation", "--project", "Shop", "--after", "30m", "--chat-id", "-1001234567890"
    )
    assert (code, out) == (0, "1. after 1800 s → chat -1001234567890, mention: —\n")
    # A person's own chat: someone who sees the project (an admin sees them all).
    assert (await app.cli("add-admin", "--telegram-id", "42"))[0] == 0
    code, out, _ = await app.cli(
        "escalation", "--project", "Shop", "--after", "15m", "--chat-id", "42", "--mention", "@ann"
    )
    assert code == 0
    assert out.splitlines() == [
        "1. after 900 s → chat 42, mention: @ann",
        "2. after 1800 s → chat -1001234567890, mention: —",
    ]
    code, out, _ = await app.cli("escalation", "--project", "Shop", "--json")
    listed = [(s["after_seconds"], s["chat_id"], s["mention"]) for s in orjson.loads(out)]
    assert listed == [(900, 42, "@ann"), (1800, -1001234567890, None)]

    code, out, _ = await app.cli("escalation", "--project", "Shop", "--clear")
    assert (code, out) == (0, 'Escalation of "Shop": 2 steps removed.\n')
    code, out, _ = await app.cli("escalation", "--project", "Shop", "--json")
    assert orjson.loads(out) == []


async def test_a_bad_step_is_refused_with_the_reason(tmp_path: Path) -> None:
    app = AppProcess(tmp_path, f"sqlite://{tmp_path}/cli.sqlite3", "http://127.0.0.1:9")
    await app.cli("add-project", "--name", "Shop")
    refusals = {
        ("--after", "soon", "--chat-id", "-5"): "ошибка: Не понимаю эту задержку. "
        "Напишите, например: 90 сек, 15 мин, 1 ч 30 мин, 2 часа, 3 дня; можно и по-английски:"
        " 90s, 15m, 1h, 2d.\n",
        ("--after", "15m", "--chat-id", "ops"): "ошибка: Id чата — целое число, у групп "
        "отрицательное, например -1001234567890.\n",
        ("--after", "15m", "--chat-id", "42"): "ошибка: Это не человек с доступом к проекту "
        "и не чат, подписанный на него: шаг может оповещать только тех, кто видит проект.\n",
        ("--after", "15m"): "ошибка: Для шага нужны и --after (например, 15m), и --chat-id.\n",
        ("--clear", "--after", "15m"): "ошибка: --clear удаляет все шаги: укажите его без "
        "--after, --chat-id и --mention.\n",
    }
    for arguments, expected in refusals.items():
        code, _, err = await app.cli("escalation", "--project", "Shop", *arguments)
        assert (code, err) == (2, expected), arguments
    code, out, _ = await app.cli("escalation", "--project", "Shop", "--json")
    assert orjson.loads(out) == []
    code, _, err = await app.cli("escalation", "--project", "Nope", "--clear")
    assert (code, err) == (2, "ошибка: Проекта с таким id или названием нет.\n")
    # A chat the operator subscribed hears the project: it may be a step too.
    await app.cli("subscribe", "--chat-id", "42", "--project", "Shop")
    code, _, err = await app.cli(
        "escalation", "--project", "Shop", "--after", "15m", "--chat-id", "42"
    )
    assert (code, err) == (0, "")
