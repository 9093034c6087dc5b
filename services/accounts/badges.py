"""A project's public badges (`/badge/<key>.svg`, `/badge/<key>/uptime-30d.svg`): their key,
what they say and in which colour. The key is not the token: a badge in a README shows the
project's state to anyone and lets nobody report for it (docs/badges.md)."""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from models import Monitor, MonitorKind, MonitorState, Project
from models.enums import BadgeState
from services.accounts.projects import new_badge_key
from services.monitors import holds
from services.stats import figures
from services.text.badge_svg import Badge

UPTIME_SPAN = timedelta(days=30)
STATUS_LABEL = "status"
UPTIME_LABEL = "uptime 30d"
NOT_FOUND = Badge("badge", "not found", "#9f9f9f")
# shields' named colours: brightgreen, red, lightgrey, blue.
STATE_COLORS = {
    BadgeState.UP: "#4c1",
    BadgeState.DOWN: "#e05d44",
    BadgeState.PAUSED: "#9f9f9f",
    BadgeState.MAINTENANCE: "#007ec6",
    BadgeState.NEW: "#9f9f9f",
}
# Uptime at or above each floor, best first: brightgreen, green, yellowgreen, yellow, orange.
UPTIME_COLORS = ((99.9, "#4c1"), (99.0, "#97ca00"), (98.0, "#a4a61d"), (95.0, "#dfb317"))
UPTIME_BELOW = "#fe7d37"
_SHOWN = (MonitorKind.HEARTBEAT, MonitorKind.HTTP, MonitorKind.TCP)


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


def state_of(paused: bool, in_maintenance: bool, monitor_states: list[str]) -> BadgeState:
    """The badge's one rule. Paused, then maintenance, win; else down if the heartbeat or an
    active check is down, up if one is up, new if nothing was heard or probed yet. Checks
    count here (unlike the project's health, which is its heartbeat's): a README badge of a
    site watched only by an HTTP check must say whether the site is up."""
    if paused:
        return BadgeState.PAUSED
    if in_maintenance:
        return BadgeState.MAINTENANCE
    if MonitorState.DOWN in monitor_states:
        return BadgeState.DOWN
    if MonitorState.UP in monitor_states:
        return BadgeState.UP
    return BadgeState.NEW


async def badge_state(project: Project, now: datetime) -> BadgeState:
    states = await Monitor.filter(project_id=project.id, kind__in=_SHOWN).values_list(
        "state", flat=True
    )
    maintenance = await holds.in_maintenance(project.id, now)
    return state_of(project.paused, maintenance, [str(state) for state in states])


def status_badge(state: BadgeState) -> Badge:
    return Badge(STATUS_LABEL, state.value, STATE_COLORS[state])


async def uptime_30d(project: Project, now: datetime) -> float | None:
    """The share of the last 30 days the project was up, as /stats counts it
    (services/stats/figures.py: maintenance and paused time left out); None: never watched."""
    return figures.share_up(await figures.state_timeline(project.id, now - UPTIME_SPAN, now))


def uptime_badge(share: float | None) -> Badge:
    if share is None:
        return Badge(UPTIME_LABEL, "n/a", STATE_COLORS[BadgeState.NEW])
    percent = share * 100
    color = next((c for floor, c in UPTIME_COLORS if percent >= floor), UPTIME_BELOW)
    return Badge(UPTIME_LABEL, uptime_text(percent), color)


def uptime_text(percent: float) -> str:
    """Two decimals, cut rather than rounded: 99.999 % is "99.99%", never "100%" while any
    downtime was seen; 100 % is "100%"."""
    if percent >= 100:
        return "100%"
    return f"{math.floor(percent * 100) / 100:.2f}%"
