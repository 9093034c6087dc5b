"""Through each error door, the stored report keeps no secret: scrubbing happens before the
ingestor stores anything (and so before anything reaches a chat)."""

import orjson

from models import ErrorReport, Heartbeat, OutboxMessage
from tests.api.conftest import Client
from tests.conftest import make_project, make_subscriber, make_subscription

SECRETS = ("hunter2", "sk_live_42", "4111111111111111", "s3ss10n", "c00kie", "tok-99")


async def stored_text(project_id: int) -> str:
    report = await ErrorReport.get(project_id=project_id)
    return "\n".join(
        [report.message, report.stack_trace or "", orjson.dumps(report.context).decode()]
    )


def assert_no_secret(text: str) -> None:
    leaked = [secret for secret in SECRETS if secret in text]
    assert not leaked, text


async def test_the_log_door_stores_no_secret(api: Client) -> None:
    project = await make_project()
    await make_subscription(project, await make_subscriber(telegram_id=91))
    error = {
        "type": "PaymentError",
        "message": "card 4111111111111111 declined",
        "stack_trace": "Traceback:\n  charge(api_key='sk_live_42')\nGET /pay?token=tok-99",
        "context": {"password": "hunter2", "order": {"session_id": "s3ss10n", "id": 5}},
    }
    answer = await api.post("/api/v1/log", json={"project_token": project.token, "error": error})
    assert answer.status == 201
    text = await stored_text(project.id)
    assert_no_secret(text)
    assert '"id":5' in text  # the rest is kept
    assert_no_secret((await OutboxMessage.get(chat_id=91)).text)


async def test_the_sentry_door_stores_no_secret(api: Client) -> None:
    project = await make_project()
    event = {
        "event_id": "e1",
        "exception": {"values": [{"type": "KeyError", "value": "paid by 4111 1111 1111 1111"}]},
        "extra": {"db": {"password": "hunter2"}, "query": "a=1&token=tok-99"},
        "tags": [["session", "s3ss10n"], ["region", "eu"]],
        "contexts": {"stripe": {"secret_key": "sk_live_42"}},
        "user": {"id": "42", "cookie": "c00kie"},
        "request": {
            "url": "https://shop.example/pay",
            "headers": {"Authorization": "Bearer tok-99", "Accept": "text/html"},
            "cookies": "sessionid=s3ss10n",
        },
    }
    header = orjson.dumps({"event_id": "e1"})
    body = b"\n".join([header, b'{"type": "event"}', orjson.dumps(event)])
    answer = await api.post(f"/api/{project.id}/envelope/?sentry_key={project.token}", data=body)
    assert answer.status == 200
    text = await stored_text(project.id)
    assert_no_secret(text)
    report = await ErrorReport.get(project_id=project.id)
    assert report.context["tags"] == [["session", "[Filtered]"], ["region", "eu"]]
    assert report.context["user"] == {"id": "42", "cookie": "[Filtered]"}
    assert report.context["request"]["url"] == "https://shop.example/pay"  # kept for Details
    assert report.context["request"]["headers"]["Accept"] == "text/html"


async def test_the_ping_fail_log_stores_no_secret(api: Client) -> None:
    project = await make_project()
    log = b"backup failed\nPGPASSWORD=hunter2 pg_dump shop\ncard 4111111111111111\n"
    assert (await api.post(f"/ping/{project.token}/fail", data=log)).status == 200
    text = await stored_text(project.id)
    assert_no_secret(text)
    assert "pg_dump shop" in text


async def test_the_heartbeat_door_stores_and_shows_no_secret_in_metadata(api: Client) -> None:
    project = await make_project()
    await make_subscription(project, await make_subscriber(telegram_id=92))
    metadata = {"db_password": "hunter2", "env": "production", "dsn": "pg://x?token=tok-99"}
    body = {"project_token": project.token, "metadata": metadata}
    assert (await api.post("/api/v1/heartbeat", json=body)).status == 200
    stored = (await Heartbeat.get(project_id=project.id)).metadata
    assert_no_secret(orjson.dumps(stored).decode())
    assert stored["env"] == "production"  # the rest is kept
    shown = (await OutboxMessage.get(chat_id=92)).text  # the first heartbeat's notification
    assert_no_secret(shown)
    assert "production" in shown


