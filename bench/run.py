"""`make bench`: ingestion throughput, notification latency, silence detection latency, the
cost of one silence check among 100,000 projects and of /stats for a million stored reports.
Prints a table; docs/BENCHMARKS.md has the method and the figures from this machine."""

import asyncio
import contextvars
import statistics
import sys
import tempfile
import time
from collections.abc import Coroutine
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import aiohttp
import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.stats_cost import stats_cost
from models import Project
from services.db import apply_migrations, close_orm, init_orm
from services.i18n import create_translator
from services.notify import Notifier
from services.outbox import OutboxSignal
from services.silence import SilenceWatcher
from tests.e2e.app_process import AppProcess, free_port
from tests.telegram_double import TelegramDouble

CHAT = 1001
T = TypeVar("T")
LOAD_SECONDS = 10
CONCURRENCY = 32


def spread(latencies: list[float]) -> str:
    p50, p99 = percentile(latencies, 0.5) * 1000, percentile(latencies, 0.99) * 1000
    return f"p50 {p50:.1f} ms, p99 {p99:.1f} ms"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


async def load(
    app: AppProcess | str, path: str, body: dict[str, object] | None = None, raw: bytes = b""
) -> tuple[float, list[float]]:
    latencies: list[float] = []
    base = app if isinstance(app, str) else app.base_url
    stop_at = time.monotonic() + LOAD_SECONDS

    async def client(session: aiohttp.ClientSession) -> None:
        while time.monotonic() < stop_at:
            started = time.monotonic()
            async with session.post(f"{base}{path}", json=body, data=raw or None) as answer:
                assert answer.status < 300, await answer.text()
            latencies.append(time.monotonic() - started)

    connector = aiohttp.TCPConnector(limit=CONCURRENCY)
    async with aiohttp.ClientSession(connector=connector) as session:
        await asyncio.gather(*(client(session) for _ in range(CONCURRENCY)))
    return len(latencies) / LOAD_SECONDS, latencies


def sentry_envelope() -> bytes:
    """A realistic error event: about 4 KB, ten stack frames."""
    frames = [
        {
            "filename": f"app/module_{n}.py",
            "function": f"handler_{n}",
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
                {"type": "KeyError", "value": "'user_42'", "stacktrace": {"frames": frames}}
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
    status = Path(f"/proc/{app.process.pid}/status").read_text()
    kilobytes = next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM"))
    return int(kilobytes) / 1024


BARE_APP = """
import sys
from aiohttp import web
async def ok(request):
    await request.read()
    return web.json_response({"ok": True})
app = web.Application()
app.router.add_post("/{tail:.*}", ok)
web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), access_log=None, print=None)
"""


async def bare_aiohttp_ceiling() -> float:
    """The same load against an aiohttp handler that only answers 200: this stack's ceiling."""
    port = free_port()
    child = await asyncio.create_subprocess_exec(sys.executable, "-c", BARE_APP, str(port))
    base = f"http://127.0.0.1:{port}"
    try:
        async with aiohttp.ClientSession() as session:
            for _ in range(100):
                try:
                    async with session.post(f"{base}/ready"):
                        break
                except aiohttp.ClientError:
                    await asyncio.sleep(0.1)
        rate, _ = await load(base, "/api/v1/heartbeat", {"project_token": "x"})
    finally:
        child.kill()
        await child.wait()
    return rate


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
    async with TelegramDouble(enforce_flood_limits=False) as telegram:
        app = AppProcess(
            workdir,
            database_url,
            telegram.url,
            LOG_LEVEL="WARNING",
            RATE_LIMIT_PER_MINUTE=str(10**9),  # the bench measures capacity, not the limit
        )
        await app.start()
        try:
            telegram.add_user(CHAT, language_code="ru")
            project = await app.add_project("bench")
            await app.subscribe(CHAT, "bench")
            token = str(project["token"])
            quiet = await app.add_project("bench-quiet")
            beat_rate, beat_lat = await load(
                app, "/api/v1/heartbeat", {"project_token": quiet["token"], "version": "1"}
            )
            log_body = {
                "project_token": quiet["token"],
                "error": {"type": "E", "message": "load", "severity": "error"},
            }
            log_rate, log_lat = await load(app, "/api/v1/log", log_body)
            sentry_path = f"/api/{quiet['id']}/envelope/?sentry_key={quiet['token']}"
            sentry_rate, sentry_lat = await load(app, sentry_path, raw=sentry_envelope())
            notify = await notification_latency(app, telegram, token)
            silence = await silence_latency(app, telegram)
            peak_rss = peak_rss_mb(app)
        finally:
            await app.stop()
    ceiling = await bare_aiohttp_ceiling()
    return {
        "bare aiohttp 200 (ceiling)": f"{ceiling:.0f} req/s",
        "heartbeats vs ceiling": f"{beat_rate / ceiling:.0%}",
        "Sentry events (4 KB, 10 frames)/s": f"{sentry_rate:.0f} ({spread(sentry_lat)})",
        "peak RSS of the app": f"{peak_rss:.0f} MB",
        "heartbeats/s": f"{beat_rate:.0f} (p50 {percentile(beat_lat, 0.5) * 1000:.1f} ms, "
        f"p99 {percentile(beat_lat, 0.99) * 1000:.1f} ms)",
        "error reports/s": f"{log_rate:.0f} (p50 {percentile(log_lat, 0.5) * 1000:.1f} ms, "
        f"p99 {percentile(log_lat, 0.99) * 1000:.1f} ms)",
        "POST /log → Telegram": f"median {statistics.median(notify) * 1000:.0f} ms, "
        f"max {max(notify) * 1000:.0f} ms",
        "deadline → silence alert": f"{silence:.2f} s",
    }


async def silence_check_cost(database_url: str, projects: int = 100_000) -> dict[str, str]:
    await apply_migrations(database_url)
    await init_orm(database_url)
    try:
        now = datetime.now(UTC)
        batch = [
            Project(
                name=f"p{i}",
                token=f"t{i}",
                health="up",
                last_heartbeat_at=now,
                deadline_at=now + timedelta(seconds=60 + i % 3600),
            )
            for i in range(projects)
        ]
        await Project.bulk_create(batch, batch_size=5000)
        core = create_translator("ru")
        await core.startup()
        watcher = SilenceWatcher(Notifier(core, "ru"), OutboxSignal())
        runs = []
        for _ in range(20):
            started = time.perf_counter()
            await watcher.check(now)
            runs.append(time.perf_counter() - started)
        await Project.filter(id__lte=100).update(deadline_at=now - timedelta(seconds=1))
        started = time.perf_counter()
        reported = await watcher.check(now)
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


async def main() -> None:
    results: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        results |= await app_figures(f"sqlite://{workdir}/bench.sqlite3", workdir)
        results |= await in_own_context(silence_check_cost(f"sqlite://{workdir}/silence.sqlite3"))
        results |= await in_own_context(stats_cost(f"sqlite://{workdir}/stats.sqlite3"))
    width = max(map(len, results))
    print(
        f"{'measure':<{width}}  result  (SQLite, {CONCURRENCY} concurrent clients, "
        f"{LOAD_SECONDS} s per load)"
    )
    for name, value in results.items():
        print(f"{name:<{width}}  {value}")


if __name__ == "__main__":
    asyncio.run(main())
