"""Request bodies the server accepts, whatever the caller passed in.

Everything here is pure: it turns exceptions, severities and arbitrary context into JSON the
server will not refuse (its field limits, no NUL characters, no NaN, at most the body limit).
"""

from __future__ import annotations

import json
import logging
import math
import traceback
from collections.abc import Mapping
from typing import Any, Literal

SeverityName = Literal["debug", "info", "warning", "error", "critical"]
SEVERITIES: tuple[SeverityName, ...] = ("debug", "info", "warning", "error", "critical")
SEVERITY_ALIASES = {"warn": "warning", "fatal": "critical", "err": "error"}

# The server's limits (services/formats/reports.py there); longer values would get a 400 and
# be lost.
MAX_SHORT_TEXT = 64
MAX_TYPE = 256
MAX_MESSAGE = 65536
MAX_STACK_TRACE = 262144
DEFAULT_MAX_BODY_BYTES = 1_000_000  # the server's default limit is 1 MiB
MAX_DEPTH = 8
CUT = "…"
CONTEXT_TOO_LARGE = {"error_monitor": "context dropped: the report was larger than the body limit"}

log = logging.getLogger("error_monitor")


def severity_name(value: object) -> SeverityName:
    """`value` as one of SEVERITIES: aliases (warn, fatal) and logging levels are understood;
    anything else becomes "error" (with a warning in the `error_monitor` log)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return severity_for_level(value)
    name = SEVERITY_ALIASES.get(str(value).strip().lower(), str(value).strip().lower())
    for severity in SEVERITIES:
        if severity == name:
            return severity
    log.warning("unknown severity %r; reporting it as 'error'", value)
    return "error"


def severity_for_level(levelno: int) -> SeverityName:
    """The severity of a `logging` level: the nearest named level at or below it."""
    if levelno >= logging.CRITICAL:
        return "critical"
    if levelno >= logging.ERROR:
        return "error"
    if levelno >= logging.WARNING:
        return "warning"
    return "info" if levelno >= logging.INFO else "debug"


def exception_parts(error: BaseException) -> tuple[str, str, str]:
    """(type name, message, stack trace) of an exception; the trace is Python's own rendering,
    `"".join(traceback.format_exception(...))`, chained causes included."""
    kind = type(error)
    lines = traceback.format_exception(kind, error, error.__traceback__)
    return kind.__name__, safe_str(error), "".join(lines)


def safe_str(value: object) -> str:
    """str(value), even for objects whose __str__ raises."""
    try:
        return str(value)
    except Exception:
        return f"<unprintable {type(value).__name__}>"


def clip(text: str, limit: int) -> str:
    """At most `limit` characters; a cut text ends with an ellipsis."""
    return text if len(text) <= limit else text[: limit - len(CUT)] + CUT


def clean_text(text: str, limit: int) -> str:
    """A string the server accepts: no NUL characters, at most `limit` characters."""
    return clip(text.replace("\x00", "\\x00"), limit)


def jsonable(value: Any, depth: int = 0) -> Any:
    """`value` as plain JSON data: mappings with string keys, lists, finite numbers, strings
    without NUL. Anything else (dates, objects, NaN) becomes its str(); nesting deeper than
    MAX_DEPTH (cycles included) is cut."""
    if value is None or isinstance(value, (bool, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, str):
        return value.replace("\x00", "\\x00")
    if depth >= MAX_DEPTH:
        return CUT
    if isinstance(value, Mapping):
        return {jsonable(safe_str(k)): jsonable(v, depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [jsonable(item, depth + 1) for item in value]
    return jsonable(safe_str(value))


def json_object(value: object) -> dict[str, Any]:
    """A JSON object for `context` or `metadata`; a non-mapping value is kept as {"value": ...}."""
    data = jsonable(value)
    return data if isinstance(data, dict) else {"value": data}


def heartbeat_body(
    token: str, status: str, version: str | None, metadata: object | None
) -> dict[str, Any]:
    """The heartbeat body; `version` and `metadata` are left out when None."""
    body: dict[str, Any] = {
        "project_token": token,
        "status": clean_text(safe_str(status), MAX_SHORT_TEXT),
    }
    if version is not None:
        body["version"] = clean_text(safe_str(version), MAX_SHORT_TEXT)
    if metadata is not None:
        body["metadata"] = json_object(metadata)
    return body


def error_body(
    token: str,
    parts: tuple[str, str, str | None],
    severity: object,
    context: object | None,
) -> dict[str, Any]:
    """The error report body for (type, message, stack trace); `stack_trace` and `context` are
    left out when None."""
    kind, message, stack_trace = parts
    error: dict[str, Any] = {
        "type": clean_text(kind, MAX_TYPE) or "Error",
        "message": clean_text(message, MAX_MESSAGE),
    }
    if stack_trace is not None:
        error["stack_trace"] = clean_text_tail(stack_trace, MAX_STACK_TRACE)
    error["severity"] = severity_name(severity)
    if context is not None:
        error["context"] = json_object(context)
    return {"project_token": token, "error": error}


def clean_text_tail(text: str, limit: int) -> str:
    """Like clean_text, but keeps the end: a traceback's last lines say what happened."""
    text = text.replace("\x00", "\\x00")
    return text if len(text) <= limit else CUT + text[len(text) - limit + len(CUT) :]


def encode(body: Mapping[str, Any]) -> bytes:
    return json.dumps(body, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode()


def fitted(body: dict[str, Any], limit: int) -> bytes:
    """The encoded body, shrunk until it fits in `limit` bytes: first the stack trace (its end
    is kept), then context or metadata (replaced by a note), then the message. A body that
    still does not fit is returned as it is (the server will refuse it)."""
    data = encode(body)
    for shrink in (_shorter_stack_trace, _without_context, _shorter_message):
        while len(data) > limit and shrink(body):
            data = encode(body)
    return data


def _shorter_stack_trace(body: dict[str, Any]) -> bool:
    error = body.get("error", {})
    stack_trace = error.get("stack_trace") or ""
    if len(stack_trace) < 2 * len(CUT) + 64:
        return False
    rest = stack_trace[len(CUT) :] if stack_trace.startswith(CUT) else stack_trace
    error["stack_trace"] = CUT + rest[len(rest) // 2 :]
    return True


def _without_context(body: dict[str, Any]) -> bool:
    holder, key = (body["error"], "context") if "error" in body else (body, "metadata")
    if holder.get(key) in (None, CONTEXT_TOO_LARGE):
        return False
    holder[key] = dict(CONTEXT_TOO_LARGE)
    return True


def _shorter_message(body: dict[str, Any]) -> bool:
    error = body.get("error", {})
    message = error.get("message") or ""
    if len(message) < 2 * len(CUT) + 64:
        return False
    error["message"] = clip(message, len(message) // 2)
    return True
