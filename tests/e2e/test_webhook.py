"""Webhook mode: the app registers its webhook with the secret and serves it on its own port;
whatever else is posted there gets a 4xx and leaves the bot working."""

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import orjson
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


async def post_to_webhook(
    app: AppProcess, data: bytes, content_type: str = "application/json"
) -> int:
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": content_type}
    async with aiohttp.ClientSession() as session:
        url = f"{app.base_url}/telegram/hook"
        async with session.post(url, data=data, headers=headers) as answer:
            return answer.status


def update_bytes(update: dict[str, Any]) -> bytes:
    return orjson.dumps(update)


def message_update(chat: dict[str, Any], text: str, update_id: int = 7) -> dict[str, Any]:
    sender = {"id": 777, "is_bot": False, "first_name": "Who"}
    message = {"message_id": 1, "date": 0, "chat": chat, "from": sender, "text": text}
    return {"update_id": update_id, "message": message}


HOSTILE_BODIES = {
    "malformed JSON": b'{"update_id": 1, "message": ',
    "not an object": b"[1, 2, 3]",
    "invalid UTF-8": b'{"update_id": 1, "x": "\xff\xfe"}',
    "wrong types": b'{"update_id": "one", "message": {"message_id": [], "chat": 5}}',
    "deep nesting": b'{"update_id": 1, "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    "huge body": b'{"update_id": 1, "x": "' + b"a" * (2 * 1024 * 1024) + b'"}',
}


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_hostile_webhook_bodies_get_a_4xx_and_the_next_update_is_handled(
    webhook_app: AppProcess, telegram: TelegramDouble
) -> None:
    await telegram.wait_for(lambda: telegram.calls_to("setWebhook"), timeout=10)
    for name, body in HOSTILE_BODIES.items():
        status = await post_to_webhook(webhook_app, body)
        assert 400 <= status < 500, (name, status, webhook_app.log())

    # Valid updates Telegram may send that no handler expects: 2xx, nothing breaks.
    unknown_group = {"id": -4444, "type": "group", "title": "Unknown"}
    assert (
        await post_to_webhook(webhook_app, update_bytes(message_update(unknown_group, "hi")))
        == 200
    )
    channel = {
        "update_id": 8,
        "channel_post": {"message_id": 1, "date": 0, "chat": {"id": -100, "type": "channel"}},
    }
    assert await post_to_webhook(webhook_app, update_bytes(channel)) == 200

    telegram.add_user(4242, language_code="en")
    telegram.send_text(4242, "/start")
    await telegram.wait_for_messages(4242, 1, timeout=10)
    assert "Your Telegram ID: 4242" in telegram.messages_to(4242)[0].visible_text
    log = webhook_app.log_path.read_text()
    assert "Traceback" not in log and "ERROR" not in log, log[-3000:]
