"""Web pages in a real browser: Debian's headless Chromium driven by Playwright, and a static
site on an origin of its own that serves our JS SDK and Sentry's official `@sentry/browser` the
way a website would.

Only Debian's chromium is used (`make test` installs it), never `playwright install`, which
downloads a browser build of its own (STACK-NOTES, "Testing web pages in a real browser").
"""

import asyncio
import json
import shutil
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from playwright.async_api import Browser, Page, Playwright, Request, Response

from tests.e2e.app_process import ROOT, free_port

CHROMIUM = Path("/usr/bin/chromium")
SDK = ROOT / "sdk" / "js"
# The SDK is plain ES modules with no build step: a page imports its sources as they are.
SDK_SOURCES = SDK / "src"
# @sentry/browser and the packages it imports, from sdk/js's devDependencies (`npm ci`).
SENTRY_PACKAGES = SDK / "node_modules" / "@sentry"
MEDIA_TYPES = {".js": "text/javascript", ".mjs": "text/javascript"}
# The conditions a bundler targeting browsers resolves `exports` with, most specific first.
ESM_CONDITIONS = ("browser", "import", "default")
READY_TIMEOUT_MS = 15_000

MONITOR_PAGE = """<!doctype html>
<meta charset="utf-8">
<link rel="icon" href="data:,">
<title>A shop using error-monitor-sdk</title>
<script type="module">
  import { ErrorMonitor } from "/sdk/index.js";
  // What the tests read back: every problem the SDK told onError about.
  window.problems = [];
  window.newMonitor = (options) => new ErrorMonitor({
    ...options,
    onError: ({ reason, status, attempts, message }) =>
      window.problems.push({ reason, status, attempts, message }),
  });
  window.ready = true;
</script>
"""

SENTRY_PAGE = """<!doctype html>
<meta charset="utf-8">
<link rel="icon" href="data:,">
<title>A shop using @sentry/browser</title>
<script type="importmap">IMPORT_MAP</script>
<script type="module">
  import * as Sentry from "@sentry/browser";
  window.Sentry = Sentry;
  window.ready = true;
</script>
"""


def require_chromium() -> None:
    """Fail, not skip, where `make test` installs chromium: CI must run the browser tests."""
    if CHROMIUM.exists():
        return
    if shutil.which("apt-get"):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs it (apt-get install chromium)")
    pytest.skip(f"{CHROMIUM} is missing, and make test installs it only where apt-get is")


def require_sentry_browser() -> None:
    if not (SENTRY_PACKAGES / "browser" / "package.json").is_file():
        pytest.fail("sdk/js/node_modules has no @sentry/browser: run `cd sdk/js && npm ci`")


async def launch_chromium(playwright: Playwright) -> Browser:
    # --no-sandbox: Chromium's sandbox refuses to start as root, which tests here and CI are.
    return await playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])


def sentry_import_map() -> dict[str, dict[str, str]]:
    """What a bundler would do for `import ... from "@sentry/browser"`: every @sentry package's
    entry points (their package.json "exports", resolved for browsers) mapped to its files."""
    imports: dict[str, str] = {}
    for manifest in sorted(SENTRY_PACKAGES.glob("*/package.json")):
        package = json.loads(manifest.read_text())
        for subpath, entry in _entry_points(package).items():
            target = _module_file(entry)
            if target is not None:
                specifier = package["name"] + subpath.removeprefix(".")
                imports[specifier] = f"/node_modules/{package['name']}/{target.removeprefix('./')}"
    return {"imports": imports}


def _entry_points(package: dict[str, Any]) -> dict[str, Any]:
    exports = package.get("exports", package.get("module"))
    if isinstance(exports, dict) and all(key.startswith(".") for key in exports):
        return exports
    return {".": exports}  # one entry point: a path, or conditions


def _module_file(entry: Any) -> str | None:
    if isinstance(entry, str):
        return entry if entry.endswith((".js", ".mjs")) else None
    if isinstance(entry, dict):
        for condition in ESM_CONDITIONS:
            found = _module_file(entry.get(condition))
            if found is not None:
                return found
    return None


def _files_under(root: Path) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    async def serve(request: web.Request) -> web.StreamResponse:
        path = _file_in(root, request.match_info["path"])
        if path is None:
            raise web.HTTPNotFound()
        media_type = MEDIA_TYPES.get(path.suffix, "application/octet-stream")
        return web.FileResponse(path, headers={"Content-Type": media_type})

    return serve


