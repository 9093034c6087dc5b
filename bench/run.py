"""`make bench`: ingestion throughput, notification latency, silence detection latency, the
cost of one silence check among 100,000 projects and of /stats for a million stored reports.
Prints a table; docs/BENCHMARKS.md has the method and the figures from this machine."""

import asyncio
import contextlib
import contextvars
import itertools
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Coroutine
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import asyncpg
import orjson
import uvloop

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.checks import SUMMARY as CHECKS_LINE
from bench.checks import checks_figures
from bench.children import child_app, memory_mb
from bench.fleet import FLEET, add_fleet
from bench.floor import add_project as add_floor_project
from bench.keepalive import KeepAliveConnection, post_request
from bench.loads import (
    CONCURRENCY,
    LOAD_SECONDS,
    ROUNDS,
    load,
    spread,
    summary,
    without_full_collections,
)
from bench.stats_cost import stats_cost
from models import Monitor, MonitorKind, MonitorState, Project
from services.letters.outbox import OutboxSignal
from services.notify.notifier import Notifier
from services.storage.db import apply_migrations, close_orm, init_orm
from services.text.i18n import create_translator
from services.watch.silence import SilenceWatcher
from tests.e2e.app_process import AppProcess
from tests.telegram_double import TelegramDouble

CHAT = 1001
T = TypeVar("T")
SENTRY_GROUPS = 50
SENTRY_PACED = 1000  # half the 2,000 events/s target: its p99 is the one that counts
FLOOR_APP = str(Path(__file__).resolve().parent / "floor.py")
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/test"


def sentry_envelope(group: int = 0) -> bytes:
    """A realistic error event: about 4 KB, ten stack frames; `group` picks one of the
    error's variants (its type and top function), each a group of its own."""
    frames = [
        {
            "filename": f"app/module_{n}.py",
            "function": f"handler_{n}_{group}",
            "lineno": 10 + n,
            "context_line": f"    result = compute_{n}(payload, options)  # " + "x" * 200,
            "in_app": True,
        }
        for n in range(10)
    ]
    event = {
        "event_id": "0" * 32,
        "level": "error",
        "platform": "python",
        "release": "shop@1.0",
        "environment": "production",
        "tags": {"region": "eu"},
        "exception": {
            "values": [
                {
                    "type": f"KeyError{group}",
                    "value": "'user_42'",
                    "stacktrace": {"frames": frames},
                }
            ]
        },
    }
    return b"\n".join(
        [
            orjson.dumps({"event_id": "0" * 32}),
            orjson.dumps({"type": "event"}),
            orjson.dumps(event),
        ]
    )


def peak_rss_mb(app: AppProcess) -> float:
    assert app.process
    return memory_mb(app.process.pid, "VmHWM")


BARE_APP = """
import sys
import uvloop
from aiohttp import web
async def ok(request):
    await request.read()
    return web.json_response({"ok": True})
app = web.Application()
app.router.add_post("/{tail:.*}", ok)
web.run_app(
    app, host="127.0.0.1", port=int(sys.argv[1]), access_log=None, print=None,
    loop=uvloop.new_event_loop(),  # the loop the app runs on
)
"""


def bare_aiohttp_app() -> contextlib.AbstractAsyncContextManager[str]:
    """An aiohttp app that only answers 200, in a child process: this stack's ceiling."""
    return child_app(["-c", BARE_APP])


async def floor_figures(workdir: Path) -> dict[str, str]:
    """bench/floor.py, the least a durable heartbeat can cost on this stack, paired round by
    round with the bare ceiling as our heartbeats are."""
    database = workdir / "floor.sqlite3"
    add_floor_project(str(database), "floor")
    body = {"project_token": "floor"}
    ceilings, rates = [], []
    async with bare_aiohttp_app() as bare, child_app([FLOOR_APP], str(database)) as floor:
        for _ in range(ROUNDS):
            ceilings.append((await load(bare, "/api/v1/heartbeat", body))[0])
            rates.append((await load(floor, "/api/v1/heartbeat", body))[0])
    return {
        "durable heartbeat floor (bench/floor.py)/s": summary(rates),
        "floor vs ceiling, round by round": ratio(rates, ceilings),
    }


async def paired_with_ceiling(
    app: AppProcess,
    path: str,
    body: dict[str, object] | None = None,
    raws: list[bytes] | None = None,
) -> tuple[list[float], list[float], list[float]]:
    """Our rates, their latencies and the ceiling's rates, in pairs: each round loads the bare
    app, then ours right after it, so each ratio compares two loads seconds apart."""
    ceilings, rates, latencies = [], [], []
    async with bare_aiohttp_app() as bare:
        for _ in range(ROUNDS):
            ceilings.append((await load(bare, path, body, raws))[0])
            rate, taken = await load(app, path, body, raws)
            rates.append(rate)
            latencies += taken
    return rates, latencies, ceilings


