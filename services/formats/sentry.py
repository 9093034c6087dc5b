"""The Sentry protocol as a door: envelopes and store bodies from any official Sentry SDK.
`event` items become error reports, `check_in` items heartbeats or run outcomes; other items
(transactions, sessions, attachments, client reports…) are accepted and ignored."""

import binascii
import re
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from pydantic import ValidationError

from services.core.errors import InvalidInput
from services.formats.inflate import decoder_for
from services.formats.reports import ErrorDetails, parse_json_object

LEVEL_TO_SEVERITY = {
    "fatal": "critical",
    "error": "error",
    "warning": "warning",
    "info": "info",
    "debug": "debug",
    "log": "info",
}
_AUTH_KEY = re.compile(r"sentry_key\s*=\s*([^,\s]+)")
MAX_FRAMES = 50
MAX_CONTEXT_LINE = 500
MAX_STACK = 262_144  # what ErrorDetails accepts
MAX_DURATION_SECONDS = 10**9
# A zlib stream's first byte: deflate (8) with a window of up to 32 KB (RFC 1950).
ZLIB_FIRST_BYTES = frozenset(range(0x08, 0x80, 0x10))


@dataclass
class Envelope:
    header: dict[str, Any]
    items: list[tuple[dict[str, Any], bytes]] = field(default_factory=list)

    def of_type(self, kind: str) -> list[dict[str, Any]]:
        """The JSON payloads of the items of one type."""
        return [
            parse_json_object(payload, kind)
            for header, payload in self.items
            if header.get("type") == kind
        ]


def parse_envelope(raw: bytes) -> Envelope:
    """Sentry's envelope: a JSON header line, then per item a JSON header line (with an
    optional `length`) and the payload."""
    header_line, _, rest = raw.partition(b"\n")
    envelope = Envelope(parse_json_object(header_line, "envelope header"))
    while rest.strip():
        item_line, _, rest = rest.partition(b"\n")
        if not item_line.strip():
            continue
        item_header = parse_json_object(item_line, "item header")
        length = item_header.get("length")
        if isinstance(length, int) and length >= 0:
            payload, rest = rest[:length], rest[length:]
            if len(payload) < length:
                raise InvalidInput("envelope item is shorter than its length")
            rest = rest.removeprefix(b"\n")
        else:
            payload, _, rest = rest.partition(b"\n")
        envelope.items.append((item_header, payload))
    return envelope


def key_from_auth_header(header: str | None) -> str | None:
    match = _AUTH_KEY.search(header or "")
    return match.group(1) if match else None


def key_from_dsn(dsn: object) -> str | None:
    if not isinstance(dsn, str):
        return None
    return urlsplit(dsn).username or None


def event_to_error(event: dict[str, Any]) -> ErrorDetails:
    """An error report from a Sentry event (checked by check_json as it was parsed): type,
    value, frames, level, and the rest as context."""
    exceptions = _exception_values(event)
    last = exceptions[-1] if exceptions else {}
    error_type = str(last.get("type") or ("Message" if not exceptions else "Error"))
    message = str(last.get("value") or _event_message(event) or error_type)
    return _validated(
        {
            "type": error_type[:256],
            "message": message[:65536],
            "stack_trace": _stack_trace(exceptions)[:MAX_STACK] or None,
            "severity": LEVEL_TO_SEVERITY.get(str(event.get("level", "error")).lower(), "error"),
            "context": _event_context(event),
            "fingerprint": _fingerprint(event.get("fingerprint")),
            "release": str(event["release"])[:200] if event.get("release") else None,
            "culprit": _culprit(exceptions),
        }
    )


def _fingerprint(value: Any) -> list[str] | None:
    parts = [str(part)[:200] for part in _list(value)[:20] if isinstance(part, str | int | float)]
    return parts or None


def _culprit(exceptions: list[dict[str, Any]]) -> str | None:
    """The innermost frame of the application's own code (Sentry marks library frames
    `in_app: false`): where a fix would go, so it is part of the default grouping."""
    frames = [frame for e in exceptions for frame in _frames(e) if isinstance(frame, dict)]
    own = [frame for frame in frames if frame.get("in_app") is not False] or frames
    if not own:
        return None
    top = own[-1]
    where = top.get("module") or top.get("filename") or top.get("abs_path") or "?"
    return f"{where} in {top.get('function') or '?'}"[:300]


def _frames(exception: dict[str, Any]) -> list[Any]:
    stacktrace = exception.get("stacktrace") or {}
    return _list(stacktrace.get("frames") if isinstance(stacktrace, dict) else None)


