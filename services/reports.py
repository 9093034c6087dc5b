"""What a project reports, whatever door it came through (the seed's JSON API, SDKs, later
Sentry and ping URLs). Validation lives here so every door rejects the same things."""

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from models import Severity
from services.errors import InvalidInput

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
    model_config = ConfigDict(strict=True, extra="ignore")

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


def check_json(value: Any) -> None:
    """Refuse what no database or renderer should get: NUL characters (PostgreSQL rejects
    them) and nesting deeper than MAX_DEPTH. Iterative, so hostile depth cannot exhaust the
    stack."""
    pending: list[tuple[Any, int]] = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, str):
            if "\x00" in item:
                raise InvalidInput("NUL characters (\\u0000) are not allowed")
        elif isinstance(item, dict | list):
            if depth > MAX_DEPTH:
                raise InvalidInput(f"JSON nested deeper than {MAX_DEPTH} levels")
            children = [*item.keys(), *item.values()] if isinstance(item, dict) else item
            pending.extend((child, depth + 1) for child in children)
