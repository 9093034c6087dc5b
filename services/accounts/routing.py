"""Routing in the chat's own time: quiet hours, reminders while a project stays down, the hour
of the daily digest (zones are read and loaded by services/text/zones.py). Pure functions over
`now`."""

import re
from datetime import datetime, timedelta
from enum import StrEnum

from services.core.errors import InvalidInput
from services.text import zones

QUIET_PRESETS = ("22-08", "23-07", "00-08")
DIGEST_PRESETS = (9, 18)
_QUIET = re.compile(r"^(\d{2})-(\d{2})$")


class Reminders(StrEnum):
    OFF = "off"
    HOURLY = "hourly"
    DAILY = "daily"


REMINDER_EVERY = {Reminders.HOURLY: timedelta(hours=1), Reminders.DAILY: timedelta(days=1)}


def quiet_range(quiet: str) -> tuple[int, int]:
    match = _QUIET.match(quiet)
    if not match or not all(0 <= int(part) <= 23 for part in match.groups()):
        raise InvalidInput("quiet hours look like 22-08 (from hour, to hour)")
    return int(match.group(1)), int(match.group(2))


def in_quiet_hours(quiet: str | None, timezone: str | None, now: datetime) -> bool:
    """Whether `now` falls in the chat's quiet hours; "22-08" spans midnight. ZoneUnavailable
    if the chat's zone cannot be loaded here (never a silent UTC)."""
    if not quiet:
        return False
    start, end = quiet_range(quiet)
    hour = now.astimezone(zones.load_zone(timezone)).hour
    if start <= end:
        return start <= hour < end
    return hour >= start or hour < end


def reminder_due(mode: str, since: datetime, last_check: datetime, now: datetime) -> bool:
    """Whether a whole reminder interval since the outage began was completed in
    (last_check, now]: one reminder per interval, however late the check runs."""
    every = REMINDER_EVERY.get(Reminders(mode))
    if every is None or now <= since:
        return False
    return (now - since) // every > max(last_check - since, timedelta(0)) // every


def digest_due(
    hour: int | None, timezone: str | None, sent_at: datetime | None, now: datetime
) -> bool:
    """The digest goes once a day, in the chosen local hour. ZoneUnavailable if the chat's zone
    cannot be loaded here (never a silent UTC)."""
    if hour is None or now.astimezone(zones.load_zone(timezone)).hour != hour:
        return False
    return sent_at is None or now - sent_at > timedelta(hours=23)
