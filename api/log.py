"""POST /api/v1/log: the seed's error report body."""

from datetime import UTC, datetime

from aiohttp import web

from api.common import check_origin, json_answer, project_token, read_json_object, validated
from api.keys import INGESTOR, SETTINGS
from services.core.errors import InvalidInput
from services.formats.reports import ErrorDetails
from services.formats.scrub import scrub_error


async def post_log(request: web.Request) -> web.Response:
    body = await read_json_object(request)
    token = project_token(request, body)
    await check_origin(request, token)
    if "error" not in body:
        raise InvalidInput("error: field required")
    details = validated(ErrorDetails, body["error"], prefix="error")
    details = scrub_error(details, request.app[SETTINGS])  # before anything is stored
    report = await request.app[INGESTOR].record_error(token, details, datetime.now(UTC))
    return json_answer(
        {"ok": True, "id": report.id, "received_at": report.received_at.isoformat()}, status=201
    )
