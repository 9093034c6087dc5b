"""The seed's two doors through HTTP, against a real database."""

import orjson
import pytest
from tortoise import connections

from models import ErrorReport, Heartbeat, OutboxMessage, Project
from services.accounts.projects import delete_project, rotate_token
from tests.api.conftest import Client, sqlite_threads_done
from tests.conftest import heartbeat_monitor, make_project, make_subscriber, make_subscription

SEED_HEARTBEAT = {
    "status": "alive",
    "version": "1.0.0",
    "metadata": {"environment": "production", "custom_field": "value"},
}
SEED_ERROR = {
    "type": "Exception",
    "message": "Описание ошибки",
    "stack_trace": "...",
    "severity": "error",
    "context": {"user_id": 123, "action": "checkout"},
}


async def test_seed_heartbeat_is_stored_and_queues_a_notification(api: Client) -> None:
    project = await make_project()
    await make_subscription(project, await make_subscriber(telegram_id=7))
    answer = await api.post(
        "/api/v1/heartbeat", json={"project_token": project.token, **SEED_HEARTBEAT}
    )
    assert answer.status == 200
    assert (await answer.json())["ok"] is True
    beat = await Heartbeat.get(project_id=project.id)
    assert (beat.status, beat.version, beat.metadata) == (
        "alive",
        "1.0.0",
        SEED_HEARTBEAT["metadata"],
    )
    letter = await OutboxMessage.get(chat_id=7)
    assert letter.text.startswith("✅ Проект активен")
    stored = await Project.get(id=project.id)
    assert (stored.health, stored.last_version) == ("up", "1.0.0")
    assert (await heartbeat_monitor(project.id)).deadline_at is not None


async def test_seed_log_is_stored_and_queues_a_notification(api: Client) -> None:
    project = await make_project()
    await make_subscription(project, await make_subscriber(telegram_id=8))
    answer = await api.post(
        "/api/v1/log", json={"project_token": project.token, "error": SEED_ERROR}
    )
    assert answer.status == 201
    report = await ErrorReport.get(project_id=project.id)
    assert (report.type, report.message, report.context) == (
        "Exception",
        "Описание ошибки",
        SEED_ERROR["context"],
    )
    assert (await OutboxMessage.get(chat_id=8)).text.startswith("🚨 Новая ошибка в проекте")


async def test_token_may_come_as_a_bearer_header(api: Client) -> None:
    project = await make_project()
    answer = await api.post(
        "/api/v1/heartbeat",
        json={"status": "alive"},
        headers={"Authorization": f"Bearer {project.token}"},
    )
    assert answer.status == 200


async def test_the_same_body_with_each_projects_bearer_token_reaches_each_project(
    api: Client,
) -> None:
    """The door remembers small bodies it has parsed: the token of a header is still read anew
    for each request, and a body that was refused is refused again."""
    projects = [await make_project(name=f"fleet-{n}") for n in range(3)]
    for project in projects * 2:
        answer = await api.post(
            "/api/v1/heartbeat",
            data=b'{"status": "alive"}',
            headers={"Authorization": f"Bearer {project.token}"},
        )
        assert answer.status == 200
    for project in projects:
        assert await Heartbeat.filter(project_id=project.id).count() == 2
    for _ in range(2):
        refused = await api.post("/api/v1/heartbeat", data=b'{"status": 7}')
        assert refused.status == 400 and "status" in (await refused.json())["error"]


async def test_repeated_heartbeats_notify_only_on_change(api: Client) -> None:
    project = await make_project()
    await make_subscription(project, await make_subscriber(telegram_id=9))
    for version in ("1.0", "1.0", "1.0", "1.1"):
        body = {"project_token": project.token, "status": "alive", "version": version}
        assert (await api.post("/api/v1/heartbeat", json=body)).status == 200
    assert await OutboxMessage.filter(chat_id=9).count() == 2


async def test_every_heartbeat_mode_hears_each_one(api: Client) -> None:
    project = await make_project()
    await make_subscription(project, await make_subscriber(telegram_id=10), heartbeat_mode="every")
    for _ in range(3):
        await api.post("/api/v1/heartbeat", json={"project_token": project.token})
    assert await OutboxMessage.filter(chat_id=10).count() == 3


async def test_errors_below_a_subscriptions_minimum_severity_are_not_sent(api: Client) -> None:
    project = await make_project()
    await make_subscription(project, await make_subscriber(telegram_id=11), min_severity="error")
    for severity in ("warning", "critical"):
        error = {**SEED_ERROR, "severity": severity}
        await api.post("/api/v1/log", json={"project_token": project.token, "error": error})
    letters = await OutboxMessage.filter(chat_id=11)
    assert [("critical" in letter.text) for letter in letters] == [True]


