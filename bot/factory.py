"""Builds the Bot and the Dispatcher. A fresh Dispatcher each call, so tests get new routers."""

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.filters import ExceptionTypeFilter
from aiogram.fsm.storage.base import BaseStorage
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram_dialog import Dialog, setup_dialogs
from aiogram_dialog.api.exceptions import OutdatedIntent, UnknownIntent
from aiogram_i18n import I18nMiddleware
from aiogram_i18n.cores import FluentRuntimeCore

from bot import chat_events, commands
from bot.alerts import alerts_router
from bot.dialogs.add_project import add_project_dialog
from bot.dialogs.api_keys import api_keys_dialog
from bot.dialogs.menu import language_dialog, menu_dialog, timezone_dialog
from bot.dialogs.projects import projects_dialog
from bot.dialogs.stats import stats_dialog
from bot.dialogs.status_pages import status_pages_dialog
from bot.dialogs.subscribe import subscribe_dialog, unsubscribe_dialog
from bot.locale import StoredLocaleManager
from bot.metrics import TelegramMetricsMiddleware
from bot.retry import RetryAfterMiddleware
from bot.state_outage import StateOutageMiddleware
from services.core.errors import AccessDenied
from services.core.settings import Settings
from services.metrics import Metrics
from services.notify.notifier import Notifier


def create_bot(settings: Settings, metrics: Metrics | None = None) -> Bot:
    session = None
    if settings.telegram_api_url:
        session = AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram_api_url))
    bot = Bot(
        settings.require_bot_token(),
        session=session,
        default=DefaultBotProperties(parse_mode="HTML"),
    )
    bot.session.middleware(RetryAfterMiddleware())
    if metrics:  # inside the retry: each attempt on the wire is measured
        bot.session.middleware(TelegramMetricsMiddleware(metrics))
    return bot


def create_storage(settings: Settings) -> BaseStorage:
    if settings.redis_url:
        from aiogram.fsm.storage.base import DefaultKeyBuilder
        from aiogram.fsm.storage.redis import RedisStorage

        # with_destiny=True: aiogram-dialog silently never answers without it.
        return RedisStorage.from_url(
            settings.redis_url,
            key_builder=DefaultKeyBuilder(with_destiny=True),
            # An unreachable Redis fails an update in seconds rather than holding it forever.
            connection_kwargs={"socket_connect_timeout": 5, "socket_timeout": 5},
        )
    return MemoryStorage()


def create_dialogs() -> list[Dialog]:
    return [
        menu_dialog(),
        language_dialog(),
        timezone_dialog(),
        add_project_dialog(),
        projects_dialog(),
        subscribe_dialog(),
        unsubscribe_dialog(),
        stats_dialog(),
        status_pages_dialog(),  # issue 29
        api_keys_dialog(),  # issue 29: /apikeys
    ]


def create_dispatcher(settings: Settings, translator: FluentRuntimeCore) -> Dispatcher:
    # Handlers that end someone's access stop subscriptions and tell the chats (notices).
    notifier = Notifier(translator, settings.default_locale, settings.admin_ids)
    dispatcher = Dispatcher(storage=create_storage(settings), settings=settings, notifier=notifier)
    I18nMiddleware(
        core=translator,
        manager=StoredLocaleManager(default_locale=settings.default_locale),
        default_locale=settings.default_locale,
    ).setup(dispatcher)
    dispatcher.include_routers(
        commands.commands_router(),
        alerts_router(),
        chat_events.chat_events_router(),
        *create_dialogs(),
    )
    setup_dialogs(dispatcher)
    dispatcher.errors.register(
        chat_events.on_stale_button, ExceptionTypeFilter(UnknownIntent, OutdatedIntent)
    )
    dispatcher.errors.register(chat_events.on_access_denied, ExceptionTypeFilter(AccessDenied))
    dispatcher.errors.outer_middleware(StateOutageMiddleware(translator, settings.default_locale))

    async def announce_commands(bot: Bot) -> None:
        await commands.register_commands(bot, translator, settings.default_locale)

    dispatcher.startup.register(announce_commands)
    return dispatcher


def used_update_types(dispatcher: Dispatcher) -> list[str]:
    # aiogram-dialog's internal update type must never be sent to Telegram.
    return dispatcher.resolve_used_update_types(skip_events={"aiogd_update"})
