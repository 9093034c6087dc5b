"""Two instances on one PostgreSQL and one Redis, serving one bot through its webhook: every
notification is sent once, each silence alerted once, and when one instance is killed the
other delivers what it left behind."""

import asyncio
import re
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from services.delivery.sender import CLAIM_LEASE
from tests.conftest import REDIS_SKIP, REDIS_URL
from tests.e2e.app_process import AppProcess
from tests.e2e.conftest import RUSSIAN_CHAT
from tests.telegram_double import TelegramDouble

ENGLISH_CHAT = 5002
SECRET = "two-instances-secret"
pytestmark = pytest.mark.parametrize("database_url", ["postgres"], indirect=True)


@pytest.fixture
async def pair(
    database_url: str, telegram: TelegramDouble, tmp_path: Path
) -> AsyncIterator[tuple[AppProcess, AppProcess]]:
    if not REDIS_URL:
        pytest.skip(REDIS_SKIP)
    first = AppProcess(tmp_path / "a", database_url, telegram.url, REDIS_URL=REDIS_URL)
    second = AppProcess(tmp_path / "b", database_url, telegram.url, REDIS_URL=REDIS_URL)
    for process in (first, second):
        process.workdir.mkdir()
        # Telegram reaches the instances through one address (a load balancer's); here the
        # first instance's.
        process.env |= {"WEBHOOK_URL": f"{first.base_url}/telegram/hook", "WEBHOOK_SECRET": SECRET}
    await first.start()  # applies the migrations
    await second.start()
    try:
        yield first, second
    finally:
        await first.stop()
        await second.stop()


async def subscribed_project(app: AppProcess, telegram: TelegramDouble, timeout: str) -> str:
    project = await app.add_project("Общий проект", timeout=timeout)
    for chat_id, language in ((RUSSIAN_CHAT, "ru"), (ENGLISH_CHAT, "en")):
        telegram.add_user(chat_id, language_code=language)
        await app.subscribe(chat_id, "Общий проект")
    return str(project["token"])


def alerts(telegram: TelegramDouble, chat_id: int, pattern: str) -> Counter[str]:
    """How many times each matching alert reached the chat."""
    found = (re.search(pattern, m.visible_text) for m in telegram.messages_to(chat_id))
    return Counter(match.group() for match in found if match)


async def wait_for_alerts(
    telegram: TelegramDouble, pattern: str, count: int, timeout: float = 60
) -> None:
    def arrived() -> bool:
        return all(
            sum(alerts(telegram, chat, pattern).values()) >= count
            for chat in (RUSSIAN_CHAT, ENGLISH_CHAT)
        )

    await telegram.wait_for(arrived, timeout=timeout)


async def silence_checks(app: AppProcess) -> int:
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{app.base_url}/metrics") as answer:
            text = await answer.text()
    match = re.search(r'job_runs_total\{job="check_silence",outcome="ok"\} (\d+)', text)
    return int(float(match.group(1))) if match else 0


async def wait_for_silence_checks(app: AppProcess, more: int) -> None:
    target = await silence_checks(app) + more
    deadline = asyncio.get_running_loop().time() + 20
    while await silence_checks(app) < target:
        assert asyncio.get_running_loop().time() < deadline, "the silence checker stopped"
        await asyncio.sleep(0.1)


async def test_two_instances_send_every_notification_exactly_once(
    pair: tuple[AppProcess, AppProcess], telegram: TelegramDouble
) -> None:
    first, second = pair
    token = await subscribed_project(first, telegram, timeout="3s")
    posts = [
        (first, second)[n % 2].post(
            "/api/v1/log",
            {"project_token": token, "error": {"type": f"Failure{n}", "message": "boom"}},
        )
        for n in range(20)
    ]
    assert {status for status, _ in await asyncio.gather(*posts)} == {201}
    await wait_for_alerts(telegram, r"Failure\d+", 20)

    # Both silence checkers see the same deadline pass; the alert goes out once.
    assert (await second.post("/api/v1/heartbeat", {"project_token": token}))[0] == 200
    await wait_for_alerts(telegram, r"(не отвечает|not responding)", 1)
    for instance in pair:  # both checkers have looked again since: a duplicate would be queued
        await wait_for_silence_checks(instance, 2)
        await instance.wait_outbox_empty(timeout=20)

    for chat in (RUSSIAN_CHAT, ENGLISH_CHAT):
        failures = alerts(telegram, chat, r"Failure\d+")
        assert sorted(failures) == sorted(f"Failure{n}" for n in range(20))
        assert set(failures.values()) == {1}
        assert sum(alerts(telegram, chat, r"(не отвечает|not responding)").values()) == 1


async def test_the_survivor_delivers_what_a_killed_instance_left(
    pair: tuple[AppProcess, AppProcess], telegram: TelegramDouble
) -> None:
    first, second = pair
    token = await subscribed_project(first, telegram, timeout="1h")
    with telegram.outage(503):  # alerts pile up in the outbox
        for n in range(10):
            error = {"type": f"Pending{n}", "message": "boom"}
            status, _ = await first.post("/api/v1/log", {"project_token": token, "error": error})
            assert status == 201
        first.kill()
        await first.wait_exit()
    # Rows the killed instance had claimed wait out their lease (80 s), then go too.
    loop = asyncio.get_running_loop()
    deadline = loop.time() + CLAIM_LEASE.total_seconds() + 40
    await wait_for_alerts(telegram, r"Pending\d+", 10, timeout=deadline - loop.time())
    await second.wait_outbox_empty(timeout=deadline - loop.time())
    for chat in (RUSSIAN_CHAT, ENGLISH_CHAT):
        pending = alerts(telegram, chat, r"Pending\d+")
        assert sorted(pending) == sorted(f"Pending{n}" for n in range(10))
        assert set(pending.values()) == {1}
