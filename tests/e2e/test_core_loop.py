"""The whole app in its own process, the real aiogram inside it, against the Telegram double:
what a subscribed chat sees, through outages, blocks, floods, kill -9 and restarts."""

import asyncio
import re
import time

from aiohttp import web

from services.delivery.sender import CLAIM_LEASE
from tests.e2e.app_process import AppProcess
from tests.e2e.conftest import ADMIN, RUSSIAN_CHAT
from tests.telegram_double import TelegramDouble

SEED_HEARTBEAT = {
    "project_token": "",
    "status": "alive",
    "version": "1.0.0",
    "metadata": {"environment": "production", "custom_field": "value"},
}
SEED_LOG = {
    "project_token": "",
    "error": {
        "type": "Exception",
        "message": "Описание ошибки",
        "stack_trace": "...",
        "severity": "error",
        "context": {"user_id": 123, "action": "checkout"},
    },
}
TIME = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")


async def subscribed_project(
    app: AppProcess,
    telegram: TelegramDouble,
    name: str = "Название проекта",
    timeout: str = "1h",
    chat: int = RUSSIAN_CHAT,
) -> str:
    """A project with a Russian-speaking chat subscribed; returns the project token."""
    telegram.add_user(chat, first_name="Анна", language_code="ru")
    telegram.send_text(chat, "/start")
    await telegram.wait_for_messages(chat, 1, timeout=10)
    project = await app.add_project(name, timeout=timeout)
    await app.subscribe(chat, name)
    return str(project["token"])


def seen(telegram: TelegramDouble, chat: int) -> list[str]:
    return [TIME.sub("<time>", m.visible_text) for m in telegram.messages_to(chat)]


async def test_seed_heartbeat_gives_the_seeds_notification(
    app: AppProcess, telegram: TelegramDouble
) -> None:
    token = await subscribed_project(app, telegram)
    status, body = await app.post("/api/v1/heartbeat", {**SEED_HEARTBEAT, "project_token": token})
    assert (status, body["ok"]) == (200, True)
    await telegram.wait_for_messages(RUSSIAN_CHAT, 2)
    assert seen(telegram, RUSSIAN_CHAT)[1] == (
        "✅ Проект активен\n\n📝 Проект: Название проекта\n🏷️ Тип: bot\n📊 Статус: alive\n"
        "🔄 Версия: 1.0.0\n⏰ Время: <time>\n\n📋 Дополнительная информация:\n"
        "• environment: production\n• custom_field: value"
    )


async def test_seed_log_gives_the_seeds_error_notification_with_html_intact(
    app: AppProcess, telegram: TelegramDouble
) -> None:
    token = await subscribed_project(app, telegram)
    await app.post("/api/v1/log", {**SEED_LOG, "project_token": token})
    nasty = {**SEED_LOG["error"], "message": "<class 'KeyError'> & </b>"}
    status, _ = await app.post("/api/v1/log", {"project_token": token, "error": nasty})
    assert status == 201
    await telegram.wait_for_messages(RUSSIAN_CHAT, 3, timeout=10)
    first, second = seen(telegram, RUSSIAN_CHAT)[1:]
    assert first.startswith(
        "🚨 Новая ошибка в проекте\n\nПроект: Название проекта\nТип: Exception\n"
        "Сообщение: Описание ошибки\nВажность: error\nВремя: <time>\n\nКонтекст:\n"
        "• user_id: 123\n• action: checkout"
    )
    assert "Сообщение: <class 'KeyError'> & </b>\n" in second


