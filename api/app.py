"""The aiohttp application: ingestion API routes and one error middleware that turns every
failure into a JSON answer (4xx for the client's mistakes, never a traceback)."""

import logging

from aiohttp import web
from aiohttp.web_protocol import RequestPayloadError

from api.common import error_answer
from api.health import get_health
from api.heartbeat import post_heartbeat
from api.keys import INGESTOR, METRICS, REDIS_PROBE, SETTINGS, TOKEN_OWNERS
from api.log import post_log
from api.metrics import get_metrics
from api.middleware import (
    Handler,
    body_in_time,
    observed,
    only_allowed_networks,
)
from api.openapi import add_openapi_route
from api.ping import add_ping_routes
from api.sentry import add_sentry_routes
from services.db import database_unavailable
from services.errors import (
    AppError,
    Conflict,
    InvalidInput,
    NotFound,
    Overloaded,
    ProjectDisabled,
    RateLimited,
    UnknownToken,
)
from services.ingest import Ingestor
from services.metrics import Metrics
from services.projects import TokenOwners
from services.redis_state import RedisProbe
from services.settings import Settings

log = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 5
STATUS_OF: dict[type[AppError], int] = {
    InvalidInput: 400,
    UnknownToken: 401,
    ProjectDisabled: 403,
    NotFound: 404,
    Conflict: 409,
}


@web.middleware
async def errors_as_json(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except (RateLimited, Overloaded) as error:
        answer = error_answer(429 if isinstance(error, RateLimited) else 503, str(error))
        answer.headers["Retry-After"] = str(error.retry_after)
        return answer
    except AppError as error:
        return error_answer(STATUS_OF.get(type(error), 400), str(error))
    except RequestPayloadError:
        # A body that does not decode as its Content-Encoding says (not gzip, a cut stream).
        return error_answer(400, "body could not be read: it does not match its Content-Encoding")
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


def _database_unavailable(request: web.Request, error: Exception) -> web.Response:
    # The database is down, restarting or busy: the client should retry, nothing was committed.
    log.warning("database unavailable on %s %s: %r", request.method, request.path, error)
    answer = error_answer(503, "database unavailable; nothing was stored, retry later")
    answer.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return answer


async def _close_redis_probe(app: web.Application) -> None:
    await app[REDIS_PROBE].close()


def create_api_app(
    settings: Settings, ingestor: Ingestor, metrics: Metrics | None = None
) -> web.Application:
    # Outermost first: every log line of a request carries its id, refusals included, and
    # observed counts the status the client finally got. The allow-list is left out when there
    # is none: each middleware costs every request a few microseconds.
    allow_list = [only_allowed_networks] if settings.api_allowed_networks else []
    app = web.Application(
        client_max_size=settings.max_body_bytes,
        middlewares=[
            observed,
            *allow_list,
            errors_as_json,
            body_in_time,  # inside: a body over the size limit is errors_as_json's 413
        ],
    )
    app[SETTINGS] = settings
    app[INGESTOR] = ingestor
    app[METRICS] = metrics or Metrics()
    app[REDIS_PROBE] = RedisProbe(settings.redis_url)
    app[TOKEN_OWNERS] = TokenOwners()
    app.on_cleanup.append(_close_redis_probe)
    app.router.add_post("/api/v1/heartbeat", post_heartbeat)
    app.router.add_post("/api/v1/log", post_log)
    app.router.add_get("/api/v1/health", get_health)
    app.router.add_get("/metrics", get_metrics)
    add_ping_routes(app)
    add_sentry_routes(app)
    add_openapi_route(app, settings.public_url)
    return app
