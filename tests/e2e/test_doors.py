"""The other doors end to end: the unmodified sentry-sdk and a crontab curl line reach Telegram."""

import asyncio
import shutil

import orjson
import pytest
import sentry_sdk
from sentry_sdk.crons import capture_checkin

from tests.e2e.app_process import AppProcess
from tests.e2e.conftest import RUSSIAN_CHAT
from tests.e2e.test_core_loop import seen, subscribed_project
from tests.telegram_double import TelegramDouble


async def test_sentry_sdk_exceptions_and_check_ins_reach_telegram(
    app: AppProcess, telegram: TelegramDouble
) -> None:
    token = await subscribed_project(app, telegram, name="Shop")
    project = next(p for p in await list_projects(app) if p["token"] == token)
    sentry_sdk.init(
        dsn=f"http://{token}@127.0.0.1:{app.port}/{project['id']}",
        default_integrations=False,
        auto_enabling_integrations=False,
    )
    try:
        try:
            1 / 0  # noqa: B018
        except ZeroDivisionError as error:
            sentry_sdk.capture_exception(error)
        capture_checkin(monitor_slug="nightly", status="error")
        await asyncio.to_thread(sentry_sdk.flush, 5)
    finally:
        sentry_sdk.get_client().close(timeout=2)
        sentry_sdk.init(dsn=None)
    await telegram.wait_for_messages(RUSSIAN_CHAT, 3, timeout=15)
    texts = seen(telegram, RUSSIAN_CHAT)
    assert any("Тип: ZeroDivisionError" in text for text in texts)
    assert any(text.startswith("❌ Запуск завершился с ошибкой") for text in texts)


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
async def test_a_crontab_curl_line_pings_and_fail_alerts(
    app: AppProcess, telegram: TelegramDouble
) -> None:
    token = await subscribed_project(app, telegram, name="Backup")
    ping = f"{app.base_url}/ping/{token}"
    assert await curl(ping) == (0, "OK")
    assert await curl(f"{ping}/fail", "--data-binary", "rsync: disk full") == (0, "OK")
    await telegram.wait_for_messages(RUSSIAN_CHAT, 3, timeout=15)
    alert = seen(telegram, RUSSIAN_CHAT)[-1]
    assert alert.startswith("❌ Запуск завершился с ошибкой")
    assert "rsync: disk full" in alert
    assert "/ping/***/fail" in app.log()
    assert token not in app.log()


async def curl(url: str, *extra: str) -> tuple[int, str]:
    child = await asyncio.create_subprocess_exec(
        "curl",
        "-fsS",
        "-m",
        "10",
        "--retry",
        "5",
        *extra,
        url,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, _ = await child.communicate()
    return child.returncode or 0, out.decode()


async def list_projects(app: AppProcess) -> list[dict]:
    code, out, err = await app.cli("list-projects", "--json")
    assert code == 0, err
    return list(orjson.loads(out))
