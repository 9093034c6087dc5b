"""Active checks in /stats, against a real database: probes made by the real check runner (a
scripted prober answers, the clock is the test's) are counted in their checks' hours at each
flush, and the figures read back uptime from the checks' transitions and response times from
those hours, for a history whose answer is known in advance."""

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from aiogram_i18n.cores import FluentRuntimeCore

from models import Check, CheckHour, Monitor, Project
from services.accounts.checks import NewCheck, add_check, delete_check
from services.letters.outbox import OutboxSignal
from services.monitors import writer
from services.notify.notifier import Notifier
from services.probes.outcome import Failure, Outcome, Probe
from services.stats import check_hours
from services.stats.check_hours import Sample
from services.stats.figures import ResponseTimes, project_stats
from services.stats.latency import COLUMNS
from services.watch.probing import CheckRunner
from tests.conftest import make_project

T0 = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


class ScriptedProber:
    """Answers every probe as the test says, by URL."""

    def __init__(self) -> None:
        self.answers: dict[str, Outcome] = {}

    async def probe(self, probe: Probe) -> Outcome:
        return self.answers[probe.url]

    async def close(self) -> None:
        pass


def passing(ms: int) -> Outcome:
    return Outcome(None, status=200, elapsed_ms=ms)


def failing(ms: int = 30) -> Outcome:
    return Outcome(Failure.HTTP_STATUS, {"status": "503"}, status=503, elapsed_ms=ms)


class Probing:
    """The runner with its clock in the test's hands."""

    def __init__(self, translator: FluentRuntimeCore) -> None:
        self.prober = ScriptedProber()
        self.now = T0
        notifier = Notifier(translator, "en")
        self.runner = CheckRunner(self.prober, notifier, OutboxSignal(), clock=lambda: self.now)

    async def probe(self, *answers: tuple[Check, Outcome], at: datetime | None = None) -> None:
        """The checks' next probes, at once: at the latest of their due times (or `at`), each
        answering as told, then one flush."""
        dues = [(await Monitor.get(id=check.monitor_id)).deadline_at for check, _ in answers]
        self.now = max([*(due for due in dues if due), *([at] if at else [])])
        for check, outcome in answers:
            self.prober.answers[check.url] = outcome
        assert await self.runner.tick(self.now) == len(answers)
        await self.runner.settled()
        await self.runner.flush()

    async def probe_each(self, check: Check, outcomes: list[Outcome]) -> None:
        for outcome in outcomes:
            await self.probe((check, outcome))


@pytest.fixture
def probing(db: str, translator: FluentRuntimeCore) -> Probing:
    return Probing(translator)


async def shop_check(url: str = "https://shop.example/", project: Project | None = None) -> Check:
    project = project or await make_project(name="Shop", type="website")
    return await add_check(project, NewCheck(url=url, interval="1m", confirm=2), T0)


async def hours_of(check: Check) -> list[tuple[datetime, int, int, dict[str, int]]]:
    """The check's rows: hour, probes, failures and the buckets that hold any."""
    rows = await CheckHour.filter(check_id=check.id).order_by("hour")
    return [
        (
            row.hour,
            row.probes,
            row.failures,
            {c: getattr(row, c) for c in COLUMNS if getattr(row, c)},
        )
        for row in rows
    ]


async def test_every_probe_counts_in_its_checks_hour_whichever_way_it_was_written(
    probing: Probing,
) -> None:
    """The first pass (new to up), the two failures (down) and the recovery take the writer's
    full path; the passes in between go in the runner's batch. All of them are counted."""
    check = await shop_check()
    await probing.probe_each(check, [passing(120)] * 10 + [failing(), failing(), passing(500)])
    await probing.probe((check, passing(150)), at=T0 + 90 * timedelta(minutes=1))

    assert await hours_of(check) == [
        (T0, 13, 2, {"b5": 10, "b7": 1}),  # 120 ms in [100, 180), 500 ms in [320, 560)
        (T0 + HOUR, 1, 0, {"b5": 1}),
    ]
    assert (await Monitor.get(id=check.monitor_id)).state == "up"


async def test_probes_of_several_checks_in_one_flush_go_to_their_own_rows(
    probing: Probing,
) -> None:
    shop = await make_project(name="Shop", type="website")
    site = await shop_check("https://shop.example/", shop)
    api = await shop_check("https://api.shop.example/health", shop)
    await probing.probe((site, passing(40)), (api, passing(900)))
    await probing.probe((site, passing(45)), (api, failing(10_000)))

    assert await hours_of(site) == [(T0, 2, 0, {"b3": 2})]
    assert await hours_of(api) == [(T0, 2, 1, {"b8": 1})]  # the failure's time is not counted


