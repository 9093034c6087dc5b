"""Awaiting a Delivery from a coroutine without blocking the event loop."""

from __future__ import annotations

import asyncio

from error_monitor.delivery import Delivery


async def settled(delivery: Delivery, wait: float) -> bool:
    """Wait at most `wait` seconds for `delivery` to be delivered, refused, dropped or known
    to be waiting for the server; returns `delivery.delivered`. Cancelling the caller does not
    cancel the delivery."""
    if wait > 0 and not delivery.done:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()
        delivery.when_settled(lambda: _resolve_threadsafe(loop, future))
        await asyncio.wait({future}, timeout=wait)
    return delivery.delivered


def _resolve_threadsafe(loop: asyncio.AbstractEventLoop, future: asyncio.Future[None]) -> None:
    try:
        loop.call_soon_threadsafe(_resolve, future)
    except RuntimeError:  # the loop was closed meanwhile: nobody is waiting any more
        pass


def _resolve(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)
