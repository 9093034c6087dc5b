"""Our JS SDK and Sentry's `@sentry/browser` in a real browser (Debian's headless Chromium): a
page on the website's origin (http://127.0.0.1:<port>) reports straight to the monitor on
another origin (http://localhost:<port>), with no proxy in between, because the monitor answers
CORS (issue 32). What reached the monitor shows in the chat (the Telegram double) and in its
database; what the browser let the page read shows in what the SDK did with the answers.

The real app runs as a child process (tests/e2e/app_process.py); one browser and one static
site serve the whole module. Each test has a project and a chat of its own.
"""

import asyncio
import re
import sqlite3
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
import orjson
import pytest
import pytest_asyncio
from playwright.async_api import Browser, async_playwright

from services.accounts.origins import REFRESH_SECONDS
from tests.e2e.app_process import AppProcess
from tests.sdk.browser import (
    OpenPage,
    StaticSite,
    launch_chromium,
    open_page,
    require_chromium,
    require_sentry_browser,
)
from tests.telegram_double import TelegramDouble

pytestmark = pytest.mark.asyncio(loop_scope="module")

CHAT_TIMEOUT = 20.0
# How long a rate-limited report is watched for a retry. Without the server's Retry-After the
# SDK's backoff (retryBaseMs 50, doubling, 3 retries) would have sent every retry within 0.4 s.
WATCH_FOR_RETRY_S = 2.0
# The limiter's window is the clock's minute: a test that needs two requests in one window,
# refused with a Retry-After longer than WATCH_FOR_RETRY_S, starts before this second.
LAST_SECOND_TO_START = 54


@dataclass
class Monitor:
    """The app, reached from the page as http://localhost:<port> (another origin than the
    site's 127.0.0.1), and the Telegram double it sends to."""

    app: AppProcess
    telegram: TelegramDouble
    database: Path

    @property
    def origin(self) -> str:
        return f"http://localhost:{self.app.port}"

    @property
    def api_url(self) -> str:
        return f"{self.origin}/api/v1"

    def dsn(self, project: dict[str, Any]) -> str:
        return f"http://{project['token']}@localhost:{self.app.port}/{project['id']}"


async def running_monitor(workdir: Path, **env: str) -> AsyncIterator[Monitor]:
    database = workdir / "monitor.sqlite3"
    async with TelegramDouble() as telegram:
        app = AppProcess(workdir, f"sqlite://{database}", telegram.url, **env)
        await app.start()
        try:
            yield Monitor(app, telegram, database)
        finally:
            await app.stop()


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def browser() -> AsyncIterator[Browser]:
    require_chromium()
    async with async_playwright() as playwright:
        chromium = await launch_chromium(playwright)
        try:
            yield chromium
        finally:
            await chromium.close()


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def site() -> AsyncIterator[StaticSite]:
    async with StaticSite() as static_site:
        yield static_site


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def monitor(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Monitor]:
    async for running in running_monitor(tmp_path_factory.mktemp("monitor")):
        yield running


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def strict_monitor(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Monitor]:
    """A monitor whose projects may send one event a minute."""
    workdir = tmp_path_factory.mktemp("strict")
    async for running in running_monitor(workdir, RATE_LIMIT_PER_MINUTE="1"):
        yield running


async def project_in_chat(monitor: Monitor, name: str, chat: int, *origins: str) -> dict[str, Any]:
    """A new project (allowing `origins`, or any when none) whose notifications go to a new
    private chat."""
    monitor.telegram.add_user(chat, language_code="ru")
    monitor.telegram.send_text(chat, "/start")
    project = await add_project(monitor, name, *origins)
    await asyncio.gather(
        monitor.telegram.wait_for_messages(chat, 1, timeout=10),
        monitor.app.subscribe(chat, name),
    )
    return project


async def add_project(monitor: Monitor, name: str, *origins: str) -> dict[str, Any]:
    listed = ["--origins", ",".join(origins)] if origins else []
    code, out, err = await monitor.app.cli("add-project", "--name", name, *listed, "--json")
    assert code == 0, err
    return dict(orjson.loads(out))


