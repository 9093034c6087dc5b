"""/start: registers the chat. Admins learn what to do next; anyone else gets their id and how
to ask for access, and no project data."""

from aiogram import Router
from aiogram.filters import CommandStart
from aiogram.types import Message
from aiogram_i18n import I18nContext

from services.settings import Settings
from services.subscribers import ChatInfo, is_admin, register_chat

router = Router(name="start")


@router.message(CommandStart())
async def on_start(message: Message, i18n: I18nContext, settings: Settings) -> None:
    user = message.from_user
    if user is None:
        return
    chat = ChatInfo(message.chat.id, _chat_name(message), user.language_code)
    subscriber = await register_chat(chat, settings.default_locale)
    locale = subscriber.language or settings.default_locale
    if await is_admin(user.id, settings.admin_ids):
        text = i18n.get("start-admin", locale, chat_id=str(message.chat.id))
    else:
        text = i18n.get(
            "start-stranger", locale, user_id=str(user.id), chat_id=str(message.chat.id)
        )
    await message.answer(text)


def _chat_name(message: Message) -> str:
    if message.chat.title:
        return message.chat.title
    user = message.from_user
    return user.full_name if user else ""
