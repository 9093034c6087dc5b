"""Webhook mode: the app registers its webhook with the secret and serves it on its own port."""

from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from tests.e2e.app_process import AppProcess
from tests.telegram_double import TelegramDouble

SECRET = "webhook-secret-123"


@pytest.fixture
async def webhook_app(
    database_url: str, telegram: TelegramDouble, tmp_path: Path
) -> AsyncIterator[AppProcess]:
    process = AppProcess(tmp_path, database_url, telegram.url)
    process.env |= {"WEBHOOK_URL": f"{process.base_url}/telegram/hook", "WEBHOOK_SECRET": SECRET}
    await process.start()
    try:
        yield process
    finally:
        await process.stop()


async def test_updates_arrive_through_the_webhook(
    webhook_app: AppProcess, telegram: TelegramDouble
) -> None:
    await telegram.wait_for(lambda: telegram.calls_to("setWebhook"), timeout=10)
    registered = telegram.calls_to("setWebhook")[-1].params
    assert (registered["url"], registered["secret_token"]) == (
        f"{webhook_app.base_url}/telegram/hook",
        SECRET,
    )
    telegram.add_user(4242, language_code="en")
    telegram.send_text(4242, "/start")
    await telegram.wait_for_messages(4242, 1, timeout=10)
    assert "Your Telegram ID: 4242" in telegram.messages_to(4242)[0].visible_text
    assert not telegram.calls_to("getUpdates")


@pytest.mark.parametrize("secret", [None, "wrong"])
async def test_webhook_requests_without_the_secret_get_401(
    webhook_app: AppProcess, secret: str | None
) -> None:
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret else {}
    update = {
        "update_id": 1,
        "message": {
            "message_id": 1,
            "date": 0,
            "text": "/start",
            "chat": {"id": 1, "type": "private"},
        },
    }
    async with aiohttp.ClientSession() as session:
        url = f"{webhook_app.base_url}/telegram/hook"
        async with session.post(url, json=update, headers=headers) as answer:
            assert answer.status == 401
