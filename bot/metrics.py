"""Telegram Bot API calls measured for /metrics: how long each took and which failed. Registered
inside the flood-control retry, so every attempt on the wire counts, not just the last one."""

import time
from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.methods import TelegramMethod
from aiogram.methods.base import TelegramType

from services.metrics import Metrics


class TelegramMetricsMiddleware(BaseRequestMiddleware):
    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Any:
        name = method.__api_method__
        started = time.perf_counter()
        try:
            return await make_request(bot, method)
        except Exception as error:
            self.metrics.telegram_errors.labels(name, type(error).__name__).inc()
            raise
        finally:
            self.metrics.telegram_seconds.labels(name).observe(time.perf_counter() - started)
