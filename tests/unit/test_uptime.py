from datetime import UTC, datetime, timedelta

import pytest

from models import Health
from services.stats.figures import Segment, timeline, uptime_share

START = datetime(2026, 1, 1, tzinfo=UTC)
END = START + timedelta(hours=10)


def at(hours: float) -> datetime:
    return START + timedelta(hours=hours)


@pytest.mark.parametrize(
    ("changes", "before", "expected"),
    [
        ([], "up", 1.0),
        ([], "down", 0.0),
        ([], "new", None),
        ([], "paused", None),
        ([(at(5), "down")], "up", 0.5),
        ([(at(2), "down"), (at(3), "up")], "up", 0.9),
        ([(at(5), "up")], "new", 1.0),
        ([(at(4), "up"), (at(7), "down")], "new", 0.5),
        ([(at(5), "paused")], "down", 0.0),
        ([(at(1), "paused"), (at(9), "up")], "up", 1.0),
    ],
)
def test_uptime_counts_only_monitored_time(
    changes: list[tuple[datetime, str]], before: str, expected: float | None
) -> None:
    assert uptime_share(changes, before, START, END) == expected


def test_timeline_merges_neighbours_in_one_state() -> None:
    changes = [(at(2), "up"), (at(4), "down"), (at(6), "up")]
    assert timeline(changes, "up", START, END) == [
        Segment(START, at(4), Health.UP),
        Segment(at(4), at(6), Health.DOWN),
        Segment(at(6), END, Health.UP),
    ]


def test_timeline_ignores_changes_outside_its_span_but_their_state() -> None:
    changes = [(at(-3), "down"), (at(5), "paused"), (at(12), "up")]
    assert timeline(changes, "up", START, END) == [
        Segment(START, at(5), Health.DOWN),
        Segment(at(5), END, Health.PAUSED),
    ]


def test_uptime_ignores_changes_after_the_end() -> None:
    assert uptime_share([(at(8), "down"), (at(11), "up")], "up", START, END) == 0.8
