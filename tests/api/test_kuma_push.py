"""Uptime Kuma's push URLs: `up` is a heartbeat, `down` a failed run that reaches the chat,
answered in Kuma's own JSON shape."""

from datetime import UTC, datetime, timedelta

import pytest

from api import kuma
from models import ErrorReport, Heartbeat, OutboxMessage, Project
from services.core.logs import Redactor
from services.letters.outbox import OutboxSignal
from services.notify.notifier import Notifier
from services.watch.silence import SilenceWatcher
from tests.api.conftest import Client
from tests.conftest import listened_until, make_project, make_subscriber, make_subscription


async def test_an_up_push_is_a_heartbeat_with_its_message_and_ping(api: Client) -> None:
    project = await make_project()
    answer = await api.get(f"/api/push/{project.token}?status=up&msg=OK&ping=42.5")
    assert (answer.status, await answer.json()) == (200, {"ok": True})
    beat = await Heartbeat.get(project_id=project.id)
    assert beat.status == "ok"
    assert beat.metadata == {"source": "uptime-kuma", "msg": "OK", "ping_ms": 42.5}
    assert (await Project.get(id=project.id)).health == "up"


async def test_status_defaults_to_up_and_every_method_is_taken(api: Client) -> None:
    project = await make_project()
    for method in ("GET", "POST", "HEAD"):
        answer = await api.request(method, f"/api/push/{project.token}")
        assert answer.status == 200, method
    assert await Heartbeat.filter(project_id=project.id).count() == 3


async def test_a_down_push_is_a_failed_run_alerted_with_its_message(api: Client) -> None:
    project = await make_project()
    await make_subscription(project, await make_subscriber(telegram_id=81))
    answer = await api.get(f"/api/push/{project.token}?status=down&msg=queue+is+stuck&ping=")
    assert (answer.status, await answer.json()) == (200, {"ok": True})
    report = await ErrorReport.get(project_id=project.id)
    assert (report.type, report.message) == ("RunFailed", "queue is stuck")
    alert = (await OutboxMessage.get(chat_id=81)).text
    assert alert.startswith("❌ Запуск завершился с ошибкой")
    assert "queue is stuck" in alert


async def test_an_up_push_after_silence_is_announced_as_a_recovery(
    api: Client, translator
) -> None:
    project = await make_project(timeout_seconds=60)
    await make_subscription(project, await make_subscriber(telegram_id=82))
    await api.get(f"/api/push/{project.token}?status=up")
    later = datetime.now(UTC) + timedelta(minutes=2)
    await listened_until(later)
    assert await SilenceWatcher(Notifier(translator, "ru"), OutboxSignal()).check(later) == 1
    assert (await Project.get(id=project.id)).health == "down"
    assert (await api.get(f"/api/push/{project.token}?status=up&msg=back")).status == 200
    assert (await Project.get(id=project.id)).health == "up"
    texts = await OutboxMessage.filter(chat_id=82).order_by("id").values_list("text", flat=True)
    assert texts[-1].startswith("✅ Проект снова отвечает")


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("status=sideways", "status"),
        ("ping=fast", "ping"),
        ("ping=-1", "ping"),
        ("ping=nan", "ping"),
        ("ping=inf", "ping"),
    ],
)
async def test_bad_input_is_refused_in_kumas_shape_naming_the_field(
    api: Client, query: str, field: str
) -> None:
    project = await make_project()
    answer = await api.get(f"/api/push/{project.token}?{query}")
    assert answer.status == 400
    body = await answer.json()
    assert body["ok"] is False
    assert body["msg"].startswith(f"{field}:") and body["error"] == body["msg"]
    assert await Heartbeat.filter(project_id=project.id).count() == 0


async def test_an_unknown_token_is_refused_in_kumas_shape(api: Client) -> None:
    answer = await api.get("/api/push/0123456789abcdef0123456789abcdef?status=up")
    assert answer.status == 401
    body = await answer.json()
    assert body["ok"] is False and body["msg"]


async def test_a_disabled_project_is_refused(api: Client) -> None:
    project = await make_project(is_active=False)
    answer = await api.get(f"/api/push/{project.token}")
    assert (answer.status, (await answer.json())["ok"]) == (403, False)


async def test_a_push_message_keeps_no_secret(api: Client) -> None:
    project = await make_project()
    await api.get(f"/api/push/{project.token}?status=down&msg=login+password%3Dhunter2+failed")
    report = await ErrorReport.get(project_id=project.id)
    assert "hunter2" not in str(report.context) and "hunter2" not in report.message


async def test_a_push_message_is_kept_as_a_line_not_a_log(api: Client) -> None:
    project = await make_project()
    assert (await api.get(f"/api/push/{project.token}?msg={'x' * 6000}")).status == 200
    beat = await Heartbeat.get(project_id=project.id)
    assert beat.metadata and beat.metadata["msg"] == "x" * kuma.MAX_MSG


def test_push_urls_leave_no_token_in_the_log() -> None:
    token = "0123456789abcdef0123456789abcdef"
    line = Redactor()(f'"GET /api/push/{token}?status=up&msg=OK" 200')
    assert token not in line and "/api/push/***?status=up" in line
