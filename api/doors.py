"""Which door a request came through, from the route it matched: the label of its metrics and
what the network allow-list guards."""

from aiohttp import web

# Route prefixes (as registered, with {placeholders}) and the door each one is.
DOOR_PREFIXES = (
    ("/api/v1/heartbeat", "heartbeat"),
    ("/api/v1/log", "log"),
    ("/api/v1/health", "health"),
    ("/api/v1/openapi.json", "openapi"),
    ("/api/v1/manage/", "manage"),  # issue 29: not an ingestion door (no allow-list, no CORS)
    ("/metrics", "metrics"),
    ("/ping/", "ping"),
    ("/api/push/", "ping"),  # issue 29: Uptime Kuma's push URLs are ping URLs by another name
    ("/api/{project_id}/", "sentry"),
    # Public status pages (issue 29): for anyone, so not an ingestion door (the network
    # allow-list, which guards where projects report, does not hide them).
    ("/status/", "status_page"),
    ("/badge/", "badge"),  # issue 29: public badges, not an ingestion door (no allow-list)
)
# Where projects send what they report; the rest is for operators and Telegram.
INGESTION_DOORS = frozenset({"heartbeat", "log", "ping", "sentry"})
UNMATCHED = "unmatched"
OTHER = "other"  # a route added outside api/, such as the Telegram webhook


def door_of(request: web.Request) -> str:
    route = request.match_info.route
    door = _DOOR_OF_ROUTE.get(route)
    if door is None:  # the first request of this route, or no route matched: 404 or 405
        door = _door_of_route(route)
    return door


# One entry per registered route: every request asks, and a route's door never changes.
_DOOR_OF_ROUTE: dict[web.AbstractRoute, str] = {}


def _door_of_route(route: web.AbstractRoute) -> str:
    if route.resource is None:  # aiohttp makes a new one per unmatched request: not kept
        return UNMATCHED
    door = door_of_path(route.resource.canonical)
    _DOOR_OF_ROUTE[route] = door
    return door


def door_of_path(canonical: str) -> str:
    """The door of a route's path as registered (with its {placeholders})."""
    return next((door for prefix, door in DOOR_PREFIXES if canonical.startswith(prefix)), OTHER)
