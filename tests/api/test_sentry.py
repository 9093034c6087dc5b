"""The Sentry door, with the real sentry-sdk as the client and with hand-made envelopes."""

import asyncio
import gzip
from collections.abc import Awaitable, Callable, Iterator

import orjson
import pytest
import sentry_sdk
from sentry_sdk.crons import capture_checkin

from api.keys import INGESTOR
from models import ErrorReport, Heartbeat, OutboxMessage, Project
from services.accounts.projects import delete_project, rotate_token
from services.formats.sentry import event_to_error, parse_envelope
from tests.api.conftest import Client
from tests.conftest import make_project, make_subscriber, make_subscription, run_monitor


def dsn(api: Client, project: Project) -> str:
    return f"http://{project.token}@127.0.0.1:{api.port}/{project.id}"


@pytest.fixture
def sentry() -> Iterator[None]:
    yield
    sentry_sdk.get_client().close(timeout=2)
    sentry_sdk.init(dsn=None)


def init_sentry(url: str) -> None:
    sentry_sdk.init(
        dsn=url,
        default_integrations=False,
        auto_enabling_integrations=False,
        release="shop@1.2.3",
        environment="production",
    )


async def flush() -> None:
    # The SDK sends from its own thread; the test server answers in this loop meanwhile.
    await asyncio.to_thread(sentry_sdk.flush, 5)


async def test_the_official_sdk_reports_exceptions(api: Client, sentry: None) -> None:
    project = await make_project()
    await make_subscription(project, await make_subscriber(telegram_id=71))
    init_sentry(dsn(api, project))
    sentry_sdk.set_tag("region", "eu")
    sentry_sdk.set_user({"id": "42"})
    try:
        {}["missing"]
    except KeyError as error:
        sentry_sdk.capture_exception(error)
    await flush()
    report = await ErrorReport.get(project_id=project.id)
    assert (report.type, report.message, report.severity) == ("KeyError", "'missing'", "error")
    assert "in test_the_official_sdk_reports_exceptions" in (report.stack_trace or "")
    assert report.context["release"] == "shop@1.2.3"
    assert report.context["tags"]["region"] == "eu"
    assert report.context["user"] == {"id": "42"}
    alert = (await OutboxMessage.get(chat_id=71)).text
    assert "Тип: KeyError" in alert


async def test_check_ins_drive_heartbeats_and_failures(api: Client, sentry: None) -> None:
    project = await make_project()
    await make_subscription(project, await make_subscriber(telegram_id=72))
    init_sentry(dsn(api, project))
    capture_checkin(monitor_slug="nightly", status="in_progress")
    await flush()
    assert (await run_monitor(project.id)).since is not None
    capture_checkin(monitor_slug="nightly", status="ok", duration=12.5)
    await flush()
    beat = await Heartbeat.get(project_id=project.id)
    assert beat.metadata["monitor_slug"] == "nightly"
    capture_checkin(monitor_slug="nightly", status="error", duration=3)
    await flush()
    failure = await ErrorReport.get(project_id=project.id)
    assert (failure.type, failure.context["duration_seconds"]) == ("RunFailed", 3)
    texts = [m.text for m in await OutboxMessage.filter(chat_id=72).order_by("id")]
    assert texts[-1].startswith("❌ Запуск завершился с ошибкой")


def envelope(*items: tuple[dict, dict], header: dict | None = None) -> bytes:
    lines = [orjson.dumps(header or {"event_id": "abc"})]
    for item_header, payload in items:
        lines += [orjson.dumps(item_header), orjson.dumps(payload)]
    return b"\n".join(lines) + b"\n"


EVENT = {"level": "warning", "exception": {"values": [{"type": "ValueError", "value": "bad"}]}}


async def test_gzip_envelopes_keyed_in_the_query_are_accepted(api: Client) -> None:
    project = await make_project()
    body = gzip.compress(envelope(({"type": "event"}, EVENT), ({"type": "session"}, {"x": 1})))
    answer = await api.post(
        f"/api/{project.id}/envelope/?sentry_key={project.token}",
        data=body,
        headers={"Content-Encoding": "gzip"},
    )
    assert answer.status == 200
    assert (await answer.json())["id"] == "abc"
    report = await ErrorReport.get(project_id=project.id)
    assert (report.type, report.severity) == ("ValueError", "warning")


async def test_the_key_may_come_in_the_envelopes_dsn(api: Client) -> None:
    project = await make_project()
    header = {"event_id": "e1", "dsn": f"http://{project.token}@h/{project.id}"}
    body = envelope(({"type": "event"}, EVENT), header=header)
    assert (await api.post(f"/api/{project.id}/envelope/", data=body)).status == 200


async def test_the_store_endpoint_takes_a_bare_event(api: Client) -> None:
    project = await make_project()
    auth = f"Sentry sentry_key={project.token}, sentry_version=7"
    answer = await api.post(
        f"/api/{project.id}/store/", data=orjson.dumps(EVENT), headers={"X-Sentry-Auth": auth}
    )
    assert answer.status == 200
    assert await ErrorReport.filter(project_id=project.id).count() == 1


