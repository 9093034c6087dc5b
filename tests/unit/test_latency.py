"""Response times as a histogram: which bucket a time falls in (both sides of each edge), and
percentiles estimated from bucket counts, interpolated within the bucket that holds the rank."""

from datetime import timedelta

import pytest

from models import CheckHour
from services.stats import check_hours
from services.stats.figures import Period
from services.stats.latency import (
    BUCKETS,
    COLUMNS,
    EDGES_MS,
    NONE,
    bucket_of,
    counted,
    percentile,
    summed,
)


def histogram(**counts: int) -> tuple[int, ...]:
    """Counts by bucket name: `histogram(b4=10, b6=2)`."""
    return tuple(counts.get(column, 0) for column in COLUMNS)


@pytest.mark.parametrize(
    ("ms", "bucket"),
    [
        (0, 0),
        (9, 0),
        (10, 1),
        (17, 1),
        (18, 2),
        (99, 4),
        (100, 5),
        (179, 5),
        (180, 6),
        (999, 8),
        (1000, 9),
        (31_999, 14),
        (32_000, 15),
        (60_000, 15),
        (600_000, 15),  # longer than any timeout: still counted, in the last bucket
    ],
)
def test_a_time_falls_in_the_bucket_whose_edges_hold_it(ms: int, bucket: int) -> None:
    assert bucket_of(ms) == bucket


@pytest.mark.parametrize(
    ("counts", "share", "expected"),
    [
        (NONE, 0.5, None),  # no passing probe: no time to tell
        # Ten probes in [100, 180): spread evenly, the median is halfway.
        (histogram(b5=10), 0.5, 140.0),
        (histogram(b5=10), 0.95, 176.0),
        (histogram(b5=10), 0.0, 100.0),
        (histogram(b5=10), 1.0, 180.0),
        # Half in [10, 18), half in [100, 180): the median is the top of the lower bucket.
        (histogram(b1=5, b5=5), 0.5, 18.0),
        (histogram(b1=5, b5=5), 0.6, 116.0),
        # One slow probe in twenty is above the 95th percentile; two in twenty reach it, and
        # it lies in their bucket, [1000, 1800).
        (histogram(b4=19, b9=1), 0.95, 100.0),
        (histogram(b4=18, b9=2), 0.95, 1400.0),
        # The first bucket starts at 0, the last ends at the longest timeout (60 s).
        (histogram(b0=4), 0.5, 5.0),
        (histogram(b15=2), 0.5, 46_000.0),
        # Empty buckets between the ones that hold the probes change nothing: b2 is [18, 32),
        # b12 [5600, 10 000).
        (histogram(b2=1, b12=1), 0.5, 32.0),
        (histogram(b2=1, b12=1), 0.75, 7_800.0),
    ],
)
def test_percentiles_are_interpolated_within_the_bucket_of_their_rank(
    counts: tuple[int, ...], share: float, expected: float | None
) -> None:
    assert percentile(counts, share) == (None if expected is None else pytest.approx(expected))


@pytest.mark.parametrize("share", [-0.1, 1.5])
def test_a_share_outside_zero_to_one_is_refused(share: float) -> None:
    with pytest.raises(ValueError, match="share"):
        percentile(histogram(b5=1), share)


def test_times_are_counted_and_histograms_summed_bucket_by_bucket() -> None:
    assert counted([5, 120, 150, 179, 2_000]) == histogram(b0=1, b5=3, b10=1)
    assert summed([histogram(b1=1, b5=2), histogram(b5=1), NONE]) == histogram(b1=1, b5=3)
    assert summed([]) == NONE


def test_the_table_has_a_column_for_each_bucket() -> None:
    """The edges and the stored columns must agree: 15 edges, 16 buckets, b0…b15."""
    fields = set(CheckHour._meta.fields_map)
    assert len(EDGES_MS) + 1 == BUCKETS == 16
    assert set(COLUMNS) <= fields
    assert f"b{BUCKETS}" not in fields
    assert list(EDGES_MS) == sorted(EDGES_MS)


def test_the_rollup_keeps_more_than_the_longest_window() -> None:
    longest = max(timedelta(hours=period.hours) for period in Period)
    assert check_hours.KEEP > longest + timedelta(hours=1)
