"""Browsers report directly: preflights are answered on every ingestion door, answers to a page
(refusals included) carry its origin and the headers it needs to back off, and a project's
allowed origins refuse other pages before anything is stored. Servers (no Origin) are
unaffected."""

from collections.abc import Awaitable, Callable

import orjson
import pytest

from api.app import create_api_app
from models import ErrorReport, Heartbeat, Project
from services.core.ratelimit import RateLimiter
from services.core.settings import Settings
from services.ingest.ingestor import Ingestor
from services.letters.outbox import OutboxSignal
from services.notify.notifier import Notifier
from tests.api.conftest import Client
from tests.conftest import make_project

SHOP = "https://shop.example"
PREFLIGHT = {"Origin": SHOP, "Access-Control-Request-Method": "POST"}


def envelope(project: Project) -> bytes:
    header = {"dsn": f"http://{project.token}@monitor.example/{project.id}"}
    event = {"exception": {"values": [{"type": "TypeError", "value": "x is undefined"}]}}
    lines = [header, {"type": "event"}, event]
    return b"\n".join(orjson.dumps(line) for line in lines)


@pytest.mark.parametrize(
    "path", ["/api/v1/heartbeat", "/api/v1/log", "/api/1/envelope/", "/api/1/store/", "/ping/t"]
)
async def test_every_ingestion_door_answers_a_preflight(api: Client, path: str) -> None:
    headers = {**PREFLIGHT, "Access-Control-Request-Headers": "content-type,x-sentry-auth"}
    answer = await api.options(path, headers=headers)
    assert answer.status == 204
    assert answer.headers["Access-Control-Allow-Origin"] == SHOP
    assert "POST" in answer.headers["Access-Control-Allow-Methods"]
    allowed = answer.headers["Access-Control-Allow-Headers"].lower()
    for header in ("content-type", "authorization", "x-sentry-auth"):
        assert header in allowed
    assert "Access-Control-Allow-Credentials" not in answer.headers


async def test_health_and_metrics_get_no_cors(api: Client) -> None:
    answer = await api.get("/api/v1/health", headers={"Origin": SHOP})
    assert "Access-Control-Allow-Origin" not in answer.headers
    assert (await api.options("/metrics", headers=PREFLIGHT)).status == 405


async def test_a_pages_report_is_answered_with_its_origin(api: Client) -> None:
    project = await make_project()
    body = {"project_token": project.token, "error": {"type": "TypeError", "message": "x"}}
    answer = await api.post("/api/v1/log", json=body, headers={"Origin": SHOP})
    assert answer.status == 201
    assert answer.headers["Access-Control-Allow-Origin"] == SHOP
    assert "Retry-After" in answer.headers["Access-Control-Expose-Headers"]
    assert "X-Sentry-Rate-Limits" in answer.headers["Access-Control-Expose-Headers"]
    assert "Origin" in answer.headers.getall("Vary")
    server = await api.post("/api/v1/log", json=body)  # no Origin: a server, no CORS
    assert server.status == 201 and "Access-Control-Allow-Origin" not in server.headers


async def test_a_refusal_is_readable_by_the_page_so_it_can_back_off(
    db: str, translator, aiohttp_client: Callable[..., Awaitable[Client]]
) -> None:
    settings = Settings(_env_file=None, database_url=db)
    limiter = RateLimiter(per_minute=1)
    ingestor = Ingestor(Notifier(translator, "ru"), OutboxSignal(), limiter)
    client = await aiohttp_client(create_api_app(settings, ingestor))
    project = await make_project()
    body = {"project_token": project.token}
    assert (await client.post("/api/v1/heartbeat", json=body, headers={"Origin": SHOP})).ok
    refused = await client.post("/api/v1/heartbeat", json=body, headers={"Origin": SHOP})
    assert refused.status == 429
    assert refused.headers["Access-Control-Allow-Origin"] == SHOP
    assert "Retry-After" in refused.headers["Access-Control-Expose-Headers"]
    assert int(refused.headers["Retry-After"]) >= 1


@pytest.mark.parametrize(
    ("origin", "allowed"),
    [
        (SHOP, True),
        ("https://eu.shop.example", True),
        ("https://a.b.shop.example", True),
        ("http://shop.example", False),  # another scheme is another origin
        ("https://shop.example:8443", False),
        ("https://evil.example", False),
        ("https://evilshop.example", False),
        ("null", False),  # a sandboxed page or a file
    ],
)
async def test_a_project_with_allowed_origins_refuses_other_pages_before_storing(
    api: Client, origin: str, allowed: bool
) -> None:
    project = await make_project(allowed_origins=f"{SHOP},https://*.shop.example")
    body = {"project_token": project.token, "error": {"type": "TypeError", "message": "x"}}
    answer = await api.post("/api/v1/log", json=body, headers={"Origin": origin})
    stored = await ErrorReport.filter(project_id=project.id).count()
    if allowed:
        assert (answer.status, stored) == (201, 1)
        return
    assert (answer.status, stored) == (403, 0)
    assert origin in (await answer.json())["error"]
    assert answer.headers["Access-Control-Allow-Origin"] == origin  # the page reads why


