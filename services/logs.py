"""Logging for the whole process: every record carries the id of the API request being handled
(so the lines of one request can be found together), as text or as one JSON object a line
(LOG_FORMAT), for log collectors."""

import itertools
import logging
import re
import secrets
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any, Literal

import orjson

LogFormat = Literal["text", "json"]
NO_REQUEST = "-"
# What a proxy or client may pass in X-Request-ID: UUIDs, hex, ULIDs, `service-123`. Anything
# else (spaces, control characters, a kilobyte) would make log lines unreadable or forgeable.
SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s"
# Both log every second at INFO (each silence check, each connection close): noise.
CHATTY_LOGGERS = ("apscheduler", "tortoise")

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
# New ids: this process's random half and a count, 32 hex digits like a UUID. Unique across
# instances and restarts as random ids are, without asking the kernel for randomness per request.
_PROCESS_PART = secrets.token_hex(8)
_count = itertools.count()


def request_id_from(header: str | None) -> str:
    """The incoming id when it is sane, else a new one."""
    if header and SANE_REQUEST_ID.match(header):
        return header
    return f"{_PROCESS_PART}{next(_count) & 0xFFFF_FFFF_FFFF_FFFF:016x}"


class RequestIdFilter(logging.Filter):
    """Puts the current request's id on each record. A record that already has one (the access
    log, written after the handler is done) keeps it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id.get() or NO_REQUEST
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", NO_REQUEST),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return orjson.dumps(entry, default=str).decode()


def configure_logging(level: str, log_format: LogFormat = "text") -> None:
    handler = logging.StreamHandler()
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(
        JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT)
    )
    logging.basicConfig(level=level.upper(), handlers=[handler])
    for chatty in CHATTY_LOGGERS:
        logging.getLogger(chatty).setLevel(max(logging.WARNING, logging.getLogger().level))
