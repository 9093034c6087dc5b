"""A project's public badges (`/badge/<key>.svg`, `/badge/<key>/uptime-30d.svg`): their key,
what they say and in which colour. The key is not the token: a badge in a README shows the
project's state to anyone and lets nobody report for it (docs/badges.md)."""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from models import Monitor, Project
from models.enums import PublicState
from services.accounts.projects import new_badge_key
from services.monitors import holds
from services.public.state import SHOWN_KINDS, public_state
from services.stats import figures
from services.text.badge_svg import Badge

UPTIME_SPAN = timedelta(days=30)
STATUS_LABEL = "status"
UPTIME_LABEL = "uptime 30d"
NOT_FOUND = Badge("badge", "not found", "#9f9f9f")
# shields' named colours: brightgreen, red, lightgrey, blue.
STATE_COLORS = {
    PublicState.UP: "#4c1",
    PublicState.DOWN: "#e05d44",
    PublicState.PAUSED: "#9f9f9f",
    PublicState.MAINTENANCE: "#007ec6",
    PublicState.NEW: "#9f9f9f",
}
# Uptime at or above each floor, best first: brightgreen, green, yellowgreen, yellow, orange.
UPTIME_COLORS = ((99.9, "#4c1"), (99.0, "#97ca00"), (98.0, "#a4a61d"), (95.0, "#dfb317"))
UPTIME_BELOW = "#fe7d37"


async def badge_key_of(project: Project) -> str:
    """The project's badge key, given now if it has none (a row the seed's plain SQL
    inserted). A compare-and-set: of two requests giving one at once, one key wins and both
    answer with it."""
    if project.badge_key:
        return project.badge_key
    key = new_badge_key()
    given = await Project.filter(id=project.id, badge_key__isnull=True).update(badge_key=key)
    if given != 1:  # another request gave it one first: theirs stands
        key = str((await Project.get(id=project.id)).badge_key)
    project.badge_key = key
    return key


async def project_of_badge(key: str) -> Project | None:
    """The project whose badge key this is; None for any other text (a token among them)."""
    if not 0 < len(key) <= 32:
        return None
    return await Project.get_or_none(badge_key=key)


@dataclass(frozen=True)
class BadgeUrls:
    status: str
    uptime: str


def badge_urls(public_url: str, key: str) -> BadgeUrls:
    base = f"{public_url}/badge/{key}"
    return BadgeUrls(status=f"{base}.svg", uptime=f"{base}/uptime-30d.svg")


async def badge_state(project: Project, now: datetime) -> PublicState:
    states = await Monitor.filter(project_id=project.id, kind__in=SHOWN_KINDS).values_list(
        "state", flat=True
    )
    maintenance = await holds.in_maintenance(project.id, now)
    return public_state(project.paused, maintenance, [str(state) for state in states])


def status_badge(state: PublicState) -> Badge:
    return Badge(STATUS_LABEL, state.value, STATE_COLORS[state])


async def uptime_30d(project: Project, now: datetime) -> float | None:
    """The share of the last 30 days the project was up, as /stats counts it
    (services/stats/figures.py: maintenance and paused time left out); None: never watched."""
    return figures.share_up(await figures.state_timeline(project.id, now - UPTIME_SPAN, now))


def uptime_badge(share: float | None) -> Badge:
    if share is None:
        return Badge(UPTIME_LABEL, "n/a", STATE_COLORS[PublicState.NEW])
    percent = share * 100
    color = next((c for floor, c in UPTIME_COLORS if percent >= floor), UPTIME_BELOW)
    return Badge(UPTIME_LABEL, uptime_text(percent), color)


def uptime_text(percent: float) -> str:
    """Two decimals, cut rather than rounded: 99.999 % is "99.99%", never "100%" while any
    downtime was seen; 100 % is "100%"."""
    if percent >= 100:
        return "100%"
    return f"{math.floor(percent * 100) / 100:.2f}%"