async def test_every_door_checks_the_origin_and_servers_are_unaffected(api: Client) -> None:
    project = await make_project(allowed_origins=SHOP)
    evil = {"Origin": "https://evil.example"}
    refusals = [
        await api.post("/api/v1/heartbeat", json={"project_token": project.token}, headers=evil),
        await api.get(f"/ping/{project.token}", headers=evil),
        await api.post(f"/ping/{project.token}/fail", data=b"log", headers=evil),
        await api.post(f"/api/{project.id}/envelope/", data=envelope(project), headers=evil),
    ]
    assert [answer.status for answer in refusals] == [403, 403, 403, 403]
    assert not await Heartbeat.filter(project_id=project.id).exists()
    assert not await ErrorReport.filter(project_id=project.id).exists()
    assert (await api.get(f"/ping/{project.token}")).status == 200  # cron: no Origin
    sentry = await api.post(
        f"/api/{project.id}/envelope/", data=envelope(project), headers={"Origin": SHOP}
    )
    assert sentry.status == 200 and sentry.headers["Access-Control-Allow-Origin"] == SHOP


async def test_a_page_on_another_site_cannot_ping_through_an_image(api: Client) -> None:
    """Browsers send no Origin with an <img>'s GET, but say it crosses sites: the page's
    origin is read from Referer (or is unknown), and a project with a list refuses it."""
    project = await make_project(allowed_origins=SHOP)
    image = {"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Dest": "image"}
    evil = await api.get(
        f"/ping/{project.token}/fail",
        headers={**image, "Referer": "https://evil.example/blog/post?x=1"},
    )
    assert evil.status == 403 and "https://evil.example" in (await evil.json())["error"]
    hidden = await api.get(f"/ping/{project.token}/fail", headers=image)  # no Referer
    assert hidden.status == 403
    listed = await api.get(
        f"/ping/{project.token}", headers={**image, "Referer": f"{SHOP}/status"}
    )
    assert listed.status == 200
    assert not await ErrorReport.filter(project_id=project.id).exists()
    open_project = await make_project()  # no list: any page, as before
    assert (await api.get(f"/ping/{open_project.token}", headers=image)).status == 200


async def test_a_sentry_refusal_is_readable_by_a_page_so_the_browser_sdk_backs_off(
    db: str, translator, aiohttp_client: Callable[..., Awaitable[Client]]
) -> None:
    """@sentry/browser reads X-Sentry-Rate-Limits (and Retry-After) only if the answer exposes
    them to the page: the envelope door's 429 does, to the page's origin."""
    settings = Settings(_env_file=None, database_url=db)
    ingestor = Ingestor(Notifier(translator, "ru"), OutboxSignal(), RateLimiter(per_minute=1))
    client = await aiohttp_client(create_api_app(settings, ingestor))
    project = await make_project()
    path = f"/api/{project.id}/envelope/"
    assert (await client.post(path, data=envelope(project), headers={"Origin": SHOP})).ok
    refused = await client.post(path, data=envelope(project), headers={"Origin": SHOP})
    assert refused.status == 429
    assert refused.headers["Access-Control-Allow-Origin"] == SHOP
    exposed = {
        h.strip().lower() for h in refused.headers["Access-Control-Expose-Headers"].split(",")
    }
    assert {"x-sentry-rate-limits", "retry-after"} <= exposed
    assert refused.headers["X-Sentry-Rate-Limits"].endswith("::key")


async def test_kuma_push_urls_answer_a_preflight_and_a_page(api: Client) -> None:
    project = await make_project()
    listed = await make_project(allowed_origins=SHOP)  # before the policy first reads lists
    preflight = await api.options(f"/api/push/{project.token}", headers=PREFLIGHT)
    assert preflight.status == 204
    assert preflight.headers["Access-Control-Allow-Origin"] == SHOP
    answer = await api.get(f"/api/push/{project.token}?status=up", headers={"Origin": SHOP})
    assert answer.status == 200 and answer.headers["Access-Control-Allow-Origin"] == SHOP
    evil = await api.get(f"/api/push/{listed.token}", headers={"Origin": "https://evil.example"})
    assert evil.status == 403 and not await Heartbeat.filter(project_id=listed.id).exists()