async def set_origins(monitor: Monitor, project: dict[str, Any], *origins: str) -> None:
    code, _, err = await monitor.app.cli(
        "set-origins", "--project", project["name"], "--origins", ",".join(origins)
    )
    assert code == 0, err


async def until_refused_from(monitor: Monitor, project: dict[str, Any], origin: str) -> None:
    """Wait until the app refuses `origin` for the project: a running app reads allowed origins
    changed from the shell again within services.accounts.origins.REFRESH_SECONDS. The probe, a Sentry
    envelope with no items, would store nothing were it accepted."""
    url = f"{monitor.app.base_url}/api/{project['id']}/envelope/?sentry_key={project['token']}"
    deadline = time.monotonic() + REFRESH_SECONDS + 5
    async with aiohttp.ClientSession() as session:
        while True:
            async with session.post(url, data=b"{}\n", headers={"Origin": origin}) as answer:
                if answer.status == 403:
                    return
                assert answer.status == 200, await answer.text()
            assert time.monotonic() < deadline, f"{origin} still allowed for {project['name']}"
            await asyncio.sleep(0.1)


async def wait_for_chat(monitor: Monitor, opened: OpenPage, chat: int, *fragments: str) -> str:
    """The first message to `chat` showing every fragment, within CHAT_TIMEOUT; else an
    assertion that tells what the chat got and what the page sent."""

    def found() -> str | None:
        for message in monitor.telegram.messages_to(chat):
            if all(fragment in message.visible_text for fragment in fragments):
                return message.visible_text
        return None

    try:
        return await monitor.telegram.wait_for(found, timeout=CHAT_TIMEOUT)
    except TimeoutError:
        seen = "\n---\n".join(m.visible_text for m in monitor.telegram.messages_to(chat))
        raise AssertionError(
            f"no message to {chat} shows {fragments}; it got:\n{seen}\n{opened.story()}"
        ) from None


def stored(monitor: Monitor, table: str, project_id: int) -> int:
    """Rows of the project in `table`, read straight from the app's database file."""
    with sqlite3.connect(f"file:{monitor.database}?mode=ro", uri=True) as connection:
        query = f"SELECT count(*) FROM {table} WHERE project_id = ?"
        (count,) = connection.execute(query, (project_id,)).fetchone()
    return int(count)


async def monitor_page(browser: Browser, site: StaticSite, monitor: Monitor) -> OpenPage:
    return await open_page(browser, f"{site.origin}/monitor.html", monitor.origin)


async def start_inside_one_rate_window() -> None:
    deadline = time.monotonic() + 61 - LAST_SECOND_TO_START
    while datetime.now(UTC).second > LAST_SECOND_TO_START:
        assert time.monotonic() < deadline
        await asyncio.sleep(0.1)


async def test_an_error_thrown_on_the_page_reaches_the_chat(
    browser: Browser, site: StaticSite, monitor: Monitor
) -> None:
    project = await project_in_chat(monitor, "Shop front end", 6101)
    opened = await monitor_page(browser, site, monitor)
    options = {"projectToken": project["token"], "apiUrl": monitor.api_url}
    await opened.page.evaluate(
        """(options) => {
          window.monitor = newMonitor(options);
          monitor.installGlobalHandlers();
          setTimeout(() => { throw new TypeError("checkout failed in the browser"); });
        }""",
        options,
    )
    thrown = ("Тип: TypeError", "Сообщение: checkout failed in the browser")
    await wait_for_chat(monitor, opened, 6101, "Shop front end", *thrown)
    assert await opened.page.evaluate("() => monitor.flush(5000)"), opened.story()
    assert await opened.page.evaluate("() => problems") == [], opened.story()
    [post] = await opened.answered("/api/v1/log", 1)
    assert (post.status, post.failure) == (201, None), opened.story()


