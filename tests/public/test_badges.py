"""Badges over HTTP, as a README's <img> or shields' proxy fetches them: what each says and in
which colour, the cache headers and 304, and that only the badge key opens them."""

import re
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from api.app import create_api_app
from models import HealthTransition, Project, ProjectType
from services.accounts import badges, maintenance, projects
from services.core.settings import Settings
from services.ingest.ingestor import Ingestor
from services.letters.outbox import OutboxSignal
from services.notify.notifier import Notifier
from services.public.state import public_state
from services.text.badge_svg import Badge, badge_svg, text_width
from services.watch.silence import SilenceWatcher
from tests.conftest import listened_until, make_project

Client = TestClient[Any, Any]
GREEN, RED, GREY, BLUE = "#4c1", "#e05d44", "#9f9f9f", "#007ec6"


ServeApi = Callable[..., Awaitable[Client]]


@pytest.fixture
async def api_with(
    db: str, translator: Any, aiohttp_client: Callable[..., Awaitable[Client]]
) -> ServeApi:
    """The app over real HTTP, served as cli/lifecycle.py serves it (tests/api/conftest.py's
    aiohttp_client), with settings of the test's own."""

    async def serve(**overrides: Any) -> Client:
        settings = Settings(_env_file=None, database_url=db, **overrides)
        return await aiohttp_client(
            create_api_app(settings, Ingestor(Notifier(translator, "en"), OutboxSignal()))
        )

    return serve


@pytest.fixture
async def api(api_with: ServeApi) -> Client:
    return await api_with()


async def new_project() -> Project:
    return await projects.create_project(projects.NewProject("shop", ProjectType.BOT))


def said(svg: str) -> tuple[str, str, str]:
    """(label, message, the message half's colour) as the badge draws them."""
    texts = re.findall(r'<text x="[^"]+" y="14">([^<]*)</text>', svg)
    colors = re.findall(r'<rect x="\d+" width="\d+" height="20" fill="([^"]+)"/>', svg)
    return texts[0], texts[1], colors[0]


async def badge(api: Client, path: str, status: int = 200) -> tuple[str, str, str]:
    answer = await api.get(path)
    assert answer.status == status
    assert answer.content_type == "image/svg+xml"
    return said(await answer.text())


async def test_a_badge_follows_the_project_up_down_paused_and_in_maintenance(
    api: Client, translator: Any
) -> None:
    project = await new_project()
    path = f"/badge/{project.badge_key}.svg"
    assert await badge(api, path) == ("status", "new", GREY)

    assert (await api.get(f"/ping/{project.token}")).status == 200
    assert await badge(api, path) == ("status", "up", GREEN)

    watcher = SilenceWatcher(Notifier(translator, "en"), OutboxSignal())
    later = datetime.now(UTC) + timedelta(hours=2)
    await listened_until(later)
    assert await watcher.check(later) == 1
    assert await badge(api, path) == ("status", "down", RED)

    assert (await api.get(f"/ping/{project.token}")).status == 200
    assert await badge(api, path) == ("status", "up", GREEN)

    assert (await api.get(f"/ping/{project.token}/maintenance")).status == 200
    assert await badge(api, path) == ("status", "maintenance", BLUE)
    await maintenance.end(project, datetime.now(UTC))

    await projects.set_paused(project, True, datetime.now(UTC), "Ann")
    assert await badge(api, path) == ("status", "paused", GREY)


async def test_uptime_counts_the_last_thirty_days_and_is_coloured_by_its_value(
    api: Client,
) -> None:
    project = await new_project()
    path = f"/badge/{project.badge_key}/uptime-30d.svg"
    assert await badge(api, path) == ("uptime 30d", "n/a", GREY)

    now = datetime.now(UTC)
    await transition(project, "new", "up", now - timedelta(days=40))  # before: as if up
    assert await badge(api, path) == ("uptime 30d", "100%", GREEN)

    # 3 of the 30 days down (the outage began 4 days ago and lasted 3): 90%.
    await transition(project, "up", "down", now - timedelta(days=4))
    await transition(project, "down", "up", now - timedelta(days=1))
    label, message, color = await badge(api, path)
    assert (label, color) == ("uptime 30d", "#fe7d37")
    assert message in ("89.99%", "90.00%")  # the clock moved between "now" and the request


async def transition(project: Project, old: str, new: str, at: datetime) -> None:
    await HealthTransition.create(project=project, old=old, new=new, reason="test", at=at)


