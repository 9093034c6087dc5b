"""Which door a request came through, from the route it matched: the label of its metrics and
what the network allow-list guards."""

from functools import cache

from aiohttp import web

# Route prefixes (as registered, with {placeholders}) and the door each one is.
DOOR_PREFIXES = (
    ("/api/v1/heartbeat", "heartbeat"),
    ("/api/v1/log", "log"),
    ("/api/v1/health", "health"),
    ("/api/v1/openapi.json", "openapi"),
    ("/metrics", "metrics"),
    ("/ping/", "ping"),
    ("/api/{project_id}/", "sentry"),
)
# Where projects send what they report; the rest is for operators and Telegram.
INGESTION_DOORS = frozenset({"heartbeat", "log", "ping", "sentry"})
UNMATCHED = "unmatched"
OTHER = "other"  # a route added outside api/, such as the Telegram webhook


def door_of(request: web.Request) -> str:
    route = request.match_info.route
    if route.resource is None:  # no route matched: 404 or 405
        return UNMATCHED
    return _door_of_route(route.resource.canonical)


@cache  # one entry per registered route: every request asks, twice
def _door_of_route(canonical: str) -> str:
    return next((door for prefix, door in DOOR_PREFIXES if canonical.startswith(prefix)), OTHER)
