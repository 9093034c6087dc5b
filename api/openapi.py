"""The OpenAPI 3.1 description of every HTTP door, served at `GET /api/v1/openapi.json`.

It is built here as a Python dict, not kept as a YAML or JSON file: the request bodies come from
the very pydantic models the doors validate with (services/formats/reports.py), so a field or a
limit changed there changes the description too, and the two cannot drift apart. The property-based
test (tests/e2e/test_openapi_conformance.py) holds the doors to it."""

from typing import Any

import orjson
from aiohttp import web

from api.manage.openapi import manage_paths, manage_schemas, manage_security_scheme
from services.core.logs import SANE_REQUEST_ID
from services.formats.reports import ErrorDetails, HeartbeatReport
from services.storage.redis_state import RedisState

OPENAPI_PATH = "/api/v1/openapi.json"
OPENAPI_DOCUMENT = web.AppKey("openapi_document", bytes)
SCHEMAS = "#/components/schemas/"
JSON = "application/json"
TEXT = "text/plain"
REDIS_STATE = {"enum": [state.value for state in RedisState]}

# Every failure answer of the JSON doors, with the status codes they may give.
ERROR_MEANINGS = {
    "400": "not JSON, not an object, a missing field or a wrong type, or a body that does not"
    " decode as its Content-Encoding says; the message names it",
    "401": "unknown project token",
    "403": "the project is disabled, or the client's network is not in API_ALLOWED_NETWORKS",
    "404": "no such path (a path parameter that does not fit the route)",
    "408": "the body did not arrive within REQUEST_BODY_TIMEOUT; the connection is closed",
    "413": "the body is larger than MAX_BODY_BYTES, as sent or once inflated",
    "415": "a Content-Encoding other than gzip, deflate, br or identity; Accept-Encoding lists"
    " those",
    "429": "the project is over its rate limit; Retry-After says when to come back",
    "503": "the database is unavailable, or too many requests wait for it; nothing was stored;"
    " retry after Retry-After",
}


def add_openapi_route(app: web.Application, public_url: str) -> None:
    # Serialised once: the description does not change while the app runs.
    app[OPENAPI_DOCUMENT] = orjson.dumps(openapi_document(public_url))
    app.router.add_get(OPENAPI_PATH, get_openapi)


async def get_openapi(request: web.Request) -> web.Response:
    return web.Response(body=request.app[OPENAPI_DOCUMENT], content_type=JSON)


def openapi_document(public_url: str) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Error Monitor",
            "version": "1",
            "description": "Heartbeats, error reports, cron pings and Sentry SDK traffic in; "
            "alerts to Telegram out. Every error answer is JSON {ok: false, error}.",
        },
        "servers": [{"url": public_url}],
        "paths": _with_request_ids(_paths()),
        "components": {
            "schemas": _schemas(),
            "securitySchemes": _security_schemes(),
            "parameters": {"RequestId": _request_id_parameter()},
        },
    }


def _with_request_ids(paths: dict[str, Any]) -> dict[str, Any]:
    """Every door takes an X-Request-ID and answers with one (api/middleware.py)."""
    for operations in paths.values():
        for operation in operations.values():
            reference = {"$ref": "#/components/parameters/RequestId"}
            operation["parameters"] = [*operation.get("parameters", []), reference]
            for answer in operation["responses"].values():
                answer["headers"] = {**answer.get("headers", {}), **_request_id_header()}
    return paths


def _paths() -> dict[str, Any]:
    return {
        "/api/v1/heartbeat": {"post": _heartbeat()},
        "/api/v1/log": {"post": _log()},
        "/api/v1/health": {"get": _health()},
        OPENAPI_PATH: {"get": _openapi()},
        "/metrics": {"get": _metrics()},
        **_ping_paths(),
        **_kuma_paths(),  # issue 29: the doors people migrate from
        "/api/{project_id}/envelope/": {"post": _sentry_envelope()},
        "/api/{project_id}/store/": {"post": _sentry_store()},
        **_status_page_paths(),
        **_badge_paths(),
        **manage_paths(),  # issue 29: the management API (api/manage/openapi.py)
    }


def _heartbeat() -> dict[str, Any]:
    return {
        "summary": "A heartbeat: the project is alive (and its status and version)",
        "operationId": "postHeartbeat",
        "security": [{}, {"projectToken": []}],
        "requestBody": _json_body("HeartbeatRequest"),
        "responses": {
            "200": _json_answer("stored and committed", "Accepted"),
            **_errors("400", "401", "403", "408", "413", "415", "429", "503"),
        },
    }


