from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from api.app import create_api_app
from services.ingest import Ingestor
from services.notify import Notifier
from services.outbox import OutboxSignal
from services.settings import Settings

Client = TestClient[Any, Any]


@pytest.fixture
async def api(db: str, translator, aiohttp_client: Callable[..., Awaitable[Client]]) -> Client:
    settings = Settings(_env_file=None, database_url=db)
    ingestor = Ingestor(Notifier(translator, "ru"), OutboxSignal())
    return await aiohttp_client(create_api_app(settings, ingestor))
