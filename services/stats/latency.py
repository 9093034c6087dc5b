"""Response times as a fixed histogram, pure: which bucket a probe's time falls in, and
percentiles estimated from bucket counts. The hourly rollup (`check_hours`) stores one count
per bucket, so any number of probes costs the same 16 integers, and hours, checks and windows
add up column by column.

The buckets are log-spaced, four a decade: a bucket's upper edge is about 1.78 times its lower
one, so a percentile read from the counts is off by less than that ratio however fast or slow
the site is (a linear scale would be either coarse for fast sites or wasteful for slow ones)."""

from bisect import bisect_right
from collections.abc import Iterable, Sequence

# The edges between buckets, in ms: bucket 0 is [0, 10), bucket n is [EDGES_MS[n-1],
# EDGES_MS[n]), the last is [32 000, 60 000] (a probe's timeout is at most 60 s). Fixed: the
# stored counts mean these buckets (models.CheckHour).
EDGES_MS = (10, 18, 32, 56, 100, 180, 320, 560, 1000, 1800, 3200, 5600, 10_000, 18_000, 32_000)
LONGEST_MS = 60_000
BUCKETS = len(EDGES_MS) + 1
COLUMNS = tuple(f"b{n}" for n in range(BUCKETS))  # models.CheckHour's bucket columns
_LOWER = (0, *EDGES_MS)
_UPPER = (*EDGES_MS, LONGEST_MS)

Counts = tuple[int, ...]  # passing probes per bucket, BUCKETS of them
NONE: Counts = (0,) * BUCKETS


def bucket_of(ms: int) -> int:
    """The bucket a probe that took `ms` milliseconds is counted in."""
    return bisect_right(EDGES_MS, ms)


def counted(times_ms: Iterable[int]) -> Counts:
    """These times as bucket counts."""
    counts = [0] * BUCKETS
    for ms in times_ms:
        counts[bucket_of(ms)] += 1
    return tuple(counts)


def summed(histograms: Iterable[Counts]) -> Counts:
    """Several histograms (hours, checks) as one."""
    total = list(NONE)
    for counts in histograms:
        total = [a + b for a, b in zip(total, counts, strict=True)]
    return tuple(total)


def percentile(counts: Sequence[int], share: float) -> float | None:
    """An estimate of the time below which `share` (0 to 1) of the probes answered, from their
    bucket counts; None with no probes. The bucket that holds the wanted rank is known exactly;
    within it the probes are taken as spread evenly between its edges (linear interpolation,
    as Prometheus' histogram_quantile does), so the estimate is within that bucket's edges but
    not the exact time of any probe: ten probes of 120 ms in [100, 180) give a median of 140.
    The first bucket starts at 0 and the last ends at 60 s, the longest timeout."""
    if not 0 <= share <= 1:
        raise ValueError(f"share must be within 0 and 1, not {share}")
    total = sum(counts)
    if total == 0:
        return None
    rank = share * total
    below = 0
    for n, count in enumerate(counts):
        if count and below + count >= rank:
            width = _UPPER[n] - _LOWER[n]
            return _LOWER[n] + width * max(rank - below, 0) / count
        below += count
    raise AssertionError("unreachable: the last non-empty bucket reaches the total")


def mean(counts: Sequence[int]) -> float | None:
    """An estimate of the mean time from bucket counts, None with no probes: the probes taken
    as spread evenly within their buckets, as `percentile` takes them, so each bucket counts at
    its middle (the status pages' 24 h average, services/public/)."""
    total = sum(counts)
    if total == 0:
        return None
    middles = ((low + high) / 2 for low, high in zip(_LOWER, _UPPER, strict=True))
    return sum(count * middle for count, middle in zip(counts, middles, strict=True)) / total
