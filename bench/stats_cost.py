"""What /stats costs for a project with a million stored error reports: the numbers (both
windows), the chart's data and the chart itself. Run alone with
`.venv/bin/python bench/stats_cost.py [database URL]` (default: a SQLite file in a temporary
folder); `make bench` runs it on SQLite."""

import asyncio
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tortoise import connections

from models import ErrorGroup, Health, HealthTransition, Project, Severity
from services.grouping.groups import hour_of
from services.stats.charts import ChartLabels, render_chart
from services.stats.figures import Period, project_stats, window_stats
from services.storage.db import apply_migrations, close_orm, init_orm

REPORTS = 1_000_000
GROUPS = 50
SPAN = timedelta(days=30)  # the default report retention
BATCH = 20_000
RUNS = 5
SEVERITIES = list(Severity)
LABELS = ChartLabels(
    title="Errors per hour",
    errors_axis="Errors",
    uptime_axis="Uptime",
    no_errors="No errors",
    severities={s.value: s.value for s in Severity},
    up="up",
    down="down",
    unmonitored="not monitored",
    response_axis="Response, ms",
    no_responses="No passing probes",
    p50="p50",
    p95="p95",
)
TRACE = 'Traceback (most recent call last):\n  File "app/jobs.py", line 12, in sync\n' * 3


def report_rows(project_id: int, group_ids: list[int], now: datetime) -> Iterator[tuple[Any, ...]]:
    step = SPAN / REPORTS
    for n in range(REPORTS):
        group = n % GROUPS
        severity = SEVERITIES[group % len(SEVERITIES)].value
        at = now - SPAN + n * step
        message = f"failure {group} in request {n}"
        yield (project_id, group_ids[group], f"Error{group}", message, TRACE, severity, "{}", at)


async def insert_many(sql: str, rows: Iterator[tuple[Any, ...]]) -> None:
    """Batches of executemany, each in its own transaction."""
    connection = connections.get("default")
    postgres = connection.capabilities.dialect == "postgres"
    if postgres:
        count = sql.count("?")
        for number in range(1, count + 1):
            sql = sql.replace("?", f"${number}", 1)
    batch: list[tuple[Any, ...]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            await connection.execute_many(sql, batch)
            batch = []
    if batch:
        await connection.execute_many(sql, batch)


async def build_project(now: datetime) -> Project:
    """A million reports over 30 days in 50 groups, with the matching groups and hourly rows,
    a heartbeat a minute and an outage a day."""
    project = await Project.create(name="busy", token="busy-token", health=Health.UP)
    groups = [
        await ErrorGroup.create(
            project=project,
            fingerprint=f"fp{n}",
            type=f"Error{n}",
            message=f"failure {n} in request <n>",
            severity=SEVERITIES[n % len(SEVERITIES)].value,
            times_seen=0,
            first_seen=now - SPAN,
            last_seen=now,
        )
        for n in range(GROUPS)
    ]
    group_ids = [group.id for group in groups]
    await insert_many(
        "INSERT INTO error_reports (project_id, group_id, type, message, stack_trace, severity,"
        " context, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        report_rows(project.id, group_ids, now),
    )
    await insert_hours(project.id, group_ids, now)
    await insert_history(project, now)
    return project


async def insert_hours(project_id: int, group_ids: list[int], now: datetime) -> None:
    hours: Counter[tuple[int, datetime, str]] = Counter()
    for row in report_rows(project_id, group_ids, now):
        hours[(row[1], hour_of(row[7]), row[5])] += 1
    await insert_many(
        "INSERT INTO error_hours (group_id, project_id, hour, severity, count)"
        " VALUES (?, ?, ?, ?, ?)",
        ((group, project_id, hour, severity, n) for (group, hour, severity), n in hours.items()),
    )
    for group_id in group_ids:
        seen = sum(n for (group, _, _), n in hours.items() if group == group_id)
        await ErrorGroup.filter(id=group_id).update(times_seen=seen)


async def insert_history(project: Project, now: datetime) -> None:
    minutes = int(SPAN.total_seconds() // 60)
    await insert_many(
        "INSERT INTO heartbeats (project_id, status, received_at) VALUES (?, ?, ?)",
        ((project.id, "alive", now - timedelta(minutes=m)) for m in range(minutes)),
    )
    transitions = []
    for day in range(SPAN.days):
        down = now - timedelta(days=day, hours=5)
        for old, new, at in (("up", "down", down), ("down", "up", down + timedelta(minutes=7))):
            transitions.append(
                HealthTransition(project=project, old=old, new=new, reason="bench", at=at)
            )
    await HealthTransition.bulk_create(transitions)


async def median_seconds(work: Callable[[], Awaitable[object]]) -> float:
    runs = []
    for _ in range(RUNS):
        started = time.perf_counter()
        await work()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


async def stats_cost(database_url: str) -> dict[str, str]:
    await apply_migrations(database_url)
    await init_orm(database_url)
    try:
        now = datetime.now(UTC)
        started = time.perf_counter()
        project = await build_project(now)
        filled = time.perf_counter() - started
        return await measure(project.id, now, filled)
    finally:
        await close_orm()


FORMER_QUERIES = (  # what /stats ran before the hourly rollup, on the reports themselves
    "SELECT severity, COUNT(*) FROM error_reports WHERE project_id = {project}"
    " AND received_at >= '{week}' GROUP BY severity",
    "SELECT type, message, COUNT(*) FROM error_reports WHERE project_id = {project}"
    " AND received_at >= '{week}' GROUP BY type, message ORDER BY 3 DESC LIMIT 5",
)


async def measure(project_id: int, now: datetime, filled: float) -> dict[str, str]:
    async def numbers() -> None:
        await project_stats(project_id, now)

    async def chart(period: Period) -> None:
        render_chart(await window_stats(project_id, period, now), LABELS)

    async def opening() -> None:  # what the bot does when /stats opens: chart, then numbers
        await chart(Period.DAY)
        await numbers()

    async def former() -> None:
        week = now - timedelta(days=7)
        for query in FORMER_QUERIES:
            sql = query.format(project=project_id, week=week)
            await connections.get("default").execute_query(sql)

    reports = await connections.get("default").execute_query_dict(
        "SELECT COUNT(*) AS n FROM error_reports"
    )
    label = f"/stats, {reports[0]['n']:,} stored reports:"
    timings = {
        "numbers (24 h and 7 days)": numbers,
        "24 h chart (data + PNG)": lambda: chart(Period.DAY),
        "7 day chart (data + PNG)": lambda: chart(Period.WEEK),
        "opening /stats (24 h chart + numbers)": opening,
        "before the rollup: a week's counts from the reports": former,
    }
    results = {f"{label} filling the database": f"{filled:.0f} s"}
    for name, work in timings.items():
        results[f"{label} {name}"] = f"median {await median_seconds(work) * 1000:.0f} ms"
    return results


async def main() -> None:
    if len(sys.argv) > 1:
        results = await stats_cost(sys.argv[1])
    else:
        with tempfile.TemporaryDirectory() as folder:
            results = await stats_cost(f"sqlite://{folder}/stats.sqlite3")
    width = max(map(len, results))
    for name, value in results.items():
        print(f"{name:<{width}}  {value}")


if __name__ == "__main__":
    asyncio.run(main())
