"""Middlewares that wrap every door: the request id with counting answers for /metrics, the
ingestion network allow-list and the body's deadline. Each is thin; the decisions live in
services/."""

import asyncio
from collections.abc import Awaitable, Callable

from aiohttp import web

from api.common import error_answer
from api.doors import INGESTION_DOORS, door_of
from api.keys import METRICS, SETTINGS
from services.logs import request_id, request_id_from
from services.network import client_address, is_allowed

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
REQUEST_ID_HEADER = "X-Request-ID"
REQUEST_ID = web.RequestKey("request_id", str)


@web.middleware
async def observed(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Every request gets an id (the caller's X-Request-ID when sane): on every log record
    written while it is handled, on the access log line, and in the answer's X-Request-ID.
    And its answer is counted for /metrics with the status the client finally got, refusals
    and errors included. One middleware for both: each costs every request a few µs."""
    current = request_id_from(request.headers.get(REQUEST_ID_HEADER))
    request[REQUEST_ID] = current  # the access log is written after the reset below
    token = request_id.set(current)
    try:
        response = await handler(request)
    except web.HTTPException as error:  # what errors_as_json lets through (redirects)
        error.headers[REQUEST_ID_HEADER] = current
        _count(request, error.status)
        raise
    except asyncio.CancelledError:  # the client went away: no answer to count
        raise
    except Exception:
        _count(request, 500)
        raise
    finally:
        request_id.reset(token)
    _count(request, response.status)
    if not response.prepared:  # a streamed answer has sent its headers already
        response.headers[REQUEST_ID_HEADER] = current
    return response


def _count(request: web.Request, status: int) -> None:
    request.app[METRICS].count_answer(door_of(request), status)


@web.middleware
async def only_allowed_networks(request: web.Request, handler: Handler) -> web.StreamResponse:
    """API_ALLOWED_NETWORKS guards the ingestion doors only: health, metrics and the Telegram
    webhook stay reachable (the webhook has its own secret). The app has it only when a list
    is set."""
    settings = request.app[SETTINGS]
    if door_of(request) not in INGESTION_DOORS:
        return await handler(request)
    forwarded = request.headers.getall("X-Forwarded-For", [])
    address = client_address(request.remote, forwarded, settings.trusted_proxies)
    if is_allowed(address, settings.api_allowed_networks):
        return await handler(request)
    if address is None:
        return error_answer(403, "the client's address could not be read (API_ALLOWED_NETWORKS)")
    return error_answer(403, f"client address {address} is not in API_ALLOWED_NETWORKS")


@web.middleware
async def body_in_time(request: web.Request, handler: Handler) -> web.StreamResponse:
    """The whole body within REQUEST_BODY_TIMEOUT, else 408 and the connection closed. aiohttp's
    server has no read timeout of its own: a client sending a byte a minute would hold its
    request open forever. The body is kept by aiohttp, so doors read it again for free."""
    if not request.body_exists or request.content.is_eof():  # all here already: nothing to wait
        return await handler(request)
    limit = request.app[SETTINGS].request_body_timeout
    try:
        async with asyncio.timeout(limit):  # unlike wait_for, no task per request
            await request.read()
    except TimeoutError:
        answer = error_answer(408, f"the body did not arrive within {limit:g} s")
        answer.force_close()  # after aiohttp's lingering read of the rest (at most 10 s)
        return answer
    return await handler(request)