async def test_a_heartbeat_from_a_listed_origin_is_stored(
    browser: Browser, site: StaticSite, monitor: Monitor
) -> None:
    name = "Shop with listed origins"
    project = await project_in_chat(monitor, name, 6102, "https://shop.example", site.origin)
    await until_refused_from(monitor, project, "https://elsewhere.example")
    opened = await monitor_page(browser, site, monitor)
    options = {"projectToken": project["token"], "apiUrl": monitor.api_url}
    delivered = await opened.page.evaluate(
        "(options) => newMonitor(options).sendHeartbeat({ version: 'browser-1' })", options
    )
    assert delivered is True, opened.story()
    await wait_for_chat(
        monitor, opened, 6102, "✅ Проект активен", "Shop with listed origins", "Версия: browser-1"
    )
    assert stored(monitor, "heartbeats", project["id"]) == 1


async def test_a_rate_limited_report_waits_for_retry_after(
    browser: Browser, site: StaticSite, strict_monitor: Monitor
) -> None:
    project = await add_project(strict_monitor, "Busy shop")
    opened = await monitor_page(browser, site, strict_monitor)
    await start_inside_one_rate_window()
    options = {
        "projectToken": project["token"],
        "apiUrl": strict_monitor.api_url,
        "retryBaseMs": 50,
        "maxRetries": 3,
    }
    # The one event of this minute; then two reports over the limit. The impatient monitor
    # would rather give up than wait beyond 0.5 s: that it gives up at once, naming the wait,
    # shows the page could read Retry-After. The patient one must wait that long.
    accepted, impatient = await opened.page.evaluate(
        """async (options) => {
          window.patient = newMonitor({ ...options, maxRetryDelayMs: 120000 });
          const impatient = newMonitor({ ...options, maxRetryDelayMs: 500 });
          return [
            await patient.sendHeartbeat(),
            await impatient.sendError(new Error("over the limit")),
          ];
        }""",
        options,
    )
    assert (accepted, impatient) == (True, False), opened.story()
    refusals = await opened.answered("/api/v1/log", 1)
    assert [r.status for r in refusals] == [429], f"Retry-After unread?\n{opened.story()}"
    retry_after = int(refusals[0].headers["retry-after"])
    [problem] = await opened.page.evaluate("() => problems")
    assert (problem["reason"], problem["status"], problem["attempts"]) == ("gave_up", 429, 1)
    assert re.search(rf"asked to wait {retry_after * 1000} ms\b", problem["message"]), problem

    await opened.page.evaluate("() => { patient.sendError(new Error('waits its turn')); }")
    waiting = (await opened.answered("/api/v1/log", 2))[1]
    assert waiting.status == 429 and int(waiting.headers["retry-after"]) > WATCH_FOR_RETRY_S
    while time.monotonic() < waiting.sent_at + WATCH_FOR_RETRY_S:
        assert len(opened.posts_to("/api/v1/log")) == 2, f"retried early\n{opened.story()}"
        await asyncio.sleep(0.05)
    still_queued = not await opened.page.evaluate("() => patient.flush(1)")
    assert still_queued, "the patient monitor gave the report up instead of waiting"
    assert len(await opened.page.evaluate("() => problems")) == 1


async def test_a_page_on_an_origin_the_project_does_not_allow_is_refused(
    browser: Browser, site: StaticSite, monitor: Monitor
) -> None:
    project = await project_in_chat(monitor, "Shop elsewhere", 6104)
    await set_origins(monitor, project, "https://shop.example")
    await until_refused_from(monitor, project, site.origin)
    opened = await monitor_page(browser, site, monitor)
    options = {"projectToken": project["token"], "apiUrl": monitor.api_url}
    delivered = await opened.page.evaluate(
        """async (options) => {
          const monitor = newMonitor(options);
          return [
            await monitor.sendError(new Error("sent from a copied token")),
            await monitor.sendHeartbeat(),
          ];
        }""",
        options,
    )
    assert delivered == [False, False], opened.story()
    problems = await opened.page.evaluate("() => problems")
    assert [(p["reason"], p["status"], p["attempts"]) for p in problems] == [
        ("rejected", 403, 1),
        ("rejected", 403, 1),
    ], opened.story()
    assert site.origin in problems[0]["message"], problems
    refusals = await opened.answered("/api/v1/", 2)
    assert [(e.status, e.failure) for e in refusals] == [(403, None), (403, None)]
    assert stored(monitor, "error_reports", project["id"]) == 0
    assert stored(monitor, "heartbeats", project["id"]) == 0
    await monitor.app.wait_outbox_empty()
    assert len(monitor.telegram.messages_to(6104)) == 1  # the /start reply, nothing since


