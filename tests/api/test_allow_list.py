"""API_ALLOWED_NETWORKS through HTTP: ingestion doors refuse other networks with a 403 naming
the reason; health, metrics, the description and the Telegram webhook path stay open.
The test client connects from 127.0.0.1."""

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp import web
from pydantic import ValidationError

from api.app import create_api_app
from services.core.settings import Settings
from services.ingest.ingestor import Ingestor
from services.letters.outbox import OutboxSignal
from services.notify.notifier import Notifier
from tests.api.conftest import Client
from tests.conftest import make_project

ApiWith = Callable[..., Awaitable[Client]]
ELSEWHERE = "198.51.100.0/24"


async def telegram_update(request: web.Request) -> web.Response:
    return web.Response(text="update")


@pytest.fixture
def api_with(
    db: str, translator: Any, aiohttp_client: Callable[..., Awaitable[Client]]
) -> ApiWith:
    async def build(**overrides: Any) -> Client:
        settings = Settings(_env_file=None, database_url=db, **overrides)
        app = create_api_app(settings, Ingestor(Notifier(translator, "ru"), OutboxSignal()))
        app.router.add_post("/telegram/webhook", telegram_update)  # as webhook mode adds it
        return await aiohttp_client(app)

    return build


async def test_ingestion_from_a_network_not_listed_gets_403_naming_the_reason(
    api_with: ApiWith,
) -> None:
    api = await api_with(api_allowed_networks=ELSEWHERE)
    project = await make_project()
    for method, path in (
        ("POST", "/api/v1/heartbeat"),
        ("POST", "/api/v1/log"),
        ("GET", f"/ping/{project.token}"),
        ("POST", f"/api/{project.id}/envelope/"),
        ("POST", f"/api/{project.id}/store/"),
    ):
        answer = await api.request(method, path, json={"project_token": project.token})
        assert answer.status == 403, path
        assert await answer.json() == {
            "ok": False,
            "error": "client address 127.0.0.1 is not in API_ALLOWED_NETWORKS",
        }


async def test_health_metrics_description_and_webhook_stay_open(api_with: ApiWith) -> None:
    api = await api_with(api_allowed_networks=ELSEWHERE)
    for method, path in (
        ("GET", "/api/v1/health"),
        ("GET", "/metrics"),
        ("GET", "/api/v1/openapi.json"),
        ("POST", "/telegram/webhook"),
    ):
        assert (await api.request(method, path)).status == 200, path


async def test_a_listed_network_may_send(api_with: ApiWith) -> None:
    api = await api_with(api_allowed_networks=f"{ELSEWHERE},127.0.0.0/8")
    project = await make_project()
    answer = await api.post("/api/v1/heartbeat", json={"project_token": project.token})
    assert answer.status == 200


async def test_x_forwarded_for_is_ignored_unless_the_peer_is_a_trusted_proxy(
    api_with: ApiWith,
) -> None:
    api = await api_with(api_allowed_networks=ELSEWHERE)
    project = await make_project()
    forged = {"X-Forwarded-For": "198.51.100.7"}
    body = {"project_token": project.token}
    assert (await api.post("/api/v1/heartbeat", json=body, headers=forged)).status == 403


async def test_a_trusted_proxy_passes_on_the_client_address(api_with: ApiWith) -> None:
    api = await api_with(api_allowed_networks=ELSEWHERE, trusted_proxies="127.0.0.1")
    project = await make_project()
    body = {"project_token": project.token}
    inside = {"X-Forwarded-For": "198.51.100.7"}
    assert (await api.post("/api/v1/heartbeat", json=body, headers=inside)).status == 200
    outside = {"X-Forwarded-For": "198.51.100.7, 203.0.113.9"}
    answer = await api.post("/api/v1/heartbeat", json=body, headers=outside)
    assert answer.status == 403
    assert "203.0.113.9" in (await answer.json())["error"]


async def test_without_a_list_every_network_may_send(api_with: ApiWith) -> None:
    api = await api_with()
    project = await make_project()
    answer = await api.post("/api/v1/heartbeat", json={"project_token": project.token})
    assert answer.status == 200


@pytest.mark.parametrize("value", ["10.0.0.1/8", "not-a-network", "10.0.0.0/33"])
def test_a_malformed_network_is_refused_at_startup(value: str) -> None:
    with pytest.raises(ValidationError, match="api_allowed_networks"):
        Settings(_env_file=None, api_allowed_networks=value)
