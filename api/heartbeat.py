"""POST /api/v1/heartbeat: the seed's heartbeat body."""

from datetime import UTC, datetime

from aiohttp import web

from api.common import json_answer, project_token, read_json_object, validated
from api.keys import INGESTOR, SETTINGS
from services.reports import HeartbeatReport
from services.scrub import scrub_heartbeat


async def post_heartbeat(request: web.Request) -> web.Response:
    body = await read_json_object(request)
    token = project_token(request, body)
    report = scrub_heartbeat(validated(HeartbeatReport, body), request.app[SETTINGS])
    beat = await request.app[INGESTOR].record_heartbeat(token, report, datetime.now(UTC))
    return json_answer({"ok": True, "id": beat.id, "received_at": beat.received_at.isoformat()})
