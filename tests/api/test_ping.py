"""Ping URLs for cron jobs: success, start, fail, exit codes, logs and hung runs."""

from datetime import UTC, datetime, timedelta

from models import ErrorReport, Heartbeat, OutboxMessage, Project
from services.letters.outbox import OutboxSignal
from services.notify.notifier import Notifier
from services.watch.silence import SilenceWatcher
from tests.api.conftest import Client
from tests.conftest import make_project, make_subscriber, make_subscription, run_monitor


async def test_a_ping_is_a_heartbeat_and_answers_ok(api: Client) -> None:
    project = await make_project()
    for method in ("GET", "POST", "HEAD"):
        answer = await api.request(method, f"/ping/{project.token}")
        assert answer.status == 200
        assert await answer.text() == ("" if method == "HEAD" else "OK")
    assert await Heartbeat.filter(project_id=project.id).count() == 3
    assert (await Project.get(id=project.id)).health == "up"


async def test_start_then_success_records_the_runs_duration(api: Client) -> None:
    project = await make_project()
    assert (await api.get(f"/ping/{project.token}/start")).status == 200
    assert (await run_monitor(project.id)).deadline_at is not None
    assert (await api.get(f"/ping/{project.token}/0")).status == 200
    beat = await Heartbeat.get(project_id=project.id)
    assert beat.metadata and beat.metadata["duration_seconds"] >= 0
    assert (await run_monitor(project.id)).deadline_at is None


async def test_fail_with_a_log_alerts_with_the_log(api: Client) -> None:
    project = await make_project()
    await make_subscription(project, await make_subscriber(telegram_id=61))
    log = "starting backup\n" + "x" * 20_000 + "\ndisk full <sda1> & more"
    answer = await api.post(f"/ping/{project.token}/fail", data=log.encode())
    assert (answer.status, await answer.text()) == (200, "OK")
    report = await ErrorReport.get(project_id=project.id)
    assert report.type == "RunFailed"
    assert report.context and len(report.context["log"]) == 10 * 1024
    alert = (await OutboxMessage.get(chat_id=61)).text
    assert alert.startswith("❌ Запуск завершился с ошибкой")
    assert "📋 Лог:" in alert


async def test_a_nonzero_exit_code_is_a_failure(api: Client) -> None:
    project = await make_project()
    await make_subscription(project, await make_subscriber(telegram_id=62))
    await api.post(f"/ping/{project.token}/start")
    assert (await api.post(f"/ping/{project.token}/3", data=b"Traceback: boom")).status == 200
    report = await ErrorReport.get(project_id=project.id)
    assert (report.message, report.context["exit_code"]) == ("exit code 3", 3)
    assert "🔢 Код выхода: 3" in (await OutboxMessage.get(chat_id=62)).text


async def test_unknown_token_and_bad_paths_get_4xx(api: Client) -> None:
    assert (await api.get("/ping/nope")).status == 401
    assert (await api.get("/ping/nope/9999")).status == 404


async def test_a_run_that_never_finishes_is_reported_as_hung_once(api: Client, translator) -> None:
    project = await make_project(timeout_seconds=60)
    await make_subscription(project, await make_subscriber(telegram_id=63))
    await api.get(f"/ping/{project.token}/start")
    watcher = SilenceWatcher(Notifier(translator, "ru"), OutboxSignal())
    later = datetime.now(UTC) + timedelta(minutes=2)
    assert await watcher.check(later) == 1
    assert await watcher.check(later + timedelta(minutes=1)) == 0
    alert = (await OutboxMessage.get(chat_id=63)).text
    assert alert.startswith("⏳ Запуск не завершился")
    assert "Нет сигнала об окончании дольше минуты" in alert
