"""POST /api/v1/heartbeat: the seed's heartbeat body."""

import functools
from datetime import UTC, datetime
from typing import Any

from aiohttp import web

from api.common import check_origin, json_answer, project_token, read_body, validated
from api.keys import INGESTOR, SETTINGS
from services.formats.reports import HeartbeatReport, parse_json_object
from services.formats.scrub import scrub_heartbeat

# Most heartbeats are the same few bytes again and again (a cron line, an SDK's timer): a small
# body's parsed, checked and validated form is remembered by its bytes, for a tenth of a
# heartbeat's cost (docs/BENCHMARKS.md). Bounded both ways: entries and each body's size.
REMEMBERED_BODIES = 1024
REMEMBERED_BODY_BYTES = 1024


async def post_heartbeat(request: web.Request) -> web.Response:
    body, report = heartbeat_body(await read_body(request))
    token = project_token(request, body)
    await check_origin(request, token)
    report = scrub_heartbeat(report, request.app[SETTINGS])
    beat = await request.app[INGESTOR].record_heartbeat(token, report, datetime.now(UTC))
    return json_answer({"ok": True, "id": beat.id, "received_at": beat.received_at})


def heartbeat_body(raw: bytes) -> tuple[dict[str, Any], HeartbeatReport]:
    """The body as a JSON object (only read, never changed: it may be shared) and its report,
    or InvalidInput naming what is wrong (a refusal is not remembered)."""
    return _remembered(raw) if len(raw) <= REMEMBERED_BODY_BYTES else _parsed(raw)


def _parsed(raw: bytes) -> tuple[dict[str, Any], HeartbeatReport]:
    body = parse_json_object(raw)
    return body, validated(HeartbeatReport, body)


_remembered = functools.lru_cache(maxsize=REMEMBERED_BODIES)(_parsed)
