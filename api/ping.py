"""Ping URLs for cron jobs and scripts (Healthchecks-style): one `curl` line.

GET|POST|HEAD /ping/<token>             success (a heartbeat; ends a run that /start began)
              /ping/<token>/start       a run began
              /ping/<token>/fail        the run failed: alert at once
              /ping/<token>/<exit-code> 0 is success, anything else a failure
              /ping/<token>/maintenance[/end]  a maintenance window (api/maintenance.py)
A POST body (its first 10 KB) is kept as the run's log and shown in the failure alert."""

from datetime import UTC, datetime

from aiohttp import web

from api.common import check_origin, read_body
from api.keys import INGESTOR, SETTINGS
from api.maintenance import ping_maintenance, ping_maintenance_end
from api.middleware import Handler
from services.formats.reports import HeartbeatReport
from services.formats.scrub import scrub_text
from services.ingest.ingestor import LOG_LIMIT, RunFailure


async def read_log(request: web.Request) -> str | None:
    if request.method != "POST" or not request.body_exists:
        return None
    head = (await read_body(request))[:LOG_LIMIT]  # the whole body: it may come in many chunks
    text = head.decode("utf-8", errors="replace").replace("\x00", "")
    return scrub_text(text, request.app[SETTINGS]) or None  # a job's log may print secrets


def ok() -> web.Response:
    return web.Response(text="OK")


async def ping_success(request: web.Request) -> web.Response:
    await request.app[INGESTOR].record_heartbeat(
        request.match_info["token"], HeartbeatReport(status="ok"), datetime.now(UTC)
    )
    return ok()


async def ping_start(request: web.Request) -> web.Response:
    await request.app[INGESTOR].record_run_start(request.match_info["token"], datetime.now(UTC))
    return ok()


async def ping_fail(request: web.Request) -> web.Response:
    failure = RunFailure(log=await read_log(request))
    await request.app[INGESTOR].record_run_failure(
        request.match_info["token"], failure, datetime.now(UTC)
    )
    return ok()


async def ping_exit_code(request: web.Request) -> web.Response:
    code = int(request.match_info["code"])
    if code == 0:
        return await ping_success(request)
    failure = RunFailure(exit_code=code, log=await read_log(request))
    await request.app[INGESTOR].record_run_failure(
        request.match_info["token"], failure, datetime.now(UTC)
    )
    return ok()


def add_ping_routes(app: web.Application) -> None:
    for suffix, handler in (
        ("", ping_success),
        ("/start", ping_start),
        ("/fail", ping_fail),
        ("/{code:[0-9]{1,3}}", ping_exit_code),
        ("/maintenance", ping_maintenance),
        ("/maintenance/end", ping_maintenance_end),
    ):
        app.router.add_get(f"/ping/{{token}}{suffix}", _origin_checked(handler))
        app.router.add_post(f"/ping/{{token}}{suffix}", _origin_checked(handler))


def _origin_checked(handler: Handler) -> Handler:
    async def door(request: web.Request) -> web.StreamResponse:
        await check_origin(request, request.match_info["token"])
        return await handler(request)

    return door
