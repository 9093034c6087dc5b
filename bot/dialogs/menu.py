"""The main menu (/start, /help): what this person can do, and nothing about projects they may
not see."""

from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, StartMode, Window
from aiogram_dialog.widgets.kbd import Column, Row, Start, SwitchTo

from bot.dialogs.common import (
    ErrorText,
    Tr,
    accept,
    actor,
    choice,
    close,
    escaped,
    may_change_chat_settings,
    refuse,
    text_step,
)
from bot.states import (
    AddProject,
    Language,
    Menu,
    Projects,
    Stats,
    Subscribe,
    Timezone,
    Unsubscribe,
)
from models import Subscriber
from services.accounts.access import visible_projects
from services.accounts.subscribers import set_timezone
from services.core.errors import AppError
from services.text.i18n import SUPPORTED_LOCALES

LANGUAGE_NAMES = {"ru": "🇷🇺 Русский", "en": "🇬🇧 English"}


async def get_menu_data(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    me = actor(dialog_manager)
    projects = await _visible_count(dialog_manager)
    start = dialog_manager.start_data if isinstance(dialog_manager.start_data, dict) else {}
    return {
        "is_admin": await me.is_admin(),
        "has_projects": projects > 0,
        "is_stranger": projects == 0 and not await me.is_admin(),
        "user_id": str(me.user_id),
        "chat_id": str(me.chat_id),
        "stale": bool(start.get("stale")),
        "joined": start.get("joined", ""),
    }


async def _visible_count(manager: DialogManager) -> int:
    me = actor(manager)
    return len(await visible_projects(me.user_id, me.admins))


async def get_language_data(**_: Any) -> dict[str, Any]:
    return {"languages": [(code, LANGUAGE_NAMES[code]) for code in SUPPORTED_LOCALES]}


async def on_language(
    callback: CallbackQuery, widget: Any, manager: DialogManager, code: str
) -> None:
    """The chat's language, which its alerts are written in too: in a group, its
    administrators choose it (a new chat's first language comes from whoever wrote first)."""
    if not await may_change_chat_settings(manager):
        return
    await manager.middleware_data["i18n"].set_locale(code)
    await manager.start(Menu.main, mode=StartMode.RESET_STACK)


def menu_dialog() -> Dialog:
    return Dialog(
        Window(
            Tr("menu-stale", when="stale"),
            Tr("menu-joined", when="joined"),
            Tr("menu-admin", when="is_admin"),
            Tr("menu-member", when=lambda data, *_: data["has_projects"] and not data["is_admin"]),
            Tr("menu-stranger", when="is_stranger"),
            Column(
                Start(Tr("btn-add-project"), id="add", state=AddProject.name, when="is_admin"),
                Start(Tr("btn-projects"), id="list", state=Projects.list, when="has_projects"),
                Row(
                    Start(
                        Tr("btn-subscribe"), id="sub", state=Subscribe.project, when="has_projects"
                    ),
                    Start(
                        Tr("btn-unsubscribe"),
                        id="unsub",
                        state=Unsubscribe.project,
                        when="has_projects",
                    ),
                ),
                Start(Tr("btn-stats"), id="stats", state=Stats.project, when="has_projects"),
                Row(
                    Start(Tr("btn-language"), id="lang", state=Language.choose),
                    SwitchTo(Tr("btn-help"), id="help", state=Menu.help),
                ),
            ),
            state=Menu.main,
            getter=get_menu_data,
        ),
        Window(
            Tr("help-text"),
            SwitchTo(Tr("btn-back"), id="back", state=Menu.main),
            state=Menu.help,
            getter=get_menu_data,
        ),
    )


def language_dialog() -> Dialog:
    return Dialog(
        Window(
            Tr("language-choose"),
            ErrorText(),
            Column(
                choice("code", "languages", on_language),
            ),
            close(),
            state=Language.choose,
            getter=get_language_data,
        ),
    )


async def get_timezone_data(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    chat = await Subscriber.get_or_none(telegram_id=actor(dialog_manager).chat_id)
    return {
        "timezone": escaped(chat.timezone if chat else "UTC"),
        "saved": bool(dialog_manager.dialog_data.get("saved")),
    }


async def on_timezone(message: Message, widget: Any, manager: DialogManager, text: str) -> None:
    """Any member may ask, but in a group only its administrators change the zone."""
    if not await may_change_chat_settings(manager):
        return
    try:
        await set_timezone(actor(manager).chat_id, text)
    except AppError as error:
        refuse(manager, error)
        return
    accept(manager)
    manager.dialog_data["saved"] = True


def timezone_dialog() -> Dialog:
    return Dialog(
        Window(
            Tr("timezone-current"),
            Tr("timezone-saved", when="saved"),
            ErrorText(),
            Tr("timezone-ask"),
            *text_step("zone", on_timezone),
            close(),
            state=Timezone.ask,
            getter=get_timezone_data,
        ),
    )
