"""The JavaScript SDK (sdk/js) against the real app: its whole `npm test`, the live tests
included, runs with a real project's token, and what it sent reaches the subscribed Telegram chat.

Node.js 18+ and `sdk/js/node_modules` are required (the Makefile installs them with
`npm ci`): without them this test fails, it does not skip. The real @sentry/node feeds the
server's Sentry endpoint too.
"""

import asyncio
import os
import re
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.e2e.app_process import ROOT, AppProcess
from tests.telegram_double import TelegramDouble

SDK = ROOT / "sdk" / "js"
INSTALL = "cd sdk/js && npm ci --no-audit --no-fund"
CHAT = 5301
PROJECT = "JS SDK"
NPM_TEST_TIMEOUT = 300
# Texts the SDK's live tests send (sdk/js/tests/live.test.js, support/crash.js, sentry.test.js).
LIVE_SKIP_REASON = "EM_API_URL and EM_TOKEN are not set"
HEARTBEAT_SEEN = ("✅ Проект активен", f"📝 Проект: {PROJECT}", "🔄 Версия: js-sdk-live")
ERROR_SEEN = ("Тип: ValueError", "Сообщение: boom from the js sdk", "Важность: error")
CRASH_SEEN = ("Тип: Error", "Сообщение: crash from the fixture", "Важность: critical")
SENTRY_SEEN = ("from sentry node",)


def require_node_and_sdk_install() -> None:
    for tool in ("node", "npm"):
        if shutil.which(tool) is None:
            pytest.fail(f"`{tool}` is not on PATH: the JS SDK tests need Node.js 18+ and npm")
    if not (SDK / "node_modules").is_dir():
        pytest.fail(f"sdk/js/node_modules is missing: run `{INSTALL}` (make test does)")


@pytest.fixture
async def telegram() -> AsyncIterator[TelegramDouble]:
    async with TelegramDouble() as double:
        yield double


@pytest.fixture
async def app(telegram: TelegramDouble, tmp_path: Path) -> AsyncIterator[AppProcess]:
    require_node_and_sdk_install()  # before spending seconds on starting the app
    process = AppProcess(tmp_path, f"sqlite://{tmp_path}/x.sqlite3", telegram.url)
    await process.start()
    try:
        yield process
    finally:
        await process.stop()


async def subscribed_project(app: AppProcess, telegram: TelegramDouble) -> dict[str, object]:
    telegram.add_user(CHAT, language_code="ru")
    telegram.send_text(CHAT, "/start")
    await telegram.wait_for_messages(CHAT, 1, timeout=10)
    project = await app.add_project(PROJECT)
    await app.subscribe(CHAT, PROJECT)
    return project


def sdk_env(app: AppProcess, project: dict[str, object]) -> dict[str, str]:
    env = {**os.environ, "EM_API_URL": f"{app.base_url}/api/v1", "EM_TOKEN": str(project["token"])}
    env["EM_SENTRY_DSN"] = f"http://{project['token']}@127.0.0.1:{app.port}/{project['id']}"
    return env


async def npm_test(env: dict[str, str]) -> tuple[int, str]:
    # Async on purpose: the Telegram double runs in this event loop and must keep answering.
    child = await asyncio.create_subprocess_exec(
        "npm",
        "test",
        cwd=SDK,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    try:
        output, _ = await asyncio.wait_for(child.communicate(), NPM_TEST_TIMEOUT)
    except TimeoutError:
        child.kill()
        await child.wait()
        raise AssertionError(f"npm test took longer than {NPM_TEST_TIMEOUT} s") from None
    assert child.returncode is not None
    return child.returncode, output.decode(errors="replace")


def failures(output: str) -> str:
    """The failed tests' TAP blocks, or the end of the output when none were printed."""
    blocks = re.findall(r"^\s*not ok .*?(?=^\s*(?:ok|not ok) |\Z)", output, re.M | re.S)
    return "\n".join(blocks)[:20000] or output[-8000:]


def message_with(telegram: TelegramDouble, fragments: tuple[str, ...]) -> str | None:
    for message in telegram.messages_to(CHAT):
        if all(fragment in message.visible_text for fragment in fragments):
            return message.visible_text
    return None


async def wait_for_message_with(telegram: TelegramDouble, fragments: tuple[str, ...]) -> None:
    try:
        await telegram.wait_for(lambda: message_with(telegram, fragments), timeout=30)
    except TimeoutError:
        seen = "\n---\n".join(m.visible_text for m in telegram.messages_to(CHAT))
        refused = [(c.status, c.description) for c in telegram.calls if (c.status or 200) >= 400]
        raise AssertionError(
            f"no message in the chat has {fragments}; it got:\n{seen}\nrefused: {refused}"
        ) from None


async def test_js_sdk_reports_from_npm_test_reach_the_subscribed_chat(
    app: AppProcess, telegram: TelegramDouble
) -> None:
    project = await subscribed_project(app, telegram)
    code, output = await npm_test(sdk_env(app, project))
    assert code == 0, failures(output)
    assert LIVE_SKIP_REASON not in output, "the live tests were skipped"
    for fragments in (HEARTBEAT_SEEN, ERROR_SEEN, CRASH_SEEN, SENTRY_SEEN):
        await wait_for_message_with(telegram, fragments)
