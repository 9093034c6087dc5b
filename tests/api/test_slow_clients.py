"""A client that sends its body too slowly is answered 408 and cut off; everyone else is served
meanwhile."""

import asyncio
import contextlib
from collections.abc import Awaitable, Callable

from api.app import create_api_app
from services.core.settings import Settings
from services.ingest.ingestor import Ingestor
from services.letters.outbox import OutboxSignal
from services.notify.notifier import Notifier
from tests.api.conftest import Client
from tests.conftest import make_project

HEAD = (
    b"POST /api/v1/heartbeat HTTP/1.1\r\nHost: monitor\r\nContent-Type: application/json\r\n"
    b"Content-Length: 100000\r\n\r\n{"
)


async def drip(writer: asyncio.StreamWriter, seconds: float) -> None:
    """A byte at a time, then nothing: what a stalled or malicious client does. It stops
    before the server's limit: a byte arriving after the server closed would make the kernel
    answer with a reset, which may discard the 408 before the client reads it."""
    with contextlib.suppress(ConnectionError):
        for _ in range(int(seconds * 10)):
            writer.write(b" ")
            await writer.drain()
            await asyncio.sleep(0.1)


async def test_a_client_sending_its_body_slowly_gets_408_and_others_are_served(
    db: str, translator, aiohttp_client: Callable[..., Awaitable[Client]]
) -> None:
    settings = Settings(_env_file=None, database_url=db, request_body_timeout=1)
    ingestor = Ingestor(Notifier(translator, "ru"), OutboxSignal())
    api = await aiohttp_client(create_api_app(settings, ingestor))
    project = await make_project()

    reader, writer = await asyncio.open_connection(api.host, api.port)
    writer.write(HEAD)
    dripping = asyncio.create_task(drip(writer, seconds=0.8))
    try:
        answer = await api.post("/api/v1/heartbeat", json={"project_token": project.token})
        assert answer.status == 200  # served while the slow one is still sending
        status_line = await asyncio.wait_for(reader.readline(), 30)
        assert status_line.startswith(b"HTTP/1.1 408"), status_line
        rest = await asyncio.wait_for(reader.read(), 30)  # until the server closes
        assert b"the body did not arrive within 1 s" in rest
    finally:
        dripping.cancel()
        writer.close()
    answer = await api.post("/api/v1/heartbeat", json={"project_token": project.token})
    assert answer.status == 200
