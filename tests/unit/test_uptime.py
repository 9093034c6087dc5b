from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from models import Health
from services.stats.figures import Segment, paused_with, share_up, timeline, uptime_share

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


@pytest.mark.parametrize(
    ("check", "project", "expected"),
    [
        # The project never paused: the check's own states.
        ([(at(0), at(10), "up")], [(at(0), at(10), "up")], [(at(0), at(10), "up")]),
        # A check down while its project was paused was not probed: not monitored.
        (
            [(at(0), at(4), "up"), (at(4), at(10), "down")],
            [(at(0), at(6), "up"), (at(6), at(8), "paused"), (at(8), at(10), "down")],
            [
                (at(0), at(4), "up"),
                (at(4), at(6), "down"),
                (at(6), at(8), "paused"),
                (at(8), at(10), "down"),
            ],
        ),
        # Paused at both ends; the check's own pause merges with the project's.
        (
            [(at(0), at(3), "paused"), (at(3), at(10), "up")],
            [(at(0), at(2), "new"), (at(2), at(5), "paused"), (at(5), at(10), "up")],
            [(at(0), at(5), "paused"), (at(5), at(10), "up")],
        ),
    ],
)
def test_a_check_is_paused_while_its_project_is(
    check: list[tuple[datetime, datetime, str]],
    project: list[tuple[datetime, datetime, str]],
    expected: list[tuple[datetime, datetime, str]],
) -> None:
    def segments(spans: list[tuple[datetime, datetime, str]]) -> list[Segment]:
        return [Segment(start, end, Health(state)) for start, end, state in spans]

    assert paused_with(segments(check), segments(project)) == segments(expected)


def test_a_checks_uptime_leaves_out_its_projects_pause() -> None:
    check = [Segment(START, at(5), Health.UP), Segment(at(5), END, Health.DOWN)]
    project = [Segment(START, at(6), Health.UP), Segment(at(6), END, Health.PAUSED)]
    assert share_up(paused_with(check, project)) == 5 / 6


class Counted(list[Segment]):
    """Segments that count how many of them are read."""

    reads = 0

    def __iter__(self) -> Iterator[Segment]:
        for segment in super().__iter__():
            Counted.reads += 1
            yield segment


def test_a_long_flapping_history_is_read_in_linear_time() -> None:
    """A public status page reads 90 days of a project and its checks through paused_with: a
    check that flapped 8,000 times cost seconds of the event loop per visit while each cut
    searched every segment (quadratic). Each segment is now read a bounded number of times."""
    flips = 4000
    step = timedelta(minutes=15)
    changes = [(START + n * step, "down" if n % 2 else "up") for n in range(flips)]
    end = START + flips * step
    check = Counted(timeline(changes, "new", START, end))
    project = Counted(timeline(changes[::3], "new", START, end))
    Counted.reads = 0

    merged = paused_with(check, project)

    assert Counted.reads <= 10 * (len(check) + len(project))
    assert share_up(merged) == share_up(check)
    assert merged == list(timeline(changes, "new", START, end))
