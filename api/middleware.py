"""The one middleware around every door: the request id, the ingestion network allow-list, the
body's deadline, failures as JSON answers, and the count of answers for /metrics. One level
rather than one per concern: each level costs every request a few microseconds, and a
heartbeat's whole budget is a few dozen (docs/BENCHMARKS.md). The decisions live in services/."""

import asyncio
import logging
from collections.abc import Awaitable, Callable

from aiohttp import web
from aiohttp.web_protocol import RequestPayloadError
from multidict import istr

from api.common import error_answer
from api.cors import add_cors_headers
from api.doors import INGESTION_DOORS, door_of
from api.keys import METRICS, SETTINGS
from api.network import client_address, is_allowed
from services.core.errors import (
    AccessDenied,
    ApiKeyRefused,
    AppError,
    BodyTooLarge,
    Conflict,
    InvalidInput,
    NotFound,
    OriginRefused,
    Overloaded,
    ProjectDisabled,
    RateLimited,
    UnknownToken,
    UnsupportedEncoding,
)
from services.core.logs import request_id, request_id_from
from services.storage.db import database_unavailable

log = logging.getLogger(__name__)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
REQUEST_ID_HEADER = istr("X-Request-ID")  # istr: no case folding per request
REQUEST_ID = web.RequestKey("request_id", str)
RETRY_AFTER_SECONDS = 5
STATUS_OF: dict[type[AppError], int] = {
    InvalidInput: 400,
    UnknownToken: 401,
    ProjectDisabled: 403,
    OriginRefused: 403,
    NotFound: 404,
    Conflict: 409,
    BodyTooLarge: 413,
    # The management API (api/manage/): a key that does not work, a key out of its scope.
    ApiKeyRefused: 401,
    AccessDenied: 403,
}


@web.middleware
async def every_door(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Every request gets an id (the caller's X-Request-ID when sane): on every log record
    written while it is handled, on the access log line, and in the answer's X-Request-ID. Its
    answer is counted with the status the client finally got, refusals and errors included."""
    current = request_id_from(request.headers.get(REQUEST_ID_HEADER))
    request[REQUEST_ID] = current  # the access log is written after the reset below
    token = request_id.set(current)
    answers = request.app[METRICS].answers.tally
    try:
        response = await _answer(request, handler)
    except web.HTTPException as error:  # what _answer lets through (redirects)
        error.headers[REQUEST_ID_HEADER] = current
        answers[door_of(request), error.status // 100] += 1
        raise
    except asyncio.CancelledError:  # the client went away: no answer to count
        raise
    except Exception:  # _answer turns every failure into an answer: only a bug lands here
        answers[door_of(request), 5] += 1
        raise
    finally:
        request_id.reset(token)
    door = door_of(request)
    answers[door, response.status // 100] += 1
    if not response.prepared:  # a streamed answer has sent its headers already
        response.headers[REQUEST_ID_HEADER] = current
        if door in INGESTION_DOORS:
            add_cors_headers(request, response)
    return response


async def _answer(request: web.Request, handler: Handler) -> web.StreamResponse:
    """The handler's answer, or the answer for why it failed: domain errors are 4xx, a database
    outage 503 with Retry-After, anything else a logged 500 with no traceback for the client."""
    try:
        refusal = _refusal(request)
        if refusal is not None:
            return refusal
        if request.body_exists and not request.content.is_eof():  # else all here already
            late = await _late_body(request)
            if late is not None:
                return late
        return await handler(request)
    except (RateLimited, Overloaded) as error:
        answer = error_answer(429 if isinstance(error, RateLimited) else 503, str(error))
        answer.headers["Retry-After"] = str(error.retry_after)
        return answer
    except UnsupportedEncoding as error:
        answer = error_answer(415, str(error))
        answer.headers["Accept-Encoding"] = error.accepted  # RFC 7694
        return answer
    except AppError as error:
        return error_answer(STATUS_OF.get(type(error), 400), str(error))
    except RequestPayloadError:
        # Bodies are inflated by the doors (services/formats/inflate.py): what is left is a broken
        # transfer, a chunked body whose framing is wrong or that was cut off.
        return error_answer(400, "body could not be read: its transfer framing is broken")
    except web.HTTPRequestEntityTooLarge:
        limit = request.app[SETTINGS].max_body_bytes
        return error_answer(413, f"body is larger than the limit of {limit} bytes")
    except web.HTTPException as error:
        if error.status < 400:
            raise
        return error_answer(error.status, error.reason)
    except Exception as error:
        if database_unavailable(error):
            return _database_unavailable(request, error)
        log.exception("unhandled error on %s %s", request.method, request.path)
        return error_answer(500, "internal error; it has been logged")


def _refusal(request: web.Request) -> web.Response | None:
    """API_ALLOWED_NETWORKS guards the ingestion doors only: health, metrics and the Telegram
    webhook stay reachable (the webhook has its own secret)."""
    settings = request.app[SETTINGS]
    if not settings.api_allowed_networks or door_of(request) not in INGESTION_DOORS:
        return None
    forwarded = request.headers.getall("X-Forwarded-For", [])
    address = client_address(request.remote, forwarded, settings.trusted_proxies)
    if is_allowed(address, settings.api_allowed_networks):
        return None
    if address is None:
        return error_answer(403, "the client's address could not be read (API_ALLOWED_NETWORKS)")
    return error_answer(403, f"client address {address} is not in API_ALLOWED_NETWORKS")


async def _late_body(request: web.Request) -> web.Response | None:
    """408, with the connection closed, unless the whole body arrives within
    REQUEST_BODY_TIMEOUT. aiohttp's server has no read timeout of its own: a client sending a
    byte a minute would hold its request open forever. The body is kept by aiohttp, so the
    door reads it again for free."""
    limit = request.app[SETTINGS].request_body_timeout
    try:
        async with asyncio.timeout(limit):  # unlike wait_for, no task per request
            await request.read()
    except TimeoutError:
        answer = error_answer(408, f"the body did not arrive within {limit:g} s")
        answer.force_close()  # after aiohttp's lingering read of the rest (at most 10 s)
        return answer
    return None


def _database_unavailable(request: web.Request, error: Exception) -> web.Response:
    # The database is down, restarting or busy: the client should retry, nothing was committed.
    log.warning("database unavailable on %s %s: %r", request.method, request.path, error)
    answer = error_answer(503, "database unavailable; nothing was stored, retry later")
    answer.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return answer
