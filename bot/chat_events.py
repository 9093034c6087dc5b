"""The bot's own membership: removed from a group → its subscriptions stop, and added back they
wait for a group administrator with access to turn them on (whoever added the bot may have no
access at all); a group that became a supergroup → its subscriptions move to the new id; errors
a person can cause → a clear answer."""

import logging
from datetime import UTC, datetime
from typing import Any

from aiogram import Bot, F, Router
from aiogram.enums import ChatMemberStatus
from aiogram.filters import IS_MEMBER, IS_NOT_MEMBER, ChatMemberUpdatedFilter
from aiogram.types import (
    CallbackQuery,
    ChatMemberUpdated,
    ErrorEvent,
    InlineKeyboardMarkup,
    Message,
)
from aiogram_dialog import DialogManager, ShowMode, StartMode
from aiogram_i18n import I18nContext

from bot.states import Menu
from services.accounts import subscribers
from services.core.settings import Settings
from services.notify.alerts import ResumeButton, resume_keyboard
from services.text import render

log = logging.getLogger(__name__)
GROUP_ADMINS = (ChatMemberStatus.CREATOR, ChatMemberStatus.ADMINISTRATOR)


async def on_removed(event: ChatMemberUpdated) -> None:
    await subscribers.leave_chat(event.chat.id, datetime.now(UTC))


async def on_added(event: ChatMemberUpdated, bot: Bot, i18n: I18nContext) -> None:
    waiting = await subscribers.rejoin_chat(event.chat.id, datetime.now(UTC))
    if waiting and event.chat.id < 0:
        await bot.send_message(
            event.chat.id,
            i18n.get("subscriptions-wait", names=_listed(subscribers.names(waiting))),
            reply_markup=InlineKeyboardMarkup.model_validate(
                resume_keyboard(i18n.core, i18n.locale)
            ),
        )


async def on_resume(
    callback: CallbackQuery, bot: Bot, settings: Settings, i18n: I18nContext
) -> None:
    """Only a group administrator, and only for the projects they may see themselves."""
    message = callback.message
    if not isinstance(message, Message):
        await callback.answer(i18n.get("alert-answer-gone"), show_alert=True)
        return
    chat_id, user_id = message.chat.id, callback.from_user.id
    member = await bot.get_chat_member(chat_id, user_id)
    if chat_id > 0 or member.status not in GROUP_ADMINS:
        await callback.answer(i18n.get("error-group-admin-only"), show_alert=True)
        return
    resumed, left = await subscribers.resume(chat_id, user_id, settings.admin_ids)
    if not resumed:
        await callback.answer(i18n.get("subscriptions-resume-none"), show_alert=True)
        return
    await callback.answer(i18n.get("alert-answer-done"))
    text = i18n.get("subscriptions-resumed", names=_listed(resumed))
    if left:
        text += "\n" + i18n.get("subscriptions-still-stopped", names=_listed(left))
    markup = resume_keyboard(i18n.core, i18n.locale) if left else None
    await message.edit_text(
        text, reply_markup=InlineKeyboardMarkup.model_validate(markup) if markup else None
    )


def _listed(names: list[str]) -> str:
    return ", ".join(f"«{render.escape(name, 100)}»" for name in names)


async def on_migrated(message: Message) -> None:
    assert message.migrate_to_chat_id is not None
    await subscribers.move_chat(message.chat.id, message.migrate_to_chat_id)


def chat_events_router() -> Router:
    router = Router(name="chat_events")
    router.my_chat_member.register(on_removed, ChatMemberUpdatedFilter(IS_MEMBER >> IS_NOT_MEMBER))
    router.my_chat_member.register(on_added, ChatMemberUpdatedFilter(IS_NOT_MEMBER >> IS_MEMBER))
    router.message.register(on_migrated, F.migrate_to_chat_id)
    router.callback_query.register(on_resume, ResumeButton.filter())
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
