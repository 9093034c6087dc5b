"""aiogram-i18n's default managers ignore Telegram's language_code and our stored choice; this
one reads the chat's stored language, falling back to language_code, then the default."""

from typing import Any

from aiogram.types import Chat, User
from aiogram_i18n.managers import BaseManager

from services.accounts.subscribers import set_language, stored_language
from services.text.i18n import pick_locale


class StoredLocaleManager(BaseManager):
    async def get_locale(
        self, event_chat: Chat | None = None, event_from_user: User | None = None, **_: Any
    ) -> str:
        stored = await stored_language(event_chat.id) if event_chat else None
        code = event_from_user.language_code if event_from_user else None
        return pick_locale(stored, code, self.default_locale or "ru")

    async def set_locale(self, locale: str, event_chat: Chat | None = None, **_: Any) -> None:
        if event_chat is not None:
            await set_language(event_chat.id, locale)
