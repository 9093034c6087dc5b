"""The /stats chart drawn with matplotlib's object API: a `Figure` on its own Agg canvas,
never pyplot, which keeps global state and picks a GUI backend while charts are drawn in
worker threads. Import it through `services.stats.charts.render_chart`, which loads it on the first
chart."""

import io
import math
from datetime import datetime

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from models import Health, Severity
from services.stats.charts import (
    CHECK_COLOURS,
    DOWN_COLOUR,
    DPI,
    HEIGHT,
    SEVERITY_COLOURS,
    UNMONITORED_COLOUR,
    UP_COLOUR,
    WIDTH,
    ChartLabels,
    bucketed,
)
from services.stats.figures import HOUR, Period, ResponseTimes, Window
from services.text.render import short_url

# Panels' heights: errors over the uptime strip; with checks, their response times between
# them, the strip keeping its height (its legend hangs below it at a fixed offset).
PANELS = [6, 1]
PANELS_WITH_CHECKS = [3.5, 2.5, 1]
URL_IN_LEGEND = 40


def draw_png(window: Window, labels: ChartLabels) -> bytes:
    """A WIDTH×HEIGHT PNG of the window, on a figure of its own."""
    buffer = io.BytesIO()
    # Light compression: a few kilobytes more, a good part of the time saved.
    figure_of(window, labels).savefig(
        buffer, format="png", dpi=DPI, pil_kwargs={"compress_level": 1}
    )
    return buffer.getvalue()


def figure_of(window: Window, labels: ChartLabels) -> Figure:
    """The chart's figure: errors, the checks' response times (when the project has checks),
    the uptime strip with the time axis."""
    figure = Figure(figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI)
    FigureCanvasAgg(figure)
    ratios = PANELS_WITH_CHECKS if window.checks else PANELS
    panels = figure.subplots(
        len(ratios), 1, sharex=True, gridspec_kw={"height_ratios": ratios, "hspace": 0.08}
    )
    errors, uptime = panels[0], panels[-1]
    figure.subplots_adjust(left=0.07, right=0.98, top=0.92, bottom=0.16)
    figure.suptitle(labels.title, fontsize=15)
    _draw_errors(errors, window, labels)
    if window.checks:
        _draw_response_times(panels[1], window, labels)
    _draw_uptime(uptime, window, labels)
    _draw_time_axis(uptime, window)
    return figure


def _offset(window: Window, at: datetime) -> float:
    """Hours from the window's start: the x axis of both panels."""
    return (at - window.start) / HOUR


def _draw_errors(axes: Axes, window: Window, labels: ChartLabels) -> None:
    size = window.period.bucket_hours
    buckets = bucketed(window, size)
    bottom = [0] * len(buckets)
    for severity in Severity:
        heights = [bucket.counts.get(severity.value, 0) for bucket in buckets]
        if not any(heights):
            continue
        # One collection per severity, not a patch per bar: a week of bars as separate
        # patches costs more to draw than all the rest of the chart.
        boxes = [
            _box(_offset(window, bucket.start), _bar_width(bucket.hours, size), low, height)
            for bucket, low, height in zip(buckets, bottom, heights, strict=True)
            if height
        ]
        colour = SEVERITY_COLOURS[severity]
        label = labels.severities[severity.value]
        axes.add_collection(PolyCollection(boxes, facecolors=colour, label=label))
        bottom = [low + height for low, height in zip(bottom, heights, strict=True)]
    _finish_errors(axes, labels, highest=max(bottom, default=0))


def _box(x: float, width: float, low: float, height: float) -> list[tuple[float, float]]:
    return [(x, low), (x, low + height), (x + width, low + height), (x + width, low)]


def _bar_width(hours: int, size: int) -> float:
    """The same gap between all bars; a short first or last bucket is narrower, not hidden."""
    return max(hours - 0.15 * size, 0.5 * hours)


