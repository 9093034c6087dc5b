"""Notification texts: HTML for Telegram, every user-supplied value escaped and clipped so a
message always fits Telegram's 4,096-character limit."""

import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson

from services.text.i18n import Translator

TELEGRAM_TEXT_LIMIT = 4096
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
_TAG = re.compile(r"<[^>]*>")
# Each retry shrinks the user-supplied parts until the text fits (astral characters count twice).
BUDGET_SCALES = (1.0, 0.5, 0.25, 0.1)


@dataclass(frozen=True)
class Budget:
    """How many characters of each user-supplied part a message may show."""

    message: int = 1000
    items: int = 1200
    item_value: int = 200
    stack: int = 1200
    name: int = 200

    def scaled(self, factor: float) -> "Budget":
        return Budget(*(max(20, int(value * factor)) for value in vars(self).values()))


def format_time(at: datetime) -> str:
    """The seed's time format, in UTC."""
    return at.astimezone(UTC).strftime(TIME_FORMAT)


def clip(text: str, limit: int, marker: str = "…") -> str:
    return text if len(text) <= limit else text[: max(0, limit - len(marker))] + marker


def short_url(url: str, limit: int) -> str:
    """A check's URL where room is short (a line of /stats, the chart's legend): without
    `http://`, `https://` and a trailing slash, as browsers show addresses, and clipped.
    `tcp://` stays: it says what kind of check it is."""
    bare = url.split("://", 1)[1] if url.startswith(("http://", "https://")) else url
    return clip(bare.removesuffix("/"), limit)


def clip_tail(text: str, limit: int, marker: str = "…") -> str:
    return text if len(text) <= limit else marker + text[len(text) - limit + len(marker) :]


def escape(text: str, limit: int | None = None) -> str:
    return html.escape(text if limit is None else clip(text, limit), quote=False)


def fit(build: Callable[[Budget], str], limit: int = TELEGRAM_TEXT_LIMIT) -> str:
    """Build a message with ever smaller budgets until it fits `limit` (Telegram's, or less to
    leave room for a footer added by later edits)."""
    for scale in BUDGET_SCALES:
        text = build(Budget().scaled(scale))
        if visible_length(text) <= limit:
            return text
    return text


def visible_length(html_text: str) -> int:
    """Length as Telegram counts it: after entity parsing, in UTF-16 code units."""
    plain = html.unescape(_TAG.sub("", html_text))
    return len(plain.encode("utf-16-le")) // 2


def show_value(value: Any) -> str:
    if isinstance(value, str):
        return value
    return orjson.dumps(value).decode()


def bullet_list(items: Mapping[str, Any], budget: Budget, more: str) -> list[str]:
    """`• key: value` lines within the budget; `more` is a template with {count}."""
    lines: list[str] = []
    used = 0
    for index, (key, value) in enumerate(items.items()):
        line = f"{clip(str(key), 60)}: {clip(show_value(value), budget.item_value)}"
        if used + len(line) > budget.items:
            lines.append(more.format(count=len(items) - index))
            break
        used += len(line)
        lines.append("• " + html.escape(line, quote=False))
    return lines


def stack_excerpt(stack: str, limit: int) -> str:
    """The part of a trace that names the failure: Python prints it last, most others first."""
    stack = stack.strip()
    if stack.startswith("Traceback"):
        return clip_tail(stack, limit)
    return clip(stack, limit)


def humanize_timeout(tr: Translator, locale: str, seconds: int) -> str:
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds % size == 0:
            return tr.get("silence-timeout", locale, unit=unit, n=seconds // size)
    return tr.get("silence-timeout", locale, unit="second", n=seconds)


def humanize_duration(tr: Translator, locale: str, length: timedelta) -> str:
    """Two most significant units: "1 ч 5 мин", "45 с"."""
    seconds = max(0, int(length.total_seconds()))
    parts = []
    for key, size in (("days", 86400), ("hours", 3600), ("minutes", 60), ("seconds", 1)):
        amount, seconds = divmod(seconds, size)
        if amount:
            parts.append(tr.get(f"duration-{key}", locale, n=amount))
    return " ".join(parts[:2]) or tr.get("duration-seconds", locale, n=0)