async def test_silence_is_alerted_once_and_recovery_reports_the_downtime(
    app: AppProcess, telegram: TelegramDouble
) -> None:
    token = await subscribed_project(app, telegram, timeout="2s")
    await app.post("/api/v1/heartbeat", {"project_token": token})
    beat_at = time.monotonic()
    await telegram.wait_for_messages(RUSSIAN_CHAT, 3, timeout=2 + 5)
    alerted_after = time.monotonic() - beat_at
    assert alerted_after < 2 + 5
    alert = seen(telegram, RUSSIAN_CHAT)[2]
    assert alert.startswith("❌ Внимание! Проект не отвечает\n\n📝 Проект: Название проекта")
    assert "⚠️ Статус: Нет активности более 2 секунд" in alert
    await app.post("/api/v1/heartbeat", {"project_token": token})
    await telegram.wait_for_messages(RUSSIAN_CHAT, 4, timeout=10)
    recovery = seen(telegram, RUSSIAN_CHAT)[3]
    assert recovery.startswith("✅ Проект снова отвечает")
    assert re.search(r"⏱️ Без активности: \d+ с", recovery)
    texts = seen(telegram, RUSSIAN_CHAT)
    assert sum(text.startswith("❌") for text in texts) == 1


async def test_a_restart_longer_than_the_timeout_is_not_blamed_on_the_project(
    app: AppProcess, telegram: TelegramDouble
) -> None:
    """Regression: the first check after a restart reported the project at once, although the
    monitor itself was what had not listened. Now the alert comes after the project's whole
    timeout heard by the monitor."""
    token = await subscribed_project(app, telegram, timeout="4s")
    await app.post("/api/v1/heartbeat", {"project_token": token})
    await telegram.wait_for_messages(RUSSIAN_CHAT, 2)  # "Проект активен"
    assert (await app.post("/api/v1/heartbeat", {"project_token": token}))[0] == 200
    app.kill()
    await app.wait_exit()
    await asyncio.sleep(4 + 2)  # the fault itself: the monitor is down longer than the timeout
    await app.start()
    restarted = time.monotonic()

    await telegram.wait_for_messages(RUSSIAN_CHAT, 3, timeout=20)
    assert time.monotonic() - restarted > 4 - 1  # listened for (nearly) all of it
    assert seen(telegram, RUSSIAN_CHAT)[2].startswith("❌ Внимание! Проект не отвечает")


async def test_blocked_chat_is_deactivated_and_not_retried(
    app: AppProcess, telegram: TelegramDouble
) -> None:
    token = await subscribed_project(app, telegram)
    # No my_chat_member update (missed while the bot was down): the 403 alone must do it.
    telegram.block(RUSSIAN_CHAT, notify=False)
    before = _attempts(telegram, RUSSIAN_CHAT)  # the answer to /start
    await app.post("/api/v1/log", {**SEED_LOG, "project_token": token})
    await app.wait_outbox_empty()
    assert _attempts(telegram, RUSSIAN_CHAT) == before + 1
    # The blocked chat is inactive now: new events queue nothing for it.
    assert (await app.post("/api/v1/log", {**SEED_LOG, "project_token": token}))[0] == 201
    assert (await app.post("/api/v1/heartbeat", {"project_token": token}))[0] == 200
    await app.wait_outbox_empty()
    assert _attempts(telegram, RUSSIAN_CHAT) == before + 1


async def test_a_429_storm_delays_but_loses_nothing(
    app: AppProcess, telegram: TelegramDouble
) -> None:
    token = await subscribed_project(app, telegram)
    telegram.fail_next("sendMessage", 429, count=6, retry_after=1)
    for number in range(5):
        # Distinct types: repeats of one error would be grouped into one alert.
        error = {"type": f"Storm{number}", "message": f"error {number}"}
        assert (await app.post("/api/v1/log", {"project_token": token, "error": error}))[0] == 201
    await telegram.wait_for_messages(RUSSIAN_CHAT, 6, timeout=30)
    messages = [t for t in seen(telegram, RUSSIAN_CHAT) if "Storm" in t]
    assert [re.search(r"error \d", t).group() for t in messages] == [
        f"error {n}" for n in range(5)
    ]


async def test_telegram_5xx_and_refused_connections_are_retried(
    app: AppProcess, telegram: TelegramDouble
) -> None:
    token = await subscribed_project(app, telegram)
    with telegram.outage(502):
        await app.post("/api/v1/log", {**SEED_LOG, "project_token": token})
        await telegram.wait_for(lambda: len(_failed_sends(telegram)) >= 2, timeout=10)
    await telegram.wait_for_messages(RUSSIAN_CHAT, 2, timeout=20)
    await telegram.refuse_connections()
    another = {**SEED_LOG["error"], "type": "AnotherError"}  # a repeat would only edit
    await app.post("/api/v1/log", {**SEED_LOG, "project_token": token, "error": another})
    await telegram.accept_connections()
    await telegram.wait_for_messages(RUSSIAN_CHAT, 3, timeout=20)


