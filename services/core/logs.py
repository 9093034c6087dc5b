"""Logging for the whole process: every record carries the id of the API request being handled
(so the lines of one request can be found together), as text or as one JSON object a line
(LOG_FORMAT), for log collectors; and no record carries a secret: both formats redact what
they write, tracebacks included (`Redactor`)."""

import itertools
import logging
import re
import secrets
import sys
import threading
from collections.abc import Iterable
from contextvars import ContextVar
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Literal
from urllib.parse import unquote

import orjson

LogFormat = Literal["text", "json"]
NO_REQUEST = "-"
# What a proxy or client may pass in X-Request-ID: UUIDs, hex, ULIDs, `service-123`. Anything
# else (spaces, control characters, a kilobyte) would make log lines unreadable or forgeable.
SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s"
# Both log every second at INFO (each silence check, each connection close): noise.
CHATTY_LOGGERS = ("apscheduler", "tortoise")
# At DEBUG these write every statement with its parameters (a project's token among them):
# kept at WARNING whatever LOG_LEVEL says, so no parameter list reaches a log.
PARAMETER_LOGGERS = ("aiosqlite", "tortoise.db_client", "asyncpg")
REDACTED = "***"
# Where secrets stand in what the app logs. Project tokens are 32 hex digits, the shape of
# request ids: they are found by where they stand, never by their shape. Each alternative
# starts at a literal, so a hostile 8 KB path costs one pass, not one per letter; its named
# group is the context kept, what follows it is the secret.
SECRET_PLACES = re.compile(
    # ping URLs (Uptime Kuma's push URLs too), the webhook's path, the bot token in Bot API
    # URLs (aiogram's network errors) (a token has no `:`, `,`, `;` or `)`: the text after one
    # is left to read)
    r"(?P<path>/ping/|/api/push/|/telegram/|/bot\d+:)[^/?#\s\"'<>\\:,;)]+"
    # DSN credentials: scheme://key[:secret]@host
    r"|(?P<dsn>://)[^/?#\s\"'<>@\\]++(?=@)"
    # key=value (query strings, X-Sentry-Auth, reprs), "key": "value" (JSON, dicts) and
    # `Authorization: Bearer …`-like headers, for keys that name a secret
    r"|(?P<key>(?:token|secret|passw(?:or)?d|sentry_key|auth(?:orization)?)[\"']?\s*[:=]\s*[\"']?)"
    r"(?:(?:bearer|basic|sentry|token)\s+)?[^\s\"'&,;<>()\[\]{}\\]+"
    # a bare `Bearer <token>`
    r"|(?P<scheme>bearer\s+)[^\s\"',;<>\\]+"
    # PostgreSQL's detail of a unique violation: Key (token)=(…)
    r"|(?P<column>token\)=\()[^)]+"
    # a management API key (services/accounts/api_keys.KEY_START: `em_` and 40 URL-safe
    # characters) wherever it was sent: `?api_key=`, a path; its 8-character prefix in lists
    # is too short to be one
    r"|(?P<api_key>\bem_)[A-Za-z0-9_-]{16,}",
    re.IGNORECASE,
)
# Lowercase text without any of these holds nothing SECRET_PLACES finds: most lines (a
# heartbeat's access line) skip the regex, which costs ~20 µs a line.
SECRET_SIGNS = (
    "/ping/",
    "/api/push/",
    "/telegram/",
    "/bot",
    "://",
    "token",
    "secret",
    "passw",
    "sentry_key",
    "auth",
    "bearer",
    "em_",
)
MIN_KNOWN_SECRET = 8  # shorter `known` secrets would blank out common words

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


class Redactor:
    """Replaces with *** every secret found where secrets stand (SECRET_PLACES: ping and
    webhook paths, Bot API URLs, DSN credentials, `sentry_key=`, `project_token`, Authorization
    and X-Sentry-Auth headers, PostgreSQL's key details) and every occurrence of the `known`
    ones (the bot token, the webhook secret), wherever they stand. Over-redacting is the safe
    side: a key that merely names a secret loses its value too."""

    def __init__(self, known: Iterable[str] = ()) -> None:
        self._known = sorted({s for s in known if len(s) >= MIN_KNOWN_SECRET}, key=len)[::-1]

    def __call__(self, text: str) -> str:
        if "%" in text:  # aiohttp routes and reads queries decoded: `/%70ing/<token>` pings
            text = unquote(text)
        lowered = text.lower()
        if any(sign in lowered for sign in SECRET_SIGNS):
            text = SECRET_PLACES.sub(_keep_context, text)
        for secret in self._known:  # longest first: one may contain another
            if secret in text:
                text = text.replace(secret, REDACTED)
        return text


def _keep_context(match: re.Match[str]) -> str:
    return next(context for context in match.groups() if context is not None) + REDACTED


class TextFormatter(logging.Formatter):
    """TEXT_FORMAT, its whole line redacted (the traceback too)."""

    def __init__(self, redact: Redactor) -> None:
        super().__init__(TEXT_FORMAT)
        self.redact = redact

    def format(self, record: logging.LogRecord) -> str:
        return self.redact(super().format(record))


class JsonFormatter(logging.Formatter):
    """One JSON object a line; its message and traceback redacted before they are encoded
    (redacting the encoded line would miss what JSON escapes)."""

    def __init__(self, redact: Redactor | None = None) -> None:
        super().__init__()
        self.redact = redact or Redactor()

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": self.redact(record.getMessage()),
            "request_id": getattr(record, "request_id", NO_REQUEST),
        }
        if record.exc_info:
            entry["exception"] = self.redact(self.formatException(record.exc_info))
        if record.stack_info:
            entry["stack"] = self.redact(self.formatStack(record.stack_info))
        return orjson.dumps(entry, default=str).decode()


def configure_logging(
    level: str, log_format: LogFormat = "text", secrets: Iterable[str] = ()
) -> None:
    """Every record to stderr, as text or JSON lines, redacted (`secrets`: values to take out
    wherever they appear, such as the bot token). Warnings and uncaught exceptions, which
    Python prints to stderr itself, become records too: so they pass the redaction."""
    redact = Redactor(secrets)
    handler = logging.StreamHandler()
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter(redact) if log_format == "json" else TextFormatter(redact))
    logging.basicConfig(level=level.upper(), handlers=[handler])
    for quiet in (*CHATTY_LOGGERS, *PARAMETER_LOGGERS):
        logging.getLogger(quiet).setLevel(max(logging.WARNING, logging.getLogger().level))
    logging.captureWarnings(True)
    sys.excepthook = _log_uncaught
    threading.excepthook = _log_uncaught_in_thread


def _log_uncaught(
    kind: type[BaseException], error: BaseException, traceback: TracebackType | None
) -> None:
    logging.getLogger("uncaught").critical(
        "uncaught %s", kind.__name__, exc_info=(kind, error, traceback)
    )


def _log_uncaught_in_thread(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is SystemExit:  # as threading's own hook: a thread's way to end
        return
    logging.getLogger("uncaught").critical(
        "uncaught %s in thread %s",
        args.exc_type.__name__,
        args.thread.name if args.thread else "?",
        # The exception carries the traceback threading passes along (args.exc_traceback).
        exc_info=args.exc_value,
    )
