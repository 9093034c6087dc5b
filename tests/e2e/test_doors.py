"""The other doors end to end: the unmodified sentry-sdk and a crontab curl line reach Telegram."""

import asyncio
import gzip
import shutil

import aiohttp
import orjson
import pytest
import sentry_sdk
from sentry_sdk.crons import capture_checkin

from tests.bombs import brotli_bomb, gzip_bomb
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


async def test_the_running_app_inflates_compressed_bodies_itself_and_refuses_bombs(
    app: AppProcess,
) -> None:
    """Served as `main.py run` serves it: the answer is the app's own capped inflater's (the
    message says so), not aiohttp's, which inflated on the event loop without a cap."""
    project = await app.add_project("Compressed")
    heartbeat = f"{app.base_url}/api/v1/heartbeat"
    async with aiohttp.ClientSession() as session:
        for encoding, bomb in (("br", brotli_bomb(2048)), ("gzip", gzip_bomb(960))):
            headers = {"Content-Encoding": encoding}
            async with session.post(heartbeat, data=bomb, headers=headers) as answer:
                assert answer.status == 413
                assert (await answer.json())["error"] == (
                    f"body is larger than the limit of 1048576 bytes once inflated ({encoding})"
                )
        body = gzip.compress(orjson.dumps({"project_token": project["token"]}))
        headers = {"Content-Encoding": "gzip"}
        async with session.post(heartbeat, data=body, headers=headers) as answer:
            assert answer.status == 200, await answer.text()
