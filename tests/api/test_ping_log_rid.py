"""Healthchecks-style extras on ping URLs: `/ping/<token>/log` keeps a line without changing
state (and shows it with its run's failure), and `?rid=<uuid>` tells overlapping runs apart."""

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

from api.app import create_api_app
from models import (
    ErrorReport,
    HealthTransition,
    Heartbeat,
    MonitorState,
    OpenRun,
    OutboxMessage,
    Project,
    RunLog,
)
from services.core.settings import Settings
from services.ingest import run_logs
from services.ingest.commit import GroupCommitter
from services.ingest.ingestor import Ingestor
from services.letters.outbox import OutboxSignal
from services.monitors import writer
from services.notify.notifier import Notifier
from services.watch.silence import SilenceWatcher
from tests.api.conftest import Client
from tests.conftest import make_project, make_subscriber, make_subscription, run_monitor


def rid() -> str:
    return str(uuid.uuid4())


async def test_a_log_line_is_kept_and_changes_nothing(api: Client) -> None:
    project = await make_project()
    await make_subscription(project, await make_subscriber(telegram_id=71))
    answer = await api.post(f"/ping/{project.token}/log", data=b"step 1 of 3: dump taken")
    assert (answer.status, await answer.text()) == (200, "OK")
    assert (await api.get(f"/ping/{project.token}/log?msg=step+2")).status == 200
    lines = await RunLog.filter(project_id=project.id).order_by("id").values_list("text", "rid")
    assert lines == [("step 1 of 3: dump taken", None), ("step 2", None)]
    after = await Project.get(id=project.id)
    assert (after.health, after.last_heartbeat_at) == ("new", None)
    assert await Heartbeat.filter(project_id=project.id).count() == 0
    assert await HealthTransition.filter(project_id=project.id).count() == 0
    assert await OutboxMessage.filter(chat_id=71).count() == 0


async def test_a_log_line_keeps_no_secret_and_is_clipped(api: Client) -> None:
    project = await make_project()
    line = "connecting with password=hunter2 " + "x" * 20_000
    assert (await api.post(f"/ping/{project.token}/log", data=line.encode())).status == 200
    kept = await RunLog.get(project_id=project.id)
    assert "hunter2" not in kept.text
    assert len(kept.text) <= run_logs.LINE_LIMIT


async def test_an_empty_log_line_or_unknown_token_is_refused(api: Client) -> None:
    project = await make_project()
    empty = await api.get(f"/ping/{project.token}/log")
    assert empty.status == 400
    assert "log" in (await empty.json())["error"]
    assert (await api.post("/ping/nope/log", data=b"x")).status == 401
    assert await RunLog.all().count() == 0


async def test_a_failure_shows_the_runs_log_lines(api: Client) -> None:
    project = await make_project()
    await make_subscription(project, await make_subscriber(telegram_id=72))
    mine, other = rid(), rid()
    await api.get(f"/ping/{project.token}/start?rid={mine}")
    await api.get(f"/ping/{project.token}/start?rid={other}")
    await api.post(f"/ping/{project.token}/log?rid={mine}", data=b"copying /var/www")
    await api.post(f"/ping/{project.token}/log?rid={other}", data=b"the other run's line")
    await api.post(f"/ping/{project.token}/fail?rid={mine}", data=b"rsync: disk full")
    alert = (await OutboxMessage.get(chat_id=72)).text
    assert alert.startswith("❌ Запуск завершился с ошибкой")
    assert "copying /var/www\nrsync: disk full" in alert
    assert "the other run" not in alert


async def test_a_failure_without_rid_shows_the_latest_lines_without_one(api: Client) -> None:
    project = await make_project()
    await make_subscription(project, await make_subscriber(telegram_id=73))
    await api.post(f"/ping/{project.token}/log", data=b"fetching feed")
    await api.post(f"/ping/{project.token}/log?rid={rid()}", data=b"a run of its own")
    await api.post(f"/ping/{project.token}/1")
    alert = (await OutboxMessage.get(chat_id=73)).text
    assert "fetching feed" in alert and "a run of its own" not in alert
    assert "🔢 Код выхода: 1" in alert