async def test_the_figures_of_a_known_history_are_exact(probing: Probing) -> None:
    check = await shop_check()
    await probing.probe_each(check, [passing(120)] * 10 + [failing(), failing()])
    down_at = probing.now
    await probing.probe((check, passing(500)), at=down_at + 20 * timedelta(minutes=1))
    up_at = probing.now
    await probing.probe((check, passing(150)), at=T0 + 90 * timedelta(minutes=1))
    now = T0 + 2 * HOUR

    stats = await project_stats(check.project_id, now)
    [day] = stats.day.checks
    assert (day.check_id, day.url, day.probes, day.failures) == (check.id, check.url, 14, 2)
    # Up from the first probe (T0) on, but for the 20 minutes down.
    assert day.uptime == pytest.approx(1 - (up_at - down_at) / (now - T0))
    # 11 in [100, 180) and 1 in [320, 560): the median is at 6/11 of the first bucket, the
    # 95th percentile at 0.4 of the second (rank 11.4 of 12).
    assert day.times == ResponseTimes(pytest.approx(100 + 80 * 6 / 11), pytest.approx(416.0))
    assert day.buckets == {
        T0: ResponseTimes(pytest.approx(144.0), pytest.approx(428.0)),
        T0 + HOUR: ResponseTimes(pytest.approx(140.0), pytest.approx(176.0)),
    }
    [week] = stats.week.checks
    assert week.times == day.times
    assert week.buckets == {T0: day.times}  # 12:00 and 13:00 share a quarter day
    assert stats.day.uptime is None, "a check's states are not the project's heartbeat"


async def test_a_check_never_probed_has_no_figures_yet(db: str) -> None:
    check = await shop_check()
    [figures] = (await project_stats(check.project_id, T0 + HOUR)).day.checks
    assert (figures.uptime, figures.probes, figures.failures) == (None, 0, 0)
    assert (figures.times, figures.buckets) == (ResponseTimes(None, None), {})


async def test_a_paused_projects_time_does_not_count_for_its_checks(probing: Probing) -> None:
    check = await shop_check()
    await probing.probe_each(check, [passing(120), failing(), failing()])
    down_at, paused_at = probing.now, probing.now + HOUR
    project = await Project.get(id=check.project_id)
    await writer.set_paused(project, True, paused_at)
    [figures] = (await project_stats(project.id, paused_at + 2 * HOUR)).day.checks
    # Up from T0, down from the second failure until the pause; not probed since.
    assert figures.uptime == pytest.approx((down_at - T0) / (paused_at - T0))


async def test_a_probe_of_a_check_deleted_before_the_flush_is_dropped_alone(
    probing: Probing,
) -> None:
    shop = await make_project(name="Shop", type="website")
    kept = await shop_check("https://shop.example/", shop)
    gone = await shop_check("https://old.shop.example/", shop)
    probing.prober.answers = {kept.url: passing(40), gone.url: passing(40)}
    assert await probing.runner.tick(T0) == 2
    await probing.runner.settled()
    await delete_check(gone.id)
    await probing.runner.flush()

    assert await hours_of(kept) == [(T0, 1, 0, {"b3": 1})]
    assert await CheckHour.filter(check_id=gone.id).count() == 0


async def test_batches_written_at_once_add_up(db: str) -> None:
    """Two instances (or flushes) counting the same hour of the same checks at once: every
    probe counts, none twice."""
    shop = await make_project(name="Shop", type="website")
    checks = [await shop_check(f"https://site{n}.example/", shop) for n in range(5)]
    batch = [
        Sample(c.id, T0 + timedelta(minutes=m), 120, m % 4 != 0) for c in checks for m in range(8)
    ]
    await asyncio.gather(*(check_hours.record(batch) for _ in range(4)))

    for check in checks:
        assert await hours_of(check) == [(T0, 32, 8, {"b5": 24})]


async def test_hours_older_than_any_window_are_pruned(db: str) -> None:
    check = await shop_check()
    now = T0 + timedelta(days=10)
    kept_from = now - check_hours.KEEP
    await check_hours.record(
        [
            Sample(check.id, kept_from - HOUR, 50, True),
            Sample(check.id, kept_from, 50, True),
            Sample(check.id, now, 50, True),
        ]
    )
    assert await check_hours.prune(now) == 1
    assert [hour for hour, *_ in await hours_of(check)] == [kept_from, now.replace(minute=0)]
    assert await check_hours.prune(now) == 0
