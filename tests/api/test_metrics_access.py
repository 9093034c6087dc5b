"""GET /metrics through HTTP (issue 30): the standard process and Python metrics beside the app's
own, and who may scrape them: anyone by default, only a scrape with METRICS_TOKEN as its bearer
token when that is set, only listed networks when METRICS_ALLOWED_NETWORKS is. The test client
connects from 127.0.0.1."""

import logging
import sys
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from prometheus_client.parser import text_string_to_metric_families
from pydantic import ValidationError

from api.app import create_api_app
from services.core.settings import Settings
from services.ingest.ingestor import Ingestor
from services.letters.outbox import OutboxSignal
from services.notify.notifier import Notifier
from tests.api.conftest import Client

ApiWith = Callable[..., Awaitable[Client]]
TOKEN = "scrape-4f9a1c7e2b"
ELSEWHERE = "198.51.100.0/24"


@pytest.fixture
def api_with(
    db: str, translator: Any, aiohttp_client: Callable[..., Awaitable[Client]]
) -> ApiWith:
    async def build(**overrides: Any) -> Client:
        settings = Settings(_env_file=None, database_url=db, **overrides)
        ingestor = Ingestor(Notifier(translator, "ru"), OutboxSignal())
        return await aiohttp_client(create_api_app(settings, ingestor))

    return build


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def families(answer: Any) -> dict[str, Any]:
    assert answer.status == 200
    return {family.name: family for family in text_string_to_metric_families(await answer.text())}


@pytest.mark.skipif(sys.platform != "linux", reason="process_* metrics are read from /proc")
async def test_the_standard_process_and_python_metrics_are_exported(api_with: ApiWith) -> None:
    api = await api_with()
    exported = await families(await api.get("/metrics"))
    memory = exported["process_resident_memory_bytes"].samples[0].value
    assert memory > 10 * 1024 * 1024  # a Python process with aiohttp loaded: tens of MB
    assert exported["process_open_fds"].samples[0].value > 0
    version = exported["python_info"].samples[0].labels["version"]
    assert version.startswith(f"{sys.version_info.major}.{sys.version_info.minor}.")
    assert {s.labels["generation"] for s in exported["python_gc_collections"].samples} == {
        "0",
        "1",
        "2",
    }
    assert "error_monitor_http_requests" in exported  # beside the app's own


async def test_without_a_token_set_anyone_may_scrape(api_with: ApiWith) -> None:
    api = await api_with()
    assert (await api.get("/metrics")).status == 200
    assert (await api.get("/metrics", headers=bearer("anything"))).status == 200


async def test_with_a_token_set_a_scrape_without_it_gets_401(api_with: ApiWith) -> None:
    api = await api_with(metrics_token=TOKEN)
    answer = await api.get("/metrics")
    assert answer.status == 401
    assert answer.headers["WWW-Authenticate"] == 'Bearer realm="metrics"'
    assert await answer.json() == {
        "ok": False,
        "error": "no Authorization: Bearer token (METRICS_TOKEN is set)",
    }
    assert "process_resident_memory_bytes" not in await answer.text()


@pytest.mark.parametrize(
    "authorization",
    [
        f"Bearer {TOKEN}x",
        f"Bearer {TOKEN[:-1]}",
        "Bearer токен",  # not ASCII: refused, not a 500
        f"Basic {TOKEN}",
        TOKEN,
        "Bearer ",
    ],
)
async def test_with_a_token_set_a_wrong_one_gets_401_without_repeating_it(
    api_with: ApiWith, authorization: str
) -> None:
    api = await api_with(metrics_token=TOKEN)
    answer = await api.get("/metrics", headers={"Authorization": authorization})
    assert answer.status == 401
    error = (await answer.json())["error"]
    assert error.endswith("(METRICS_TOKEN is set)")
    assert TOKEN[:8] not in error


async def test_with_a_token_set_the_right_one_may_scrape(api_with: ApiWith) -> None:
    api = await api_with(metrics_token=TOKEN)
    exported = await families(await api.get("/metrics", headers=bearer(TOKEN)))
    assert "error_monitor_outbox_pending" in exported
    lower_scheme = await api.get("/metrics", headers={"Authorization": f"bearer {TOKEN}"})
    assert lower_scheme.status == 200


async def test_the_token_guards_metrics_only(api_with: ApiWith) -> None:
    api = await api_with(metrics_token=TOKEN)
    assert (await api.get("/api/v1/health")).status == 200
    assert (await api.get("/api/v1/openapi.json")).status == 200


async def test_the_access_log_never_writes_the_token(
    api_with: ApiWith, caplog: pytest.LogCaptureFixture
) -> None:
    api = await api_with(metrics_token=TOKEN)
    with caplog.at_level(logging.INFO):
        assert (await api.get("/metrics", headers=bearer(TOKEN))).status == 200
        assert (await api.get("/metrics", headers=bearer(TOKEN + "x"))).status == 401
        await api.close()  # the access line is written after the answer is sent
    logged = [r.getMessage() for r in caplog.records]
    assert sum('"GET /metrics"' in line for line in logged) == 2, logged
    assert not any(TOKEN in line for line in logged)


def test_the_token_is_among_the_secrets_every_log_line_is_cleaned_of() -> None:
    assert TOKEN in Settings(_env_file=None, metrics_token=TOKEN).secret_values()


@pytest.mark.parametrize("value", ["two words", "токен", "tab\there"])
def test_a_token_that_cannot_travel_in_a_header_is_refused_at_startup(value: str) -> None:
    with pytest.raises(ValidationError, match="metrics_token"):
        Settings(_env_file=None, metrics_token=value)


async def test_a_network_not_listed_gets_403_naming_the_setting(api_with: ApiWith) -> None:
    api = await api_with(metrics_allowed_networks=ELSEWHERE)
    answer = await api.get("/metrics")
    assert answer.status == 403
    assert await answer.json() == {
        "ok": False,
        "error": "client address 127.0.0.1 is not in METRICS_ALLOWED_NETWORKS",
    }
    assert (await api.post("/api/v1/heartbeat", json={})).status != 403  # metrics only


async def test_a_listed_network_and_a_trusted_proxy_pass(api_with: ApiWith) -> None:
    api = await api_with(metrics_allowed_networks=f"{ELSEWHERE},127.0.0.0/8")
    assert (await api.get("/metrics")).status == 200
    proxied = await api_with(metrics_allowed_networks=ELSEWHERE, trusted_proxies="127.0.0.1")
    inside = {"X-Forwarded-For": "198.51.100.7"}
    assert (await proxied.get("/metrics", headers=inside)).status == 200
    outside = {"X-Forwarded-For": "203.0.113.9"}
    assert (await proxied.get("/metrics", headers=outside)).status == 403


async def test_network_and_token_together_both_apply(api_with: ApiWith) -> None:
    api = await api_with(metrics_allowed_networks="127.0.0.0/8", metrics_token=TOKEN)
    assert (await api.get("/metrics")).status == 401
    assert (await api.get("/metrics", headers=bearer(TOKEN))).status == 200
    outside = await api_with(metrics_allowed_networks=ELSEWHERE, metrics_token=TOKEN)
    assert (await outside.get("/metrics", headers=bearer(TOKEN))).status == 403


@pytest.mark.parametrize("value", ["10.0.0.1/8", "not-a-network"])
def test_a_malformed_metrics_network_is_refused_at_startup(value: str) -> None:
    with pytest.raises(ValidationError, match="metrics_allowed_networks"):
        Settings(_env_file=None, metrics_allowed_networks=value)
