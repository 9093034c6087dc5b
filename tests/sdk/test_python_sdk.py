"""The Python SDK (sdk/python, installed as `error_monitor`) against the real app in a child
process and the Telegram double: what a subscribed chat sees, the exact bodies it sends, and
that a dead server never becomes the host program's problem."""

import asyncio
import contextlib
import logging
import sys
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from aiohttp import web
from error_monitor import ErrorMonitor, ErrorMonitorHandler, Outcome

from tests.contracts import load, matches
from tests.e2e.app_process import AppProcess
from tests.telegram_double import TelegramDouble

CHAT = 5101
PROJECT = "Сервис на SDK"


# One app and one subscribed chat serve the delivery tests (each CLI call costs seconds).
pytestmark = pytest.mark.asyncio(loop_scope="module")


@dataclass
class Served:
    app: AppProcess
    telegram: TelegramDouble
    token: str

    @property
    def api_url(self) -> str:
        return f"{self.app.base_url}/api/v1"

    async def new_texts(self, seen_before: int, count: int) -> list[str]:
        """The visible texts of the next `count` messages to the chat after `seen_before`."""
        messages = await self.telegram.wait_for_messages(CHAT, seen_before + count, timeout=15)
        return [message.visible_text for message in messages[seen_before:]]


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def served(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Served]:
    async with TelegramDouble() as telegram, running_app(telegram, tmp_path_factory) as app:
        telegram.add_user(CHAT, first_name="Анна", language_code="ru")
        telegram.send_text(CHAT, "/start")
        await telegram.wait_for_messages(CHAT, 1, timeout=10)
        project = await app.add_project(PROJECT)
        await app.subscribe(CHAT, PROJECT)
        yield Served(app, telegram, str(project["token"]))


