"""What every ingestion door shares: reading a bounded body (inflated when it came
compressed), finding the token, turning validation failures into a 400 that names the field."""

import asyncio
from typing import Any, TypeVar
from urllib.parse import urlsplit

import orjson
from aiohttp import hdrs, web
from pydantic import BaseModel, ValidationError

from api.keys import INFLATER, ORIGIN_POLICY, SETTINGS
from services.core.errors import InvalidInput
from services.formats.inflate import decoder_for
from services.formats.reports import parse_json_object

M = TypeVar("M", bound=BaseModel)
JSON = "application/json"


def json_answer(payload: dict[str, Any], status: int = 200) -> web.Response:
    # orjson's bytes as the body: json_response would take text and encode it again. orjson
    # writes a datetime as isoformat() does.
    return web.Response(body=orjson.dumps(payload), status=status, content_type=JSON)


def error_answer(status: int, message: str) -> web.Response:
    return json_answer({"ok": False, "error": message}, status=status)


async def read_json_object(request: web.Request) -> dict[str, Any]:
    return parse_json_object(await read_body(request))


async def read_body(request: web.Request) -> bytes:
    """The body, inflated as its Content-Encoding says, once it is known to be within
    MAX_BODY_BYTES both as sent and as inflated. Every door reads its body here, before it
    looks at a token: a bomb costs the app no more than MAX_BODY_BYTES of inflating, and that
    on the inflater's threads (services/formats/inflate.py)."""
    limit = request.app[SETTINGS].max_body_bytes
    if request.content_length is not None and request.content_length > limit:
        raise web.HTTPRequestEntityTooLarge(max_size=limit, actual_size=request.content_length)
    decoder = decoder_for(request.headers.get(hdrs.CONTENT_ENCODING, ""))
    raw = await request.read()
    if decoder is None or not raw:  # most bodies: no thread, nothing to copy
        return raw
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(request.app[INFLATER], decoder, raw, limit)


def project_token(request: web.Request, body: dict[str, Any]) -> str:
    """`project_token` from the body (the seed's way), else `Authorization: Bearer <token>`."""
    token = body.get("project_token")
    if token is None:
        scheme, _, value = request.headers.get("Authorization", "").partition(" ")
        token = value.strip() if scheme.lower() == "bearer" else None
    if token is None:
        raise InvalidInput("project_token: field required (or send Authorization: Bearer <token>)")
    if not isinstance(token, str) or not token.strip():
        raise InvalidInput("project_token: must be a non-empty string")
    return token.strip()


async def check_origin(request: web.Request, token: str) -> None:
    """A browser's request is refused, before anything is stored, when the token's project
    does not allow its page's origin (services/accounts/origins.py)."""
    origin = page_origin(request)
    if origin is not None:
        await request.app[ORIGIN_POLICY].check(origin, token)


def page_origin(request: web.Request) -> str | None:
    """The origin of the page that made the request; None when no page did (a server, a cron
    job). Browsers leave Origin off a plain GET or HEAD (`<img src=…/ping/<token>/fail>` on
    any site), but say it came from another site (Sec-Fetch-Site, which only browsers send):
    its Referer's origin stands in, or "null" when there is none."""
    origin = request.headers.get(hdrs.ORIGIN)
    if origin is not None:
        return origin
    if request.headers.get("Sec-Fetch-Site") not in ("cross-site", "same-site"):
        return None
    try:
        referer = urlsplit(request.headers.get(hdrs.REFERER, ""))
        host = referer.hostname
    except ValueError:  # a malformed address
        return "null"
    return f"{referer.scheme}://{referer.netloc.rpartition('@')[2]}" if host else "null"


def validated(model: type[M], data: Any, prefix: str = "") -> M:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise InvalidInput(describe(error, prefix)) from error


def describe(error: ValidationError, prefix: str = "") -> str:
    problems = []
    for item in error.errors(include_url=False):
        where = ".".join(str(part) for part in (prefix, *item["loc"]) if part != "")
        problems.append(f"{where or 'body'}: {item['msg']}")
    return "; ".join(problems[:5])
