"""Maintenance by URL, for deploy scripts (one `curl` line before and after a deploy):

GET|POST /ping/<token>/maintenance?minutes=15   a window from now: 15 minutes unless `minutes`
                                                says (1 to 1440: a day at most); a window
                                                this door began, still on, is replaced
         /ping/<token>/maintenance/end          end this door's window now: an outage it held
                                                is alerted now unless another window is on
Outages in the window are held (services/monitors/holds.py); both answer `OK`. These doors
touch only the windows they began (services/accounts/maintenance.start_for_deploy): a window
a person began in the bot or the shell, and weekly ones, are theirs to end."""

from datetime import UTC, datetime, timedelta

from aiohttp import web

from api.keys import INGESTOR
from models import Project
from services.accounts import maintenance
from services.accounts.projects import find_reporting_project
from services.core.errors import InvalidInput
from services.watch.held import HeldReleaser

DEFAULT_MINUTES = 15
MAX_MINUTES = 24 * 60  # a deploy longer than a day is not what this door is for
# Checked before int(): Python refuses to read more than 4,300 digits (a ValueError, a 500).
MAX_DIGITS = len(str(MAX_MINUTES))


def window_minutes(typed: str | None) -> int:
    if typed is None:
        return DEFAULT_MINUTES
    if (
        len(typed) > MAX_DIGITS
        or not typed.isascii()
        or not typed.isdigit()
        or not 1 <= int(typed) <= MAX_MINUTES
    ):
        raise InvalidInput(f"minutes must be a whole number from 1 to {MAX_MINUTES}")
    return int(typed)


async def ping_maintenance(request: web.Request) -> web.Response:
    minutes = window_minutes(request.query.get("minutes"))
    project = await _project(request)
    now = datetime.now(UTC)
    await maintenance.start_for_deploy(project, now, now + timedelta(minutes=minutes))
    return web.Response(text="OK")


async def ping_maintenance_end(request: web.Request) -> web.Response:
    project = await _project(request)
    ingestor = request.app[INGESTOR]
    releaser = HeldReleaser(ingestor.notifier, ingestor.signal)
    await releaser.end_deploy_maintenance(project, datetime.now(UTC))
    return web.Response(text="OK")


async def _project(request: web.Request) -> Project:
    """The token's project, if it may report (active, under its rate limit)."""
    ingestor = request.app[INGESTOR]
    project = await find_reporting_project(request.match_info["token"])
    ingestor.limiter.admit(project.id, datetime.now(UTC))
    return project