async def test_kill_9_with_a_full_outbox_then_restart_delivers_everything(
    app: AppProcess, telegram: TelegramDouble
) -> None:
    token = await subscribed_project(app, telegram)
    with telegram.outage(503):
        for number in range(8):
            error = {"type": f"Queued{number}", "message": f"queued {number}"}
            status, _ = await app.post("/api/v1/log", {"project_token": token, "error": error})
            assert status == 201
        app.kill()
        await app.wait_exit()
    await app.start()
    # A row being sent at the kill waits for its claim lease (80 s) before the retry.
    await telegram.wait_for_messages(RUSSIAN_CHAT, 1 + 8, timeout=CLAIM_LEASE.total_seconds() + 40)
    delivered = [t for t in seen(telegram, RUSSIAN_CHAT) if "Queued" in t]
    assert len(delivered) == 8


async def test_start_tells_a_stranger_their_id_and_no_project_data(
    app: AppProcess, telegram: TelegramDouble
) -> None:
    await subscribed_project(app, telegram, name="Секретный проект")
    telegram.add_user(9999, first_name="Stranger", language_code="en")
    telegram.send_text(9999, "/start")
    await telegram.wait_for_messages(9999, 1)
    answer = telegram.messages_to(9999)[0].visible_text
    assert "Your Telegram ID: 9999" in answer
    assert "Секретный" not in answer


async def test_start_tells_an_admin_what_to_do_next(
    app: AppProcess, telegram: TelegramDouble
) -> None:
    telegram.add_user(ADMIN, first_name="Admin", language_code="ru")
    telegram.send_text(ADMIN, "/start")
    await telegram.wait_for_messages(ADMIN, 1)
    answer = telegram.messages_to(ADMIN)[0].visible_text
    assert "вы администратор" in answer
    assert f"ID этого чата: {ADMIN}" in answer


async def test_sigterm_stops_the_app_cleanly_within_5_seconds(app: AppProcess) -> None:
    code, took = await app.terminate()
    assert code == 0, app.log()
    assert took < 5


def _failed_sends(telegram: TelegramDouble) -> list[object]:
    return [call for call in telegram.calls_to("sendMessage") if call.status >= 500]


def _attempts(telegram: TelegramDouble, chat: int) -> int:
    return sum(
        1 for call in telegram.calls_to("sendMessage") if call.params.get("chat_id") == chat
    )


async def test_a_website_that_stops_is_one_alert_saying_why_then_a_recovery(
    app: AppProcess, telegram: TelegramDouble
) -> None:
    """The running app probes a check added from the shell: a site that answers 503 is one
    alert that says so; when it answers again, the recovery with the downtime."""
    status = {"code": 503}

    async def answer(request: web.Request) -> web.Response:
        return web.Response(status=status["code"], text="shop")

    site = web.Application()
    site.router.add_get("/", answer)
    runner = web.AppRunner(site)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}/"
    try:
        await subscribed_project(app, telegram, name="Магазин")
        code, _, err = await app.cli(
            "add-check", "--project", "Магазин", "--url", url, "--interval", "5s",
            "--timeout", "2s", "--confirm", "1",
        )  # fmt: skip
        assert code == 0, err
        await telegram.wait_for_messages(RUSSIAN_CHAT, 2, timeout=20)
        alert = seen(telegram, RUSSIAN_CHAT)[1]
        assert alert.startswith("❌ Проверка не проходит") and "HTTP 503" in alert
        status["code"] = 200
        await telegram.wait_for_messages(RUSSIAN_CHAT, 3, timeout=20)
        assert seen(telegram, RUSSIAN_CHAT)[2].startswith("✅ Проверка снова проходит")
    finally:
        await runner.cleanup()
