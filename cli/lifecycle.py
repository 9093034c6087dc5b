"""Runs the aiohttp app until SIGTERM or Ctrl-C, then stops the background workers and the
server within a few seconds."""

import asyncio
import contextlib
import gc
import logging
import signal
import sys
from collections.abc import Awaitable, Callable

from aiohttp import web

from api.app import SERVER_OPTIONS

log = logging.getLogger(__name__)
SHUTDOWN_GRACE_SECONDS = 4.0
# Connections the kernel holds while the app is busy. aiohttp's default, 128, overflows when many
# clients connect at once (a burst of SDKs, a reconnect after a network blip): the kernel then
# drops their SYNs and each waits a second for the retry (docs/BENCHMARKS.md). Linux caps it at
# net.core.somaxconn (4096 on current kernels).
LISTEN_BACKLOG = 2048
# How long the event loop's thread may keep the GIL while another thread waits for it. The
# database's thread needs it only to hand back a finished COMMIT (services/storage/sql.py); with
# Python's 5 ms it waited for the loop to go idle, and the answers of that batch with it. At
# 0.5 ms heartbeats reached about 4 % more of the ceiling in a one-process A/B
# (docs/BENCHMARKS.md).
GIL_SWITCH_INTERVAL_SECONDS = 0.0005


async def serve_until_signal(
    app: web.Application,
    host: str,
    port: int,
    start_workers: Callable[[], None],
    stop_workers: Callable[[], Awaitable[None]],
) -> None:
    runner = web.AppRunner(app, handle_signals=False, shutdown_timeout=1.0, **SERVER_OPTIONS)
    await runner.setup()
    # What start-up built (modules, the bot's types, the app) lives as long as the process. Left
    # to the collector, every full collection walks all of it: under load one comes every few
    # seconds and pauses the loop for about 140 ms on this machine. Frozen out of those walks,
    # a full collection takes about 5 ms (docs/BENCHMARKS.md).
    gc.collect()
    gc.freeze()
    sys.setswitchinterval(GIL_SWITCH_INTERVAL_SECONDS)
    try:
        await web.TCPSite(runner, host, port, backlog=LISTEN_BACKLOG).start()
        log.info("listening on http://%s:%s", host, port)
        start_workers()
        await _wait_for_signal()
        log.info("stopping")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop_workers(), SHUTDOWN_GRACE_SECONDS)
    finally:
        await runner.cleanup()


async def _wait_for_signal() -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    await stop.wait()