@pytest.mark.parametrize(
    ("path", "body", "status", "names"),
    [
        ("/api/v1/heartbeat", b"{not json", 400, "not valid JSON"),
        ("/api/v1/heartbeat", b"[1, 2]", 400, "JSON object"),
        ("/api/v1/heartbeat", b'{"status": "alive"}', 400, "project_token"),
        ("/api/v1/heartbeat", b'{"project_token": 5}', 400, "project_token"),
        ("/api/v1/heartbeat", b'{"project_token": "nope"}', 401, "unknown project token"),
        ("/api/v1/log", b'{"project_token": "nope"}', 400, "error: field required"),
        ("/api/v1/log", b'{"project_token": "t", "error": "boom"}', 400, "error"),
        ("/api/v1/heartbeat", b"\xff\xfe\x00", 400, "not valid JSON"),
        ("/api/v1/heartbeat", b'{"project_token": "a\\u0000b"}', 400, "NUL"),
        ("/api/v1/heartbeat", b"", 400, "not valid JSON"),
    ],
)
async def test_bad_requests_get_a_4xx_naming_the_problem(
    api: Client, path: str, body: bytes, status: int, names: str
) -> None:
    answer = await api.post(path, data=body, headers={"Content-Type": "application/json"})
    assert answer.status == status
    assert names in (await answer.json())["error"]


@pytest.mark.parametrize(
    ("body", "names"),
    [
        ({"status": 1}, "status"),
        ({"version": 1.0}, "version"),
        ({"metadata": "x"}, "metadata"),
        ({"status": "x" * 65}, "status"),
    ],
)
async def test_heartbeat_fields_of_the_wrong_type_are_named(
    api: Client, body: dict, names: str
) -> None:
    project = await make_project()
    answer = await api.post("/api/v1/heartbeat", json={"project_token": project.token, **body})
    assert answer.status == 400
    assert (await answer.json())["error"].startswith(names)


@pytest.mark.parametrize(
    ("error", "names"),
    [
        ({"message": "m"}, "error.type"),
        ({"type": "T"}, "error.message"),
        ({"type": 5, "message": "m"}, "error.type"),
        ({"type": "T", "message": "m", "severity": "loud"}, "error.severity"),
        ({"type": "T", "message": "m", "context": [1]}, "error.context"),
    ],
)
async def test_error_fields_of_the_wrong_type_are_named(
    api: Client, error: dict, names: str
) -> None:
    project = await make_project()
    answer = await api.post("/api/v1/log", json={"project_token": project.token, "error": error})
    assert answer.status == 400
    assert (await answer.json())["error"].startswith(names)


async def test_severity_aliases_are_understood(api: Client) -> None:
    project = await make_project()
    error = {"type": "T", "message": "m", "severity": "FATAL"}
    answer = await api.post("/api/v1/log", json={"project_token": project.token, "error": error})
    assert answer.status == 201
    assert (await ErrorReport.get(project_id=project.id)).severity == "critical"


async def test_disabled_project_gets_403(api: Client) -> None:
    project = await make_project(is_active=False)
    answer = await api.post("/api/v1/heartbeat", json={"project_token": project.token})
    assert answer.status == 403
    assert "disabled" in (await answer.json())["error"]


async def test_a_20_mb_body_gets_413_and_nothing_is_stored(api: Client) -> None:
    project = await make_project()
    huge = orjson.dumps({"project_token": project.token, "metadata": {"x": "y" * 20_000_000}})
    answer = await api.post("/api/v1/heartbeat", data=huge)
    assert answer.status == 413
    assert "limit" in (await answer.json())["error"]
    assert await Heartbeat.filter(project_id=project.id).count() == 0


async def test_unknown_paths_and_methods_answer_json_4xx(api: Client) -> None:
    assert (await api.get("/api/v1/nope")).status == 404
    answer = await api.get("/api/v1/heartbeat")
    assert answer.status == 405
    assert (await answer.json())["ok"] is False


async def test_health_answers_when_the_database_does(api: Client) -> None:
    answer = await api.get("/api/v1/health")
    assert answer.status == 200
    assert (await answer.json())["database"] == "ok"


async def test_a_database_outage_answers_503_with_retry_after(api: Client) -> None:
    project = await make_project()
    # Both clients reconnect on demand: aim them at nothing (a folder, a closed port).
    connection = connections.get("default")
    await connection.close()
    if hasattr(connection, "filename"):
        connection.filename = "/"
    else:
        connection.port = 1
    answer = await api.post("/api/v1/heartbeat", json={"project_token": project.token})
    assert answer.status == 503
    assert answer.headers["Retry-After"] == "5"
    assert "retry" in (await answer.json())["error"]
    await sqlite_threads_done()


async def test_a_rotated_token_stops_working_at_once(api: Client) -> None:
    project = await make_project()
    old = project.token
    await rotate_token(project)
    answer = await api.post("/api/v1/heartbeat", json={"project_token": old})
    assert answer.status == 401
    answer = await api.post("/api/v1/heartbeat", json={"project_token": project.token})
    assert answer.status == 200


async def test_deleting_a_project_takes_its_data_with_it(api: Client) -> None:
    project = await make_project()
    await make_subscription(project, await make_subscriber())
    await api.post("/api/v1/heartbeat", json={"project_token": project.token})
    await api.post("/api/v1/log", json={"project_token": project.token, "error": SEED_ERROR})
    await delete_project(project)
    assert await Heartbeat.all().count() == 0
    assert await ErrorReport.all().count() == 0
    answer = await api.post("/api/v1/heartbeat", json={"project_token": project.token})
    assert answer.status == 401
