"""Webhook mode: the app registers its webhook with the secret and serves it on its own port;
whatever else is posted there gets a 4xx and leaves the bot working."""

import asyncio
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


# A webhook path may carry a secret of its own (WEBHOOK_URL is the operator's choice), and not
# under /telegram/, where the log's patterns would find it.
SECRET_PATH = "/hooks/p4th-s3cr3t-8f2c"


@pytest.fixture
async def secret_path_app(
    database_url: str, telegram: TelegramDouble, tmp_path: Path
) -> AsyncIterator[AppProcess]:
    process = AppProcess(tmp_path, database_url, telegram.url)
    process.env |= {"WEBHOOK_URL": f"{process.base_url}{SECRET_PATH}", "WEBHOOK_SECRET": SECRET}
    await process.start()
    try:
        yield process
    finally:
        await process.stop()


async def post_with_raw_secret(app: AppProcess, secret: bytes | None) -> int:
    """POST an update with the secret header's bytes as given (no client library would send
    bytes that are not ASCII), answered by the app's own HTTP parser."""
    body = update_bytes(message_update({"id": 1, "type": "private"}, "/start"))
    head = [
        f"POST {SECRET_PATH} HTTP/1.1".encode(),
        b"Host: 127.0.0.1",
        b"Content-Type: application/json",
        f"Content-Length: {len(body)}".encode(),
        b"Connection: close",
    ]
    if secret is not None:
        head.append(b"X-Telegram-Bot-Api-Secret-Token: " + secret)
    reader, writer = await asyncio.open_connection("127.0.0.1", app.port)
    try:
        writer.write(b"\r\n".join(head) + b"\r\n\r\n" + body)
        status_line = await reader.readline()
    finally:
        writer.close()
    return int(status_line.split()[1])


MALFORMED_SECRETS = {
    "missing": None,
    "wrong": b"webhook-secret-124",
    "non-ASCII (UTF-8)": "секрет-webhook".encode(),
    "latin-1 bytes": b"webhook-secr\xe9t-123",
    "the secret and more": SECRET.encode() + b"\xff",
}


async def test_a_malformed_or_wrong_webhook_secret_is_a_401_logged_in_one_line(
    secret_path_app: AppProcess, telegram: TelegramDouble
) -> None:
    await telegram.wait_for(lambda: telegram.calls_to("setWebhook"), timeout=10)
    for name, secret in MALFORMED_SECRETS.items():
        status = await post_with_raw_secret(secret_path_app, secret)
        assert status == 401, (name, status, secret_path_app.log()[-3000:])
    assert await post_with_raw_secret(secret_path_app, SECRET.encode()) == 200

    log = secret_path_app.log_path.read_text()
    assert "Traceback" not in log and "ERROR" not in log, log[-3000:]
    assert "p4th-s3cr3t" not in log, log[-3000:]  # neither the refusals nor the access log
    refusals = [line for line in log.splitlines() if "webhook: refused" in line]
    assert len(refusals) == len(MALFORMED_SECRETS), log[-3000:]
    assert not any(SECRET in line for line in refusals)
