from datetime import UTC, datetime, timedelta

import pytest

from services.stats import uptime_share

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