async def test_overlapping_runs_each_end_with_their_own_duration(api: Client) -> None:
    project = await make_project(timeout_seconds=600)
    first, second = rid(), rid()
    await api.get(f"/ping/{project.token}/start?rid={first}")
    begun = (await run_monitor(project.id)).since
    await api.get(f"/ping/{project.token}/start?rid={second}")
    run = await run_monitor(project.id)
    assert (run.state, run.since) == (MonitorState.RUNNING, begun)  # the oldest open run
    later = await OpenRun.get(project_id=project.id, rid=second)
    await OpenRun.filter(project_id=project.id, rid=first).update(
        started_at=datetime.now(UTC) - timedelta(minutes=5)
    )
    assert (await api.get(f"/ping/{project.token}?rid={first}")).status == 200
    beat = await Heartbeat.get(project_id=project.id)
    assert beat.metadata and beat.metadata["duration_seconds"] >= 300
    run = await run_monitor(project.id)
    assert (run.state, run.since) == (MonitorState.RUNNING, later.started_at)
    assert run.deadline_at == later.started_at + timedelta(seconds=600)
    assert (await api.get(f"/ping/{project.token}/0?rid={second}")).status == 200
    second_beat = await Heartbeat.filter(project_id=project.id).order_by("-id").first()
    assert second_beat and second_beat.metadata
    assert second_beat.metadata["duration_seconds"] < 300
    run = await run_monitor(project.id)
    assert (run.state, run.deadline_at) == (MonitorState.IDLE, None)
    assert await OpenRun.filter(project_id=project.id).count() == 0


async def test_a_failed_run_leaves_the_other_running(api: Client) -> None:
    project = await make_project()
    first, second = rid(), rid()
    await api.get(f"/ping/{project.token}/start?rid={first}")
    await api.get(f"/ping/{project.token}/start?rid={second}")
    await api.get(f"/ping/{project.token}/fail?rid={second}")
    assert (await run_monitor(project.id)).state == MonitorState.RUNNING
    assert await OpenRun.filter(project_id=project.id).values_list("rid", flat=True) == [first]
    report = await ErrorReport.get(project_id=project.id)
    assert report.context and report.context["rid"] == second


async def test_the_run_hangs_from_the_oldest_open_run(api: Client, translator) -> None:
    project = await make_project(timeout_seconds=60)
    await make_subscription(project, await make_subscriber(telegram_id=74))
    first, second = rid(), rid()
    await api.get(f"/ping/{project.token}/start?rid={first}")
    await api.get(f"/ping/{project.token}/start?rid={second}")
    await api.get(f"/ping/{project.token}?rid={second}")
    watcher = SilenceWatcher(Notifier(translator, "ru"), OutboxSignal())
    await watcher.check(datetime.now(UTC) + timedelta(minutes=2))  # silent too, by then
    assert (await run_monitor(project.id)).state == MonitorState.HUNG
    texts = await OutboxMessage.filter(chat_id=74).values_list("text", flat=True)
    assert any(text.startswith("⏳ Запуск не завершился") for text in texts)


async def test_a_rid_that_is_not_a_uuid_is_refused_naming_rid(api: Client) -> None:
    project = await make_project()
    for path in ("", "/start", "/fail", "/0", "/log?msg=x&"):
        glue = "&" if "?" in path else "?"
        answer = await api.get(f"/ping/{project.token}{path}{glue}rid=not-a-uuid")
        assert answer.status == 400, path
        body = await answer.json()
        assert body["ok"] is False and body["error"].startswith("rid:")
    assert await Heartbeat.filter(project_id=project.id).count() == 0
    assert await OpenRun.all().count() == 0


async def test_open_runs_are_bounded_per_project(api: Client) -> None:
    project = await make_project()
    now = datetime.now(UTC)
    await OpenRun.bulk_create(
        [
            OpenRun(project_id=project.id, rid=rid(), started_at=now - timedelta(minutes=n))
            for n in range(1, writer.MAX_OPEN_RUNS + 1)
        ]
    )
    newest = rid()
    assert (await api.get(f"/ping/{project.token}/start?rid={newest}")).status == 200
    assert await OpenRun.filter(project_id=project.id).count() == writer.MAX_OPEN_RUNS
    oldest_left = await OpenRun.filter(project_id=project.id).order_by("started_at").first()
    assert oldest_left and oldest_left.started_at > now - timedelta(minutes=writer.MAX_OPEN_RUNS)
    assert await OpenRun.filter(project_id=project.id, rid=newest).exists()


async def test_log_lines_are_bounded_per_project(api: Client) -> None:
    project = await make_project()
    now = datetime.now(UTC)
    await RunLog.bulk_create(
        [
            RunLog(project_id=project.id, text=f"old {n}", received_at=now)
            for n in range(run_logs.KEPT_PER_PROJECT)
        ]
    )
    assert (await api.get(f"/ping/{project.token}/log?msg=newest")).status == 200
    assert await RunLog.filter(project_id=project.id).count() == run_logs.KEPT_PER_PROJECT
    assert not await RunLog.filter(project_id=project.id, text="old 0").exists()
    assert await RunLog.filter(project_id=project.id, text="newest").exists()


