"""The bench's loads of the app's doors, in the bench process: closed loops of keep-alive
clients (bench/keepalive.py), and the summaries of their rates and latencies."""

import asyncio
import gc
import itertools
import statistics
import time

import orjson

from bench.keepalive import KeepAliveConnection, post_request
from tests.e2e.app_process import AppProcess

LOAD_SECONDS = 5
# Each load runs ROUNDS times and the median is quoted: this machine's speed drifts by several
# times within a minute (docs/BENCHMARKS.md).
ROUNDS = 3
CONCURRENCY = 32


def spread(latencies: list[float]) -> str:
    p50, p99 = percentile(latencies, 0.5) * 1000, percentile(latencies, 0.99) * 1000
    return f"p50 {p50:.1f} ms, p99 {p99:.1f} ms"


def summary(rates: list[float], latencies: list[float] | None = None) -> str:
    """The median rate, its range and the latencies of all rounds."""
    low, high = min(rates), max(rates)
    latency = f"; {spread(latencies)}" if latencies else ""
    return f"{statistics.median(rates):.0f} ({low:.0f}–{high:.0f}{latency})"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


async def load(
    app: AppProcess | str,
    path: str,
    body: dict[str, object] | None = None,
    raws: list[bytes] | None = None,
) -> tuple[float, list[float]]:
    """CONCURRENCY clients posting for LOAD_SECONDS: `body` as JSON, or `raws` in turn."""
    without_full_collections()
    latencies: list[float] = []
    base = app if isinstance(app, str) else app.base_url
    requests = [post_request(base, path, raw) for raw in raws or [orjson.dumps(body)]]
    turns = itertools.cycle(requests)
    stop_at = time.monotonic() + LOAD_SECONDS

    async def client() -> None:
        connection = await KeepAliveConnection.open(base)
        try:
            while time.monotonic() < stop_at:
                started = time.monotonic()
                status, answer = await connection.send(next(turns))
                assert status < 300, answer
                latencies.append(time.monotonic() - started)
        finally:
            connection.close()

    await asyncio.gather(*(client() for _ in range(CONCURRENCY)))
    return len(latencies) / LOAD_SECONDS, latencies


def without_full_collections() -> None:
    """Everything alive before a load is left out of the garbage collector's walks: a full
    collection of this process's heap (the app's modules, the Telegram double) paused the
    generator for about 250 ms, and every request in flight then looked that much slower."""
    gc.collect()
    gc.freeze()