@pytest.mark.parametrize(
    ("percent", "text", "color"),
    [
        (100.0, "100%", "#4c1"),
        (99.999, "99.99%", "#4c1"),
        (99.9, "99.90%", "#4c1"),
        (99.89, "99.89%", "#97ca00"),
        (99.0, "99.00%", "#97ca00"),
        (98.5, "98.50%", "#a4a61d"),
        (95.0, "95.00%", "#dfb317"),
        (94.99, "94.99%", "#fe7d37"),
        (0.0, "0.00%", "#fe7d37"),
    ],
)
def test_uptime_is_cut_not_rounded_and_coloured_on_both_sides_of_each_step(
    percent: float, text: str, color: str
) -> None:
    assert badges.uptime_badge(percent / 100) == Badge("uptime 30d", text, color)


async def test_answers_are_cacheable_a_minute_and_revalidate_with_their_etag(
    api: Client,
) -> None:
    project = await new_project()
    path = f"/badge/{project.badge_key}.svg"
    first = await api.get(path)
    assert first.headers["Cache-Control"] == "public, max-age=60"
    etag = first.headers["ETag"]
    assert etag.startswith('"') and etag.endswith('"')

    again = await api.get(path, headers={"If-None-Match": etag})
    assert again.status == 304
    assert again.headers["ETag"] == etag and await again.read() == b""
    weak = await api.get(path, headers={"If-None-Match": f'"other", W/{etag}'})
    assert weak.status == 304

    assert (await api.get(f"/ping/{project.token}")).status == 200  # the badge changed: up
    changed = await api.get(path, headers={"If-None-Match": etag})
    assert changed.status == 200 and changed.headers["ETag"] != etag
    assert said(await changed.text())[1] == "up"


async def test_an_unknown_key_is_a_not_found_badge_and_a_token_is_not_a_key(
    api: Client,
) -> None:
    project = await new_project()
    for key in ("nope", project.token, "x" * 64):
        for path in (f"/badge/{key}.svg", f"/badge/{key}/uptime-30d.svg"):
            assert await badge(api, path, 404) == ("badge", "not found", GREY)
    answer = await api.get(f"/badge/{project.badge_key}")  # no .svg: no such door
    assert answer.status == 404 and (await answer.json())["ok"] is False


async def test_a_project_the_seeds_sql_inserted_gets_a_key_once(api: Client) -> None:
    project = await make_project()  # no badge key, as the seed's INSERT leaves it
    assert project.badge_key is None
    key = await badges.badge_key_of(project)
    assert key == await badges.badge_key_of(await Project.get(id=project.id))
    assert (await Project.get(id=project.id)).badge_key == key
    assert await badge(api, f"/badge/{key}.svg") == ("status", "new", GREY)


def test_badge_text_is_escaped_and_sized_by_its_words() -> None:
    svg = badge_svg(Badge("a<b", 'x&"y', "#4c1"))
    assert "a&lt;b" in svg and 'x&amp;"y' in svg and "<b" not in svg.replace("<b>", "")
    assert text_width("uptime 30d") > text_width("up") > 0
    wide, narrow = (
        badge_svg(Badge("status", "maintenance", BLUE)),
        badge_svg(Badge("status", "up", GREEN)),
    )
    width = re.compile(r'<svg [^>]*width="(\d+)"')
    assert int(width.findall(wide)[0]) > int(width.findall(narrow)[0])


async def test_badges_are_public_where_the_ingestion_doors_are_allow_listed(
    api_with: ServeApi,
) -> None:
    """A README is read from anywhere: API_ALLOWED_NETWORKS guards what projects send, not
    their badges (api/doors.py: `badge` is not an ingestion door)."""
    api = await api_with(api_allowed_networks="192.0.2.0/24")
    project = await new_project()
    assert (await api.get(f"/ping/{project.token}")).status == 403
    assert await badge(api, f"/badge/{project.badge_key}.svg") == ("status", "new", GREY)
    assert (await api.get(f"/badge/{project.badge_key}/uptime-30d.svg")).status == 200


@pytest.mark.parametrize(
    ("paused", "maintenance_on", "states", "shown"),
    [
        (True, True, ["down"], "paused"),
        (False, True, ["down"], "maintenance"),
        (False, False, ["up", "down"], "down"),  # a check down while heartbeats arrive
        (False, False, ["new", "up"], "up"),  # a site watched only by its check
        (False, False, ["up"], "up"),
        (False, False, ["new", "new"], "new"),
        (False, False, [], "new"),  # the seed's row: no monitors yet
        (False, False, ["paused"], "paused"),  # every monitor watching it is paused
    ],
)
def test_the_public_states_one_rule(
    paused: bool, maintenance_on: bool, states: list[str], shown: str
) -> None:
    assert public_state(paused, maintenance_on, states) == shown