def _log() -> dict[str, Any]:
    return {
        "summary": "An error report: stored, then announced to the subscribed chats",
        "operationId": "postLog",
        "security": [{}, {"projectToken": []}],
        "requestBody": _json_body("LogRequest"),
        "responses": {
            "201": _json_answer("stored and committed", "Accepted"),
            **_errors("400", "401", "403", "408", "413", "415", "429", "503"),
        },
    }


def _health() -> dict[str, Any]:
    return {
        "summary": "Whether the database and Redis answer, and the outbox's depth",
        "description": "Redis holds only the bot's dialog state: when it does not answer the "
        "service is still healthy (ingestion and alerts go on) and `redis` says `unavailable`.",
        "operationId": "getHealth",
        "responses": {
            "200": _json_answer("the database answers", "Healthy"),
            "503": _json_answer("the database does not answer", "Unhealthy"),
        },
    }


def _openapi() -> dict[str, Any]:
    return {
        "summary": "This description",
        "operationId": "getOpenapi",
        "responses": {"200": {"description": "OpenAPI 3.1", "content": {JSON: {"schema": {}}}}},
    }


def _metrics() -> dict[str, Any]:
    return {
        "summary": "Prometheus metrics: answers per door, outbox depth, Telegram calls, jobs",
        "operationId": "getMetrics",
        # issue 30: a token and a network list, each only when set (api/metrics.py)
        "security": [{}, {"metricsToken": []}],
        "responses": {
            "200": _text_answer("Prometheus text exposition format"),
            "401": _json_answer("METRICS_TOKEN is set and no or a wrong token came", "Error"),
            "403": _json_answer("the client is not in METRICS_ALLOWED_NETWORKS", "Error"),
        },
    }


def _ping_paths() -> dict[str, Any]:
    token = _path_parameter("token", {"type": "string", "pattern": "^[^/]+$"})
    code = _path_parameter("code", {"type": "string", "pattern": "^[0-9]{1,3}$"})
    rid = _rid_parameter()
    routes = {
        "/ping/{token}": ("success", "a success: a heartbeat (ends a run /start began)", [rid]),
        "/ping/{token}/start": ("start", "a run began", [rid]),
        "/ping/{token}/fail": ("fail", "the run failed: alert at once", [rid]),
        "/ping/{token}/{code}": (
            "exitCode",
            "the exit code: 0 a success, else a failure",
            [code, rid],
        ),
        "/ping/{token}/log": (
            "log",
            "a log line (the POST body, else ?msg=), kept without changing any state and shown"
            " with its run's failure; neither: 400",
            [_query_parameter("msg", "the line, when there is no POST body"), rid],
        ),
        "/ping/{token}/maintenance": (
            "maintenance",
            "a deploy script's maintenance window from now (replaces its own window only):"
            " outages and failed runs are not alerted",
            [_minutes_parameter()],
        ),
        "/ping/{token}/maintenance/end": (
            "maintenanceEnd",
            "end the deploy script's window now (a person's and weekly windows go on):"
            " an outage still going on is alerted unless another window covers the project",
            [],
        ),
    }
    return {
        path: _ping_methods(name, summary, [token, *extra])
        for path, (name, summary, extra) in routes.items()
    }


def _rid_parameter() -> dict[str, Any]:
    return _query_parameter(
        "rid",
        "a run id (a UUID) telling overlapping runs of one job apart: a success or failure ends"
        " the run started with the same id; not a UUID: 400",
    )


def _query_parameter(name: str, description: str) -> dict[str, Any]:
    schema = {"type": "string"}
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


def _kuma_paths() -> dict[str, Any]:
    """Uptime Kuma's push URL (api/kuma.py), answered in Kuma's own JSON shape."""
    token = _path_parameter("token", {"type": "string", "pattern": "^[^/]+$"})
    parameters = [
        token,
        _query_parameter("status", "up (the default): a success; down: a failed run; else 400"),
        _query_parameter("msg", "up: kept with the heartbeat; down: the failure's log"),
        _query_parameter("ping", "the response time in ms, a number of at least 0; else 400"),
    ]
    responses: dict[str, Any] = {
        "200": _json_answer("stored and committed: {ok: true}", "KumaAnswer"),
        **_errors("429", "503"),
    }
    for code in ("400", "401", "403", "404", "408", "413"):
        responses[code] = _json_answer(ERROR_MEANINGS[code], "KumaAnswer")
    methods = {}
    for method in ("get", "head", "post"):
        methods[method] = {
            "summary": "Uptime Kuma push: up is a heartbeat, down a failed run",
            "operationId": f"{method}KumaPush",
            "parameters": parameters,
            "responses": responses,
        }
    return {"/api/push/{token}": methods}


