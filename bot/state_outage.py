"""Dialog state lives in Redis (REDIS_URL) and Redis does not answer: every update fails
before any handler runs. The person is told so, once per update, and the log gets one line
instead of a traceback; alerts and ingestion do not need Redis and go on."""

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.types import ErrorEvent
from aiogram_i18n.cores import FluentRuntimeCore
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from services.accounts.subscribers import stored_language
from services.text.i18n import pick_locale

log = logging.getLogger(__name__)
STATE_OUTAGE_ERRORS = (RedisConnectionError, RedisTimeoutError)


class StateOutageMiddleware(BaseMiddleware):
    """An outer middleware of the errors observer. Outer, because aiogram-dialog's own error
    middleware (inner) reads the dialog stack from the same storage and would fail again."""

    def __init__(self, translator: FluentRuntimeCore, default_locale: str) -> None:
        self.translator = translator
        self.default_locale = default_locale

    async def __call__(
        self,
        handler: Callable[[Any, dict[str, Any]], Awaitable[Any]],
        event: Any,
        data: dict[str, Any],
    ) -> Any:
        error = event.exception if isinstance(event, ErrorEvent) else None
        if not isinstance(error, STATE_OUTAGE_ERRORS):
            return await handler(event, data)
        log.warning("bot state storage (Redis) unavailable: %s", error)
        await self._apologise(event, data["bot"])
        return True  # handled: no traceback in the log

    async def _apologise(self, event: ErrorEvent, bot: Bot) -> None:
        update = event.update
        person = update.message or update.callback_query
        if person is None or person.from_user is None:
            return
        chat_id = update.message.chat.id if update.message else person.from_user.id
        stored = await stored_language(chat_id)
        locale = pick_locale(stored, person.from_user.language_code, self.default_locale)
        text = self.translator.get("error-bot-state-unavailable", locale)
        if update.callback_query:
            await update.callback_query.answer(text, show_alert=True)
        else:
            await bot.send_message(chat_id, text)
