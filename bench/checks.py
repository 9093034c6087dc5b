"""Active checks at the scale issue 27 promises: 10,000 HTTP checks a minute from one app
process, the schedule's lag under 1 s at p99 and the app under 250 MB, while heartbeats come in.

The real app (`main.py run`, the Telegram double) probes a local site in a process of its own
(bench/target.py), which notes when each check's request arrived: the lag is measured there,
from outside the app, against each check's phase slot (services/monitors/checks.py), beside
the app's own histogram in /metrics. Phases, in order:

1. heartbeats at full load (closed loop), no checks yet;
2. heartbeats at a steady BEATS_PER_SECOND (open loop), no checks yet: the app's CPU and the
   beats' latency without checks;
3. CHECKS checks added by SQL, each first due at its next slot; the first interval is every
   check's first probe, which moves it from new to up (the writer's full path, as every failing
   probe takes), measured apart, until no check is new and any backlog has cleared;
4. STEADY_SECONDS of the steady schedule, beats still at BEATS_PER_SECOND: probes a second,
   lag, probes missed, CPU, memory, the beats' latency with checks;
5. heartbeats at full load again, the checks running.

Run alone with `.venv/bin/python bench/checks.py [database URL]` (default: a SQLite file in a
temporary folder); `make bench` runs it on SQLite and PostgreSQL."""

import asyncio
import itertools
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
import orjson
import uvloop

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.children import Child, child_server, cpu_seconds, memory_mb
from bench.fleet import FLEET, add_checks, add_fleet, checks_not_yet_probed
from bench.keepalive import KeepAliveConnection, post_request
from bench.loads import ROUNDS, load, percentile, spread, summary, without_full_collections
from services.monitors.checks import next_probe
from tests.e2e.app_process import AppProcess
from tests.telegram_double import TelegramDouble

CHECKS = FLEET  # one check for each of the fleet's projects
INTERVAL = timedelta(seconds=60)
BEATS_PER_SECOND = 200
BEATING_PROJECTS = 100  # the steady beats go round this many of the fleet's projects
BASELINE_SECONDS = 30
SETTLE = timedelta(seconds=5)
STEADY_SECONDS = 150  # two and a half intervals
TARGET_APP = str(Path(__file__).resolve().parent / "target.py")
LAG_METRIC = "error_monitor_check_schedule_lag_seconds_bucket"
SUMMARY = (
    f"{CHECKS:,} HTTP checks every {INTERVAL.seconds} s, {STEADY_SECONDS} s of steady schedule "
    f"with heartbeats at {BEATS_PER_SECOND}/s"
)
BUCKET = re.compile(rf'^{LAG_METRIC}{{le="([^"]+)"}} ([0-9.e+]+)$', re.MULTILINE)


@dataclass
class Window:
    """A stretch of the run, by the wall clock (the app's schedule and the target's arrivals use
    it), with the CPU each process used in it."""

    pids: dict[str, int]
    started: float = field(default_factory=time.time)
    ended: float = 0.0
    cpu: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.cpu = {name: -cpu_seconds(pid) for name, pid in self.pids.items()}

    def end(self) -> "Window":
        self.ended = time.time()
        for name, pid in self.pids.items():
            self.cpu[name] += cpu_seconds(pid)
        return self

    @property
    def seconds(self) -> float:
        return self.ended - self.started

    def share(self, name: str) -> float:
        """The process's CPU in the window, as a share of one core."""
        return self.cpu[name] / self.seconds


class SteadyBeats:
    """Heartbeats at a fixed rate in an open loop (each sent on schedule, whether or not the
    earlier ones were answered) until stopped, each latency kept with its send time."""

    def __init__(self, base_url: str, tokens: list[str], per_second: int) -> None:
        self.base_url = base_url
        bodies = [orjson.dumps({"project_token": token}) for token in tokens]
        self.turns = itertools.cycle(
            [post_request(base_url, "/api/v1/heartbeat", b) for b in bodies]
        )
        self.per_second = per_second
        self.sent: list[tuple[float, float]] = []  # (wall-clock send time, latency)
        self.failures = 0
        self._idle: list[KeepAliveConnection] = []
        self._stopped = asyncio.Event()

    async def run(self) -> None:
        in_flight: set[asyncio.Task[None]] = set()
        start = time.monotonic()
        for n in itertools.count():
            if self._stopped.is_set():
                break
            await asyncio.sleep(max(0.0, start + n / self.per_second - time.monotonic()))
            task = asyncio.create_task(self._one(next(self.turns)))
            in_flight.add(task)
            task.add_done_callback(in_flight.discard)
        await asyncio.gather(*in_flight)
        for connection in self._idle:
            connection.close()

    def stop(self) -> None:
        self._stopped.set()

    def latencies(self, window: Window) -> list[float]:
        return [taken for at, taken in self.sent if window.started <= at < window.ended]

    async def _one(self, request: bytes) -> None:
        at, started = time.time(), time.monotonic()
        connection = self._idle.pop() if self._idle else None
        connection = connection or await KeepAliveConnection.open(self.base_url)
        status, _ = await connection.send(request)
        self.failures += status >= 300
        self.sent.append((at, time.monotonic() - started))
        self._idle.append(connection)