async def paced(app: AppProcess, path: str, raws: list[bytes], per_second: int) -> list[float]:
    """Requests sent at a fixed rate for LOAD_SECONDS, whether or not the earlier ones were
    answered (an open loop, as real clients are): the latencies at that load. A request goes on
    an idle connection, or on a new one when all are busy."""
    without_full_collections()
    latencies: list[float] = []
    turns = itertools.cycle([post_request(app.base_url, path, raw) for raw in raws])
    idle: list[KeepAliveConnection] = []

    async def one(request: bytes) -> None:
        started = time.monotonic()
        connection = idle.pop() if idle else await KeepAliveConnection.open(app.base_url)
        status, answer = await connection.send(request)
        assert status < 300, answer
        latencies.append(time.monotonic() - started)
        idle.append(connection)

    sent, start = [], time.monotonic()
    for n in range(per_second * LOAD_SECONDS):
        await asyncio.sleep(max(0.0, start + n / per_second - time.monotonic()))
        sent.append(asyncio.create_task(one(next(turns))))
    await asyncio.gather(*sent)
    for connection in idle:
        connection.close()
    return latencies


def ratio(rates: list[float], ceilings: list[float]) -> str:
    shares = [rate / ceiling for rate, ceiling in zip(rates, ceilings, strict=True)]
    return f"{statistics.median(shares):.0%} ({min(shares):.0%}–{max(shares):.0%})"


async def rounds(
    app: AppProcess,
    path: str,
    body: dict[str, object] | None = None,
    raws: list[bytes] | None = None,
) -> tuple[list[float], list[float]]:
    rates, latencies = [], []
    for _ in range(ROUNDS):
        rate, taken = await load(app, path, body, raws)
        rates.append(rate)
        latencies += taken
    return rates, latencies


async def notification_latency(
    app: AppProcess, telegram: TelegramDouble, token: str
) -> list[float]:
    delays = []
    for number in range(10):
        before = len(telegram.messages_to(CHAT))
        started = time.monotonic()
        # A new group each time: repeats of one group edit its alert instead of sending one.
        error = {"type": f"Latency{number}", "message": "probe"}
        await app.post("/api/v1/log", {"project_token": token, "error": error})
        await telegram.wait_for(lambda b=before: len(telegram.messages_to(CHAT)) > b, timeout=10)
        delays.append(time.monotonic() - started)
        await asyncio.sleep(1.0)  # Telegram's one-message-a-second per chat
    return delays


async def silence_latency(app: AppProcess, telegram: TelegramDouble) -> float:
    project = await app.add_project("silence-probe", timeout="2s")
    await app.subscribe(CHAT, "silence-probe")
    await app.post("/api/v1/heartbeat", {"project_token": project["token"]})
    deadline = time.monotonic() + 2
    await telegram.wait_for(
        lambda: any("не отвечает" in m.visible_text for m in telegram.messages_to(CHAT)),
        timeout=15,
    )
    return time.monotonic() - deadline


async def app_figures(database_url: str, workdir: Path) -> dict[str, str]:
    """The app in a child process on `database_url`: ingestion at load, alert latencies, RSS."""
    async with TelegramDouble(enforce_flood_limits=False) as telegram:
        app = AppProcess(
            workdir,
            database_url,
            telegram.url,
            LOG_LEVEL="WARNING",
            # The bench measures capacity, not the limits.
            RATE_LIMIT_PER_MINUTE=str(10**9),
            IN_FLIGHT_PER_PROJECT=str(10**6),
            IN_FLIGHT_TOTAL=str(10**6),
        )
        await app.start()
        try:
            await add_fleet(database_url)
            telegram.add_user(CHAT, language_code="ru")
            project = await app.add_project("bench")
            await app.subscribe(CHAT, "bench")
            token = str(project["token"])
            quiet = await app.add_project("bench-quiet")
            beat_rates, beat_lat, ceilings = await paired_with_ceiling(
                app, "/api/v1/heartbeat", {"project_token": quiet["token"], "version": "1"}
            )
            log_body = {
                "project_token": quiet["token"],
                "error": {"type": "E", "message": "load", "severity": "error"},
            }
            log_rates, log_lat = await rounds(app, "/api/v1/log", log_body)
            sentry_path = f"/api/{quiet['id']}/envelope/?sentry_key={quiet['token']}"
            envelopes = [sentry_envelope(group) for group in range(SENTRY_GROUPS)]
            sentry_rates, sentry_lat, sentry_ceilings = await paired_with_ceiling(
                app, sentry_path, raws=envelopes
            )
            closed_loop_rss = peak_rss_mb(app)
            sentry_paced = await paced(app, sentry_path, envelopes, SENTRY_PACED)
            notify = await notification_latency(app, telegram, token)
            silence = await silence_latency(app, telegram)
            peak_rss = peak_rss_mb(app)
        finally:
            await app.stop()
    return {
        "heartbeats/s": summary(beat_rates, beat_lat),
        "bare aiohttp 200 (ceiling)/s, same rounds": summary(ceilings),
        "heartbeats vs ceiling, round by round": ratio(beat_rates, ceilings),
        "error reports (POST /log)/s": summary(log_rates, log_lat),
        f"Sentry events (4 KB, 10 frames, {SENTRY_GROUPS} groups)/s": summary(
            sentry_rates, sentry_lat
        ),
        "bare aiohttp 200 (ceiling)/s, Sentry rounds": summary(sentry_ceilings),
        "Sentry events vs ceiling, round by round": ratio(sentry_rates, sentry_ceilings),
        f"Sentry events at a steady {SENTRY_PACED:,}/s": spread(sentry_paced),
        "POST /log → Telegram": f"median {statistics.median(notify) * 1000:.0f} ms, "
        f"max {max(notify) * 1000:.0f} ms",
        "deadline → silence alert": f"{silence:.2f} s",
        f"peak RSS of the app ({FLEET:,} projects)": f"{closed_loop_rss:.0f} MB",
        "peak RSS, also after the steady Sentry load": f"{peak_rss:.0f} MB",
    }


