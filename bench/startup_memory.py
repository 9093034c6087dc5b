"""Resident memory of a fresh process after importing aiogram, then after what `run` does before
it serves: the app's modules imported, translations loaded, the Bot and the Dispatcher (every
dialog) built and an update parsed. Not in `make bench`: `.venv/bin/python bench/startup_memory.py`
(docs/BENCHMARKS.md, "Start-up memory")."""

import asyncio
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.children import memory_mb

UPDATE = {
    "update_id": 1,
    "message": {
        "message_id": 1, "date": 0, "chat": {"id": 1, "type": "private"}, "text": "/start"
    },
}


async def start_up() -> None:
    from aiogram.types import Update

    from bot.factory import create_bot, create_dispatcher
    from services.core.settings import Settings
    from services.metrics import Metrics
    from services.text.i18n import create_translator

    settings = Settings(_env_file=None, bot_token="123456789:AAH-bench-startup-memory")
    translator = create_translator(settings.default_locale)
    await translator.startup()
    bot = create_bot(settings, Metrics())
    create_dispatcher(settings, translator)
    Update.model_validate(UPDATE)
    await bot.session.close()


def main() -> None:
    started = time.perf_counter()
    import aiogram.methods
    import aiogram.types  # noqa: F401

    imported = memory_mb(os.getpid(), "VmRSS"), time.perf_counter() - started
    import api.app  # noqa: F401
    import cli.commands  # noqa: F401

    asyncio.run(start_up())
    print(f"after importing aiogram: {imported[0]:.0f} MB ({imported[1]:.1f} s)")
    print(
        f"after start-up: {memory_mb(os.getpid(), 'VmRSS'):.0f} MB "
        f"({time.perf_counter() - started:.1f} s)"
    )


if __name__ == "__main__":
    main()
