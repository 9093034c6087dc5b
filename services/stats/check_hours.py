"""The hourly rollup of active checks' probes (`check_hours`): per check and clock hour, how
many probes ran, how many failed, and the passing ones' times as a histogram (latency.py).
Nothing is stored per probe: 10,000 checks probed every minute add 10,000 rows an hour
whatever their interval, each probe adds to its hour's row, and rows older than /stats reads
are pruned hourly.

The check runner (services/watch/probing.py) hands every probe it made since its last flush to
`record`, once per flush: one multi-row upsert for the batch, however many checks it holds
(after one read of which of them still exist).

Only passing probes' times count in the histogram: a refused connection fails in a
millisecond and a timeout takes the whole timeout, and neither says how fast the site answers.
Failures are counted apart."""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from models import CheckHour
from services.grouping.groups import hour_of
from services.stats import latency
from services.stats.latency import Counts
from services.storage import sql
from services.storage.steps import Row, Steps
from services.storage.transaction import transaction

# What /stats reads (7 days: figures.Period.WEEK) and a day more, so a window that starts at
# the top of an hour never finds its first hours pruned.
KEEP = timedelta(days=8)
# Rows per statement: 20 values each stays well within PostgreSQL's 32,767 parameters.
ROWS_AT_ONCE = 1000


@dataclass(frozen=True)
class Sample:
    """One probe of a check, as the rollup counts it."""

    check_id: int
    at: datetime
    elapsed_ms: int
    passed: bool


@dataclass(frozen=True)
class Hour:
    """A check's row for one hour, as read back."""

    hour: datetime
    probes: int
    failures: int
    counts: Counts  # passing probes per latency bucket


_COUNTED = ("probes", "failures", *latency.COLUMNS)
# Probes of the same hour add up column by column, from any number of instances at once.
_ADD = """
INSERT INTO check_hours {values}
ON CONFLICT (check_id, hour) DO UPDATE SET
""" + ",\n".join(f"    {column} = check_hours.{column} + excluded.{column}" for column in _COUNTED)
# The checks of the batch that still exist: one deleted since its probe was claimed is left
# out, or its row would break the foreign key and the whole batch with it. On PostgreSQL they
# are held (KEY SHARE, as the foreign key's own check does) until commit, so none can be
# deleted between this read and the insert.
_EXISTING = "SELECT id FROM checks WHERE id IN ({ids})"
_HOLD = " FOR KEY SHARE"


async def record(samples: Sequence[Sample]) -> int:
    """Count the probes in their checks' hours, in one transaction; how many hour rows were
    added to (probes of checks deleted meanwhile are dropped)."""
    if not samples:
        return 0
    async with transaction() as connection:
        return await sql.run(count_probes(samples, sql.postgres(connection)))


def count_probes(samples: Sequence[Sample], on_postgres: bool) -> Steps[int]:
    """A step (services/storage/steps.py): the samples summed per (check, hour), then added to
    those rows with one upsert (one per ROWS_AT_ONCE rows, for a very large batch)."""
    added = 0
    for rows in _chunks(hour_rows(samples), ROWS_AT_ONCE):
        added += yield from _add(rows, on_postgres)
    return added


def _add(rows: list[dict[str, object]], on_postgres: bool) -> Steps[int]:
    ids = sorted({int(str(row["check_id"])) for row in rows})
    slots, values = sql.slots("check", list(ids))
    template = _EXISTING.replace("{ids}", slots) + (_HOLD if on_postgres else "")
    existing = {_id(row) for row in (yield from sql.rows(template, **values))}
    kept = [row for row in rows if row["check_id"] in existing]
    if kept:
        yield from sql.inserted(_ADD, kept)
    return len(kept)


def hour_rows(samples: Sequence[Sample]) -> list[dict[str, object]]:
    """One row per (check, hour) with the counts to add, in key order: concurrent batches
    then take the rows' locks in the same order and cannot deadlock, and no row appears twice
    in one upsert (which PostgreSQL refuses)."""
    grouped: dict[tuple[int, datetime], list[Sample]] = {}
    for sample in samples:
        grouped.setdefault((sample.check_id, hour_of(sample.at)), []).append(sample)
    return [_row(check_id, hour, grouped[check_id, hour]) for check_id, hour in sorted(grouped)]


def _row(check_id: int, hour: datetime, samples: list[Sample]) -> dict[str, object]:
    counts = latency.counted(s.elapsed_ms for s in samples if s.passed)
    failures = sum(not s.passed for s in samples)
    return sql.stored(
        CheckHour,
        check_id=check_id,
        hour=hour,
        probes=len(samples),
        failures=failures,
        **dict(zip(latency.COLUMNS, counts, strict=True)),
    )


def _chunks(rows: list[dict[str, object]], size: int) -> Iterator[list[dict[str, object]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _id(row: Row) -> int:
    return int(str(row["id"]))


async def hours_of(
    check_ids: Sequence[int], start: datetime, end: datetime
) -> dict[int, list[Hour]]:
    """The rows of these checks for the hours starting in [start, end], by check, in time
    order (a check without any has none)."""
    rows = (
        await CheckHour.filter(check_id__in=list(check_ids), hour__gte=start, hour__lte=end)
        .order_by("check_id", "hour")
        .values_list("check_id", "hour", *_COUNTED)
    )
    found: dict[int, list[Hour]] = {}
    for check_id, hour, probes, failures, *counts in rows:
        found.setdefault(check_id, []).append(Hour(hour, probes, failures, tuple(counts)))
    return found


async def prune(now: datetime) -> int:
    """Delete the hours older than any /stats window reads (KEEP); how many rows."""
    return await CheckHour.filter(hour__lt=now - KEEP).delete()
