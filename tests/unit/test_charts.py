"""The /stats chart: a PNG of a fixed size, whatever the data; a week's bars are quarter days
aligned with midnight UTC."""

import asyncio
from datetime import UTC, datetime

import pytest

from models import Health
from services.stats.charts import (
    HEIGHT,
    WIDTH,
    Bucket,
    ChartLabels,
    bucketed,
    chart_png,
    render_chart,
)
from services.stats.figures import HOUR, Period, Segment, Window, window_start

NOW = datetime(2026, 3, 10, 12, 30, tzinfo=UTC)
LABELS = ChartLabels(
    title="Ошибки по часам за последние 24 часа (UTC)",
    errors_axis="Ошибки",
    uptime_axis="Доступность",
    no_errors="Ошибок нет",
    severities={s: s for s in ("debug", "info", "warning", "error", "critical")},
    up="работает",
    down="не отвечает",
    unmonitored="не наблюдается",
)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    assert data[12:16] == b"IHDR"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def window(period: Period, hourly: dict[datetime, dict[str, int]] | None = None) -> Window:
    start = window_start(period, NOW)
    timeline = [
        Segment(start, start + 3 * HOUR, Health.NEW),
        Segment(start + 3 * HOUR, start + 5 * HOUR, Health.UP),
        Segment(start + 5 * HOUR, start + 6 * HOUR, Health.DOWN),
        Segment(start + 6 * HOUR, NOW, Health.UP),
    ]
    return Window(period, start, NOW, 0.9, 3, {}, hourly or {}, timeline, [])


def busy(period: Period) -> dict[datetime, dict[str, int]]:
    start = window_start(period, NOW)
    return {
        start + n * HOUR: {"error": n % 7, "critical": n % 2, "info": 1}
        for n in range(period.hours)
    }


@pytest.mark.parametrize("period", list(Period))
@pytest.mark.parametrize("has_errors", [True, False])
def test_chart_is_a_png_of_the_fixed_size(period: Period, has_errors: bool) -> None:
    data = render_chart(window(period, busy(period) if has_errors else None), LABELS)
    assert png_size(data) == (WIDTH, HEIGHT) == (1200, 700)


async def test_chart_renders_off_the_event_loop() -> None:
    rendering = asyncio.ensure_future(chart_png(window(Period.DAY, busy(Period.DAY)), LABELS))
    await asyncio.sleep(0)  # one turn of the loop: drawn inline, the chart would be done now
    assert not rendering.done(), "the chart was drawn on the event loop"
    assert png_size(await rendering) == (WIDTH, HEIGHT)


def test_a_day_has_one_bar_per_hour() -> None:
    day = window(Period.DAY, {NOW.replace(minute=0): {"error": 2}})
    buckets = bucketed(day, 1)
    assert len(buckets) == 24
    assert buckets[-1] == Bucket(NOW.replace(minute=0), 1, {"error": 2})
    assert sum(b.hours for b in buckets) == 24


def test_a_week_has_quarter_days_aligned_with_midnight() -> None:
    week = window(Period.WEEK, busy(Period.WEEK))
    buckets = bucketed(week, 6)
    # 13:00 on the first day to 12:xx on the last: a 5-hour bucket (13–18), 27 full, then 12–13.
    assert [b.hours for b in buckets] == [5] + [6] * 27 + [1]
    assert buckets[1].start == datetime(2026, 3, 3, 18, tzinfo=UTC)
    assert all(b.start.hour % 6 == 0 for b in buckets[1:])
    total = sum(b.counts.get("error", 0) for b in buckets)
    assert total == sum(n % 7 for n in range(168))
