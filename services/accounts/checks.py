"""A project's active checks: adding one (validated, with its monitor), listing, changing its
interval, deleting. What a check does when probed is services/probes/; its state,
services/monitors/."""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from models import Check, MonitorKind, Project
from services.accounts.projects import NewProject, create_project
from services.core.errors import InvalidInput, NotFound
from services.monitors import checks, writer
from services.storage.transaction import transaction
from services.text.durations import duration_seconds, read_duration

MIN_TIMEOUT = timedelta(seconds=1)
MAX_TIMEOUT = timedelta(seconds=60)
DEFAULT_TIMEOUT = timedelta(seconds=10)
MAX_URL_LENGTH = 2048
MAX_KEYWORD_LENGTH = 256
_STATUS_RANGE = re.compile(r"^\s*([1-5]\d\d)\s*(?:-\s*([1-5]\d\d)\s*)?$")
METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
MAX_BODY_BYTES = 64 * 1024
MAX_HEADERS = 20
_HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
_JSON_PATH = re.compile(r"^[^.\s]+(\.[^.\s]+)*$")
_HOST = re.compile(r"^[A-Za-z0-9._:\[\]-]+$")


@dataclass(frozen=True)
class NewCheck:
    """A check as asked for (durations as typed: `30s`, `5m`; see `add_check`)."""

    url: str
    interval: str = "60s"
    timeout: str = "10s"
    keyword: str | None = None
    keyword_absent: bool = False
    expected_status: str = "200-399"
    confirm: int = checks.DEFAULT_CONFIRM
    created_by: int | None = None
    method: str = "GET"
    headers: tuple[str, ...] = ()  # "Name: value"
    body: str | None = None
    json_field: str | None = None  # a dotted path: "data.status", "items.0.state"
    json_value: str | None = None
    degraded_after: str | None = None  # slower answers are shown as slow, not alerted


def validate_check_url(url: str) -> str:
    """The address to probe, trimmed, if it is one a check can probe (see `check_kind`)."""
    url = url.strip()
    if len(url) > MAX_URL_LENGTH:
        raise InvalidInput("the url must be at most 2048 characters", "check-url-invalid")
    check_kind(url)
    return url


def check_kind(url: str) -> MonitorKind:
    """http(s)://… is an HTTP check, tcp://host:port a TCP one."""
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") and parts.hostname:
        return MonitorKind.HTTP
    if parts.scheme == "tcp" and parts.hostname and _HOST.match(parts.netloc):
        if _port(url) is not None and parts.path in ("", "/"):
            return MonitorKind.TCP
    raise InvalidInput(f"url {url!r} must be http(s)://… or tcp://host:port", "check-url-invalid")


def _port(url: str) -> int | None:
    try:
        return urlsplit(url).port
    except ValueError:
        return None


def parse_interval(text: str) -> timedelta:
    interval = timedelta(seconds=read_duration(text, "interval", "interval-invalid"))
    if not checks.MIN_INTERVAL <= interval <= checks.MAX_INTERVAL:
        raise InvalidInput("the interval must be between 5 seconds and 24 hours", "interval-range")
    return interval


def parse_check_timeout(text: str, interval: timedelta) -> timedelta:
    timeout = timedelta(seconds=read_duration(text, "timeout", "timeout-invalid"))
    if not MIN_TIMEOUT <= timeout <= min(MAX_TIMEOUT, interval):
        raise InvalidInput(
            "a check's timeout must be between 1 and 60 seconds, and no longer than its interval",
            "check-timeout-range",
        )
    return timeout


def parse_expected_status(text: str) -> str:
    """`200-399` or `200`: stored as a range."""
    match = _STATUS_RANGE.match(text)
    low, high = (match.group(1), match.group(2) or match.group(1)) if match else ("", "")
    if not match or int(low) > int(high):
        raise InvalidInput(
            f"expected status {text!r} must be a code or a range such as 200-399",
            "expected-status-invalid",
        )
    return f"{low}-{high}"


def validate_confirm(confirm: int) -> int:
    if not 1 <= confirm <= checks.MAX_CONFIRM:
        raise InvalidInput("confirm must be between 1 and 10 failures", "confirm-range")
    return confirm


def validate_keyword(keyword: str | None) -> str | None:
    if keyword is None or not keyword.strip():
        return None
    if len(keyword) > MAX_KEYWORD_LENGTH:
        raise InvalidInput("the keyword must be at most 256 characters", "keyword-too-long")
    return keyword