def _finish_errors(axes: Axes, labels: ChartLabels, highest: int) -> None:
    axes.set_ylabel(labels.errors_axis)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.grid(axis="y", alpha=0.3)
    axes.set_axisbelow(True)
    # Headroom above the highest bar for the legend.
    axes.set_ylim(0, max(highest * 1.15, 1))
    if highest:
        axes.legend(loc="upper left", ncols=5, fontsize=10)
        return
    axes.text(
        0.5,
        0.5,
        labels.no_errors,
        fontsize=14,
        color="#607d8b",
        ha="center",
        va="center",
        transform=axes.transAxes,
    )


def _draw_response_times(axes: Axes, window: Window, labels: ChartLabels) -> None:
    """p50 (solid) and p95 (dashed) per bar of the first checks, a colour each, at the bars'
    middles; a bar without passing probes leaves a gap in the lines."""
    buckets = bucketed(window, window.period.bucket_hours)
    middles = [_offset(window, bucket.start) + bucket.hours / 2 for bucket in buckets]
    highest = 0.0
    legend: list[Line2D] = []
    for colour, check in zip(CHECK_COLOURS, window.checks, strict=False):
        times = [check.buckets.get(bucket.start, ResponseTimes(None, None)) for bucket in buckets]
        p50 = [_or_gap(t.p50) for t in times]
        p95 = [_or_gap(t.p95) for t in times]
        axes.plot(middles, p50, color=colour, linewidth=1.8, marker="o", markersize=2.5)
        axes.plot(middles, p95, color=colour, linewidth=1.1, linestyle="--")
        highest = max([highest, *(t.p95 for t in times if t.p95 is not None)])
        legend.append(Line2D([], [], color=colour, label=short_url(check.url, URL_IN_LEGEND)))
    _finish_response_times(axes, labels, legend, highest)


def _or_gap(ms: float | None) -> float:
    return math.nan if ms is None else ms


def _finish_response_times(
    axes: Axes, labels: ChartLabels, legend: list[Line2D], highest: float
) -> None:
    axes.set_ylabel(labels.response_axis)
    axes.grid(axis="y", alpha=0.3)
    axes.set_axisbelow(True)
    # Headroom above the highest point for the legend.
    axes.set_ylim(0, max(highest * 1.3, 10))
    if not highest:
        axes.set_yticks([])
        axes.text(
            0.5,
            0.5,
            labels.no_responses,
            fontsize=12,
            color="#607d8b",
            ha="center",
            va="center",
            transform=axes.transAxes,
        )
    styles = [
        Line2D([], [], color="#455a64", linewidth=1.8, label=labels.p50),
        Line2D([], [], color="#455a64", linewidth=1.1, linestyle="--", label=labels.p95),
    ]
    axes.legend(handles=legend + styles, loc="upper left", ncols=6, fontsize=9)


def _draw_uptime(axes: Axes, window: Window, labels: ChartLabels) -> None:
    colours = {Health.UP: UP_COLOUR, Health.DOWN: DOWN_COLOUR}
    spans: dict[str, list[tuple[float, float]]] = {}
    for segment in window.timeline:
        colour = colours.get(segment.state, UNMONITORED_COLOUR)
        spans.setdefault(colour, []).append(
            (_offset(window, segment.start), segment.seconds / 3600)
        )
    for colour, ranges in spans.items():
        axes.broken_barh(ranges, (0, 1), color=colour)
    axes.set_ylim(0, 1)
    axes.set_yticks([])
    legend = [
        Patch(color=UP_COLOUR, label=labels.up),
        Patch(color=DOWN_COLOUR, label=labels.down),
        Patch(color=UNMONITORED_COLOUR, label=labels.unmonitored),
    ]
    axes.legend(
        handles=legend,
        title=labels.uptime_axis,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.55),
        ncols=3,
        frameon=False,
    )


def _draw_time_axis(axes: Axes, window: Window) -> None:
    """Every third hour over a day, every midnight over a week; UTC."""
    day = window.period is Period.DAY
    ticks = [
        (n, hour.strftime("%H:%M" if day else "%d.%m"))
        for n, hour in enumerate(window.hours)
        if (hour.hour % 3 == 0 if day else hour.hour == 0)
    ]
    axes.set_xlim(0, window.period.hours)
    axes.set_xticks([n for n, _ in ticks], [label for _, label in ticks])
