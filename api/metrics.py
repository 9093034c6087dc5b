"""`GET /metrics`: Prometheus text format, from the app's own registry. Open to anyone who
reaches the port unless METRICS_ALLOWED_NETWORKS (403 to other networks) or METRICS_TOKEN (401
without `Authorization: Bearer <token>`) is set; both may be."""

import hmac

from aiohttp import hdrs, web
from prometheus_client import CONTENT_TYPE_LATEST
from pydantic import SecretStr

from api.common import error_answer
from api.keys import METRICS, SETTINGS
from api.network import client_address, is_allowed
from services.core.settings import Settings


async def get_metrics(request: web.Request) -> web.Response:
    refusal = _refusal(request, request.app[SETTINGS])
    if refusal is not None:
        return refusal
    body = await request.app[METRICS].exposition()
    return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})


def _refusal(request: web.Request, settings: Settings) -> web.Response | None:
    if settings.metrics_allowed_networks:
        forwarded = request.headers.getall(hdrs.X_FORWARDED_FOR, [])
        address = client_address(request.remote, forwarded, settings.trusted_proxies)
        if not is_allowed(address, settings.metrics_allowed_networks):
            where = f"client address {address}" if address else "the client's address"
            return error_answer(403, f"{where} is not in METRICS_ALLOWED_NETWORKS")
    if settings.metrics_token is None:
        return None
    why = token_refusal(request.headers.get(hdrs.AUTHORIZATION), settings.metrics_token)
    if why is None:
        return None
    answer = error_answer(401, f"{why} (METRICS_TOKEN is set)")
    answer.headers[hdrs.WWW_AUTHENTICATE] = 'Bearer realm="metrics"'
    return answer


def token_refusal(authorization: str | None, expected: SecretStr) -> str | None:
    """Why an Authorization header does not carry `Bearer <expected>`, or None when it does.
    Compared as bytes in constant time; aiohttp hands header bytes that are not UTF-8 over as
    surrogates, which do not encode, so they are refused before the comparison. The words
    never repeat what was sent."""
    scheme, _, sent = (authorization or "").strip().partition(" ")
    if scheme.lower() != "bearer" or not sent.strip():
        return "no Authorization: Bearer token"
    try:
        given = sent.strip().encode()
    except UnicodeEncodeError:
        return "a wrong metrics token"
    if not hmac.compare_digest(given, expected.get_secret_value().encode()):
        return "a wrong metrics token"
    return None
