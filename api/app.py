"""The aiohttp application: the ingestion API's routes behind one middleware that gives every
request an id and turns every failure into a JSON answer (4xx for the client's mistakes, never a
traceback), api/middleware.py.

The app must be served with SERVER_OPTIONS (cli/lifecycle.py, and every test that serves it):
the doors inflate compressed bodies themselves. Served otherwise, aiohttp inflates them first,
on the event loop and without a cap, and the doors then refuse them as undecodable."""

import logging
from concurrent.futures import ThreadPoolExecutor
from types import MappingProxyType
from typing import Any

from aiohttp import web

from api.access_log import AccessLogger
from api.badges import add_badge_routes
from api.cors import add_preflight_routes
from api.health import get_health
from api.heartbeat import post_heartbeat
from api.keys import (
    INFLATER,
    INGESTOR,
    METRICS,
    ORIGIN_POLICY,
    REDIS_PROBE,
    SETTINGS,
    TOKEN_OWNERS,
)
from api.kuma import add_kuma_routes
from api.log import post_log
from api.manage import add_manage_routes
from api.metrics import get_metrics
from api.middleware import every_door
from api.openapi import add_openapi_route
from api.ping import add_ping_routes
from api.sentry import add_sentry_routes
from api.status_page import add_status_page_routes
from services.accounts import projects
from services.accounts.origins import OriginPolicy
from services.accounts.projects import TokenOwners
from services.core.ratelimit import KNOWN_TOKENS
from services.core.settings import Settings
from services.ingest.ingestor import Ingestor
from services.metrics import Metrics
from services.storage.redis_state import RedisProbe

# aiohttp's decompression inflates what is left of a body in one call at its end, on the event
# loop, before any handler can refuse it: a 1.8 KB brotli body stalled every door for 4 s, the
# silence checker and the bot with them. With it off, api/common.read_body inflates with a cap,
# off the loop. `auto_decompress` is a documented AppRunner/Server option (aiohttp 3.8+).
SERVER_OPTIONS: MappingProxyType[str, Any] = MappingProxyType(
    {"auto_decompress": False, "access_log_class": AccessLogger}
)
# Threads that inflate compressed bodies: each body costs at most about 30 ms there (a brotli
# window), and a flood of bombs gets these two, never the event loop's thread. Their own pool,
# not the loop's default one: the bot's DNS lookups run there.
INFLATE_THREADS = 2
KNOWN_AT_START = KNOWN_TOKENS
log = logging.getLogger(__name__)


async def _know_issued_tokens(app: web.Application) -> None:
    """The tokens of existing projects count as seen to work from the start: a flood of
    made-up tokens going on across a restart must not hold every real project to the share
    of unverified tokens (services/ratelimit.SpikeGuard)."""
    guard = app[INGESTOR].spike_guard
    try:
        tokens = await projects.issued_tokens(KNOWN_AT_START)
    except Exception as error:  # no database yet: they are learnt as they report
        log.warning("project tokens not read at start (%r): learnt as they report", error)
        return
    for token in tokens:
        guard.worked(token)


async def _close_redis_probe(app: web.Application) -> None:
    await app[REDIS_PROBE].close()


async def _stop_inflater(app: web.Application) -> None:
    app[INFLATER].shutdown(wait=False, cancel_futures=True)


def create_api_app(
    settings: Settings, ingestor: Ingestor, metrics: Metrics | None = None
) -> web.Application:
    app = web.Application(client_max_size=settings.max_body_bytes, middlewares=[every_door])
    app[SETTINGS] = settings
    app[INGESTOR] = ingestor
    app[METRICS] = metrics or Metrics()
    app[REDIS_PROBE] = RedisProbe(settings.redis_url)
    app[TOKEN_OWNERS] = TokenOwners(ingestor.spike_guard)
    app[ORIGIN_POLICY] = OriginPolicy(app[TOKEN_OWNERS])
    app[INFLATER] = ThreadPoolExecutor(INFLATE_THREADS, thread_name_prefix="inflate")
    app.on_startup.append(_know_issued_tokens)
    app.on_cleanup.append(_close_redis_probe)
    app.on_cleanup.append(_stop_inflater)
    app.router.add_post("/api/v1/heartbeat", post_heartbeat)
    app.router.add_post("/api/v1/log", post_log)
    app.router.add_get("/api/v1/health", get_health)
    app.router.add_get("/metrics", get_metrics)
    add_ping_routes(app)
    add_sentry_routes(app)
    add_manage_routes(app)  # issue 29: the management API
    add_kuma_routes(app)  # issue 29: Uptime Kuma's push URLs
    add_openapi_route(app, settings.public_url)
    add_status_page_routes(app)  # public status pages (issue 29)
    add_badge_routes(app)  # issue 29: badges (public, no token)
    add_preflight_routes(app)  # after every door's route
    return app
