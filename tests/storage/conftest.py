"""What the storage tests share: a local website whose answer a test switches (the target of
the active checks in test_check_alerts, test_maintenance and test_dependencies)."""

from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from aiohttp import web


class Site:
    """A local website whose answer the test switches."""

    def __init__(self) -> None:
        self.status = 200
        self.url = ""
        self.handler: Callable[[web.Request], Awaitable[web.Response]] | None = None

    async def answer(self, request: web.Request) -> web.Response:
        if self.handler is not None:
            return await self.handler(request)
        return web.Response(status=self.status, text="Welcome to the shop")


@pytest.fixture
async def site() -> AsyncIterator[Site]:
    shop = Site()
    app = web.Application()
    app.router.add_get("/", shop.answer)
    runner = web.AppRunner(app)
    await runner.setup()
    listening = web.TCPSite(runner, "127.0.0.1", 0)
    await listening.start()
    port = runner.addresses[0][1]
    shop.url = f"http://127.0.0.1:{port}/"
    yield shop
    await runner.cleanup()
