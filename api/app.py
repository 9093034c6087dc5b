"""The aiohttp application: the ingestion API's routes behind one middleware that gives every
request an id and turns every failure into a JSON answer (4xx for the client's mistakes, never a
traceback), api/middleware.py."""

from aiohttp import web

from api.health import get_health
from api.heartbeat import post_heartbeat
from api.keys import INGESTOR, METRICS, REDIS_PROBE, SETTINGS, TOKEN_OWNERS
from api.log import post_log
from api.metrics import get_metrics
from api.middleware import every_door
from api.openapi import add_openapi_route
from api.ping import add_ping_routes
from api.sentry import add_sentry_routes
from services.ingest import Ingestor
from services.metrics import Metrics
from services.projects import TokenOwners
from services.redis_state import RedisProbe
from services.settings import Settings


async def _close_redis_probe(app: web.Application) -> None:
    await app[REDIS_PROBE].close()


def create_api_app(
    settings: Settings, ingestor: Ingestor, metrics: Metrics | None = None
) -> web.Application:
    app = web.Application(client_max_size=settings.max_body_bytes, middlewares=[every_door])
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
