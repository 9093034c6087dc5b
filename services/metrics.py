"""Every metric the app exports, for `GET /metrics` (Prometheus text format).

The metrics live in a registry of their own, one per `Metrics` object, not in prometheus-client's
global default: tests build several apps in one process, and two apps registering the same name
in one registry would fail. `main.py` makes one and hands it to the API, the bot and the
scheduler."""

import math
from collections import Counter as Tally
from collections.abc import Iterator

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    GCCollector,
    Histogram,
    PlatformCollector,
    ProcessCollector,
    generate_latest,
)
from prometheus_client.core import CounterMetricFamily
from prometheus_client.registry import Collector

from services.letters.outbox import pending_count

PREFIX = "error_monitor"
# Telegram answers in tens of milliseconds when well, in seconds when not; a long poll takes
# its full timeout (the `method` label tells getUpdates apart).
TELEGRAM_BUCKETS = (0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
JOB_BUCKETS = (0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30, 300)
CHECK_LAG_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        add_process_collectors(self.registry)
        self.answers = AnswerCounts()
        self.registry.register(self.answers)
        self.outbox_pending = Gauge(
            f"{PREFIX}_outbox_pending",
            "Notifications waiting to be sent (NaN when the database does not answer)",
            registry=self.registry,
        )
        self.database_up = Gauge(
            f"{PREFIX}_database_up",
            "1 when the database answered the last scrape, else 0",
            registry=self.registry,
        )
        self.telegram_seconds = Histogram(
            f"{PREFIX}_telegram_request_seconds",
            "Time each Telegram Bot API call took, by method",
            ["method"],
            buckets=TELEGRAM_BUCKETS,
            registry=self.registry,
        )
        self.telegram_errors = Counter(
            f"{PREFIX}_telegram_errors",
            "Telegram Bot API calls that failed, by method and error",
            ["method", "error"],
            registry=self.registry,
        )
        self.job_runs = Counter(
            f"{PREFIX}_job_runs",
            "Scheduled job runs (silence checks among them), by job and outcome",
            ["job", "outcome"],
            registry=self.registry,
        )
        self.check_lag_seconds = Histogram(
            f"{PREFIX}_check_schedule_lag_seconds",
            "How late each active check's probe started after its due time",
            buckets=CHECK_LAG_BUCKETS,
            registry=self.registry,
        )
        self.job_seconds = Histogram(
            f"{PREFIX}_job_seconds",
            "Time each scheduled job run took",
            ["job"],
            buckets=JOB_BUCKETS,
            registry=self.registry,
        )

    async def exposition(self) -> bytes:
        """The text a scrape gets; the outbox depth is read from the database now."""
        try:
            pending: float = await pending_count()
        except Exception:  # a scrape must still answer when the database does not
            pending = math.nan
        self.outbox_pending.set(pending)
        self.database_up.set(0 if math.isnan(pending) else 1)
        return generate_latest(self.registry)


def add_process_collectors(registry: CollectorRegistry) -> None:
    """The `process_*` (memory, CPU, open files; read from /proc, so Linux only) and `python_*`
    (version, garbage collections) metrics every Prometheus client exports by default, here in
    the app's registry rather than the global one."""
    ProcessCollector(registry=registry)
    PlatformCollector(registry=registry)
    GCCollector(registry=registry)


class AnswerCounts(Collector):
    """HTTP answers by door and status class, counted in a plain dict and turned into a
    Prometheus counter only when scraped: every request counts one, and a labelled Counter's
    lock and lookups cost each request more than its answer's own bookkeeping. Counted on the
    event loop only, so no lock is needed."""

    def __init__(self) -> None:
        # (door, status // 100) → answers; api/middleware.py counts each answer here.
        self.tally: Tally[tuple[str, int]] = Tally()

    def collect(self) -> Iterator[CounterMetricFamily]:
        family = CounterMetricFamily(
            f"{PREFIX}_http_requests",
            "HTTP requests answered, by door and status class (2xx accepted, 4xx/5xx rejected)",
            labels=["door", "status_class"],
        )
        for (door, status_class), count in sorted(self.tally.items()):
            family.add_metric([door, f"{status_class}xx"], count)
        yield family
