"""Error groups: every report gets a fingerprint, reports with one fingerprint form a group,
and the group's state decides whether a report is worth a message."""

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from models import ErrorGroup, ErrorReport, GroupStatus, Project
from services import sql
from services.reports import ErrorDetails

DEFAULT_PART = "{{ default }}"
_UUID = r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b"
# 0x-prefixed, or six or more hex digits mixing letters and digits (ids, hashes, addresses).
_HEX = r"\b0x[0-9a-f]+\b|\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{6,}\b"
_FOLDS = (
    (re.compile(_UUID, re.I), "<uuid>"),
    (re.compile(_HEX, re.I), "<hex>"),
    (re.compile(r"'[^']*'|\"[^\"]*\"|`[^`]*`"), "<value>"),
    (re.compile(r"\d+(?:\.\d+)?"), "<n>"),
)
# `File "app/jobs.py", line 12, in sync`: Python's own trace, as the seed's clients send it.
_PYTHON_FRAME = re.compile(r'File "([^"]+)", line \d+, in (\S+)')
_LIBRARY_PATH = re.compile(r"site-packages|dist-packages|/lib/python\d|node_modules")


def normalise_message(message: str) -> str:
    """The message with what varies between occurrences folded: ids, numbers, quoted values."""
    for pattern, replacement in _FOLDS:
        message = pattern.sub(replacement, message)
    return " ".join(message.split())[:1000]


def culprit_of(details: ErrorDetails) -> str | None:
    """The top in-app frame: the door's own (Sentry marks library frames), else the innermost
    Python frame outside installed packages."""
    if details.culprit:
        return details.culprit
    frames = _PYTHON_FRAME.findall(details.stack_trace or "")
    own = [frame for frame in frames if not _LIBRARY_PATH.search(frame[0])] or frames
    return f"{own[-1][0]} in {own[-1][1]}" if own else None


def fingerprint(details: ErrorDetails) -> str:
    """The client's own fingerprint if it sent one ("{{ default }}" stands for ours), else type,
    normalised message, top in-app frame and severity. Line numbers are left out: they move
    with edits. Severity is in, so a warning that turns critical reaches the chats that only
    take critical alerts."""
    default = [
        details.type,
        normalise_message(details.message),
        culprit_of(details) or "",
        details.severity,
    ]
    parts = default
    if details.fingerprint:
        parts = []
        for part in details.fingerprint:
            parts.extend(default if part == DEFAULT_PART else [part])
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


class Verdict(StrEnum):
    NEW = "new"  # first of its kind: alert at once
    REGRESSION = "regression"  # was resolved: alert at once, marked
    UNMUTED = "unmuted"  # its mute ran out (time or rate): alert at once
    REPEAT = "repeat"  # open and already alerted: edit the alert, no new message
    SILENT = "silent"  # muted or ignored


@dataclass(frozen=True)
class Occurrence:
    group_id: int
    times_seen: int
    status: GroupStatus
    muted_until: datetime | None
    mute_over_per_hour: int | None
    hour_count: int
    refresh_due_at: datetime | None
    refreshed_at: datetime | None


def verdict(hit: Occurrence, now: datetime) -> Verdict:
    """What one more report of a group means, given the group's state after counting it."""
    if hit.status == GroupStatus.OPEN:
        return Verdict.NEW if hit.times_seen == 1 else Verdict.REPEAT
    if hit.status == GroupStatus.RESOLVED:
        return Verdict.REGRESSION
    if hit.status == GroupStatus.MUTED and _mute_is_over(hit, now):
        return Verdict.UNMUTED
    return Verdict.SILENT


def _mute_is_over(hit: Occurrence, now: datetime) -> bool:
    if hit.muted_until is not None:
        return hit.muted_until <= now
    return hit.mute_over_per_hour is not None and hit.hour_count > hit.mute_over_per_hour


def hour_of(at: datetime) -> datetime:
    return at.replace(minute=0, second=0, microsecond=0)


async def count_occurrence(project_id: int, details: ErrorDetails, now: datetime) -> Occurrence:
    """Add one report to its group (created on first sight) and to the group's hourly count.
    Call inside the report's transaction. Upserts, so two instances never split a group and
    the counts stay exact under any concurrency."""
    group = await _upsert_group(project_id, fingerprint(details), details, now)
    hour_count = await _count_hour(int(group["id"]), project_id, details.severity, now)
    return Occurrence(
        group_id=int(group["id"]),
        times_seen=int(group["times_seen"]),
        status=GroupStatus(group["status"]),
        muted_until=_as_datetime(group["muted_until"]),
        mute_over_per_hour=group["mute_over_per_hour"],
        hour_count=hour_count,
        refresh_due_at=_as_datetime(group["refresh_due_at"]),
        refreshed_at=_as_datetime(group["refreshed_at"]),
    )


