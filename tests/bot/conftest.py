"""The real aiogram + aiogram-dialog stack, polling the Telegram double, on a real database.
Three people: an admin, an invited member and a stranger."""

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from aiogram import Bot, Dispatcher

from bot.factory import create_bot, create_dispatcher, used_update_types
from services.i18n import create_translator
from services.settings import Settings
from tests.e2e.app_process import BOT_TOKEN
from tests.telegram_double import SentMessage, TelegramDouble

ADMIN, MEMBER, STRANGER = 100, 200, 300


@dataclass
class Chat:
    """What a person sees and does in one chat with the bot."""

    telegram: TelegramDouble
    chat_id: int
    user_id: int

    async def say(self, text: str) -> SentMessage:
        self.telegram.send_text(self.chat_id, text, from_user=self.user_id)
        await self.settle()
        return self.last

    async def press(self, label: str) -> SentMessage:
        message = self.last
        self.telegram.press_button(message, message.button_data(label), from_user_id=self.user_id)
        await self.settle()
        return self.last

    async def settle(self) -> None:
        # Handlers run one at a time (handle_as_tasks=False): an update is confirmed only
        # when its handling is over.
        await self.telegram.wait_for(lambda: not self.telegram.pending_updates, timeout=10)

    @property
    def last(self) -> SentMessage:
        alive = [m for m in self.telegram.messages_to(self.chat_id) if not m.deleted]
        return alive[-1]

    @property
    def screen(self) -> str:
        return self.last.visible_text

    @property
    def labels(self) -> list[str]:
        return [button["text"] for button in self.last.buttons]


@dataclass
class BotWorld:
    telegram: TelegramDouble
    bot: Bot
    dispatcher: Dispatcher
    settings: Settings

    def person(self, user_id: int, language: str = "en", name: str = "Person") -> Chat:
        self.telegram.add_user(user_id, first_name=name, language_code=language)
        return Chat(self.telegram, user_id, user_id)

    def group(self, chat_id: int, user_id: int, title: str = "Team") -> Chat:
        self.telegram.add_group(chat_id, title)
        return Chat(self.telegram, chat_id, user_id)


@pytest.fixture
async def world(db: str) -> AsyncIterator[BotWorld]:
    async with TelegramDouble(enforce_flood_limits=False) as telegram:
        settings = Settings(
            _env_file=None,
            bot_token=BOT_TOKEN,
            telegram_api_url=telegram.url,
            admin_ids=[ADMIN],
            database_url=db,
            public_url="https://monitor.example",
        )
        translator = create_translator("ru")
        await translator.startup()
        bot = create_bot(settings)
        dispatcher = create_dispatcher(settings, translator)
        polling = asyncio.create_task(
            dispatcher.start_polling(
                bot,
                handle_signals=False,
                handle_as_tasks=False,
                allowed_updates=used_update_types(dispatcher),
            )
        )
        await telegram.wait_for(lambda: telegram.calls_to("getUpdates"), timeout=10)
        try:
            yield BotWorld(telegram, bot, dispatcher, settings)
        finally:
            await dispatcher.stop_polling()
            await polling
