"""The status page in a real browser (Debian's headless Chromium through Playwright,
tests/sdk/browser.py): a project going down and up as a visitor sees it, the layout at a
phone's and a desktop's width (screenshots saved under the test's tmp_path), dark mode, and
that every request the page makes goes to the monitor's own host.

The app is served in the test's process over real HTTP (tests/api/conftest.py); the browser
exercises rendering only, so these run on SQLite alone (tests/public/test_status_page.py runs
the page on both databases)."""

from collections.abc import AsyncIterator
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Browser, Page, async_playwright

from tests.api.conftest import Client
from tests.conftest import make_project
from tests.public.pages import make_page, went_silent
from tests.sdk.browser import launch_chromium, require_chromium

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)

PHONE = {"width": 390, "height": 844}
NARROW_PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
# Long enough to overflow a phone's width if the page let it.
LONG_NAME = "payments-gateway-for-the-european-shops-and-their-partners-api"


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    require_chromium()
    async with async_playwright() as playwright:
        browser = await launch_chromium(playwright)
        yield browser
        await browser.close()


class Visitor:
    """A browser tab on the status page, with every URL it requested."""

    def __init__(self, page: Page, url: str) -> None:
        self.page = page
        self.url = url
        self.requested: list[str] = []
        page.on("request", lambda request: self.requested.append(request.url))

    async def open(self) -> None:
        answer = await self.page.goto(self.url)
        assert answer is not None and answer.status == 200

    async def state_of(self, card: int) -> str:
        return await self.page.inner_text(f"#project-{card} .row .state")


async def visit(browser: Browser, api: Client, slug: str, **context: Any) -> Visitor:
    tab = await (await browser.new_context(**context)).new_page()
    visitor = Visitor(tab, str(api.make_url(f"/status/{slug}")))
    await visitor.open()
    return visitor


async def beat(api: Client, token: str) -> None:
    assert (await api.get(f"/ping/{token}")).status == 200


async def test_a_project_going_down_and_up_is_seen_in_chromium(
    api: Client, browser: Browser, translator: Any
) -> None:
    project = await make_project(name="Payments")
    await make_page("shop", [project])
    await beat(api, project.token)
    visitor = await visit(browser, api, "shop")
    assert await visitor.state_of(1) == "Operational"

    await went_silent(project, translator)
    await visitor.page.reload()
    assert await visitor.state_of(1) == "Down"
    assert await visitor.page.inner_text("#overall") == "Some systems are down"
    assert "Payments: no signal" in await visitor.page.inner_text("#open-incidents")

    await beat(api, project.token)
    await visitor.page.reload()
    assert await visitor.state_of(1) == "Operational"
    assert await visitor.page.inner_text("#overall") == "All systems operational"
    assert "Payments: no signal" in await visitor.page.inner_text("#resolved-incidents")
    origin = str(api.make_url("/"))
    assert visitor.requested and all(url.startswith(origin) for url in visitor.requested)


async def test_the_page_fits_a_phone_and_a_desktop(
    api: Client, browser: Browser, tmp_path: Path
) -> None:
    projects = [await make_project(name=name) for name in (LONG_NAME, "Website", "Reports")]
    for project in projects[:2]:
        await beat(api, project.token)
    await make_page("shop", projects, title="Example Shop: the status of every service we run")

    for name, viewport in (("phone", PHONE), ("narrow", NARROW_PHONE), ("desktop", DESKTOP)):
        visitor = await visit(browser, api, "shop", viewport=viewport)
        shot = tmp_path / f"status-{name}.png"
        await visitor.page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 0
        await assert_laid_out(visitor.page, name, cards=len(projects))
        origin = str(api.make_url("/"))
        assert all(url.startswith(origin) for url in visitor.requested), visitor.requested


async def assert_laid_out(page: Page, name: str, cards: int) -> None:
    """No horizontal scrolling; the key elements visible, inside the width, not overlapping."""
    width = await page.evaluate("() => window.innerWidth")
    scroll_width = await page.evaluate("() => document.scrollingElement.scrollWidth")
    assert scroll_width <= width, f"{name}: {scroll_width} px wide in {width} px"
    selectors = ["#title", "#switch", "#overall", *(f"#project-{n}" for n in range(1, cards + 1))]
    boxes = {}
    for selector in [*selectors, "#project-1 .bars", "#project-1 .name"]:
        element = page.locator(selector)
        assert await element.is_visible(), f"{name}: {selector} is not visible"
        box = await element.bounding_box()
        assert box is not None and box["width"] > 0 and box["height"] > 0, (name, selector)
        assert box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5, (name, selector, box)
        boxes[selector] = box
    for first, second in combinations(selectors, 2):
        assert not _overlap(boxes[first], boxes[second]), (name, first, second)
    bars = page.locator("#project-1 .bars li")
    assert await bars.count() == 90
    first_bar = await bars.first.bounding_box()
    assert first_bar is not None and first_bar["width"] >= 1, (name, first_bar)


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    apart_x = a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
    apart_y = a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"]
    return not (apart_x or apart_y)


async def test_dark_mode_gives_a_dark_page(api: Client, browser: Browser) -> None:
    await make_page("shop", [await make_project(name="Payments")])
    visitor = await visit(browser, api, "shop")
    light = await background(visitor.page)

    await visitor.page.emulate_media(color_scheme="dark")
    dark = await background(visitor.page)

    assert min(light) > 200, light
    assert max(dark) < 60, dark


async def background(page: Page) -> tuple[int, ...]:
    color = await page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    return tuple(int(part) for part in color.removeprefix("rgb(").rstrip(")").split(","))