def _file_in(root: Path, relative: str) -> Path | None:
    """The file at `relative` under `root`, never outside it (`..`, symbolic links)."""
    path = (root / relative).resolve()
    return path if path.is_relative_to(root.resolve()) and path.is_file() else None


def _page(html: str) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    async def serve(request: web.Request) -> web.StreamResponse:
        return web.Response(text=html, content_type="text/html")

    return serve


class StaticSite:
    """The website's own origin, `http://127.0.0.1:<port>`, apart from the monitor's: its pages
    (/monitor.html with our SDK, /sentry.html with @sentry/browser) and the modules they load."""

    def __init__(self) -> None:
        self.port = free_port()
        self.origin = f"http://127.0.0.1:{self.port}"
        self._runner: web.AppRunner | None = None

    async def __aenter__(self) -> "StaticSite":
        app = web.Application()
        sentry_page = SENTRY_PAGE.replace("IMPORT_MAP", json.dumps(sentry_import_map()))
        app.router.add_get("/monitor.html", _page(MONITOR_PAGE))
        app.router.add_get("/sentry.html", _page(sentry_page))
        app.router.add_get("/sdk/{path:.+}", _files_under(SDK_SOURCES))
        app.router.add_get("/node_modules/@sentry/{path:.+}", _files_under(SENTRY_PACKAGES))
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self._runner is not None:
            await self._runner.cleanup()


@dataclass
class Exchange:
    """One request the page made to the monitor, as the browser saw it."""

    method: str
    url: str
    sent_at: float  # time.monotonic() in the test process
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    failure: str | None = None  # e.g. net::ERR_FAILED when CORS blocked the answer


@dataclass
class OpenPage:
    """A page of the site in a fresh browser context, with what it sent to `monitor_origin` and
    what it printed (console messages and uncaught errors, for failure messages)."""

    page: Page
    monitor_origin: str
    exchanges: list[Exchange] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    _of_request: dict[Request, Exchange] = field(default_factory=dict)

    def posts_to(self, path: str) -> list[Exchange]:
        return [e for e in self.exchanges if e.method == "POST" and path in e.url]

    async def answered(self, path: str, count: int, timeout: float = 10.0) -> list[Exchange]:
        """The POSTs to `path` once the first `count` of them have their outcome (the event
        comes to the test a moment after the page has seen it)."""
        deadline = time.monotonic() + timeout
        while True:
            posts = self.posts_to(path)
            if len(posts) >= count and all(p.status or p.failure for p in posts[:count]):
                return posts
            assert time.monotonic() < deadline, f"no outcome of POST {path}\n{self.story()}"
            await asyncio.sleep(0.02)

    def story(self) -> str:
        lines = [f"{e.method} {e.url} -> {e.status or e.failure}" for e in self.exchanges]
        return "\n".join(["requests:", *lines, "console:", *self.console])

    def _on_request(self, request: Request) -> None:
        if request.url.startswith(self.monitor_origin):
            exchange = Exchange(request.method, request.url, time.monotonic())
            self.exchanges.append(exchange)
            self._of_request[request] = exchange

    async def _on_response(self, response: Response) -> None:
        exchange = self._of_request.get(response.request)
        if exchange is not None:
            exchange.headers = await response.all_headers()
            exchange.status = response.status  # last: `answered` waits for it

    def _on_failure(self, request: Request) -> None:
        exchange = self._of_request.get(request)
        if exchange is not None:
            exchange.failure = request.failure or "failed"


async def open_page(browser: Browser, url: str, monitor_origin: str) -> OpenPage:
    """`url` loaded in a new context, its modules imported (window.ready), or an assertion
    that tells what the page printed."""
    context = await browser.new_context()
    page = await context.new_page()
    opened = OpenPage(page, monitor_origin)
    page.on("request", opened._on_request)
    page.on("response", opened._on_response)
    page.on("requestfailed", opened._on_failure)
    page.on("console", lambda message: opened.console.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: opened.console.append(f"uncaught: {error}"))
    await page.goto(url)
    try:
        await page.wait_for_function("() => window.ready === true", timeout=READY_TIMEOUT_MS)
    except Exception as error:
        problem = f"{url} did not load its modules: {error}\n{opened.story()}"
        raise AssertionError(problem) from None
    return opened