async def silence_check_cost(database_url: str, projects: int = 100_000) -> dict[str, str]:
    await apply_migrations(database_url)
    await init_orm(database_url)
    try:
        now = datetime.now(UTC)
        batch = [
            Project(name=f"p{i}", token=f"t{i}", health="up", last_heartbeat_at=now)
            for i in range(projects)
        ]
        await Project.bulk_create(batch, batch_size=5000)
        ids = (
            await Project.filter(name__startswith="p").order_by("id").values_list("id", flat=True)
        )
        monitors = [
            Monitor(
                project_id=id_,
                kind=MonitorKind.HEARTBEAT,
                state=MonitorState.UP,
                deadline_at=now + timedelta(seconds=60 + i % 3600),
            )
            for i, id_ in enumerate(ids)
        ]
        await Monitor.bulk_create(monitors, batch_size=5000)
        core = create_translator("ru")
        await core.startup()
        watcher = SilenceWatcher(Notifier(core, "ru"), OutboxSignal())
        runs = []
        for second in range(20):  # a check a second, as the app runs them: each writes the clock
            started = time.perf_counter()
            await watcher.check(now + timedelta(seconds=second))
            runs.append(time.perf_counter() - started)
        overdue = Monitor.filter(project_id__lte=100, kind=MonitorKind.HEARTBEAT)
        await overdue.update(deadline_at=now - timedelta(seconds=1))
        started = time.perf_counter()
        reported = await watcher.check(now + timedelta(seconds=20))
        due_cost = time.perf_counter() - started
    finally:
        await close_orm()
    return {
        f"silence check, {projects} projects, none due": (
            f"median {statistics.median(runs) * 1000:.2f} ms"
        ),
        f"silence check, {reported} due": f"{due_cost * 1000:.0f} ms",
    }


async def in_own_context(work: Coroutine[Any, Any, T]) -> T:
    """tortoise keeps the ORM in a context variable, and a closed ORM left there makes the next
    init in the same task fail: each in-process measure runs in a task with a context of its
    own."""
    return await asyncio.create_task(work, context=contextvars.Context())


Measure = Callable[[str, Path], Awaitable[dict[str, str]]]


async def postgres_figures(workdir: Path, measure: Measure = app_figures) -> dict[str, str]:
    """`measure` (the same loads) on a scratch database of BENCH_POSTGRES_URL's server (default:
    the local one CI uses); empty when no server answers."""
    server = os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES_URL)
    name = f"em_bench_{os.getpid()}"
    try:
        admin = await asyncpg.connect(server.replace("postgres://", "postgresql://", 1))
    except (OSError, asyncpg.PostgresError) as error:
        print(f"PostgreSQL column skipped: {server} unreachable ({error})", file=sys.stderr)
        return {}
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        try:
            return await measure(server.rsplit("/", 1)[0] + "/" + name, workdir)
        finally:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


def table(sqlite: dict[str, str], postgres: dict[str, str], extra: dict[str, str]) -> None:
    rows = {name: (value, postgres.get(name, "-")) for name, value in sqlite.items()}
    rows |= {name: (value, "") for name, value in extra.items()}
    width = max(map(len, rows))
    column = max(44, *(len(value) for value, _ in rows.values()))
    print(f"{'measure':<{width}}  {'SQLite':<{column}}  PostgreSQL")
    for name, (on_sqlite, on_postgres) in rows.items():
        print(f"{name:<{width}}  {on_sqlite:<{column}}  {on_postgres}")


async def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        sqlite = await app_figures(f"sqlite://{workdir}/bench.sqlite3", workdir)
        postgres = await postgres_figures(workdir)
        in_process = await floor_figures(workdir)
        in_process |= await in_own_context(silence_check_cost(f"sqlite://{workdir}/s.sqlite3"))
        in_process |= await in_own_context(stats_cost(f"sqlite://{workdir}/stats.sqlite3"))
        checks_sqlite = await checks_figures(f"sqlite://{workdir}/checks.sqlite3", workdir)
        checks_postgres = await postgres_figures(workdir, checks_figures)
    print(f"{CONCURRENCY} concurrent clients, {LOAD_SECONDS} s per load, median of {ROUNDS}")
    table(sqlite, postgres, in_process)
    print(f"\nActive checks (bench/checks.py), {CHECKS_LINE}")
    table(checks_sqlite, checks_postgres, {})


if __name__ == "__main__":
    uvloop.run(main())  # the generator's own loop: the cheaper it is, the more CPU the app has
