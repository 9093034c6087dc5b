"""The rules of active checks, pure: when a check is probed next, and what a probe's outcome
does to its monitor. The writer (services/monitors/writer.py) applies them.

Each check has its own phase within its interval, derived from its id: check n is probed at
`offset(n) + k * interval`. So checks added together (or all at the top of a minute) are spread
evenly over the interval, a check keeps its phase across restarts and instances, and the next
time needs no state but the clock."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from models import MonitorState

MIN_INTERVAL = timedelta(seconds=5)
MAX_INTERVAL = timedelta(hours=24)
DEFAULT_INTERVAL = timedelta(seconds=60)
# A failure not yet confirmed is probed again this soon (or at its interval, if sooner).
RECHECK_AFTER = timedelta(seconds=10)
DEFAULT_CONFIRM = 2
MAX_CONFIRM = 10
_GOLDEN = 0.6180339887498949  # consecutive ids land far apart: n * golden ratio, mod 1
_EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


def phase(check_id: int, interval: timedelta) -> timedelta:
    """Where in each interval this check is probed."""
    return interval * ((check_id * _GOLDEN) % 1.0)


def next_probe(check_id: int, interval: timedelta, after: datetime) -> datetime:
    """The check's first probe time strictly after `after`."""
    start = _EPOCH + phase(check_id, interval)
    periods = (after - start) // interval + 1
    return start + periods * interval


@dataclass(frozen=True)
class AfterProbe:
    """What a probe does to its check's monitor."""

    state: MonitorState
    failures_in_row: int

    def changed(self, before: MonitorState) -> bool:
        return self.state != before


def after_probe(
    state: MonitorState, failures_in_row: int, confirm: int, passed: bool
) -> AfterProbe:
    """Up after one success; down after `confirm` failures in a row (a check not yet up, too:
    a site that is down when it is added is an outage). A paused check stays paused."""
    if state == MonitorState.PAUSED:
        return AfterProbe(state, 0 if passed else failures_in_row)
    if passed:
        return AfterProbe(MonitorState.UP, 0)
    failures = failures_in_row + 1
    if failures >= confirm:
        return AfterProbe(MonitorState.DOWN, failures)
    return AfterProbe(state, failures)


def probe_again_at(
    check_id: int, interval: timedelta, now: datetime, after: AfterProbe
) -> datetime:
    """A failure not yet confirmed is probed again soon; anything else at the next slot."""
    slot = next_probe(check_id, interval, now)
    if after.state != MonitorState.DOWN and after.failures_in_row > 0:
        return min(slot, now + RECHECK_AFTER)
    return slot


# A check whose state changed this often within the window flaps: reported once, then quiet
# until it holds one state for a whole window (down, up, down, up, down: the fifth change).
FLAP_WINDOW = timedelta(hours=1)
FLAP_CHANGES = 5
CERTIFICATE_WARN_DAYS = (14, 7, 1)


def flapping(changes_within_window: int) -> bool:
    return changes_within_window >= FLAP_CHANGES


def settled(last_change: datetime | None, now: datetime) -> bool:
    """A flapping check has settled once it held its state for a whole window."""
    return last_change is None or now - last_change >= FLAP_WINDOW


def days_left(expires_at: datetime, now: datetime) -> int:
    """Whole days until the certificate expires (0: within a day)."""
    return (expires_at - now) // timedelta(days=1)


def certificate_warning(
    expires_at: datetime, now: datetime, warned: int | None, warn_days: tuple[int, ...]
) -> int | None:
    """The warning to give now: the nearest of `warn_days` the expiry is within, unless that
    one (or a nearer one) was given already for this expiry; None: nothing to say."""
    left = days_left(expires_at, now)
    if left < 0:
        return None  # expired: the probe fails, which is an outage of its own
    within = [days for days in warn_days if left <= days]
    if not within:
        return None
    nearest = min(within)
    return None if warned is not None and warned <= nearest else nearest
