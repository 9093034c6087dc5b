"""What a project reports, whatever door it came through (the seed's JSON API, SDKs, later
Sentry and ping URLs). Validation lives here so every door rejects the same things."""

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, StringConstraints

from models import Severity

SEVERITY_ALIASES = {"warn": "warning", "fatal": "critical", "err": "error"}


def _normalise_severity(value: object) -> object:
    if isinstance(value, str):
        lowered = value.strip().lower()
        return SEVERITY_ALIASES.get(lowered, lowered)
    return value


ShortText = Annotated[str, StringConstraints(max_length=64)]
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
