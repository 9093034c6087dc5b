"""Uptime Kuma's push URLs, so a job set up for Kuma reports here with only its host changed:

GET|POST|HEAD /api/push/<token>?status=up|down&msg=…&ping=…

`up` (the default, as in Kuma) is a success heartbeat, `msg` and `ping` (the response time in
ms) kept in its metadata; `down` is a failed run with `msg` as its log, alerted at once. Answers
are in Kuma's own shape, `{"ok": true}` or `{"ok": false, "msg": …}`, so scripts that read them
keep working; refusals also carry `error`, as every door's do."""

import math
from datetime import UTC, datetime
from typing import Any

from aiohttp import web

from api.common import check_origin, json_answer
from api.keys import INGESTOR, SETTINGS
from api.middleware import STATUS_OF
from models.enums import KumaStatus
from services.core.errors import AppError, InvalidInput, Overloaded, RateLimited
from services.formats.reports import HeartbeatReport
from services.formats.scrub import job_text
from services.ingest.ingestor import RunFailure

MAX_MSG = 1000  # kept in a heartbeat's metadata: a line, not a log


async def push(request: web.Request) -> web.Response:
    try:
        await _push(request)
    except (RateLimited, Overloaded):
        raise  # the middleware's answer, with Retry-After
    except AppError as error:
        status = STATUS_OF.get(type(error), 400)
        return json_answer({"ok": False, "msg": str(error), "error": str(error)}, status)
    return json_answer({"ok": True})


async def _push(request: web.Request) -> None:
    token = request.match_info["token"]
    status = _status(request.query.get("status"))
    msg = job_text(request.query.get("msg", ""), request.app[SETTINGS])
    ping_ms = _ping_ms(request.query.get("ping"))
    await check_origin(request, token)
    ingestor, now = request.app[INGESTOR], datetime.now(UTC)
    if status == KumaStatus.DOWN:
        await ingestor.record_run_failure(token, RunFailure(log=msg or None), now)
        return
    metadata: dict[str, Any] = {"source": "uptime-kuma"}
    if msg:
        metadata["msg"] = msg[:MAX_MSG]
    if ping_ms is not None:
        metadata["ping_ms"] = ping_ms
    await ingestor.record_heartbeat(token, HeartbeatReport(status="ok", metadata=metadata), now)


def _status(value: str | None) -> KumaStatus:
    try:
        return KumaStatus((value or KumaStatus.UP).strip().lower())
    except ValueError:
        raise InvalidInput(f"status: must be up or down, not {(value or '')[:20]!r}") from None


def _ping_ms(value: str | None) -> float | None:
    """Kuma's `ping`: the response time in milliseconds, a finite number of at least 0."""
    if value is None or value.strip() == "":
        return None
    try:
        ms = float(value)
    except ValueError:
        ms = math.nan
    if not math.isfinite(ms) or ms < 0:
        raise InvalidInput(f"ping: must be a number of milliseconds, not {value[:20]!r}")
    return ms


def add_kuma_routes(app: web.Application) -> None:
    app.router.add_get("/api/push/{token}", push)  # HEAD too
    app.router.add_post("/api/push/{token}", push)
