"""Slash commands: each registers the chat and opens its dialog. /start with a code redeems an
invite. The command list is registered with Telegram in both languages."""

import logging
from datetime import UTC, datetime

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.fsm.state import State
from aiogram.types import BotCommand, BotCommandScopeDefault, Message
from aiogram_dialog import DialogManager, StartMode
from aiogram_i18n import I18nContext

from bot.states import (
    AddProject,
    ApiKeys,
    Language,
    Menu,
    Projects,
    Stats,
    StatusPages,
    Subscribe,
    Timezone,
    Unsubscribe,
)
from services.accounts.access import redeem_invite
from services.accounts.subscribers import ChatInfo, register_chat
from services.core.errors import InvalidInvite
from services.core.settings import Settings
from services.text.i18n import SUPPORTED_LOCALES, Translator
from services.text.render import escape

log = logging.getLogger(__name__)

COMMANDS = (
    "start",
    "addproject",
    "listprojects",
    "subscribe",
    "unsubscribe",
    "stats",
    "help",
    "language",
    "timezone",
    "statuspage",  # issue 29
    "apikeys",  # issue 29: the management API's keys (admins)
)
OPENS: dict[str, State] = {
    "addproject": AddProject.name,
    "listprojects": Projects.list,
    "subscribe": Subscribe.project,
    "unsubscribe": Unsubscribe.project,
    "stats": Stats.project,
    "help": Menu.help,
    "language": Language.choose,
    "timezone": Timezone.ask,
    "statuspage": StatusPages.list,  # issue 29
    "apikeys": ApiKeys.list,  # issue 29
}


async def register(message: Message, settings: Settings) -> None:
    user = message.from_user
    name = message.chat.title or (user.full_name if user else "")
    code = user.language_code if user else None
    await register_chat(ChatInfo(message.chat.id, name, code), settings.default_locale)


async def on_start_with_code(
    message: Message,
    command: CommandObject,
    settings: Settings,
    i18n: I18nContext,
    dialog_manager: DialogManager | None = None,
) -> None:
    await register(message, settings)
    user = message.from_user
    assert user is not None
    try:
        project = await redeem_invite(
            command.args or "", user.id, user.full_name, datetime.now(UTC), settings.admin_ids
        )
    except InvalidInvite as refused:
        await message.answer(i18n.get(f"error-{refused.code}"))
        return
    if manager := await dialog_or_apology(message, dialog_manager, i18n):
        await manager.start(
            Menu.main, mode=StartMode.RESET_STACK, data={"joined": escape(project.name)}
        )


async def on_start(
    message: Message,
    settings: Settings,
    i18n: I18nContext,
    dialog_manager: DialogManager | None = None,
) -> None:
    await register(message, settings)
    if manager := await dialog_or_apology(message, dialog_manager, i18n):
        await manager.start(Menu.main, mode=StartMode.RESET_STACK)


async def on_command(
    message: Message,
    command: CommandObject,
    settings: Settings,
    i18n: I18nContext,
    dialog_manager: DialogManager | None = None,
) -> None:
    await register(message, settings)
    if manager := await dialog_or_apology(message, dialog_manager, i18n):
        thread_id = message.message_thread_id if message.is_topic_message else None
        await manager.start(
            OPENS[command.command], mode=StartMode.RESET_STACK, data={"thread_id": thread_id}
        )


async def dialog_or_apology(
    message: Message, manager: DialogManager | None, i18n: I18nContext
) -> DialogManager | None:
    """The dialog manager, or None after asking to send the command again. aiogram-dialog holds
    the manager back when the dialog stored for this person in this chat is not theirs: its
    dialog ids are the second plus one of 100 random numbers, kept per chat, so two people of
    a group who open dialogs in the same second collide once in a hundred."""
    if manager is None:
        log.info("chat %s: a command met another person's dialog", message.chat.id)
        await message.answer(i18n.get("dialog-unavailable"))
    return manager


def commands_router() -> Router:
    router = Router(name="commands")
    router.message.register(on_start_with_code, CommandStart(deep_link=True), F.from_user)
    router.message.register(on_start, CommandStart())
    router.message.register(on_command, Command(*OPENS), F.from_user)
    return router


async def register_commands(bot: Bot, translator: Translator, default_locale: str) -> None:
    """setMyCommands for each language, and the default list in DEFAULT_LOCALE."""
    for locale in (*SUPPORTED_LOCALES, None):
        language = locale or default_locale
        commands = [
            BotCommand(command=name, description=translator.get(f"command-{name}", language))
            for name in COMMANDS
        ]
        await bot.set_my_commands(commands, scope=BotCommandScopeDefault(), language_code=locale)
