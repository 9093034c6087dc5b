import asyncio
import gc
import threading
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from api.app import SERVER_OPTIONS, create_api_app
from services.core.settings import Settings
from services.ingest.commit import GroupCommitter
from services.ingest.ingestor import Ingestor
from services.letters.outbox import OutboxSignal
from services.notify.notifier import Notifier

Client = TestClient[Any, Any]
ServeApp = Callable[..., Awaitable[Client]]
ServeServer = Callable[..., Awaitable[TestServer]]


@pytest.fixture
def aiohttp_client(aiohttp_client: ServeApp, aiohttp_server: ServeServer) -> ServeApp:
    """pytest-aiohttp's, serving every app here as cli/lifecycle.py serves the API
    (api/app.SERVER_OPTIONS): with aiohttp's own decompression on, the doors would get bodies
    already inflated, on the loop and without a cap. The options go to aiohttp_server: in this
    aiohttp, aiohttp_client's server_kwargs reach TestServer but not its runner."""

    async def serve(app: web.Application, **kwargs: Any) -> Client:
        return await aiohttp_client(await aiohttp_server(app, **SERVER_OPTIONS), **kwargs)

    return serve


class HeldCommitter(GroupCommitter):
    """Commits only once `release` is set: a database too busy to keep up."""

    def __init__(self) -> None:
        super().__init__()
        self.release = asyncio.Event()

    async def _flush(self, batch: list[Any]) -> None:
        await self.release.wait()
        await super()._flush(batch)


@pytest.fixture
async def api(db: str, translator, aiohttp_client: Callable[..., Awaitable[Client]]) -> Client:
    settings = Settings(_env_file=None, database_url=db)
    ingestor = Ingestor(Notifier(translator, "ru"), OutboxSignal())
    return await aiohttp_client(create_api_app(settings, ingestor))


async def sqlite_threads_done() -> None:
    """aiosqlite's failed connects leave worker threads, stopped when their connection object is
    collected; one still running after this test's event loop closed would fail a later test
    ("Event loop is closed")."""
    deadline = asyncio.get_running_loop().time() + 10
    while any("_connection_worker_thread" in t.name for t in threading.enumerate()):
        assert asyncio.get_running_loop().time() < deadline, "aiosqlite threads did not end"
        gc.collect()
        await asyncio.sleep(0.01)
