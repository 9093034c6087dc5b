"""The doors people migrate from, end to end through the running app to the chat: an Uptime
Kuma push URL (up, then down) and the legacy raven client for Node."""

import aiohttp

from tests.api.test_legacy_store import require_raven, run_raven
from tests.e2e.app_process import AppProcess
from tests.e2e.conftest import RUSSIAN_CHAT
from tests.telegram_double import TelegramDouble

NAME = "Очередь заказов"


async def test_kuma_pushes_and_raven_for_node_reach_the_chat(
    app: AppProcess, telegram: TelegramDouble
) -> None:
    require_raven()
    telegram.add_user(RUSSIAN_CHAT, first_name="Анна", language_code="ru")
    telegram.send_text(RUSSIAN_CHAT, "/start")
    await telegram.wait_for_messages(RUSSIAN_CHAT, 1, timeout=10)
    project = await app.add_project(NAME)
    await app.subscribe(RUSSIAN_CHAT, NAME)
    push = f"{app.base_url}/api/push/{project['token']}"
    async with aiohttp.ClientSession() as session:
        for query in ("status=up&msg=OK&ping=12", "status=down&msg=worker+queue+is+stuck"):
            async with session.get(f"{push}?{query}") as answer:
                assert (answer.status, await answer.json()) == (200, {"ok": True})
    await telegram.wait_for_messages(RUSSIAN_CHAT, 3, timeout=15)
    code, output = await run_raven(
        f"http://{project['token']}@127.0.0.1:{app.port}/{project['id']}"
    )
    assert code == 0, output
    await telegram.wait_for_messages(RUSSIAN_CHAT, 4, timeout=15)
    texts = [m.visible_text for m in telegram.messages_to(RUSSIAN_CHAT)]
    assert texts[1].startswith("✅ Проект активен") and f"Проект: {NAME}" in texts[1]
    assert texts[2].startswith("❌ Запуск завершился с ошибкой")
    assert "worker queue is stuck" in texts[2]
    assert "Тип: TypeError" in texts[3] and "cart total is NaN" in texts[3]
    assert project["token"] not in app.log()