def _validated(fields: dict[str, Any]) -> ErrorDetails:
    try:
        return ErrorDetails.model_validate(fields)
    except ValidationError as error:
        problem = error.errors(include_url=False)[0]
        raise InvalidInput(f"event {problem['loc'][0]}: {problem['msg']}") from error


def _exception_values(event: dict[str, Any]) -> list[dict[str, Any]]:
    exception = event.get("exception")
    values = exception.get("values") if isinstance(exception, dict) else exception
    return [value for value in _list(values) if isinstance(value, dict)]


def _list(value: Any) -> list[Any]:
    """Clients send odd shapes; anything that is not a list counts as empty."""
    return value if isinstance(value, list) else []


def _event_message(event: dict[str, Any]) -> str | None:
    for source in (event.get("logentry"), event.get("message")):
        if isinstance(source, dict):
            return source.get("formatted") or source.get("message")
        if isinstance(source, str):
            return source
    return None


def _stack_trace(exceptions: list[dict[str, Any]]) -> str:
    """Python-style text: the trace reads like the language's own in the alert."""
    blocks = []
    for exception in exceptions:
        frames = _frames(exception)
        lines = ["Traceback (most recent call last):"] if frames else []
        for frame in frames[-MAX_FRAMES:]:
            if isinstance(frame, dict):
                lines.extend(_frame_lines(frame))
        lines.append(f"{exception.get('type', 'Error')}: {exception.get('value', '')}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _frame_lines(frame: dict[str, Any]) -> list[str]:
    where = frame.get("abs_path") or frame.get("filename") or frame.get("module") or "?"
    lines = [f'  File "{where}", line {frame.get("lineno", "?")}, in {frame.get("function", "?")}']
    if frame.get("context_line"):
        lines.append(f"    {str(frame['context_line']).strip()[:MAX_CONTEXT_LINE]}")
    return lines


def _event_context(event: dict[str, Any]) -> dict[str, Any]:
    keys = (
        "event_id",
        "release",
        "environment",
        "platform",
        "server_name",
        "transaction",
        "tags",
        "user",
        "request",  # url, method, headers: secrets in it are scrubbed before storage
        "contexts",
        "extra",
        "fingerprint",
    )
    return {key: event[key] for key in keys if event.get(key) not in (None, "", [], {})}


@dataclass(frozen=True)
class CheckIn:
    status: str  # in_progress, ok, error
    monitor_slug: str
    duration: timedelta | None


def parse_check_in(payload: dict[str, Any]) -> CheckIn:
    """A check-in from its item's payload (checked by check_json as it was parsed)."""
    status = payload.get("status")
    if status not in ("in_progress", "ok", "error"):
        raise InvalidInput("check_in status must be in_progress, ok or error")
    duration = payload.get("duration")
    if not isinstance(duration, int | float) or not 0 <= duration <= MAX_DURATION_SECONDS:
        duration = None
    return CheckIn(
        status=status,
        monitor_slug=str(payload.get("monitor_slug") or "")[:200],
        duration=timedelta(seconds=duration) if duration is not None else None,
    )


def legacy_store_body(raw: bytes, limit: int) -> bytes:
    """A `/store/` body as legacy clients send it, made the event's JSON text: as it is when
    it is JSON already (an object), else base64 text of JSON or of a zlib stream of it (raven
    for Node: `zlib.deflate` then base64, Content-Type application/octet-stream; old raven-js).
    The stream is inflated as a deflate Content-Encoding is (services/formats/inflate.py): no
    more than `limit` bytes come out, or BodyTooLarge; a body that is none of these is
    InvalidInput. Pure and bounded by `limit`: the door runs it off the event loop."""
    text = raw.strip()
    if not text or text[:1] == b"{":
        return raw
    try:
        decoded = binascii.a2b_base64(text, strict_mode=True)
    except (binascii.Error, ValueError) as error:
        raise InvalidInput(
            "the event (body) is neither JSON nor base64 of JSON or of a zlib stream"
        ) from error
    if decoded[:1] == b"{":
        return decoded
    if decoded[:1] and decoded[0] in ZLIB_FIRST_BYTES and int.from_bytes(decoded[:2]) % 31 == 0:
        deflate = decoder_for("deflate")
        assert deflate is not None
        return deflate(decoded, limit)
    raise InvalidInput("the event (body) is base64, but of neither JSON nor a zlib stream")