async def test_a_success_without_rid_ends_every_open_run(api: Client) -> None:
    project = await make_project()
    await api.get(f"/ping/{project.token}/start?rid={rid()}")
    await api.get(f"/ping/{project.token}/start?rid={rid()}")
    assert (await api.get(f"/ping/{project.token}")).status == 200
    assert (await run_monitor(project.id)).state == MonitorState.IDLE
    assert await OpenRun.filter(project_id=project.id).count() == 0


async def test_a_new_run_after_one_hung_is_watched_and_the_hung_one_not_told_again(
    api: Client, translator
) -> None:
    project = await make_project(timeout_seconds=60)
    await make_subscription(project, await make_subscriber(telegram_id=75))
    stuck, fresh = rid(), rid()
    await api.get(f"/ping/{project.token}/start?rid={stuck}")
    await OpenRun.filter(project_id=project.id, rid=stuck).update(
        started_at=datetime.now(UTC) - timedelta(minutes=5)  # as if it began back then
    )
    watcher = SilenceWatcher(Notifier(translator, "ru"), OutboxSignal())
    assert await watcher.check(datetime.now(UTC) + timedelta(minutes=2)) == 1
    await api.get(f"/ping/{project.token}/start?rid={fresh}")
    begun = (await OpenRun.get(project_id=project.id, rid=fresh)).started_at
    run = await run_monitor(project.id)
    assert (run.state, run.since) == (MonitorState.RUNNING, begun)
    assert await watcher.check(datetime.now(UTC) + timedelta(seconds=30)) == 0
    await api.get(f"/ping/{project.token}?rid={stuck}")  # late, but it says how long it took
    beat = await Heartbeat.get(project_id=project.id)
    assert beat.metadata and beat.metadata["duration_seconds"] >= 300
    assert (await run_monitor(project.id)).since == begun  # the fresh run is still watched
    texts = await OutboxMessage.filter(chat_id=75).values_list("text", flat=True)
    assert sum(text.startswith("⏳ Запуск не завершился") for text in texts) == 1


async def test_overlapping_runs_sent_at_once_through_group_commit(
    db: str, translator, aiohttp_client: Callable[..., Awaitable[Client]]
) -> None:
    """As the app runs them (a shared transaction per batch): starts, lines and outcomes of
    several runs sent together each land on their own run."""
    signal = OutboxSignal()
    ingestor = Ingestor(
        Notifier(translator, "ru"), signal, committer=GroupCommitter(8, signal.notify)
    )
    client = await aiohttp_client(
        create_api_app(Settings(_env_file=None, database_url=db), ingestor)
    )
    project = await make_project()
    runs = [rid() for _ in range(5)]
    ping = f"/ping/{project.token}"
    await asyncio.gather(*(client.get(f"{ping}/start?rid={r}") for r in runs))
    await asyncio.gather(*(client.get(f"{ping}/log?rid={r}&msg=line+of+{r}") for r in runs))
    assert await OpenRun.filter(project_id=project.id).count() == 5
    answers = await asyncio.gather(
        *(client.get(f"{ping}/{'fail' if n % 2 else '0'}?rid={r}") for n, r in enumerate(runs))
    )
    assert [a.status for a in answers] == [200] * 5
    assert await OpenRun.filter(project_id=project.id).count() == 0
    assert (await run_monitor(project.id)).state == MonitorState.IDLE
    for report in await ErrorReport.filter(project_id=project.id):
        assert report.context and report.context["log"] == f"line of {report.context['rid']}"
    assert await ErrorReport.filter(project_id=project.id).count() == 2


async def test_a_run_that_succeeds_after_one_hung_is_not_reported_hung(
    api: Client, translator
) -> None:
    """A run that hung (told once) and never ends: the run after it that succeeds leaves the
    monitor idle, not running on its deadline (which would call it hung) nor hung for ever."""
    project = await make_project(timeout_seconds=60)
    await make_subscription(project, await make_subscriber(telegram_id=76))
    stuck, fresh = rid(), rid()
    await api.get(f"/ping/{project.token}/start?rid={stuck}")
    await OpenRun.filter(project_id=project.id, rid=stuck).update(
        started_at=datetime.now(UTC) - timedelta(minutes=5)
    )
    watcher = SilenceWatcher(Notifier(translator, "ru"), OutboxSignal())
    assert await watcher.check(datetime.now(UTC) + timedelta(minutes=2)) == 1
    await api.get(f"/ping/{project.token}/start?rid={fresh}")
    assert (await api.get(f"/ping/{project.token}?rid={fresh}")).status == 200
    assert (await run_monitor(project.id)).state == MonitorState.IDLE
    await watcher.check(datetime.now(UTC) + timedelta(minutes=2))
    texts = await OutboxMessage.filter(chat_id=76).values_list("text", flat=True)
    assert sum(text.startswith("⏳ Запуск не завершился") for text in texts) == 1
    assert await OpenRun.filter(project_id=project.id).count() == 0  # none is watched
