"""`make bench`: ingestion throughput, notification latency, silence detection latency and the
cost of one silence check among 100,000 projects. Prints a table; docs/BENCHMARKS.md has the
method and the figures from this machine."""

import asyncio
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from models import Project
from services.db import apply_migrations, close_orm, init_orm
from services.i18n import create_translator
from services.notify import Notifier
from services.outbox import OutboxSignal
from services.silence import SilenceWatcher
from tests.e2e.app_process import AppProcess
from tests.telegram_double import TelegramDouble

CHAT = 1001
LOAD_SECONDS = 10
CONCURRENCY = 32


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


async def load(app: AppProcess, path: str, body: dict[str, object]) -> tuple[float, list[float]]:
    latencies: list[float] = []
    stop_at = time.monotonic() + LOAD_SECONDS

    async def client(session: aiohttp.ClientSession) -> None:
        while time.monotonic() < stop_at:
            started = time.monotonic()
            async with session.post(f"{app.base_url}{path}", json=body) as answer:
                assert answer.status < 300, await answer.text()
            latencies.append(time.monotonic() - started)

    connector = aiohttp.TCPConnector(limit=CONCURRENCY)
    async with aiohttp.ClientSession(connector=connector) as session:
        await asyncio.gather(*(client(session) for _ in range(CONCURRENCY)))
    return len(latencies) / LOAD_SECONDS, latencies


async def notification_latency(
    app: AppProcess, telegram: TelegramDouble, token: str
) -> list[float]:
    delays = []
    for number in range(10):
        before = len(telegram.messages_to(CHAT))
        started = time.monotonic()
        error = {"type": "Latency", "message": f"probe {number}"}
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
        app = AppProcess(workdir, database_url, telegram.url, LOG_LEVEL="WARNING")
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
            notify = await notification_latency(app, telegram, token)
            silence = await silence_latency(app, telegram)
        finally:
            await app.stop()
    return {
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


async def main() -> None:
    results: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        results |= await app_figures(f"sqlite://{workdir}/bench.sqlite3", workdir)
        results |= await silence_check_cost(f"sqlite://{workdir}/silence.sqlite3")
    width = max(map(len, results))
    print(
        f"{'measure':<{width}}  result  (SQLite, {CONCURRENCY} concurrent clients, "
        f"{LOAD_SECONDS} s per load)"
    )
    for name, value in results.items():
        print(f"{name:<{width}}  {value}")


if __name__ == "__main__":
    asyncio.run(main())
