"""CORS on the ingestion doors, so a web page reports from the browser with no proxy in front:
preflights are answered, and every answer to a page (refusals included, so a browser SDK can
read a 429's Retry-After and back off) names the page's origin. Whether that origin may report
for a project is the project's choice, checked by the doors (api/common.check_origin): a
preflight carries no token, so it is answered for any origin. No credentials are involved
(tokens travel in the body or a header), so Allow-Credentials is never sent."""

from aiohttp import hdrs, web
from multidict import CIMultiDict

from api.doors import INGESTION_DOORS, door_of_path

# What our JS SDK and Sentry's browser SDKs send.
ALLOWED_METHODS = "GET, POST, HEAD"
ALLOWED_HEADERS = (
    "Content-Type, Content-Encoding, Authorization, X-Sentry-Auth, X-Request-ID, "
    "sentry-trace, baggage"
)
EXPOSED_HEADERS = "Retry-After, X-Sentry-Rate-Limits, X-Request-ID"
# Browsers cap it (Chromium: 2 h); a day lets each keep its own maximum.
PREFLIGHT_MAX_AGE = "86400"


async def preflight(request: web.Request) -> web.Response:
    """`OPTIONS` on a door: what a page may send it (the origin is added with the rest of the
    CORS headers, add_cors_headers)."""
    if hdrs.ACCESS_CONTROL_REQUEST_METHOD not in request.headers:  # not a browser's preflight
        return web.Response(status=204, headers={hdrs.ALLOW: f"{ALLOWED_METHODS}, OPTIONS"})
    headers = CIMultiDict(
        {
            hdrs.ACCESS_CONTROL_ALLOW_METHODS: ALLOWED_METHODS,
            hdrs.ACCESS_CONTROL_ALLOW_HEADERS: ALLOWED_HEADERS,
            hdrs.ACCESS_CONTROL_MAX_AGE: PREFLIGHT_MAX_AGE,
        }
    )
    return web.Response(status=204, headers=headers)


def add_preflight_routes(app: web.Application) -> None:
    """OPTIONS beside each ingestion door's methods, on the door's own resource (its path
    pattern as registered, `{code:[0-9]{1,3}}` included)."""
    for resource in app.router.resources():
        if isinstance(resource, web.Resource) and door_of_path(resource.canonical) in (
            INGESTION_DOORS
        ):
            resource.add_route(hdrs.METH_OPTIONS, preflight)


def add_cors_headers(request: web.Request, response: web.StreamResponse) -> None:
    """On an answer to a page (it sent Origin): which origin may read it, and which headers."""
    origin = request.headers.get(hdrs.ORIGIN)
    if origin is None or response.prepared:
        return
    response.headers[hdrs.ACCESS_CONTROL_ALLOW_ORIGIN] = origin
    response.headers[hdrs.ACCESS_CONTROL_EXPOSE_HEADERS] = EXPOSED_HEADERS
    response.headers.add(hdrs.VARY, "Origin")
