"""Error groups: every report gets a fingerprint, reports with one fingerprint form a group,
and the group's state decides whether a report is worth a message."""

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TypeVar

from models import ErrorGroup, ErrorReport, GroupStatus, Project
from services.formats.reports import ErrorDetails
from services.storage import sql
from services.storage.steps import Row, Steps

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


@dataclass(frozen=True)
class Sighting:
    """One report to count in its group."""

    project_id: int
    details: ErrorDetails
    at: datetime


def count_occurrences(sightings: Sequence[Sighting]) -> Steps[list[Occurrence]]:
    """A step (services/storage/steps.py): count each sighting in its group and hour, with two
    statements for the whole batch; for each, in order, its group as counting them one after
    another would have left it (times seen, hourly count). Upserts, so two instances never
    split a group and the counts stay exact under any concurrency."""
    if not sightings:
        return []
    group_keys = [(s.project_id, fingerprint(s.details)) for s in sightings]
    upsert = _group_rows(group_keys, sightings)
    groups = _groups_by_key((yield from sql.inserted(_UPSERT_GROUPS, upsert)))
    hour_keys = _hour_keys(group_keys, groups, sightings)
    counts = _hour_rows(hour_keys, sightings)
    hours = _hours_by_key((yield from sql.inserted(_COUNT_HOURS, counts)))
    return _occurrences(group_keys, hour_keys, groups, hours)


GroupKey = tuple[int, str]  # project id, fingerprint
HourKey = tuple[int, datetime | None, str]  # group id, hour, severity


def _hour_keys(
    group_keys: list[GroupKey], groups: dict[GroupKey, Row], sightings: Sequence[Sighting]
) -> list[HourKey]:
    return [
        (_id(groups[key]), hour_of(s.at), s.details.severity)
        for key, s in zip(group_keys, sightings, strict=True)
    ]


def _occurrences(
    group_keys: list[GroupKey],
    hour_keys: list[HourKey],
    groups: dict[GroupKey, Row],
    hours: dict[HourKey, int],
) -> list[Occurrence]:
    # Counted one after another: the first of a key saw the count before the batch, plus one.
    in_batch, hours_in_batch = Counter(group_keys), Counter(hour_keys)
    seen = {key: _times_seen(group) - in_batch[key] for key, group in groups.items()}
    counted = {key: count - hours_in_batch[key] for key, count in hours.items()}
    occurrences = []
    for key, hour_key in zip(group_keys, hour_keys, strict=True):
        seen[key] += 1
        counted[hour_key] += 1
        occurrences.append(_occurrence(groups[key], seen[key], counted[hour_key]))
    return occurrences


K = TypeVar("K", bound=tuple[object, ...])


def _per_key(keys: list[K], sightings: Sequence[Sighting]) -> dict[K, list[Sighting]]:
    """The sightings of each key, in order. Keys are sorted: concurrent batches (other
    instances) then lock the same rows in the same order, and cannot deadlock."""
    grouped: dict[K, list[Sighting]] = {}
    for key, sighting in zip(keys, sightings, strict=True):
        grouped.setdefault(key, []).append(sighting)
    return {key: grouped[key] for key in sorted(grouped)}


def _id(row: Row) -> int:
    return int(str(row["id"]))


def _times_seen(row: Row) -> int:
    return int(str(row["times_seen"]))


def _occurrence(group: Row, times_seen: int, hour_count: int) -> Occurrence:
    return Occurrence(
        group_id=_id(group),
        times_seen=times_seen,
        status=GroupStatus(str(group["status"])),
        muted_until=_as_datetime(group["muted_until"]),
        mute_over_per_hour=group["mute_over_per_hour"],  # type: ignore[arg-type]  # an INTEGER column: int or NULL
        hour_count=hour_count,
        refresh_due_at=_as_datetime(group["refresh_due_at"]),
        refreshed_at=_as_datetime(group["refreshed_at"]),
    )


# A group is created from its first sighting; its severity and release follow the latest.
_UPSERT_GROUPS = """
INSERT INTO error_groups {values}
ON CONFLICT (project_id, fingerprint) DO UPDATE SET
    times_seen = error_groups.times_seen + excluded.times_seen,
    last_seen = excluded.last_seen,
    severity = excluded.severity,
    last_release = COALESCE(excluded.last_release, error_groups.last_release)
RETURNING id, project_id, fingerprint, times_seen, status, muted_until, mute_over_per_hour,
    refresh_due_at, refreshed_at
"""

_COUNT_HOURS = """
INSERT INTO error_hours {values}
ON CONFLICT (group_id, hour, severity) DO UPDATE SET count = error_hours.count + excluded.count
RETURNING group_id, hour, severity, count
"""