async def test_sentry_browser_sdk_reports_reach_the_chat(
    browser: Browser, site: StaticSite, monitor: Monitor
) -> None:
    require_sentry_browser()
    project = await project_in_chat(monitor, "Shop on Sentry", 6105)
    opened = await open_page(browser, f"{site.origin}/sentry.html", monitor.origin)
    flushed = await opened.page.evaluate(
        """async (dsn) => {
          Sentry.init({ dsn });
          Sentry.captureException(new Error("from sentry browser"));
          return await Sentry.flush(10000);
        }""",
        monitor.dsn(project),
    )
    assert flushed is True, opened.story()
    await wait_for_chat(monitor, opened, 6105, "Shop on Sentry", "from sentry browser")
    envelopes = await opened.answered(f"/api/{project['id']}/envelope/", 1)
    # The browser let Sentry read every answer: none was blocked for want of CORS headers.
    assert all((e.status, e.failure) == (200, None) for e in envelopes), opened.story()


# Issue 30: reports sent with fetch's `keepalive` outlive their page, within the browsers' 64 KiB
# quota for such bodies (sdk/js/src/transport.js, KEEPALIVE_MAX_BYTES).
STORED_TIMEOUT = 15.0
SLOW_NETWORK = {
    "offline": False,
    "latency": 1000,
    "downloadThroughput": -1,
    "uploadThroughput": -1,
}


async def wait_until_stored(monitor: Monitor, table: str, project_id: int) -> None:
    deadline = time.monotonic() + STORED_TIMEOUT
    while stored(monitor, table, project_id) == 0:
        assert time.monotonic() < deadline, f"nothing stored in {table} for {project_id}"
        await asyncio.sleep(0.05)


async def test_a_report_sent_as_the_page_closes_still_arrives(
    browser: Browser, site: StaticSite, monitor: Monitor
) -> None:
    project = await add_project(monitor, "Shop closing its tab")
    opened = await monitor_page(browser, site, monitor)
    options = {"projectToken": project["token"], "apiUrl": monitor.api_url}
    # The page leaves in the task that sends, on a slow network (Chromium's own throttling,
    # through its DevTools protocol): the preflight and the POST are still on their way when
    # the page is gone. Without keepalive the browser cancels them with it: nothing is stored.
    devtools = await opened.page.context.new_cdp_session(opened.page)
    await devtools.send("Network.enable")
    await devtools.send("Network.emulateNetworkConditions", SLOW_NETWORK)
    await opened.page.evaluate(
        """(options) => {
          newMonitor(options).sendError(new Error("sent as the tab closed"));
          location.href = "about:blank";
        }""",
        options,
    )
    await opened.page.wait_for_url("about:blank")
    await opened.page.close()
    await wait_until_stored(monitor, "error_reports", project["id"])


async def test_a_report_over_the_keepalive_quota_is_still_sent(
    browser: Browser, site: StaticSite, monitor: Monitor
) -> None:
    project = await add_project(monitor, "Shop with a large report")
    opened = await monitor_page(browser, site, monitor)
    options = {"projectToken": project["token"], "apiUrl": monitor.api_url}
    # A 100 KB context: within the server's 1 MiB, over the 64 KiB a keepalive body may have
    # (Chromium refuses such a fetch outright, so the SDK sends it without keepalive).
    delivered = await opened.page.evaluate(
        """(options) => newMonitor(options).sendError(new Error("large"), {
          context: { trace: "x".repeat(100000) },
        })""",
        options,
    )
    assert delivered is True, f"{await opened.page.evaluate('() => problems')}\n{opened.story()}"
    assert stored(monitor, "error_reports", project["id"]) == 1