def _minutes_parameter() -> dict[str, Any]:
    return {
        "name": "minutes",
        "in": "query",
        "required": False,
        "description": "how long the window lasts (default 15); not a whole number from 1 to"
        " 1440: 400",
        "schema": {"type": "string"},
    }


def _ping_methods(name: str, summary: str, parameters: list[Any]) -> dict[str, Any]:
    methods = {}
    for method in ("get", "head", "post"):
        operation: dict[str, Any] = {
            "summary": f"Ping: {summary}",
            "operationId": f"{method}Ping{name[0].upper()}{name[1:]}",
            "parameters": parameters,
            "responses": {
                "200": _text_answer("OK"),
                **_errors("400", "401", "403", "404", "408", "413", "429", "503"),
                **(_errors("415") if method == "post" else {}),
            },
        }
        if method == "post":
            operation["requestBody"] = {
                "required": False,
                "description": "the run's log: its first 10 KB are kept and shown in the alert",
                "content": {TEXT: {"schema": {"type": "string"}}},
            }
        methods[method] = operation
    return methods


def _status_page_paths() -> dict[str, Any]:
    """The public status page (api/status_page.py, issue 29): HTML for people."""
    html = {"text/html": {"schema": {"type": "string"}}}
    language = {
        "name": "lang",
        "in": "query",
        "required": False,
        "description": "ru or en; anything else: the browser's Accept-Language, else en",
        "schema": {"type": "string"},
    }
    return {
        "/status/{slug}": {
            "get": {
                "summary": "A status page: its projects' state, 90 days of uptime, incidents",
                "operationId": "getStatusPage",
                "parameters": [
                    _path_parameter("slug", {"type": "string", "pattern": "^[^/]+$"}),
                    language,
                ],
                "responses": {
                    "200": {"description": "the page", "content": html},
                    "404": {"description": "no such page (an HTML page)", "content": html},
                    **_errors("503"),
                },
            }
        }
    }


# Issue 29: badges (api/badges.py).
SVG = "image/svg+xml"


