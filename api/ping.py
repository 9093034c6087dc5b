"""Ping URLs for cron jobs and scripts (Healthchecks-style): one `curl` line.

GET|POST|HEAD /ping/<token>             success (a heartbeat; ends a run that /start began)
              /ping/<token>/start       a run began
              /ping/<token>/fail        the run failed: alert at once
              /ping/<token>/<exit-code> 0 is success, anything else a failure
              /ping/<token>/log         a log line (POST body or ?msg=), no state changes
              /ping/<token>/maintenance[/end]  a maintenance window (api/maintenance.py)
A POST body (its first 10 KB) is kept as the run's log and shown in the failure alert, after
the lines the run sent to /log. `?rid=<uuid>` on any of the first five tells overlapping runs of
one job apart: a success or failure ends the run that started with the same id."""

from datetime import UTC, datetime

from aiohttp import web

from api.common import check_origin, read_body
from api.keys import INGESTOR, SETTINGS
from api.maintenance import ping_maintenance, ping_maintenance_end
from api.middleware import Handler
from services.core.errors import InvalidInput
from services.formats.reports import HeartbeatReport, parse_run_id
from services.formats.scrub import JOB_TEXT_LIMIT, job_text
from services.ingest.ingestor import RunFailure


async def read_log(request: web.Request) -> str | None:
    if request.method != "POST" or not request.body_exists:
        return None
    head = (await read_body(request))[:JOB_TEXT_LIMIT]  # the whole body: it may come in chunks
    return job_text(head.decode("utf-8", errors="replace"), request.app[SETTINGS]) or None


def ok() -> web.Response:
    return web.Response(text="OK")


def run_id(request: web.Request) -> str | None:
    return parse_run_id(request.query.get("rid"))


async def ping_success(request: web.Request) -> web.Response:
    await request.app[INGESTOR].record_heartbeat(
        request.match_info["token"],
        HeartbeatReport(status="ok"),
        datetime.now(UTC),
        run_id(request),
    )
    return ok()


async def ping_start(request: web.Request) -> web.Response:
    await request.app[INGESTOR].record_run_start(
        request.match_info["token"], datetime.now(UTC), rid=run_id(request)
    )
    return ok()


async def ping_log(request: web.Request) -> web.Response:
    """A log line: the POST body, else `?msg=` (scrubbed and clipped as a failure's log)."""
    rid = run_id(request)
    text = await read_log(request) or job_text(request.query.get("msg", ""), request.app[SETTINGS])
    if not text or not text.strip():
        raise InvalidInput("log: send the line as the POST body or as ?msg=")
    await request.app[INGESTOR].record_run_log(
        request.match_info["token"], text, datetime.now(UTC), rid=rid
    )
    return ok()


async def ping_fail(request: web.Request) -> web.Response:
    failure = RunFailure(log=await read_log(request), rid=run_id(request))
    await request.app[INGESTOR].record_run_failure(
        request.match_info["token"], failure, datetime.now(UTC)
    )
    return ok()


async def ping_exit_code(request: web.Request) -> web.Response:
    code = int(request.match_info["code"])
    if code == 0:
        return await ping_success(request)
    failure = RunFailure(exit_code=code, log=await read_log(request), rid=run_id(request))
    await request.app[INGESTOR].record_run_failure(
        request.match_info["token"], failure, datetime.now(UTC)
    )
    return ok()


def add_ping_routes(app: web.Application) -> None:
    for suffix, handler in (
        ("", ping_success),
        ("/start", ping_start),
        ("/fail", ping_fail),
        ("/log", ping_log),
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
