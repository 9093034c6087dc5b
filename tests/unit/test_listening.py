"""When the monitor listened: the time nobody did, and deadlines counted in listened time."""

from datetime import UTC, datetime, timedelta

import pytest

from services.watch.in_flight import LONGEST_WAY, InFlight
from services.watch.listening import Gap, listened_deadline, unheard

T0 = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


GAPS = [Gap(at(10), at(20)), Gap(at(50), at(55))]


@pytest.mark.parametrize(
    ("since", "until", "unheard_seconds"),
    [
        (0, 5, 0),  # before any gap
        (0, 10, 0),  # up to a gap's start
        (0, 15, 5),  # into a gap
        (0, 30, 10),  # across a gap
        (12, 30, 8),  # from inside a gap
        (20, 50, 0),  # between gaps
        (0, 100, 15),  # across both
        (56, 100, 0),  # after both
    ],
)
def test_unheard_time_is_the_part_of_a_span_inside_gaps(
    since: float, until: float, unheard_seconds: float
) -> None:
    assert unheard(GAPS, at(since), at(until)) == timedelta(seconds=unheard_seconds)


def test_a_deadline_moves_on_by_the_gaps_after_its_silence_began() -> None:
    minute = timedelta(seconds=60)
    assert listened_deadline(at(0), minute, GAPS, now=at(100)) == at(75)
    assert listened_deadline(at(30), minute, GAPS, now=at(100)) == at(95)
    assert listened_deadline(at(60), minute, GAPS, now=at(100)) == at(120)
    assert listened_deadline(at(0), minute, [], now=at(100)) == at(60)


def test_the_checker_waits_for_the_oldest_write_on_its_way_but_not_for_a_stuck_one() -> None:
    in_flight = InFlight()
    assert in_flight.settled_until(at(100)) == at(100)
    ticket = in_flight.enter(at(90))
    in_flight.enter(at(95))
    assert in_flight.settled_until(at(100)) == at(90)
    in_flight.leave(ticket)
    assert in_flight.settled_until(at(100)) == at(95)
    stuck = at(95) + LONGEST_WAY + timedelta(seconds=10)
    assert in_flight.settled_until(stuck) == stuck - LONGEST_WAY