def _badge_paths() -> dict[str, Any]:
    key = _path_parameter("badge_key", {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$"})
    routes = {
        "/badge/{badge_key}.svg": (
            "getStatusBadge",
            "status | up, down, paused, maintenance, new",
        ),
        "/badge/{badge_key}/uptime-30d.svg": ("getUptimeBadge", "uptime 30d | 99.95%"),
    }
    return {path: {"get": _badge(name, summary, key)} for path, (name, summary) in routes.items()}


def _badge(name: str, summary: str, key: dict[str, Any]) -> dict[str, Any]:
    cached = {
        "Cache-Control": {"required": True, "schema": {"type": "string"}},
        "ETag": {"required": True, "schema": {"type": "string"}},
    }
    svg = {SVG: {"schema": {"type": "string"}}}
    return {
        "summary": f"A project's badge for a README (its badge key, not its token): {summary}",
        "operationId": name,
        "parameters": [key],
        "responses": {
            "200": {"description": "the badge, cacheable 60 s", "headers": cached, "content": svg},
            "304": {"description": "If-None-Match holds this badge's ETag", "headers": cached},
            "404": {
                "description": "no project has this badge key: a 'not found' badge",
                "content": svg,
            },
            **_errors("503"),
        },
    }


def _sentry_envelope() -> dict[str, Any]:
    return {
        "summary": "Sentry envelope: events become error reports, check-ins drive runs",
        "operationId": "postSentryEnvelope",
        "parameters": _sentry_parameters(),
        "requestBody": {
            "required": True,
            "content": {"application/x-sentry-envelope": {"schema": {"type": "string"}}},
        },
        "responses": _sentry_responses(),
    }


def _sentry_store() -> dict[str, Any]:
    return {
        "summary": "Sentry store: one event (older SDKs)",
        "operationId": "postSentryStore",
        "parameters": _sentry_parameters(),
        "requestBody": _json_body("SentryEvent"),
        "responses": _sentry_responses(),
    }


def _sentry_parameters() -> list[dict[str, Any]]:
    return [
        _path_parameter("project_id", {"type": "integer", "minimum": 1}),
        {
            "name": "X-Sentry-Auth",
            "in": "header",
            "required": False,
            "description": "Sentry sentry_key=<project token>, sentry_version=7, ...",
            "schema": {"type": "string"},
        },
        {
            "name": "sentry_key",
            "in": "query",
            "required": False,
            "description": "the project token, when not in X-Sentry-Auth or the envelope's dsn",
            "schema": {"type": "string"},
        },
    ]


def _sentry_responses() -> dict[str, Any]:
    rate_limited = _json_answer(ERROR_MEANINGS["429"], "SentryRateLimited")
    rate_limited["headers"] = {
        **_retry_after(),
        "X-Sentry-Rate-Limits": {"required": True, "schema": {"type": "string"}},
    }
    answers = {
        "200": _json_answer("every item was accepted", "SentryAccepted"),
        **_errors("400", "401", "403", "404", "408", "413", "415", "503"),
        "429": rate_limited,
    }
    # Too many requests waiting for the database: SDKs hold their events back for a moment.
    answers["503"]["headers"]["X-Sentry-Rate-Limits"] = {
        "required": False,
        "schema": {"type": "string"},
    }
    return answers


def _schemas() -> dict[str, Any]:
    return {
        "HeartbeatRequest": _with_token(_model_schema(HeartbeatReport)),
        "LogRequest": _with_token(
            {
                "type": "object",
                "required": ["error"],
                "properties": {"error": _model_schema(ErrorDetails)},
            }
        ),
        "SentryEvent": {
            "type": "object",
            "description": "a Sentry event: exception, message, level, tags, user, extra, ...",
            "properties": {"event_id": {"type": "string"}},
        },
        "Accepted": _object(
            ok={"const": True},
            id={"type": "integer"},
            received_at={"type": "string", "format": "date-time"},
        ),
        "Error": _object(ok={"const": False}, error={"type": "string"}),
        "Healthy": _object(
            ok={"const": True},
            database={"const": "ok"},
            redis=REDIS_STATE,
            outbox_pending={"type": "integer", "minimum": 0},
        ),
        "Unhealthy": _object(ok={"const": False}, database={"type": "string"}, redis=REDIS_STATE),
        "SentryAccepted": _object(id={"type": ["string", "null"]}),
        "KumaAnswer": {
            "type": "object",
            "description": "Uptime Kuma's answer: {ok: true}, or {ok: false, msg, error}",
            "required": ["ok"],
            "properties": {
                "ok": {"type": "boolean"},
                "msg": {"type": "string"},
                "error": {"type": "string"},
            },
        },
        "SentryRateLimited": _object(detail={"type": "string"}),
        **manage_schemas(),  # issue 29: the management API
    }


def _security_schemes() -> dict[str, Any]:
    return {
        "projectToken": {
            "type": "http",
            "scheme": "bearer",
            "description": "the project token; it may come as project_token in the body instead",
        },
        "apiKey": manage_security_scheme(),  # issue 29: the management API
        "metricsToken": {  # issue 30
            "type": "http",
            "scheme": "bearer",
            "description": "METRICS_TOKEN, asked for by /metrics only when it is set",
        },
    }


def _model_schema(model: type[HeartbeatReport | ErrorDetails]) -> dict[str, Any]:
    return model.model_json_schema(ref_template=SCHEMAS + "{model}")


def _with_token(schema: dict[str, Any]) -> dict[str, Any]:
    token = {"type": "string", "minLength": 1, "description": "or Authorization: Bearer"}
    return {**schema, "properties": {"project_token": token, **schema["properties"]}}


def _object(**properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "required": list(properties), "properties": properties}


def _path_parameter(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": schema}


def _json_body(schema: str) -> dict[str, Any]:
    return {"required": True, "content": {JSON: {"schema": {"$ref": SCHEMAS + schema}}}}


def _json_answer(description: str, schema: str) -> dict[str, Any]:
    return {"description": description, "content": {JSON: {"schema": {"$ref": SCHEMAS + schema}}}}


def _text_answer(description: str) -> dict[str, Any]:
    return {"description": description, "content": {TEXT: {"schema": {"type": "string"}}}}


def _errors(*codes: str) -> dict[str, Any]:
    answers = {code: _json_answer(ERROR_MEANINGS[code], "Error") for code in codes}
    for code in {"429", "503"} & set(codes):
        answers[code]["headers"] = _retry_after()
    return answers


def _request_id_parameter() -> dict[str, Any]:
    return {
        "name": "X-Request-ID",
        "in": "header",
        "required": False,
        "description": "kept when it is 1-128 of A-Z a-z 0-9 . _ : -, else replaced",
        "schema": {"type": "string"},
    }


def _request_id_header() -> dict[str, Any]:
    schema = {"type": "string", "pattern": SANE_REQUEST_ID.pattern}
    return {
        "X-Request-ID": {"required": True, "description": "this request's id", "schema": schema}
    }


def _retry_after() -> dict[str, Any]:
    return {"Retry-After": {"required": True, "schema": {"type": "integer", "minimum": 0}}}
