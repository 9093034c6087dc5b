"""Redis unreachable (REDIS_URL pointing at a port nobody listens on): ingestion goes on,
alerts go out, health says Redis is unavailable, and the bot tells people it cannot hold a
conversation right now, without crashing or stopping its polling."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.conftest import make_project, make_subscriber, make_subscription
from tests.e2e.app_process import AppProcess, free_port
from tests.telegram_double import TelegramDouble

CHAT = 6201
pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@pytest.fixture
async def app(db: str, telegram: TelegramDouble, tmp_path: Path) -> AsyncIterator[AppProcess]:
    process = AppProcess(
        tmp_path, db, telegram.url, REDIS_URL=f"redis://127.0.0.1:{free_port()}/0"
    )
    await process.start()
    try:
        yield process
    finally:
        await process.stop()


async def test_without_redis_ingestion_and_alerts_go_on_and_health_says_so(
    app: AppProcess, telegram: TelegramDouble
) -> None:
    telegram.add_user(CHAT, language_code="en")
    project = await make_project(name="Redis-less")
    await make_subscription(project, await make_subscriber(telegram_id=CHAT, language="en"))

    health = await app.health()
    assert (health["ok"], health["database"], health["redis"]) == (True, "ok", "unavailable")
    status, _ = await app.post("/api/v1/heartbeat", {"project_token": project.token})
    assert status == 200
    error = {"project_token": project.token, "error": {"type": "NoRedis", "message": "still"}}
    assert (await app.post("/api/v1/log", error))[0] == 201
    await telegram.wait_for_messages(CHAT, 2, timeout=20)
    assert "NoRedis" in telegram.messages_to(CHAT)[-1].visible_text


async def test_without_redis_the_bot_says_it_is_unavailable_and_keeps_polling(
    app: AppProcess, telegram: TelegramDouble
) -> None:
    telegram.add_user(CHAT, language_code="en")
    for attempt in range(2):  # the first failure must not stop the bot from taking the next
        telegram.send_text(CHAT, "/start")
        await telegram.wait_for_messages(CHAT, attempt + 1, timeout=20)
        assert (
            "cannot hold a conversation right now" in telegram.messages_to(CHAT)[-1].visible_text
        )
    assert app.process and app.process.returncode is None
    assert "Traceback" not in app.log_path.read_text()