@pytest.mark.parametrize(
    ("path", "body", "status"),
    [
        ("/api/{id}/envelope/?sentry_key=nope", envelope(({"type": "event"}, EVENT)), 401),
        # PostgreSQL refuses a NUL in a query parameter: it must never reach the database.
        ("/api/{id}/store/?sentry_key=%00{token}", orjson.dumps(EVENT), 401),
        ("/api/{id}/store/?sentry_key=" + "a" * 5000, orjson.dumps(EVENT), 401),
        ("/api/{other}/envelope/?sentry_key={token}", envelope(({"type": "event"}, EVENT)), 401),
        ("/api/{id}/envelope/", envelope(({"type": "event"}, EVENT)), 401),
        ("/api/{id}/envelope/?sentry_key={token}", b"not json\n", 400),
        ("/api/{id}/envelope/?sentry_key={token}", b'{}\n{"type":"event","length":99}\n{}', 400),
        ("/api/{id}/store/?sentry_key={token}", b"[1]", 400),
    ],
)
async def test_bad_envelopes_get_a_4xx(api: Client, path: str, body: bytes, status: int) -> None:
    project = await make_project()
    url = path.format(id=project.id, other=project.id + 1000, token=project.token)
    answer = await api.post(url, data=body)
    assert answer.status == status
    assert await ErrorReport.all().count() == 0


@pytest.mark.parametrize(
    ("change", "status"),
    [
        (lambda project: rotate_token(project), 401),
        (lambda project: Project.filter(id=project.id).update(is_active=False), 403),
        (lambda project: delete_project(project), 401),
    ],
)
async def test_a_key_known_to_the_door_stops_working_at_once(
    api: Client, change: Callable[[Project], Awaitable[object]], status: int
) -> None:
    """The door remembers which project a key belongs to; a rotation, a disable or a deletion
    must still refuse the very next event."""
    project = await make_project()
    token = project.token
    url = f"/api/{project.id}/envelope/?sentry_key={token}"
    assert (await api.post(url, data=envelope(({"type": "event"}, EVENT)))).status == 200
    other = await make_project()
    wrong = f"/api/{other.id}/envelope/?sentry_key={token}"
    assert (await api.post(wrong, data=envelope(({"type": "event"}, EVENT)))).status == 401

    await change(project)
    answer = await api.post(url, data=envelope(({"type": "event"}, EVENT)))
    assert answer.status == status
    assert await ErrorReport.filter(project_id=project.id).count() <= 1


async def test_a_compression_bomb_gets_413(api: Client) -> None:
    project = await make_project()
    bomb = gzip.compress(b"\n" * (20 * 1024 * 1024))
    assert len(bomb) < 100_000
    answer = await api.post(
        f"/api/{project.id}/envelope/?sentry_key={project.token}",
        data=bomb,
        headers={"Content-Encoding": "gzip"},
    )
    assert answer.status == 413


async def test_a_project_over_its_limit_gets_429_with_sentry_headers(api: Client) -> None:
    project = await make_project()
    api.app[INGESTOR].limiter.per_minute = 2
    url = f"/api/{project.id}/envelope/?sentry_key={project.token}"
    statuses = [
        (await api.post(url, data=envelope(({"type": "event"}, EVENT)))).status for _ in range(3)
    ]
    assert statuses == [200, 200, 429]
    answer = await api.post(url, data=envelope(({"type": "event"}, EVENT)))
    assert int(answer.headers["Retry-After"]) >= 1
    assert answer.headers["X-Sentry-Rate-Limits"].endswith("::key")
    heartbeat = await api.post("/api/v1/heartbeat", json={"project_token": project.token})
    assert heartbeat.status == 429


async def test_an_overloaded_app_answers_503_and_tells_sentry_sdks_to_back_off(
    api: Client,
) -> None:
    project = await make_project()
    api.app[INGESTOR].spike_guard.total = 0  # no room left in the queue for the database
    url = f"/api/{project.id}/envelope/?sentry_key={project.token}"
    answer = await api.post(url, data=envelope(({"type": "event"}, EVENT)))
    assert answer.status == 503
    assert "requests wait for the database" in (await answer.json())["error"]
    assert answer.headers["Retry-After"] == "1"
    assert answer.headers["X-Sentry-Rate-Limits"] == "1::key"
    assert await ErrorReport.filter(project_id=project.id).count() == 0


def test_envelope_items_with_and_without_length_are_read() -> None:
    raw = b'{"event_id":"1"}\n{"type":"attachment","length":5}\nab\ncd\n{"type":"event"}\n{}\n'
    parsed = parse_envelope(raw)
    items = [(header["type"], payload) for header, payload in parsed.items]
    assert items == [("attachment", b"ab\ncd"), ("event", b"{}")]


def test_an_event_message_without_exception_becomes_a_report() -> None:
    details = event_to_error({"level": "fatal", "logentry": {"formatted": "disk full"}})
    assert (details.type, details.message, details.severity) == (
        "Message",
        "disk full",
        "critical",
    )
