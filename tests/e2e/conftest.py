from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.e2e.app_process import AppProcess
from tests.telegram_double import TelegramDouble

RUSSIAN_CHAT = 5001
ADMIN = 7001


@pytest.fixture
async def telegram() -> AsyncIterator[TelegramDouble]:
    async with TelegramDouble() as double:
        yield double


@pytest.fixture
async def app(
    database_url: str, telegram: TelegramDouble, tmp_path: Path
) -> AsyncIterator[AppProcess]:
    process = AppProcess(tmp_path, database_url, telegram.url, ADMIN_IDS=str(ADMIN))
    await process.start()
    try:
        yield process
    finally:
        await process.stop()
