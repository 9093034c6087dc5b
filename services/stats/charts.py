"""The /stats picture: errors per hour stacked by severity, the response times of the
project's active checks when it has any (p50 and p95 per bar), and below them the project's
uptime timeline (green up, red down, grey not monitored), as a PNG of a fixed size.

This module shapes the data; `services.stats.chart_figure` draws it with matplotlib and is imported
on the first chart, not at startup: matplotlib adds about 40 MB and most of a second to a
process that may never draw a chart. Charts render in a worker thread (`chart_png`), so a
render never blocks the event loop. Every word on the picture arrives translated in
`ChartLabels`; times are UTC, like everywhere else."""

import asyncio
import threading
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from models import Severity
from services.stats.figures import Hourly, Window, bucket_start

WIDTH, HEIGHT, DPI = 1200, 700, 100
SEVERITY_COLOURS = {
    Severity.DEBUG: "#b0bec5",
    Severity.INFO: "#42a5f5",
    Severity.WARNING: "#ffb300",
    Severity.ERROR: "#e53935",
    Severity.CRITICAL: "#6a1b9a",
}
UP_COLOUR, DOWN_COLOUR, UNMONITORED_COLOUR = "#43a047", "#e53935", "#cfd8dc"
# One colour a check (p50 a solid line, p95 a dashed one); the first few checks are drawn, all
# of them are in the numbers below the chart.
CHECK_COLOURS = ("#1e88e5", "#8e24aa", "#f4511e", "#00897b")
# matplotlib promises no thread safety, even without pyplot: one chart at a time. Drawing
# holds the GIL most of the time anyway, so two at once would not finish sooner.
_DRAWING = threading.Lock()


@dataclass(frozen=True)
class ChartLabels:
    """Every word on the chart, already in the reader's language."""

    title: str
    errors_axis: str
    uptime_axis: str
    no_errors: str
    severities: Mapping[str, str]  # severity value → its name
    up: str
    down: str
    unmonitored: str
    response_axis: str
    no_responses: str
    p50: str
    p95: str


@dataclass(frozen=True)
class Bucket:
    """One bar: the window's hours from `start` on, `hours` of them, summed per severity."""

    start: datetime
    hours: int
    counts: dict[str, int]


def bucketed(window: Window, size: int) -> list[Bucket]:
    """The window's hours summed into buckets of `size` hours that start at multiples of
    `size` from midnight UTC, so a week's bars line up with its days; the first and last
    bucket may hold fewer hours."""
    by_bucket: dict[datetime, list[datetime]] = {}
    for hour in window.hours:
        by_bucket.setdefault(bucket_start(hour, size), []).append(hour)
    return [
        Bucket(hours[0], len(hours), _summed(window.hourly, hours)) for hours in by_bucket.values()
    ]


def _summed(hourly: Hourly, hours: list[datetime]) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for hour in hours:
        counts.update(hourly.get(hour, {}))
    return dict(counts)


def render_chart(window: Window, labels: ChartLabels) -> bytes:
    """A WIDTH×HEIGHT PNG of the window. Safe to call from any thread."""
    from services.stats.chart_figure import draw_png

    with _DRAWING:
        return draw_png(window, labels)


async def chart_png(window: Window, labels: ChartLabels) -> bytes:
    """`render_chart` in a worker thread: drawing takes a few hundred milliseconds of CPU."""
    return await asyncio.to_thread(render_chart, window, labels)
