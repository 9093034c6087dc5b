"""One HTTP POST with the standard library, and the retry policy around it."""

from __future__ import annotations

import enum
import http.client
import random
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

from error_monitor._version import __version__

HEADERS = {
    "Content-Type": "application/json",
    "Accept": "application/json",
    "User-Agent": f"error-monitor-sdk-python/{__version__}",
}
PROBLEM_CHARS = 300


class Verdict(enum.Enum):
    DELIVERED = "delivered"
    RETRY = "retry"
    REJECTED = "rejected"


@dataclass(frozen=True)
class Answer:
    """What came back: an HTTP status, or None when there was no answer (refused, timed out)."""

    status: int | None
    retry_after: float | None = None
    problem: str = ""


def verdict(answer: Answer) -> Verdict:
    """2xx: delivered. No answer, 408, 429 and 5xx: worth retrying. Any other status (a 4xx
    for a bad token or body, a 3xx the SDK does not follow): the same request would fail again."""
    status = answer.status
    if status is None or status in (408, 429) or status >= 500:
        return Verdict.RETRY
    return Verdict.DELIVERED if 200 <= status < 300 else Verdict.REJECTED


def retry_delay(retry: int, retry_after: float | None, backoff: float, ceiling: float) -> float:
    """Seconds before retry number `retry` (0 for the first): the server's Retry-After when it
    sent one, else `backoff` doubled each time with up to 25 % jitter; never above `ceiling`."""
    if retry_after is not None:
        return min(max(retry_after, 0.0), ceiling)
    return min(backoff * 2.0**retry * random.uniform(1.0, 1.25), ceiling)


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Retry-After as seconds from now: delay-seconds or an HTTP date; None if absent or bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        return None
    return max(moment.timestamp() - (time.time() if now is None else now), 0.0)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """urllib would turn a redirected POST into a GET without a body: report the 3xx instead."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def build_opener() -> urllib.request.OpenerDirector:
    """An opener that honours the *_proxy environment variables and follows no redirects."""
    return urllib.request.build_opener(_NoRedirects)


def post_json(
    opener: urllib.request.OpenerDirector, url: str, data: bytes, timeout: float
) -> Answer:
    """POST `data` as JSON; never raises for network trouble or an error status."""
    request = urllib.request.Request(url, data=data, headers=HEADERS, method="POST")
    try:
        with opener.open(request, timeout=timeout) as response:
            response.read()
            return Answer(response.status)
    except urllib.error.HTTPError as error:
        return _error_answer(error)
    except (OSError, http.client.HTTPException) as error:
        return Answer(None, problem=f"{type(error).__name__}: {error}"[:PROBLEM_CHARS])


def _error_answer(error: urllib.error.HTTPError) -> Answer:
    try:
        retry_after = parse_retry_after(error.headers.get("Retry-After"))
        problem = error.read(PROBLEM_CHARS).decode("utf-8", "replace")
    except (OSError, http.client.HTTPException):
        retry_after, problem = None, ""
    finally:
        error.close()
    return Answer(error.code, retry_after, problem or str(error.reason))
