"""A README's badge in a real browser (Debian's headless Chromium, tests/sdk/browser.py): the
status badge as an <img> turns from green "up" to red "down" and back as the project goes
silent and beats again through the app's doors. The colour is read from what Chromium drew:
the image is painted on a canvas and the right half's pixel read back."""

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from playwright.async_api import Page, async_playwright

from api.app import SERVER_OPTIONS, create_api_app
from models import ProjectType
from services.accounts import projects
from services.core.settings import Settings
from services.ingest.ingestor import Ingestor
from services.letters.outbox import OutboxSignal
from services.notify.notifier import Notifier
from services.watch.silence import SilenceWatcher
from tests.conftest import listened_until
from tests.sdk.browser import launch_chromium, require_chromium

# A page like a rendered README on the monitor's own origin (so the canvas may be read back).
README = """<!doctype html>
<meta charset="utf-8">
<link rel="icon" href="data:,">
<img id="badge" alt="status">
<canvas id="canvas" width="200" height="20"></canvas>
<script>
  // Loads the badge afresh (a new query: past the minute it may be cached for) and answers
  // the RGB of a pixel near its right edge, inside the message's half.
  window.badgeColour = (src) => new Promise((resolve, reject) => {
    const img = document.getElementById("badge");
    img.onload = () => {
      const context = document.getElementById("canvas").getContext("2d");
      context.clearRect(0, 0, 200, 20);
      context.drawImage(img, 0, 0);
      resolve(Array.from(context.getImageData(img.naturalWidth - 4, 4, 1, 1).data.slice(0, 3)));
    };
    img.onerror = () => reject(new Error("the badge did not load: " + src));
    img.src = src + "?seen=" + Date.now() + Math.random();
  });
</script>
"""


async def readme(request: web.Request) -> web.Response:
    return web.Response(text=README, content_type="text/html")


def looks(rgb: list[int]) -> str:
    red, green, _ = rgb
    if red > 150 and green < 120:
        return "red"
    if green > 150 and red < 120:
        return "green"
    return f"neither: {rgb}"


async def colour(page: Page, url: str) -> str:
    return looks(await page.evaluate("(src) => window.badgeColour(src)", url))


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)  # the browser is the point
async def test_a_badge_in_chromium_turns_red_when_the_project_goes_down_and_green_again(
    db: str, translator: Any, aiohttp_server: Callable[..., Awaitable[TestServer]]
) -> None:
    require_chromium()
    settings = Settings(_env_file=None, database_url=db)
    app = create_api_app(settings, Ingestor(Notifier(translator, "en"), OutboxSignal()))
    app.router.add_get("/readme.html", readme)
    server = await aiohttp_server(app, **SERVER_OPTIONS)
    base = str(server.make_url(""))
    project = await projects.create_project(projects.NewProject("shop", ProjectType.BOT))
    badge = f"{base}/badge/{project.badge_key}.svg"

    async with async_playwright() as playwright:
        browser = await launch_chromium(playwright)
        try:
            page = await browser.new_page()
            await page.goto(f"{base}/readme.html")
            await page.request.get(f"{base}/ping/{project.token}")  # the job's ping: up
            assert await colour(page, badge) == "green"

            watcher = SilenceWatcher(Notifier(translator, "en"), OutboxSignal())
            later = datetime.now(UTC) + timedelta(hours=2)
            await listened_until(later)
            assert await watcher.check(later) == 1  # silent past its timeout: down
            assert await colour(page, badge) == "red"

            await page.request.get(f"{base}/ping/{project.token}")  # back
            assert await colour(page, badge) == "green"
        finally:
            await browser.close()
