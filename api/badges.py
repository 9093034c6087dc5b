"""Badges for a README: public, no token (services/accounts/badges.py, docs/badges.md).

GET|HEAD /badge/<badge-key>.svg              status | up, down, paused, maintenance, new
         /badge/<badge-key>/uptime-30d.svg   uptime 30d | 99.95%
Answers may be cached a minute (`Cache-Control: public, max-age=60`) and carry an ETag: a
client that sends it back in If-None-Match gets 304 while the badge says the same. An unknown
key answers 404 with a "badge | not found" badge, so a README shows why rather than a broken
image; the answer never says whether the text was anybody's token."""

import hashlib
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from aiohttp import web

from models import Project
from services.accounts import badges
from services.text.badge_svg import Badge, badge_svg

SVG = "image/svg+xml"
CACHE_CONTROL = "public, max-age=60"
KEY = "{badge_key:[A-Za-z0-9_-]{1,64}}"
STATUS_PATH = f"/badge/{KEY}.svg"
UPTIME_PATH = f"/badge/{KEY}/uptime-30d.svg"


async def status_badge(project: Project, now: datetime) -> Badge:
    return badges.status_badge(await badges.badge_state(project, now))


async def uptime_badge(project: Project, now: datetime) -> Badge:
    return badges.uptime_badge(await badges.uptime_30d(project, now))


def badge_door(
    draw: Callable[[Project, datetime], Awaitable[Badge]],
) -> Callable[[web.Request], Awaitable[web.Response]]:
    async def door(request: web.Request) -> web.Response:
        project = await badges.project_of_badge(request.match_info["badge_key"])
        if project is None:
            return svg_answer(request, badges.NOT_FOUND, 404)
        return svg_answer(request, await draw(project, datetime.now(UTC)))

    return door


def svg_answer(request: web.Request, badge: Badge, status: int = 200) -> web.Response:
    body = badge_svg(badge).encode()
    etag = f'"{hashlib.sha256(body).hexdigest()[:20]}"'
    headers = {"Cache-Control": CACHE_CONTROL, "ETag": etag}
    if status == 200 and _matches(request.headers.get("If-None-Match", ""), etag):
        return web.Response(status=304, headers=headers)
    return web.Response(body=body, status=status, content_type=SVG, headers=headers)


def _matches(if_none_match: str, etag: str) -> bool:
    """Whether the client's copy is this one: If-None-Match compares weakly (RFC 9110), so a
    W/ tag a proxy weakened still matches; `*` matches any badge."""
    tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return etag in tags or "*" in tags


def add_badge_routes(app: web.Application) -> None:
    app.router.add_get(STATUS_PATH, badge_door(status_badge))
    app.router.add_get(UPTIME_PATH, badge_door(uptime_badge))
