"""Keeps the bot receiving updates: long polling (retried forever, so a Telegram outage at start
or later never ends it) or, with WEBHOOK_URL, a webhook served by the API's aiohttp app."""

import asyncio
import contextlib
import hmac
import logging
from urllib.parse import urlsplit

import orjson
from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramNetworkError, TelegramServerError
from aiogram.methods import TelegramMethod
from aiogram.types import Update
from aiohttp import web

from bot.factory import used_update_types
from services.core.settings import Settings

log = logging.getLogger(__name__)
RETRY_SECONDS = 5.0
DEFAULT_WEBHOOK_PATH = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class BotRuntime:
    def __init__(self, bot: Bot, dispatcher: Dispatcher, settings: Settings) -> None:
        self.bot = bot
        self.dispatcher = dispatcher
        self.settings = settings
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def attach_webhook(self, app: web.Application) -> None:
        secret = self.settings.webhook_secret
        receiver = WebhookReceiver(
            self.dispatcher, self.bot, secret.get_secret_value() if secret else None
        )
        app.router.add_post(webhook_path(self.settings), receiver.handle)

    def start(self) -> None:
        work = self._register_webhook if self.settings.webhook_mode else self._poll_forever
        self._task = asyncio.create_task(work(), name="bot-updates")
        self._task.add_done_callback(_log_crash)

    async def stop(self) -> None:
        self._stop.set()
        with contextlib.suppress(RuntimeError):  # polling was not running
            await self.dispatcher.stop_polling()
        if self._task:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self.settings.webhook_mode:
            await self.dispatcher.emit_shutdown(**self._workflow_data())

    async def _poll_forever(self) -> None:
        while not self._stop.is_set():
            try:
                await self.bot.delete_webhook()
                await self.dispatcher.start_polling(
                    self.bot,
                    handle_signals=False,
                    close_bot_session=False,
                    allowed_updates=used_update_types(self.dispatcher),
                )
            except (TelegramNetworkError, TelegramServerError) as error:
                # Telegram unreachable: expected during outages, one line is enough.
                log.warning("Telegram unreachable (%s); retrying in %.0f s", error, RETRY_SECONDS)
                await self._pause()
            except Exception:
                log.exception("polling stopped; retrying in %.0f s", RETRY_SECONDS)
                await self._pause()

    async def _register_webhook(self) -> None:
        # What start_polling passes to startup handlers (aiogram-i18n's needs `dispatcher`).
        await self.dispatcher.emit_startup(**self._workflow_data())
        secret = self.settings.webhook_secret
        while not self._stop.is_set():
            try:
                await self.bot.set_webhook(
                    url=self.settings.webhook_url or "",
                    secret_token=secret.get_secret_value() if secret else None,
                    allowed_updates=used_update_types(self.dispatcher),
                )
                return
            except Exception:
                log.exception("setWebhook failed; retrying in %.0f s", RETRY_SECONDS)
                await self._pause()

    def _workflow_data(self) -> dict[str, object]:
        return {
            "bot": self.bot,
            "dispatcher": self.dispatcher,
            "bots": [self.bot],
            **self.dispatcher.workflow_data,
        }

    async def _pause(self) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stop.wait(), RETRY_SECONDS)


class WebhookReceiver:
    """Telegram's updates, posted to the webhook path. Only a real update reaches the
    dispatcher: aiogram's own handler answers 500 (with a traceback in the log) to a body that
    is not JSON, 200 to one that is not an Update (then fails in a background task), and 500 to
    a secret header that is not ASCII. Telegram never sends any of these; whoever does gets a
    400 or a 401 here. A too large body is refused by the app's size limit (413). Built on the
    dispatcher's public feed_update, not on aiogram's handler class."""

    def __init__(self, dispatcher: Dispatcher, bot: Bot, secret_token: str | None) -> None:
        self.dispatcher = dispatcher
        self.bot = bot
        self.secret_token = secret_token
        self._feeding: set[asyncio.Task[None]] = set()  # strong references until done

    async def handle(self, request: web.Request) -> web.Response:
        refusal = secret_refusal(request.headers.get(SECRET_HEADER), self.secret_token)
        if refusal is not None:
            # One line, without the path: WEBHOOK_URL's path may be a secret of its own.
            log.warning("webhook: refused a request from %s: %s", request.remote, refusal)
            return web.Response(body="Unauthorized", status=401)
        try:
            raw = orjson.loads(await request.read())
            update = Update.model_validate(raw, context={"bot": self.bot})
        except (ValueError, TypeError) as error:  # not JSON or UTF-8, too deep, not an Update
            log.info("webhook: refused a body that is not an update: %.200s", error)
            return web.json_response({"ok": False, "error": "not a Telegram update"}, status=400)
        task = asyncio.create_task(self._feed(update))
        self._feeding.add(task)
        task.add_done_callback(self._feeding.discard)
        return web.json_response({})  # at once: Telegram resends updates answered slowly

    async def _feed(self, update: Update) -> None:
        try:
            result = await self.dispatcher.feed_update(self.bot, update)
            if isinstance(result, TelegramMethod):
                await self.dispatcher.silent_call_request(bot=self.bot, result=result)
        except Exception:  # a handler's failure must not vanish into an unawaited task
            log.exception("update %s failed", update.update_id)


def secret_refusal(sent: str | None, expected: str | None) -> str | None:
    """Why the secret header `sent` does not match `expected`, or None when it does. Compared
    as UTF-8 bytes in constant time: `secrets.compare_digest` (aiogram's check) raises on a str
    that is not ASCII, and aiohttp hands header bytes that are not UTF-8 over as surrogates,
    which do not encode at all. Without an expected secret nothing matches (webhook mode
    requires one, services/core/settings.py)."""
    if not sent:
        return f"no {SECRET_HEADER} header"
    try:
        given = sent.encode()
    except UnicodeEncodeError:
        return f"an {SECRET_HEADER} header that is not UTF-8"
    if not expected or not hmac.compare_digest(given, expected.encode()):
        return f"a wrong {SECRET_HEADER} header"
    return None


def webhook_path(settings: Settings) -> str:
    return urlsplit(settings.webhook_url or "").path or DEFAULT_WEBHOOK_PATH


def _log_crash(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and task.exception():
        log.error("bot updates stopped", exc_info=task.exception())