def _group_rows(
    group_keys: list[GroupKey], sightings: Sequence[Sighting]
) -> list[dict[str, object]]:
    """A row per group for the upsert: its sightings' count, the first's text, the last's
    severity and time."""
    rows = []
    for (project_id, fingerprint_), seen in _per_key(group_keys, sightings).items():
        first, last = seen[0], seen[-1]
        releases = [s.details.release for s in seen if s.details.release]
        rows.append(
            {
                "project_id": project_id,
                "fingerprint": fingerprint_,
                "type": first.details.type,
                "message": first.details.message[:1000],
                "culprit": culprit_of(first.details),
                "severity": last.details.severity,
                "status": GroupStatus.OPEN.value,
                "times_seen": len(seen),
                "first_seen": first.at,
                "last_seen": last.at,
                "last_release": releases[-1] if releases else None,
                "refreshed_at": first.at,
            }
        )
    return rows


def _groups_by_key(returned: Iterable[Row]) -> dict[GroupKey, Row]:
    """Each group's row after the upsert, by (project id, fingerprint)."""
    return {(int(str(row["project_id"])), str(row["fingerprint"])): row for row in returned}


def _hour_rows(hour_keys: list[HourKey], sightings: Sequence[Sighting]) -> list[dict[str, object]]:
    return [
        {
            "group_id": group_id,
            "project_id": seen[0].project_id,
            "hour": hour,
            "severity": severity,
            "count": len(seen),
        }
        for (group_id, hour, severity), seen in _per_key(hour_keys, sightings).items()
    ]


def _hours_by_key(returned: Iterable[Row]) -> dict[HourKey, int]:
    """Each (group, hour, severity) count after adding the batch."""
    return {
        (int(str(row["group_id"])), _as_datetime(row["hour"]), str(row["severity"])): int(
            str(row["count"])
        )
        for row in returned
    }


def _as_datetime(value: object) -> datetime | None:
    """SQLite hands raw queries' timestamps back as text."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


_SCHEDULE_REFRESH = (
    "UPDATE error_groups SET refresh_due_at = {due} WHERE id = {id} AND refresh_due_at IS NULL"
)


def schedule_refresh(hit: Occurrence, now: datetime, every: timedelta) -> Steps[Occurrence]:
    """A step: ask for the group's alerts to be edited with the new count, at most once per
    `every` since the last edit; nothing to do while an edit is already scheduled. The group
    as it is now."""
    due = _refresh_due(hit, now, every)
    if due is None:
        return hit
    yield from sql.changed(_SCHEDULE_REFRESH, **_refresh_values(hit, due))
    return replace(hit, refresh_due_at=due)


def _refresh_due(hit: Occurrence, now: datetime, every: timedelta) -> datetime | None:
    if hit.refresh_due_at is not None:
        return None  # an edit is already scheduled
    return max(now, (hit.refreshed_at or now) + every)


def _refresh_values(hit: Occurrence, due: datetime) -> dict[str, object]:
    return {
        "due": sql.stored(ErrorGroup, refresh_due_at=due)["refresh_due_at"],
        "id": hit.group_id,
    }


_REOPEN = """
UPDATE error_groups SET status = {open}, muted_until = NULL, mute_over_per_hour = NULL,
    regressed_at = {regressed_at}, refreshed_at = {refreshed_at}, refresh_due_at = NULL
WHERE id = {id} AND status = {status}
"""


def reopen(hit: Occurrence, why: Verdict, now: datetime) -> Steps[bool]:
    """A step: a resolved group seen again, or a mute that ran out: open, with a fresh alert
    whose edits are counted from now (see `reopened`). Compare-and-set: of two reports racing
    here, one alerts."""
    regressed_at = now if why == Verdict.REGRESSION else None
    times = sql.stored(ErrorGroup, regressed_at=regressed_at, refreshed_at=now)
    changed = yield from sql.changed(
        _REOPEN, open=GroupStatus.OPEN.value, **times, id=hit.group_id, status=hit.status.value
    )
    return changed == 1


def reopened(hit: Occurrence, now: datetime) -> Occurrence:
    """The group as `reopen` leaves it."""
    return replace(
        hit,
        status=GroupStatus.OPEN,
        muted_until=None,
        mute_over_per_hour=None,
        refreshed_at=now,
        refresh_due_at=None,
    )


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
    for project in await Project.all().only("id"):
        removed += await ErrorReport.filter(
            project_id=project.id, received_at__lt=now - keep.age
        ).delete()
        removed += await _prune_beyond_count(project.id, keep.count)
        removed += await _prune_beyond_bytes(project.id, keep.stored_bytes)
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
    first_dropped = int(str(rows[0]["id"]))
    return await ErrorReport.filter(project_id=project_id, id__lte=first_dropped).delete()
