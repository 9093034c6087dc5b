"""What a project reports, whatever door it came through (the seed's JSON API, SDKs, later
Sentry and ping URLs). Validation lives here so every door rejects the same things."""

from typing import Annotated, Any, Literal
from uuid import UUID

import orjson
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from models import Severity
from services.core.errors import InvalidInput

MAX_DEPTH = 64
SEVERITY_ALIASES = {"warn": "warning", "fatal": "critical", "err": "error"}


def _normalise_severity(value: object) -> object:
    if isinstance(value, str):
        lowered = value.strip().lower()
        return SEVERITY_ALIASES.get(lowered, lowered)
    return value


ShortText = Annotated[str, StringConstraints(max_length=64)]
FingerprintPart = Annotated[str, StringConstraints(max_length=200)]
SeverityName = Literal["debug", "info", "warning", "error", "critical"]
SeverityIn = Annotated[SeverityName, BeforeValidator(_normalise_severity)]


class HeartbeatReport(BaseModel):
    # Frozen: one report may serve many requests (api/heartbeat.py remembers small bodies).
    model_config = ConfigDict(strict=True, extra="ignore", frozen=True)

    status: ShortText = "alive"
    version: ShortText | None = None
    metadata: dict[str, Any] | None = None


class ErrorDetails(BaseModel):
    model_config = ConfigDict(strict=True, extra="ignore")

    type: Annotated[str, StringConstraints(min_length=1, max_length=256)]
    message: Annotated[str, StringConstraints(max_length=65536)]
    stack_trace: Annotated[str, StringConstraints(max_length=262144)] | None = None
    severity: SeverityIn = Severity.ERROR.value
    context: dict[str, Any] | None = None
    # The client's own grouping key (Sentry's `fingerprint`); "{{ default }}" stands for ours.
    fingerprint: Annotated[list[FingerprintPart], Field(min_length=1, max_length=20)] | None = None
    release: Annotated[str, StringConstraints(max_length=200)] | None = None
    # The top in-app frame ("module in function"), when the door knows it.
    culprit: Annotated[str, StringConstraints(max_length=300)] | None = None


def parse_json_object(raw: bytes, what: str = "body") -> dict[str, Any]:
    """`raw` as a JSON object that passed check_json, else InvalidInput naming `what`."""
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise InvalidInput(f"{what} is not valid JSON: {error}") from error
    if not isinstance(value, dict):
        raise InvalidInput(f"{what} must be a JSON object")
    check_json(value, raw)
    return value


def check_json(value: Any, written: bytes | None = None) -> None:
    """Refuse what no database or renderer should get: NUL characters (PostgreSQL rejects
    them) and nesting deeper than MAX_DEPTH. Level by level, so hostile depth cannot exhaust
    the stack; every event passes here, so the walk only visits containers. `written`: the
    JSON text `value` was parsed from, when there is one, so it need not be written again."""
    if written is None:
        try:
            written = orjson.dumps(value)
        except TypeError:  # what orjson does not write: an integer beyond 64 bits, 255+ levels
            written = None
    _check_depth(value, written)
    # JSON text can hold a NUL only as \u0000 (a raw one is refused by the parser, orjson
    # writes it so): one search in C rules out nearly every value, and only a candidate has
    # its strings looked at (a text may hold a backslash and `u0000`).
    if (written is None or b"\\u0000" in written) and _holds_nul(value):
        raise InvalidInput("NUL characters (\\u0000) are not allowed")


def _check_depth(value: Any, written: bytes | None) -> None:
    if written is not None and written.count(b"[") + written.count(b"{") <= MAX_DEPTH:
        return  # no more containers than levels allowed, brackets in strings counted too
    level = [value] if isinstance(value, dict | list) else []
    for _ in range(MAX_DEPTH):
        if not level:
            break
        level = [
            child
            for item in level
            for child in (item.values() if isinstance(item, dict) else item)
            if isinstance(child, dict | list)
        ]
    if level:
        raise InvalidInput(f"JSON nested deeper than {MAX_DEPTH} levels")


def _holds_nul(value: Any) -> bool:
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
        elif isinstance(item, dict):
            pending += [*item.keys(), *item.values()]
        elif isinstance(item, list):
            pending += item
    return False


def parse_run_id(value: str | None) -> str | None:
    """A run id (`?rid=`, Healthchecks' way of telling overlapping runs apart): a UUID in any
    spelling UUID() reads, kept in its canonical form; None when there is none."""
    if value is None or value == "":
        return None
    try:
        return str(UUID(value))
    except ValueError as error:
        example = "5b3c1d5e-8f0a-4c1e-9d2b-7a6f4e3c2b1a"
        raise InvalidInput(f"rid: must be a UUID, such as {example}") from error