async def add_check(project: Project, spec: NewCheck, now: datetime) -> Check:
    """A new check of `project`, probed at once and then at its interval."""
    url = validate_check_url(spec.url)
    kind = check_kind(url)
    interval = parse_interval(spec.interval)
    timeout = parse_check_timeout(spec.timeout, interval)
    keyword = validate_keyword(spec.keyword)
    if kind == MonitorKind.TCP and keyword:
        raise InvalidInput("a tcp:// check cannot look for a keyword", "keyword-on-tcp")
    values: dict[str, Any] = {
        "project_id": project.id,
        "url": url,
        "interval_seconds": int(interval.total_seconds()),
        "timeout_ms": int(timeout.total_seconds() * 1000),
        "keyword": keyword,
        "keyword_absent": spec.keyword_absent and keyword is not None,
        "expected_status": parse_expected_status(spec.expected_status),
        "confirm": validate_confirm(spec.confirm),
        "created_by": spec.created_by,
    }
    if kind == MonitorKind.HTTP:
        values |= _request(spec)
    elif _asks_for_http(spec):
        raise InvalidInput("a tcp:// check only connects", "http-options-on-tcp")
    async with transaction():
        monitor = await writer.check_added(project.id, kind, now)
        return await Check.create(monitor_id=monitor.id, **values)


def slow(check: Check) -> bool:
    """Whether its last answer came slower than its threshold (shown, never alerted)."""
    return bool(check.degraded_ms and check.last_ms and check.last_ms > check.degraded_ms)


def _asks_for_http(spec: NewCheck) -> bool:
    return (
        bool(spec.method.upper() != "GET" or spec.headers or spec.body or spec.json_field)
        or spec.degraded_after is not None
    )


def _request(spec: NewCheck) -> dict[str, Any]:
    """What an HTTP check sends and expects beyond its status and keyword."""
    method = spec.method.strip().upper()
    if method not in METHODS:
        raise InvalidInput(
            f"method {spec.method!r} must be one of {', '.join(METHODS)}", "method-invalid"
        )
    if spec.body is not None and len(spec.body.encode()) > MAX_BODY_BYTES:
        raise InvalidInput("the body must be at most 64 KB", "body-too-long")
    json_field = (spec.json_field or "").strip() or None
    if json_field is not None and not _JSON_PATH.match(json_field):
        raise InvalidInput(
            f"json field {json_field!r} must be a dotted path like data.status",
            "json-field-invalid",
        )
    return {
        "method": method,
        "headers": parse_headers(spec.headers) or None,
        "body": spec.body or None,
        "json_field": json_field,
        "json_value": spec.json_value if json_field else None,
        "degraded_ms": _degraded_ms(spec.degraded_after),
    }


def parse_headers(lines: tuple[str, ...]) -> dict[str, str]:
    """`Name: value` lines; a header's name is a token (RFC 9110), its value one line."""
    headers: dict[str, str] = {}
    for line in lines:
        name, colon, value = line.partition(":")
        name, value = name.strip(), value.strip()
        if not colon or not _HEADER_NAME.match(name) or "\r" in value or "\n" in value:
            raise InvalidInput(f"header {line!r} must be written as Name: value", "header-invalid")
        headers[name] = value
    if len(headers) > MAX_HEADERS:
        raise InvalidInput("a check sends at most 20 headers", "header-invalid")
    return headers


def _degraded_ms(text: str | None) -> int | None:
    if text is None:
        return None
    seconds = duration_seconds(text)
    if seconds is None or not 1 <= seconds <= 60:
        raise InvalidInput(
            "the slow threshold must be between 1 and 60 seconds", "degraded-invalid"
        )
    return seconds * 1000


async def create_project_with_check(
    project: NewProject, check: NewCheck | None, now: datetime
) -> Project:
    """A new project and, if asked, its first check (as `add_check`): both, or neither."""
    async with transaction():
        created = await create_project(project)
        if check is not None:
            await add_check(created, check, now)
    return created


async def project_checks(project_id: int | None = None) -> list[Check]:
    """Checks with their monitor and project, of one project or of all, oldest first."""
    query = Check.all() if project_id is None else Check.filter(project_id=project_id)
    return await query.select_related("monitor", "project").order_by("id")


async def check_by_id(check_id: int, project_id: int | None = None) -> Check:
    """The check with its monitor and project; with `project_id`, only if it is that project's
    (a check of another project is NotFound too: nothing says it exists)."""
    query = Check.filter(id=check_id)
    if project_id is not None:
        query = query.filter(project_id=project_id)
    check = await query.select_related("monitor", "project").first()
    if check is None:
        raise NotFound(f"no check with id {check_id}", "check-not-found")
    return check


async def change_interval(check_id: int, interval: str, now: datetime) -> Check:
    """Probe the check every `interval` (`30s`, `5m`; 5 s to 24 h, and no shorter than its
    timeout), from the new interval's next slot on (the writer moves the schedule)."""
    check = await check_by_id(check_id)
    seconds = int(parse_interval(interval).total_seconds())
    if check.timeout_ms > seconds * 1000:
        raise InvalidInput(
            "a check's timeout must be no longer than its interval", "check-timeout-range"
        )
    async with transaction():
        if not await Check.filter(id=check_id).update(interval_seconds=seconds):
            raise NotFound(f"no check with id {check_id}", "check-not-found")  # deleted meanwhile
        await writer.check_rescheduled(check.monitor_id, timedelta(seconds=seconds), now)
    check.interval_seconds = seconds
    return check


async def delete_check(check_id: int) -> Check:
    """The check and its monitor are gone; an alert of its open outage keeps its last text."""
    check = await check_by_id(check_id)
    async with transaction():
        await writer.check_removed(check.monitor_id)
    return check
