"""Telegram's flood control answers 429 "retry after N". A reply to a person that lands right
after an alert to the same chat would otherwise be lost (the handler fails, the person sees
nothing): wait the few seconds Telegram asks for and send it again."""

import asyncio
from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import TelegramRetryAfter
from aiogram.methods import TelegramMethod
from aiogram.methods.base import TelegramType

from services.delivery.pacing import FLOOD_WAIT_SECONDS, SEND_ATTEMPTS


class RetryAfterMiddleware(BaseRequestMiddleware):
    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Any:
        for _ in range(SEND_ATTEMPTS - 1):
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as error:
                if error.retry_after > FLOOD_WAIT_SECONDS:
                    raise
                await asyncio.sleep(error.retry_after)
        return await make_request(bot, method)