async def test_the_same_heartbeat_body_again_is_scrubbed_every_time(api: Client) -> None:
    """The door remembers a small body's parsed form: what it stores is scrubbed anew each time,
    never the remembered form, and the remembered form is never the scrubbed one changed."""
    project = await make_project()
    raw = orjson.dumps({"project_token": project.token, "metadata": {"password": "hunter2"}})
    for _ in range(3):
        assert (await api.post("/api/v1/heartbeat", data=raw)).status == 200
    stored = [beat.metadata for beat in await Heartbeat.filter(project_id=project.id)]
    assert len(stored) == 3
    assert_no_secret(orjson.dumps(stored).decode())
    assert all(metadata and set(metadata) == {"password"} for metadata in stored)


# Secrets as programs really write them (issue 31, item 6); each shape kept its secret before.
REAL_WORLD = {
    "message": "login failed: Authorization=Bearer eyJhbGciOi.eyJzdWIi.c2ln for user=bob",
    "stack_trace": (
        'Traceback:\n  connect(password = "correct horse battery staple")\n'
        "  retry(password=p@ss;w0rd, token=[tok-99], secret=(hunter2))\n"
        "POST /pay HTTP/1.1\nX-Api-Key: abc123\nCookie: sessionid=s3ss10n; theme=dark\n"
        'body {"password": "js0n-pa55", "user": "bob"}\n'
        "DATABASE_URL=postgres://shop:pg-pa55@db:5432/shop\n"
        "discard=1 tokens_used=5 keyboard=us"
    ),
    "context": {"note": "authorization=Basic dXNlcjpwYXNz", "tokens_used": 5, "keyboard": "us"},
}
REAL_WORLD_SECRETS = (
    "eyJhbGciOi",
    "c2ln",
    "horse",
    "battery",
    "w0rd",
    "tok-99",
    "hunter2",
    "abc123",
    "s3ss10n",
    "js0n-pa55",
    "pg-pa55",
    "dXNlcjpwYXNz",
)


def assert_no_real_world_secret(text: str) -> None:
    leaked = [secret for secret in REAL_WORLD_SECRETS if secret in text]
    assert not leaked, text


async def test_real_world_secret_shapes_reach_neither_the_database_nor_the_chat(
    api: Client,
) -> None:
    project = await make_project()
    await make_subscription(project, await make_subscriber(telegram_id=93))
    error = {"type": "LoginError", **REAL_WORLD}
    answer = await api.post("/api/v1/log", json={"project_token": project.token, "error": error})
    assert answer.status == 201
    stored = await stored_text(project.id)
    assert_no_real_world_secret(stored)
    # What only looks like a secret is kept, and so are the names around the secrets.
    for kept in ("user=bob", "discard=1 tokens_used=5 keyboard=us", "postgres://shop:", "@db"):
        assert kept in stored
    report = await ErrorReport.get(project_id=project.id)
    assert report.context == {
        "note": "authorization=Basic [Filtered]",
        "tokens_used": 5,
        "keyboard": "us",
    }
    assert_no_real_world_secret((await OutboxMessage.get(chat_id=93)).text)


async def test_the_sentry_door_scrubs_pasted_headers_and_urls(api: Client) -> None:
    project = await make_project()
    event = {
        "event_id": "e2",
        "exception": {"values": [{"type": "LoginError", "value": REAL_WORLD["message"]}]},
        "extra": {"dump": REAL_WORLD["stack_trace"], "X-Api-Key": "abc123", "tokens_used": 5},
        "request": {"headers": [["Authorization", "Bearer eyJhbGciOi"], ["X-Request-Id", "r1"]]},
    }
    header = orjson.dumps({"event_id": "e2"})
    body = b"\n".join([header, b'{"type": "event"}', orjson.dumps(event)])
    answer = await api.post(f"/api/{project.id}/envelope/?sentry_key={project.token}", data=body)
    assert answer.status == 200
    assert_no_real_world_secret(await stored_text(project.id))
    report = await ErrorReport.get(project_id=project.id)
    assert report.context["extra"]["tokens_used"] == 5
    assert report.context["request"]["headers"][1] == ["X-Request-Id", "r1"]
