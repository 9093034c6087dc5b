"""Time zones as people type them and as they are stored: the one place a zone is read and
loaded (the chat's /timezone, schedules, maintenance windows, quiet hours, the digest).

A zone is an IANA name (`Asia/Kolkata`, `UTC`) or an offset from UTC (`+3`, `+5:30`,
`-03:30`, `UTC+05:45`), stored as typed-and-tidied: the IANA name, or `UTC+05:30`. The zone
database comes from the `tzdata` package when the system has none (slim containers, Windows):
zoneinfo looks there after the system's directories. A zone that cannot be loaded is an error
(`InvalidInput` with a code the bot and the CLI word), never a silent UTC."""

import re
from datetime import UTC, timedelta, timezone, tzinfo
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from services.core.errors import InvalidInput

UTC_NAME = "UTC"
NAME_MAX_LENGTH = 64  # the columns that hold a zone: projects.schedule_tz, subscribers.timezone
MAX_OFFSET = timedelta(hours=14)  # Kiribati's +14:00 is the furthest any place is from UTC
FORMS = "an IANA name like Europe/Moscow or Asia/Kolkata, or an offset like +3, +5:30, -03:30"
_OFFSET = re.compile(r"^(?:utc|gmt)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?$", re.IGNORECASE)
_STORED_OFFSET = re.compile(r"^UTC([+-])(\d{2}):(\d{2})$")
# How earlier versions stored a typed offset: `+3` as Etc/GMT-3 (the Etc zones count the other
# way round), `-13` and `-14` as Etc/GMT+13 and +14, names IANA lacks (it stops at +12).
_ETC_OFFSET = re.compile(r"^Etc/GMT([+-])(\d{1,2})$")


class ZoneUnavailable(InvalidInput):
    """A zone that once was read but cannot be loaded here now: no zone database (neither the
    system's nor `tzdata`), or one that lacks the name."""


def read_zone(text: str) -> str:
    """What a person typed, as the zone's stored name; InvalidInput naming the accepted forms
    if it is none (code `zone-invalid`, `zone-offset-range` beyond ±14 hours)."""
    typed = text.strip()
    if match := _OFFSET.match(typed):
        return _offset_name(match.group(1), int(match.group(2)), int(match.group(3) or 0))
    if typed.upper() == UTC_NAME:
        return UTC_NAME
    name = _iana_names().get(typed.lower()) if len(typed) <= NAME_MAX_LENGTH else None
    if name is None:
        if not _iana_names():
            raise _unavailable(typed)
        raise InvalidInput(f"time zone {typed!r} is not {FORMS}", "zone-invalid")
    load_zone(name)
    return name


def load_zone(name: str | None) -> tzinfo:
    """The zone a stored name stands for (None or empty: UTC); ZoneUnavailable if it cannot be
    loaded. An offset (and an Etc/GMT±N of earlier versions) is a fixed offset; a name, its zone
    with its daylight-saving rules."""
    if not name or name == UTC_NAME:
        return UTC
    if match := _STORED_OFFSET.match(name):
        sign = -1 if match.group(1) == "-" else 1
        return timezone(sign * timedelta(hours=int(match.group(2)), minutes=int(match.group(3))))
    if (match := _ETC_OFFSET.match(name)) and int(match.group(2)) <= 14:
        sign = 1 if match.group(1) == "-" else -1
        return timezone(sign * timedelta(hours=int(match.group(2))))
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as error:
        raise _unavailable(name) from error


def typed_zone(text: str) -> tzinfo:
    """The zone a person typed, loaded (`read_zone`, then `load_zone`)."""
    return load_zone(read_zone(text))


def _offset_name(sign: str, hours: int, minutes: int) -> str:
    offset = timedelta(hours=hours, minutes=minutes)
    if minutes >= 60 or offset > MAX_OFFSET:
        raise InvalidInput(
            f"an offset from UTC is at most 14:00 hours, like +5:30 ({sign}{hours}:{minutes:02})",
            "zone-offset-range",
        )
    return UTC_NAME if not offset else f"UTC{sign}{hours:02}:{minutes:02}"


def _unavailable(name: str) -> ZoneUnavailable:
    return ZoneUnavailable(
        f"time zone {name!r} cannot be loaded: this server has no time-zone database"
        " (install the tzdata package)",
        "zone-unavailable",
    )


@cache
def _iana_names() -> dict[str, str]:
    """IANA names by their lower case (`asia/kolkata` is Asia/Kolkata): the system's zone
    database and tzdata's. The system's lists its `localtime` link too: the server's zone,
    not IANA's."""
    return {name.lower(): name for name in available_timezones() - {"localtime"}}
