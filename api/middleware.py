"""Middlewares that wrap every door: counting answers for /metrics (more join them: the network
allow-list, the request id). Each is thin; the decisions live in services/."""

import asyncio
from collections.abc import Awaitable, Callable

from aiohttp import web

from api.doors import door_of
from api.keys import METRICS

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@web.middleware
async def count_answers(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        response = await handler(request)
    except web.HTTPException as error:  # what errors_as_json lets through (redirects)
        _count(request, error.status)
        raise
    except asyncio.CancelledError:  # the client went away: no answer to count
        raise
    except Exception:
        _count(request, 500)
        raise
    _count(request, response.status)
    return response


def _count(request: web.Request, status: int) -> None:
    request.app[METRICS].http_requests.labels(door_of(request), f"{status // 100}xx").inc()
