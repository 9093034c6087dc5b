"""The bot's own membership: removed from a chat → its subscriptions go quiet; a group that became
a supergroup → its subscriptions move to the new id; errors a person can cause → a clear answer."""

import logging
from typing import Any

from aiogram import F, Router
from aiogram.filters import IS_MEMBER, IS_NOT_MEMBER, ChatMemberUpdatedFilter
from aiogram.types import ChatMemberUpdated, ErrorEvent, Message
from aiogram_dialog import DialogManager, ShowMode, StartMode
from aiogram_i18n import I18nContext

from bot.states import Menu
from services.subscribers import move_chat, set_active

log = logging.getLogger(__name__)


async def on_removed(event: ChatMemberUpdated) -> None:
    await set_active(event.chat.id, False)


async def on_added(event: ChatMemberUpdated) -> None:
    await set_active(event.chat.id, True)


async def on_migrated(message: Message) -> None:
    assert message.migrate_to_chat_id is not None
    await move_chat(message.chat.id, message.migrate_to_chat_id)


def chat_events_router() -> Router:
    router = Router(name="chat_events")
    router.my_chat_member.register(on_removed, ChatMemberUpdatedFilter(IS_MEMBER >> IS_NOT_MEMBER))
    router.my_chat_member.register(on_added, ChatMemberUpdatedFilter(IS_NOT_MEMBER >> IS_MEMBER))
    router.message.register(on_migrated, F.migrate_to_chat_id)
    return router


async def restart_menu(
    event: ErrorEvent, dialog_manager: DialogManager, notice: str, stale: bool
) -> None:
    """Answer a stale or forbidden button with a fresh menu, never silence or a traceback."""
    query = event.update.callback_query
    if query is not None:
        await query.answer(notice, show_alert=False)
    await dialog_manager.start(
        Menu.main, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND, data={"stale": stale}
    )


async def on_stale_button(
    event: ErrorEvent, dialog_manager: DialogManager, i18n: I18nContext, **_: Any
) -> None:
    log.info("stale dialog button: %s", event.exception)
    await restart_menu(event, dialog_manager, i18n.get("menu-stale-notice"), stale=True)


async def on_access_denied(
    event: ErrorEvent, dialog_manager: DialogManager, i18n: I18nContext, **_: Any
) -> None:
    log.warning("access denied: %s", event.exception)
    await restart_menu(event, dialog_manager, i18n.get("error-access-denied"), stale=False)