class Memory:
    """The app's resident memory, sampled every second."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = 0.0

    async def sample(self) -> None:
        while True:
            self.peak = max(self.peak, memory_mb(self.pid, "VmRSS"))
            await asyncio.sleep(1)


async def checks_figures(database_url: str, workdir: Path) -> dict[str, str]:
    """The app on `database_url` with CHECKS checks of a local site: the figures by name."""
    async with (
        TelegramDouble(enforce_flood_limits=False) as telegram,
        child_server([TARGET_APP]) as target,
    ):
        app = AppProcess(
            workdir,
            database_url,
            telegram.url,
            LOG_LEVEL="WARNING",
            RATE_LIMIT_PER_MINUTE=str(10**9),
            IN_FLIGHT_PER_PROJECT=str(10**6),
            IN_FLIGHT_TOTAL=str(10**6),
        )
        await app.start()
        try:
            return await measured(app, target, database_url)
        finally:
            await app.stop()


async def measured(app: AppProcess, target: Child, database_url: str) -> dict[str, str]:
    assert app.process
    pids = {"app": app.process.pid, "target": target.pid}
    await add_fleet(database_url)
    body = {"project_token": "fleet-token-0"}
    alone_rates, alone_latencies = await closed_loop(app, body)
    memory = Memory(app.process.pid)
    sampling = asyncio.create_task(memory.sample())
    tokens = [f"fleet-token-{n}" for n in range(1, BEATING_PROJECTS + 1)]
    without_full_collections()
    beats = SteadyBeats(app.base_url, tokens, BEATS_PER_SECOND)
    beating = asyncio.create_task(beats.run())
    await asyncio.sleep(5)  # the beats' first of each project (not steady) are behind
    baseline = Window(pids)
    await asyncio.sleep(BASELINE_SECONDS)
    baseline.end()
    monitors = await add_checks(database_url, target.base_url, INTERVAL, datetime.now(UTC))
    warm_up = Window(pids)
    await first_probes_done(database_url)
    warm_up.end()
    lag_before = await lag_buckets(app)
    steady = Window(pids)
    await asyncio.sleep(STEADY_SECONDS)
    steady.end()
    lag_after = await lag_buckets(app)
    beats.stop()
    await beating
    loaded = Window(pids)
    busy_rates, busy_latencies = await closed_loop(app, body)
    loaded.end()
    sampling.cancel()
    arrivals = {
        name: await arrivals_in(target, window)
        for name, window in (("warm_up", warm_up), ("steady", steady), ("loaded", loaded))
    }
    return report(
        monitors,
        {"baseline": baseline, "warm_up": warm_up, "steady": steady, "loaded": loaded},
        arrivals,
        {"alone": (alone_rates, alone_latencies), "busy": (busy_rates, busy_latencies)},
        beats,
        subtract(lag_after, lag_before),
        memory.peak,
        memory_mb(app.process.pid, "VmHWM"),
    )


async def first_probes_done(database_url: str) -> None:
    """Until every check had its first probe (its slot within the first interval; later when
    the app falls behind), and a few seconds more for the backlog, if any, to clear."""
    await asyncio.sleep(INTERVAL.total_seconds())
    for _ in range(int(INTERVAL.total_seconds())):  # at most another interval
        if not await checks_not_yet_probed(database_url):
            break
        await asyncio.sleep(1)
    await asyncio.sleep(SETTLE.total_seconds())


async def closed_loop(app: AppProcess, body: dict[str, object]) -> tuple[list[float], list[float]]:
    rates, latencies = [], []
    for _ in range(ROUNDS):
        rate, taken = await load(app, "/api/v1/heartbeat", body)
        rates.append(rate)
        latencies += taken
    return rates, latencies


async def arrivals_in(target: Child, window: Window) -> list[tuple[int, float]]:
    query = {"since": str(window.started), "until": str(window.ended)}
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{target.base_url}/arrivals", params=query) as answer:
            return [(int(m), float(t)) for m, t in orjson.loads(await answer.read())]


async def lag_buckets(app: AppProcess) -> dict[float, float]:
    """The app's lag histogram: each bucket's upper bound and its cumulative count."""
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{app.base_url}/metrics") as answer:
            text = await answer.text()
    return {float(bound): float(count) for bound, count in BUCKET.findall(text)}


def subtract(after: dict[float, float], before: dict[float, float]) -> dict[float, float]:
    return {bound: count - before.get(bound, 0.0) for bound, count in after.items()}


@dataclass(frozen=True)
class Schedule:
    """How the probes that reached the target kept to their slots: each arrival's lag after
    its check's slot (the latest at or before it), and the slots within the window that no
    probe served."""

    lags: list[float]
    missed: int
    repeated: int

    @classmethod
    def of(
        cls, arrivals: list[tuple[int, float]], monitors: list[int], window: Window
    ) -> "Schedule":
        served: dict[tuple[int, float], int] = {}
        lags = []
        for monitor, at in arrivals:
            slot = slot_before(monitor, at)
            lags.append(at - slot)
            served[(monitor, slot)] = served.get((monitor, slot), 0) + 1
        # Slots late in the window may be served after it: only those a full second before its
        # end are counted as owed.
        owed = {
            (monitor, slot)
            for monitor in monitors
            for slot in slots_in(monitor, window.started, window.ended - 1)
        }
        missed = len(owed - served.keys())
        repeated = sum(count - 1 for count in served.values())
        return cls(lags, missed, repeated)


def slot_before(monitor: int, at: float) -> float:
    moment = datetime.fromtimestamp(at, UTC)
    return next_probe(monitor, INTERVAL, moment - INTERVAL).timestamp()


def slots_in(monitor: int, since: float, until: float) -> list[float]:
    slot = next_probe(monitor, INTERVAL, datetime.fromtimestamp(since, UTC)).timestamp()
    step = INTERVAL.total_seconds()
    return [slot + n * step for n in range(int((until - slot) // step) + 1) if slot <= until]


def lag_spread(lags: list[float]) -> str:
    shares = {"p50": 0.5, "p95": 0.95, "p99": 0.99}
    shown = [f"{name} {percentile(lags, share) * 1000:.0f} ms" for name, share in shares.items()]
    return ", ".join([*shown, f"max {max(lags) * 1000:.0f} ms"])


def bucket_spread(buckets: dict[float, float]) -> str:
    """The app's own histogram: the bucket bound below which each share of the probes fell."""
    total = buckets.get(float("inf"), 0.0)
    if not total:
        return "no probes"
    bounds = sorted(buckets)

    def within(share: float) -> str:
        bound = next(b for b in bounds if buckets[b] >= share * total)
        return f"≤ {bound:g} s" if bound != float("inf") else "> the last bucket"

    return f"p50 {within(0.5)}, p95 {within(0.95)}, p99 {within(0.99)} ({total:.0f} probes)"


