"""GET /api/v1/health reports the database, Redis and the outbox."""

from collections.abc import Awaitable, Callable

import pytest

from api.app import create_api_app
from services.core.settings import Settings
from services.ingest.ingestor import Ingestor
from services.letters.outbox import OutboxSignal
from services.notify.notifier import Notifier
from tests.api.conftest import Client
from tests.conftest import REDIS_SKIP, REDIS_URL


async def health_with(
    redis_url: str | None, db: str, translator, aiohttp_client: Callable[..., Awaitable[Client]]
) -> dict[str, object]:
    settings = Settings(_env_file=None, database_url=db, redis_url=redis_url)
    ingestor = Ingestor(Notifier(translator, "ru"), OutboxSignal())
    client = await aiohttp_client(create_api_app(settings, ingestor))
    answer = await client.get("/api/v1/health")
    assert answer.status == 200
    return dict(await answer.json())


async def test_health_says_redis_is_not_configured_without_redis_url(
    db: str, translator, aiohttp_client: Callable[..., Awaitable[Client]]
) -> None:
    health = await health_with(None, db, translator, aiohttp_client)
    assert health == {"ok": True, "database": "ok", "redis": "not configured", "outbox_pending": 0}


@pytest.mark.redis
async def test_health_says_redis_is_ok_when_it_answers(
    db: str, translator, aiohttp_client: Callable[..., Awaitable[Client]]
) -> None:
    if not REDIS_URL:
        pytest.skip(REDIS_SKIP)
    assert (await health_with(REDIS_URL, db, translator, aiohttp_client))["redis"] == "ok"
