"""PostgreSQL restarted or unreachable: the API answers 503 with Retry-After (never a 500)
while it is gone, and the app recovers by itself when it is back: the doors, the outbox sender
and the silence checker, without a restart. The shared server is never touched: the app
reaches it through a proxy the test cuts."""

import asyncio
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp
import pytest

from tests.conftest import make_project, make_subscriber, make_subscription
from tests.e2e.app_process import AppProcess
from tests.e2e.tcp_proxy import TcpProxy
from tests.telegram_double import TelegramDouble

CHAT = 6101
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.parametrize("database_url", ["postgres"], indirect=True),
]


@pytest.fixture
async def proxy(db: str) -> AsyncIterator[TcpProxy]:
    server = urlsplit(db)
    async with TcpProxy(server.hostname or "127.0.0.1", server.port or 5432) as proxy:
        yield proxy


@pytest.fixture
async def app(
    db: str, proxy: TcpProxy, telegram: TelegramDouble, tmp_path: Path
) -> AsyncIterator[AppProcess]:
    server = urlsplit(db)
    through_proxy = server._replace(netloc=f"{server.username}@127.0.0.1:{proxy.port}").geturl()
    process = AppProcess(tmp_path, through_proxy, telegram.url)
    await process.start()
    try:
        yield process
    finally:
        await process.stop()


async def subscribed_token(telegram: TelegramDouble) -> str:
    telegram.add_user(CHAT, language_code="ru")
    project = await make_project(name="Без базы")
    await make_subscription(project, await make_subscriber(telegram_id=CHAT))
    return project.token


async def heartbeat(app: AppProcess, token: str) -> tuple[int, str | None]:
    async with aiohttp.ClientSession() as session:
        url = f"{app.base_url}/api/v1/heartbeat"
        async with session.post(url, json={"project_token": token}) as answer:
            return answer.status, answer.headers.get("Retry-After")


async def health_status(app: AppProcess) -> int:
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{app.base_url}/api/v1/health") as answer:
            return answer.status


async def silence_checks(app: AppProcess) -> int:
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{app.base_url}/metrics") as answer:
            text = await answer.text()
    match = re.search(r'job_runs_total\{job="check_silence",outcome="ok"\} (\d+)', text)
    return int(float(match.group(1))) if match else 0


async def wait_until(
    app: AppProcess, check: Callable[[], Awaitable[bool]], timeout: float, what: str
) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not await check():
        assert loop.time() < deadline, f"{what}\n{app.log()}"
        await asyncio.sleep(0.1)


async def test_database_outage_answers_503_with_retry_after_and_recovers_without_a_restart(
    app: AppProcess, proxy: TcpProxy, telegram: TelegramDouble
) -> None:
    token = await subscribed_token(telegram)
    assert (await heartbeat(app, token))[0] == 200
    await telegram.wait_for_messages(CHAT, 1, timeout=10)  # "project is up"

    # The server goes away while a heartbeat's query is on the wire (its token in the bytes):
    # that query fails on a dead connection, every later one on a refused connect.
    proxy.hold_from(token.encode())
    in_flight = asyncio.create_task(heartbeat(app, token))
    await telegram.wait_for(lambda: token.encode() in proxy.held, timeout=10)
    await proxy.cut()
    assert await in_flight == (503, "5"), app.log()
    for _ in range(5):
        assert await heartbeat(app, token) == (503, "5"), app.log()
    assert await health_status(app) == 503

    await proxy.accept()

    async def heartbeat_stored() -> bool:
        return (await heartbeat(app, token))[0] == 200

    await wait_until(app, heartbeat_stored, 20, "the API did not recover")
    checks = await silence_checks(app)

    async def silence_checker_runs() -> bool:
        return await silence_checks(app) > checks + 2

    await wait_until(app, silence_checker_runs, 20, "the silence checker stopped")
    error = {"project_token": token, "error": {"type": "AfterOutage", "message": "back"}}
    assert (await app.post("/api/v1/log", error))[0] == 201
    await telegram.wait_for_messages(CHAT, 2, timeout=20)
    assert "AfterOutage" in telegram.messages_to(CHAT)[-1].visible_text
    assert "unhandled error" not in app.log_path.read_text()
