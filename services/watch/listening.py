"""When the monitor listened. Each silence check, on any instance, records when it ended
(`watch_clock`). A check that starts more than LISTENING_GAP after the last one ended finds a
time nobody listened (a deploy, a crash, the database away: nobody could store a heartbeat) and
keeps it as a gap (`listening_gaps`). A project's silence counts only time outside the gaps
(services/watch/silence.py). A slow check is no gap: the clock is written when a check ends."""

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from models import ListeningGap, WatchClock
from services.storage import sql
from services.storage.transaction import transaction

log = logging.getLogger(__name__)
# Checks run every second, on every instance: a longer pause after the last one ended is time
# nobody listened. Counting a little too much costs a late alert, never a false one.
LISTENING_GAP = timedelta(seconds=2)
# A clock moved this recently says an instance of the app is running on the database (its
# checks move it every second; a slow one, under load, a little less often).
RUNNING_WITHIN = timedelta(seconds=10)
# Gaps are remembered this long: a silence that began before a gap this old is counted whole.
KEEP_GAPS = timedelta(days=30)
_START_CLOCK = "INSERT INTO watch_clock (id, checked_at) VALUES (1, {now}) ON CONFLICT DO NOTHING"


@dataclass(frozen=True)
class Gap:
    started_at: datetime
    ended_at: datetime


async def gaps_until(now: datetime) -> list[Gap]:
    """A check starts at `now`: the gaps of the last KEEP_GAPS, oldest first, with the one that
    ends now if nobody listened since the last check ended (recorded once, by whichever
    instance gets there first: compare-and-set on the clock)."""
    clock = await WatchClock.get_or_none(id=1)
    if clock is None:  # the first check ever: nothing to compare with
        await sql.execute(_START_CLOCK, now=sql.time_as_stored(sql.postgres())(now))
    elif now - clock.checked_at > LISTENING_GAP:
        await _record_gap(clock.checked_at, now)
    rows = await ListeningGap.filter(ended_at__gt=now - KEEP_GAPS).order_by("started_at")
    return [Gap(row.started_at, row.ended_at) for row in rows]


async def _record_gap(since: datetime, now: datetime) -> None:
    async with transaction():
        taken = WatchClock.filter(id=1, checked_at=since)
        if await taken.update(checked_at=now) != 1:
            return  # another instance checks at this moment: it records the gap
        await ListeningGap.create(started_at=since, ended_at=now)
        await ListeningGap.filter(ended_at__lte=now - KEEP_GAPS).delete()
    log.warning("nobody listened for %s (since %s): silences do not count it", now - since, since)


async def checked_until(end: datetime) -> None:
    """A check ended at `end`: the monitor listened until then. Never moves the clock back (an
    instance whose clock is behind another's)."""
    await WatchClock.filter(id=1, checked_at__lt=end).update(checked_at=end)


async def someone_listens(now: datetime) -> bool:
    """Whether an instance of the app is running on this database: a silence check moved the
    clock within RUNNING_WITHIN of `now` (or after it: another host's clock may be ahead)."""
    clock = await WatchClock.get_or_none(id=1)
    return clock is not None and now - clock.checked_at < RUNNING_WITHIN


def unheard(gaps: Sequence[Gap], since: datetime, until: datetime) -> timedelta:
    """How much of the time from `since` to `until` nobody listened."""
    total = timedelta(0)
    for gap in gaps:
        overlap = min(gap.ended_at, until) - max(gap.started_at, since)
        if overlap > timedelta(0):
            total += overlap
    return total


def listened_deadline(
    since: datetime, timeout: timedelta, gaps: Sequence[Gap], now: datetime
) -> datetime:
    """When `timeout` of time the monitor listened after `since` is over, as known at `now`:
    the plain deadline moved on by the gaps in between."""
    return since + timeout + unheard(gaps, since, now)
