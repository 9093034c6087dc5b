"""Durations as people type them, in English and Russian: the one reader behind every timeout,
grace, interval, maintenance length and escalation delay (the bot, the shell, the management
API). `90s`, `15m`, `1h30m`, `2d`, `15 min`, `2 hours`, `1 day`, `90 сек`, `15 мин`, `2 ч`,
`1 д`, `1 час 30 минут`, `3 дня`; case does not matter, spaces are allowed, a bare number is
seconds. Ranges are the caller's: each field has its own."""

import re

from services.core.errors import InvalidInput

MAX_LENGTH = 40  # the longest spelled-out duration worth reading: "1 день 23 часа 59 минут"
FORMS = (
    "90s, 15m, 1h30m, 2d, 15 min, 2 hours, 1 day;"
    " in Russian 90 сек, 15 мин, 2 ч, 1 д, 1 час 30 минут, 3 дня"
)
_SECOND, _MINUTE, _HOUR, _DAY = 1, 60, 3600, 86400
_UNITS = {
    _SECOND: "s sec secs second seconds с сек секунда секунды секунд секунду",
    _MINUTE: "m min mins minute minutes м мин минута минуты минут минуту",
    _HOUR: "h hr hrs hour hours ч час часа часов",
    _DAY: "d day days д дн день дня дней",
}
UNIT_SECONDS = {word: seconds for seconds, words in _UNITS.items() for word in words.split()}
# A number and its unit (a period after a Russian abbreviation, "15 мин.", is fine).
_PART = re.compile(r"\s*(\d{1,7})\s*([^\W\d_]+)\.?\s*")
_BARE = re.compile(r"^\s*(\d{1,9})\s*$")


def duration_seconds(text: str) -> int | None:
    """The duration in seconds, or None if `text` is not one. Each unit at most once."""
    if len(text) > MAX_LENGTH:
        return None
    if bare := _BARE.match(text):
        return int(bare.group(1))
    total, seen, at = 0, set(), 0
    while at < len(text):
        part = _PART.match(text, at)
        unit = UNIT_SECONDS.get(part.group(2).casefold()) if part else None
        if part is None or unit is None or unit in seen:
            return None
        total, at = total + int(part.group(1)) * unit, part.end()
        seen.add(unit)
    return total if seen else None


def read_duration(text: str, what: str, code: str) -> int:
    """The duration in seconds; InvalidInput with `code` (the bot's `error-<code>` names the
    field and the accepted forms) and a message naming `what` and the forms otherwise."""
    seconds = duration_seconds(text)
    if seconds is None:
        raise InvalidInput(f"{what} {text.strip()!r} is not a duration like {FORMS}", code)
    return seconds
