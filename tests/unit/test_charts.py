"""The /stats chart: a PNG of a fixed size, whatever the data (with the response times of a
project's checks too); a week's bars are quarter days aligned with midnight UTC."""

import asyncio
import math
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
from services.stats.figures import (
    HOUR,
    CheckStats,
    Period,
    ResponseTimes,
    Segment,
    Window,
    window_start,
)
from services.text.render import short_url

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
    response_axis="Ответ, мс",
    no_responses="Успешных проверок нет",
    p50="p50 (медиана)",
    p95="p95",
)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    assert data[12:16] == b"IHDR"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def window(
    period: Period,
    hourly: dict[datetime, dict[str, int]] | None = None,
    checks: list[CheckStats] | None = None,
) -> Window:
    start = window_start(period, NOW)
    timeline = [
        Segment(start, start + 3 * HOUR, Health.NEW),
        Segment(start + 3 * HOUR, start + 5 * HOUR, Health.UP),
        Segment(start + 5 * HOUR, start + 6 * HOUR, Health.DOWN),
        Segment(start + 6 * HOUR, NOW, Health.UP),
    ]
    return Window(period, start, NOW, 0.9, 3, {}, hourly or {}, timeline, [], checks or [])


def checks_of(period: Period, count: int, answered: bool = True) -> list[CheckStats]:
    """`count` checks answered in most buckets (a gap every fifth), or never."""
    starts = [bucket.start for bucket in bucketed(window(period), period.bucket_hours)]
    return [
        CheckStats(
            check_id=n,
            url=f"https://site{n}.example/health",
            uptime=0.99,
            probes=1440,
            failures=3,
            times=ResponseTimes(100.0 * (n + 1), 300.0 * (n + 1)) if answered else NO_TIMES,
            buckets={
                at: ResponseTimes(100.0 * (n + 1) + k, 300.0 * (n + 1) + 2 * k)
                for k, at in enumerate(starts)
                if answered and k % 5
            },
        )
        for n in range(count)
    ]


NO_TIMES = ResponseTimes(None, None)


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


@pytest.mark.parametrize("period", list(Period))
@pytest.mark.parametrize(("count", "answered"), [(1, True), (6, True), (2, False)])
def test_chart_with_checks_is_a_png_of_the_fixed_size(
    period: Period, count: int, answered: bool
) -> None:
    """One check, more checks than colours (the first are drawn), checks never answered."""
    checks = checks_of(period, count, answered)
    data = render_chart(window(period, busy(period), checks), LABELS)
    assert png_size(data) == (WIDTH, HEIGHT) == (1200, 700)


def test_the_response_times_panel_is_there_only_with_checks() -> None:
    from services.stats.chart_figure import figure_of

    assert [a.get_ylabel() for a in figure_of(window(Period.DAY), LABELS).axes] == ["Ошибки", ""]
    figure = figure_of(window(Period.DAY, checks=checks_of(Period.DAY, 6)), LABELS)
    _, times, _ = figure.axes
    assert times.get_ylabel() == "Ответ, мс"
    # p50 and p95 of the first four checks (a colour each); all six are in the numbers.
    assert len(times.get_lines()) == 2 * 4
    labels = [text.get_text() for text in times.get_legend().get_texts()]
    assert labels[:2] == ["site0.example/health", "site1.example/health"]
    assert labels[-2:] == ["p50 (медиана)", "p95"]
    p50 = times.get_lines()[0].get_ydata()
    assert list(p50[:6]) == pytest.approx([math.nan, 101, 102, 103, 104, math.nan], nan_ok=True)


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


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://shop.example/", "shop.example"),
        ("http://shop.example/health", "shop.example/health"),
        ("tcp://db.shop.example:5432", "tcp://db.shop.example:5432"),
        ("https://a-very-long-name.example/and/a/long/path", "a-very-long-name.example/and/a/lo…"),
    ],
)
def test_a_checks_url_is_shown_without_its_web_scheme(url: str, shown: str) -> None:
    assert short_url(url, 34) == shown