def report(
    monitors: list[int],
    windows: dict[str, Window],
    arrivals: dict[str, list[tuple[int, float]]],
    loads: dict[str, tuple[list[float], list[float]]],
    beats: SteadyBeats,
    lag_histogram: dict[float, float],
    peak_rss: float,
    high_water: float,
) -> dict[str, str]:
    steady, baseline = windows["steady"], windows["baseline"]
    schedule = Schedule.of(arrivals["steady"], monitors, steady)
    first = Schedule.of(arrivals["warm_up"], monitors, windows["warm_up"])
    loaded = Schedule.of(arrivals["loaded"], monitors, windows["loaded"])
    probes = len(arrivals["steady"])
    extra_cpu = steady.cpu["app"] - baseline.share("app") * steady.seconds
    per_probe = extra_cpu / probes * 1e6 if probes else 0.0
    return {
        "probes/s": (
            f"{probes / steady.seconds:.1f} "
            f"(missed slots {schedule.missed}, repeated {schedule.repeated})"
        ),
        "schedule lag at the target": lag_spread(schedule.lags) if schedule.lags else "no probes",
        "schedule lag, app's histogram": bucket_spread(lag_histogram),
        "schedule lag, heartbeats at full load": lag_spread(loaded.lags) if loaded.lags else "-",
        "app CPU, beats alone → with checks": (
            f"{baseline.share('app'):.0%} → {steady.share('app'):.0%} of a core "
            f"({per_probe:.0f} µs a probe)"
        ),
        "first probes (new → up): lag": lag_spread(first.lags) if first.lags else "-",
        "first probes (new → up): app CPU, all done after": (
            f"{windows['warm_up'].share('app'):.0%} of a core, "
            f"{windows['warm_up'].seconds - SETTLE.total_seconds():.0f} s"
        ),
        "target site CPU (shares the cores)": f"{steady.share('target'):.0%} of a core",
        f"heartbeats at {BEATS_PER_SECOND}/s, alone → with checks": (
            f"{spread(beats.latencies(baseline))} → {spread(beats.latencies(steady))}"
            + (f" ({beats.failures} failed)" if beats.failures else "")
        ),
        "heartbeats/s at full load, alone": summary(*loads["alone"]),
        "heartbeats/s at full load, with checks": summary(*loads["busy"]),
        "app RSS, sampled max · VmHWM": f"{peak_rss:.0f} MB · {high_water:.0f} MB",
    }


async def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        url = sys.argv[1] if len(sys.argv) > 1 else f"sqlite://{workdir}/checks.sqlite3"
        figures = await checks_figures(url, workdir)
    width = max(map(len, figures))
    print(SUMMARY)
    for name, value in figures.items():
        print(f"{name:<{width}}  {value}")


if __name__ == "__main__":
    uvloop.run(main())
