"""The Sentry door: `POST /api/<project_id>/envelope/` and `/api/<project_id>/store/`, so any
official Sentry SDK reports here with the DSN `http://<project token>@<host>/<project id>`, and
legacy raven clients too (base64 bodies on /store/: services/formats/sentry.legacy_store_body)."""

import asyncio
from datetime import UTC, datetime
from typing import Any

from aiohttp import web

from api.common import check_origin, error_answer, json_answer, read_body
from api.keys import INFLATER, INGESTOR, SETTINGS, TOKEN_OWNERS
from services.core.errors import Overloaded, RateLimited, UnknownToken
from services.formats.reports import HeartbeatReport, parse_json_object
from services.formats.scrub import scrub_error
from services.formats.sentry import (
    CheckIn,
    Envelope,
    event_to_error,
    key_from_auth_header,
    key_from_dsn,
    legacy_store_body,
    parse_check_in,
    parse_envelope,
)
from services.ingest.ingestor import Ingestor, RunFailure


async def post_envelope(request: web.Request) -> web.Response:
    envelope = parse_envelope(await read_body(request))
    return await _answer(request, envelope, envelope.header.get("dsn"), _event_id(envelope.header))


async def post_store(request: web.Request) -> web.Response:
    raw = await _store_body(request)
    event = parse_json_object(raw, "the event (body)")
    envelope = Envelope({}, [({"type": "event"}, raw)])
    return await _answer(request, envelope, None, _event_id(event))


async def _store_body(request: web.Request) -> bytes:
    """The event's JSON text; a legacy client's base64 body decoded (and inflated, capped as
    every body is) on the inflater's threads, as read_body inflates."""
    raw = await read_body(request)
    if raw.lstrip()[:1] in (b"{", b""):  # what current SDKs send: nothing to decode
        return raw
    limit = request.app[SETTINGS].max_body_bytes
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(request.app[INFLATER], legacy_store_body, raw, limit)


def _event_id(source: dict[str, Any]) -> str | None:
    # Echoed back as Sentry does; SDKs read it as a string, so anything else is not echoed.
    event_id = source.get("event_id")
    return event_id if isinstance(event_id, str) else None


async def _answer(
    request: web.Request, envelope: Envelope, dsn: object, event_id: str | None
) -> web.Response:
    """The envelope accepted, or refused in a way Sentry SDKs back off from: a refusal of the
    spike guard may already come with the key's lookup (services/projects.TokenOwners)."""
    try:
        token = await _token(request, dsn)
        await check_origin(request, token)
        await _accept(request, token, envelope)
    except RateLimited as error:
        answer = json_answer({"detail": str(error)}, status=429)
        return _backing_off(answer, error.retry_after)
    except Overloaded as error:
        return _backing_off(error_answer(503, str(error)), error.retry_after)
    return json_answer({"id": event_id})


async def _token(request: web.Request, dsn: object) -> str:
    """sentry_key from X-Sentry-Auth, ?sentry_key= or the envelope's DSN; it must belong to
    the project in the path."""
    key = (
        key_from_auth_header(request.headers.get("X-Sentry-Auth"))
        or request.query.get("sentry_key")
        or key_from_dsn(dsn)
    )
    if not key:
        raise UnknownToken("missing sentry_key (X-Sentry-Auth, ?sentry_key= or the DSN)")
    project_id = await request.app[TOKEN_OWNERS].owner(key)
    if str(project_id) != request.match_info["project_id"]:
        raise UnknownToken(
            f"this sentry_key does not belong to project {request.match_info['project_id']}"
        )
    return key


async def _accept(request: web.Request, token: str, envelope: Envelope) -> None:
    ingestor = request.app[INGESTOR]
    now = datetime.now(UTC)
    # Every item is checked before any is stored: a 4xx never follows a partial commit.
    settings = request.app[SETTINGS]
    errors = [scrub_error(event_to_error(e), settings) for e in envelope.of_type("event")]
    check_ins = [parse_check_in(payload) for payload in envelope.of_type("check_in")]
    with ingestor.receiving(now):
        for details in errors:
            await ingestor.record_error(token, details, now)
        for check_in in check_ins:
            await _check_in(ingestor, token, check_in, now)


def _backing_off(answer: web.Response, seconds: int) -> web.Response:
    """Sentry SDKs hold their events back for `seconds` on X-Sentry-Rate-Limits, whatever the
    status, instead of sending more into a refusal."""
    answer.headers["Retry-After"] = str(seconds)
    answer.headers["X-Sentry-Rate-Limits"] = f"{seconds}::key"
    return answer


async def _check_in(ingestor: Ingestor, token: str, check_in: CheckIn, now: datetime) -> None:
    if check_in.status == "in_progress":
        await ingestor.record_run_start(token, now)
    elif check_in.status == "ok":
        metadata = {"monitor_slug": check_in.monitor_slug}
        await ingestor.record_heartbeat(
            token, HeartbeatReport(status="ok", metadata=metadata), now
        )
    else:
        await ingestor.record_run_failure(token, RunFailure(duration=check_in.duration), now)


def add_sentry_routes(app: web.Application) -> None:
    app.router.add_post(r"/api/{project_id:\d+}/envelope/", post_envelope)
    app.router.add_post(r"/api/{project_id:\d+}/store/", post_store)