_UPSERT_GROUP = """
INSERT INTO error_groups (project_id, fingerprint, type, message, culprit, severity, status,
    times_seen, first_seen, last_seen, last_release, refreshed_at)
VALUES ({project_id}, {fingerprint}, {type}, {message}, {culprit}, {severity}, 'open', 1,
    {first_seen}, {last_seen}, {last_release}, {refreshed_at})
ON CONFLICT (project_id, fingerprint) DO UPDATE SET
    times_seen = error_groups.times_seen + 1,
    last_seen = excluded.last_seen,
    severity = excluded.severity,
    last_release = COALESCE(excluded.last_release, error_groups.last_release)
RETURNING id, times_seen, status, muted_until, mute_over_per_hour, refresh_due_at, refreshed_at
"""

_COUNT_HOUR = """
INSERT INTO error_hours (group_id, project_id, hour, severity, count)
VALUES ({group_id}, {project_id}, {hour}, {severity}, 1)
ON CONFLICT (group_id, hour, severity) DO UPDATE SET count = error_hours.count + 1
RETURNING count
"""


async def _upsert_group(
    project_id: int, fingerprint_: str, details: ErrorDetails, now: datetime
) -> dict[str, object]:
    rows = await sql.query(
        _UPSERT_GROUP,
        project_id=project_id,
        fingerprint=fingerprint_,
        type=details.type,
        message=details.message[:1000],
        culprit=culprit_of(details),
        severity=details.severity,
        first_seen=now,
        last_seen=now,
        last_release=details.release,
        refreshed_at=now,
    )
    return rows[0]


async def _count_hour(group_id: int, project_id: int, severity: str, now: datetime) -> int:
    rows = await sql.query(
        _COUNT_HOUR, group_id=group_id, project_id=project_id, hour=hour_of(now), severity=severity
    )
    return int(rows[0]["count"])  # type: ignore[call-overload]


def _as_datetime(value: object) -> datetime | None:
    """SQLite hands raw queries' timestamps back as text."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


async def schedule_refresh(hit: Occurrence, now: datetime, every: timedelta) -> None:
    """Ask for the group's alerts to be edited with the new count, at most once per `every`
    since the last edit; nothing to do while an edit is already scheduled."""
    if hit.refresh_due_at is not None:
        return
    due = max(now, (hit.refreshed_at or now) + every)
    await ErrorGroup.filter(id=hit.group_id, refresh_due_at__isnull=True).update(
        refresh_due_at=due
    )


async def reopen(hit: Occurrence, why: Verdict, now: datetime) -> bool:
    """A resolved group seen again, or a mute that ran out: open, with a fresh alert whose
    edits are counted from now. Compare-and-set: of two reports racing here, one alerts."""
    reopened = await ErrorGroup.filter(id=hit.group_id, status=hit.status).update(
        status=GroupStatus.OPEN,
        muted_until=None,
        mute_over_per_hour=None,
        regressed_at=now if why == Verdict.REGRESSION else None,
        refreshed_at=now,
        refresh_due_at=None,
    )
    return reopened == 1


@dataclass(frozen=True)
class Retention:
    """How much of each project's reports is kept: the newest `count`, none older than
    `age`, at most `stored_bytes` of message, trace and context."""

    count: int
    age: timedelta
    stored_bytes: int


async def prune_reports(now: datetime, keep: Retention) -> int:
    """Drop each project's reports beyond its retention. Groups and hourly counts stay, so
    counts remain exact. Runs project by project on the (project, id) index; the byte count
    reads at most `keep.count` rows per project."""
    removed = 0
    for project_id in await Project.all().values_list("id", flat=True):
        removed += await ErrorReport.filter(
            project_id=project_id, received_at__lt=now - keep.age
        ).delete()
        removed += await _prune_beyond_count(project_id, keep.count)
        removed += await _prune_beyond_bytes(project_id, keep.stored_bytes)
    return removed


async def _prune_beyond_count(project_id: int, count: int) -> int:
    oldest_kept = (
        await ErrorReport.filter(project_id=project_id)
        .order_by("-id")
        .offset(count - 1)
        .first()
        .values_list("id", flat=True)
    )
    if oldest_kept is None:
        return 0
    return await ErrorReport.filter(project_id=project_id, id__lt=oldest_kept).delete()


_BEYOND_BYTES = """
SELECT id FROM (
    SELECT id, SUM(LENGTH(message) + COALESCE(LENGTH(stack_trace), 0)
                   + COALESCE(LENGTH({context}), 0)) OVER (ORDER BY id DESC) AS kept
    FROM error_reports WHERE project_id = {project_id}
) AS sized WHERE kept > {stored_bytes} ORDER BY id DESC LIMIT 1
"""


async def _prune_beyond_bytes(project_id: int, stored_bytes: int) -> int:
    """The newest reports that fit in `stored_bytes` stay (sizes in characters of message,
    trace and context as stored: close to bytes for the ASCII most traces are)."""
    template = _BEYOND_BYTES.replace("{context}", "context::text" if sql.postgres() else "context")
    rows = await sql.query(template, project_id=project_id, stored_bytes=stored_bytes)
    if not rows:
        return 0
    first_dropped = int(rows[0]["id"])  # type: ignore[call-overload]
    return await ErrorReport.filter(project_id=project_id, id__lte=first_dropped).delete()