@contextlib.asynccontextmanager
async def running_app(
    telegram: TelegramDouble, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[AppProcess]:
    workdir = tmp_path_factory.mktemp("app")
    process = AppProcess(workdir, f"sqlite://{workdir}/x.sqlite3", telegram.url)
    await process.start()
    try:
        yield process
    finally:
        await process.stop()


@pytest.fixture
def monitors() -> Iterator[list[ErrorMonitor]]:
    """Monitors made by a test, closed after it (no waiting at interpreter exit)."""
    made: list[ErrorMonitor] = []
    yield made
    for monitor in made:
        monitor.close(timeout=0)


def new_monitor(monitors: list[ErrorMonitor], token: str, api_url: str) -> ErrorMonitor:
    monitor = ErrorMonitor(project_token=token, api_url=api_url, flush_at_exit=0)
    monitors.append(monitor)
    return monitor


async def test_the_seeds_snippet_reaches_telegram_as_the_seeds_notifications(
    served: Served, monitors: list[ErrorMonitor]
) -> None:
    before = len(served.telegram.messages_to(CHAT))
    monitor = ErrorMonitor(project_token=served.token, api_url=served.api_url)
    monitors.append(monitor)
    assert await monitor.send_heartbeat(version="1.0.0", additional_data={"env": "production"})
    try:
        raise ValueError("boom")
    except Exception as e:
        assert await monitor.send_error(e, context={"important": "data"})
    heartbeat, error = await served.new_texts(before, 2)
    assert heartbeat.startswith("✅ Проект активен\n\n📝 Проект: Сервис на SDK")
    assert "🔄 Версия: 1.0.0" in heartbeat
    assert "• env: production" in heartbeat
    assert error.startswith(
        "🚨 Новая ошибка в проекте\n\nПроект: Сервис на SDK\nТип: ValueError\nСообщение: boom\n"
        "Важность: error\n"
    )
    assert "• important: data" in error


class RecordingServer:
    """Stands in for the API at /api/v1 and keeps each request the SDK sent."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str, Any]] = []
        self.runner: web.AppRunner | None = None
        self.url = ""

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/api/v1/{door}", self.record)
        self.runner = web.AppRunner(app)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        port = self.runner.addresses[0][1]
        self.url = f"http://127.0.0.1:{port}/api/v1"

    async def record(self, request: web.Request) -> web.Response:
        self.requests.append((request.method, request.path, await request.json()))
        return web.json_response({"ok": True}, status=200)


@pytest_asyncio.fixture(loop_scope="module")
async def recorder() -> AsyncIterator[RecordingServer]:
    server = RecordingServer()
    await server.start()
    yield server
    assert server.runner is not None
    await server.runner.cleanup()


async def test_the_sdk_sends_exactly_the_contract_bodies(
    recorder: RecordingServer, monitors: list[ErrorMonitor]
) -> None:
    monitor = new_monitor(monitors, "contract-token", recorder.url)
    assert await monitor.send_heartbeat(version="1.0.0", additional_data={"env": "production"})
    assert await monitor.send_error(ValueError("boom"), context={"important": "data"})
    contracts = [load("heartbeat.sdk.json"), load("log.sdk.json")]
    assert len(recorder.requests) == len(contracts)
    for (method, path, body), contract in zip(recorder.requests, contracts, strict=True):
        assert (method, path) == (contract["method"], contract["path"])
        assert matches(body, contract["body"], "contract-token"), body


async def test_the_sync_client_and_the_logging_handler_deliver(
    served: Served, monitors: list[ErrorMonitor]
) -> None:
    before = len(served.telegram.messages_to(CHAT))
    monitor = new_monitor(monitors, served.token, served.api_url)
    beat = monitor.heartbeat(version="2.0.0")
    assert await asyncio.to_thread(beat.wait, 10)
    log = logging.getLogger("sdk_e2e.payments")
    handler = ErrorMonitorHandler(monitor)
    log.addHandler(handler)
    try:
        raise KeyError("card")
    except KeyError:
        log.exception("payment failed", extra={"context": {"order": 17}})
    finally:
        log.removeHandler(handler)
    assert await asyncio.to_thread(monitor.flush, 10)
    heartbeat, error = await served.new_texts(before, 2)
    assert heartbeat.startswith("✅ Проект активен") and "🔄 Версия: 2.0.0" in heartbeat
    assert error.startswith("🚨 Новая ошибка в проекте")
    assert "Тип: KeyError\nСообщение: payment failed\nВажность: error" in error
    assert "• order: 17" in error


@pytest_asyncio.fixture(loop_scope="module")
async def lone_app(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[AppProcess]:
    async with TelegramDouble() as telegram, running_app(telegram, tmp_path_factory) as app:
        yield app


async def test_a_killed_server_never_raises_into_the_app_and_flush_keeps_its_timeout(
    lone_app: AppProcess, monitors: list[ErrorMonitor]
) -> None:
    app = lone_app
    token = str((await app.add_project(PROJECT))["token"])
    monitor = new_monitor(monitors, token, f"{app.base_url}/api/v1")
    assert await monitor.send_heartbeat(version="1.0.0")
    app.kill()
    await app.wait_exit()

    started = time.monotonic()
    assert await monitor.send_heartbeat(version="1.0.0") is False
    assert await monitor.send_error(ValueError("boom"), context={"important": "data"}) is False
    assert monitor.heartbeat().outcome in (None, Outcome.FAILED)
    assert monitor.capture_exception(ValueError("sync")).outcome in (None, Outcome.FAILED)
    with pytest.raises(ZeroDivisionError):  # the app's own error, and only that
        with monitor.capture():
            1 / 0  # noqa: B018
    log, handler = logging.getLogger("sdk_e2e.down"), ErrorMonitorHandler(monitor)
    log.addHandler(handler)
    log.error("logged while the server is down")
    log.removeHandler(handler)
    monitor.start_heartbeat(interval=0.05)
    monitor.stop_heartbeat()
    assert time.monotonic() - started < 3  # refused connections answer at once

    started = time.monotonic()
    assert await asyncio.to_thread(monitor.flush, 1.0) is False
    assert time.monotonic() - started < 1.5
    assert monitor.stats.queued > 0


SEED_SNIPPET = """
import asyncio, sys
from error_monitor import ErrorMonitor

monitor = ErrorMonitor(project_token=sys.argv[1], api_url=sys.argv[2])

async def main():
    await monitor.send_heartbeat(version="9.9.9", additional_data={"env": "production"})
    try:
        raise Exception("Тестовая ошибка из нового venv")
    except Exception as e:
        await monitor.send_error(e, context={"important": "data"})

asyncio.run(main())
"""


async def test_pip_install_in_a_fresh_venv_then_the_seeds_snippet_reaches_telegram(
    served: Served, tmp_path_factory: pytest.TempPathFactory
) -> None:
    venv = tmp_path_factory.mktemp("fresh-venv")
    sdk = Path(__file__).resolve().parents[2] / "sdk" / "python"
    await run(sys.executable, "-m", "venv", str(venv))
    await run(str(venv / "bin" / "pip"), "install", "--quiet", str(sdk))
    before = len(served.telegram.messages_to(CHAT))
    script = venv / "seed.py"
    script.write_text(SEED_SNIPPET, encoding="utf-8")
    await run(str(venv / "bin" / "python"), str(script), served.token, served.api_url)
    texts = await served.new_texts(before, 2)
    assert any("🔄 Версия: 9.9.9" in text for text in texts)
    assert any("Сообщение: Тестовая ошибка из нового venv" in text for text in texts)


async def run(*command: str) -> None:
    child = await asyncio.create_subprocess_exec(
        *command, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    output, _ = await asyncio.wait_for(child.communicate(), 300)
    assert child.returncode == 0, output.decode(errors="replace")
