"""The real aiogram + aiogram-dialog stack, polling the Telegram double, on a real database.
Three people: an admin, an invited member and a stranger."""

import asyncio
import itertools
import logging
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest
from aiogram import Bot, Dispatcher
from aiogram_dialog.api.entities import stack as stack_entities
from redis.asyncio import Redis

from bot.factory import create_bot, create_dispatcher, used_update_types
from services.core.settings import Settings
from services.text.i18n import create_translator
from tests.conftest import REDIS_SKIP, REDIS_URL
from tests.e2e.app_process import BOT_TOKEN
from tests.telegram_double import SentMessage, TelegramDouble

ADMIN, MEMBER, STRANGER = 100, 200, 300
# How long the bot may take to start polling or to handle an update: a deadline, not a timing
# (a test waits only as long as the bot needs); generous, as a loaded CI machine needs.
BOT_DEADLINE = 30


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
        # when its handling is over. Only this world's bot can confirm it: the double refuses
        # every other token (see `world`).
        await self.telegram.wait_for(
            lambda: not self.telegram.pending_updates, timeout=BOT_DEADLINE
        )

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
    settings: Settings
    translator: Any
    bot: Bot | None = None
    dispatcher: Dispatcher | None = None
    polling: asyncio.Task[None] | None = None

    def person(self, user_id: int, language: str = "en", name: str = "Person") -> Chat:
        if user_id not in self.telegram.users:
            self.telegram.add_user(user_id, first_name=name, language_code=language)
        return Chat(self.telegram, user_id, user_id)

    async def start(self) -> None:
        self.bot = create_bot(self.settings)
        self.dispatcher = create_dispatcher(self.settings, self.translator)
        started = len(self.telegram.calls_to("getUpdates"))
        self.polling = asyncio.create_task(
            self.dispatcher.start_polling(
                self.bot,
                handle_signals=False,
                handle_as_tasks=False,
                allowed_updates=used_update_types(self.dispatcher),
            )
        )
        await self.telegram.wait_for(
            lambda: len(self.telegram.calls_to("getUpdates")) > started, timeout=BOT_DEADLINE
        )

    async def stop(self) -> None:
        assert self.dispatcher and self.polling
        await self.dispatcher.stop_polling()
        await self.polling
        await self.dispatcher.storage.close()

    async def restart(self) -> None:
        """What a process restart does to the bot: a new dispatcher, state only where stored."""
        await self.stop()
        await self.start()


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.redis)])
async def redis_url(request: pytest.FixtureRequest) -> AsyncIterator[str | None]:
    """Bot state in memory (the default) or in Redis (REDIS_URL), emptied for each test."""
    if request.param == "memory":
        yield None
        return
    if not REDIS_URL:
        pytest.skip(REDIS_SKIP)
    client = Redis.from_url(REDIS_URL)
    await client.flushdb()
    await client.aclose()
    yield REDIS_URL


@pytest.fixture(autouse=True)
def unique_dialog_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    """aiogram-dialog names a dialog by the second plus one of 100 random numbers, stored per
    chat: two people of a group opening dialogs in the same second collide once in a hundred
    (bot/commands.without_dialog answers that). Tests number them instead, so none depends on
    that chance; test_dialog_collision.py makes the collision happen on purpose."""
    numbers = itertools.count(1)
    monkeypatch.setattr(stack_entities, "new_id", lambda: stack_entities.id_to_str(next(numbers)))


@pytest.fixture
async def world(
    db: str, redis_url: str | None, caplog: pytest.LogCaptureFixture
) -> AsyncIterator[BotWorld]:
    # A token of this test only: a bot of another process (an app left running by a killed
    # test run, say) that still polls a port this double now reuses is refused, instead of
    # confirming updates this bot is still handling, which would let settle() return early.
    token = f"{BOT_TOKEN.split(':')[0]}:TEST-{secrets.token_urlsafe(16)}"
    async with TelegramDouble(enforce_flood_limits=False, token=token) as telegram:
        settings = Settings(
            _env_file=None,
            bot_token=token,
            telegram_api_url=telegram.url,
            admin_ids=[ADMIN],
            database_url=db,
            redis_url=redis_url,
            public_url="https://monitor.example",
        )
        translator = create_translator("ru")
        await translator.startup()
        world = BotWorld(telegram, settings, translator)
        await world.start()
        try:
            yield world
        finally:
            await world.stop()
        # "not modified" is Telegram's answer to an edit that changes nothing; aiogram-dialog
        # expects and ignores it. Anything else would be a message Telegram refuses.
        refused = [
            (c.method, c.description)
            for c in telegram.calls
            if c.status == 400 and "message is not modified" not in (c.description or "")
        ]
        assert not refused, f"Telegram would refuse what the bot sent: {refused}"
        failures = [
            r.getMessage()
            for r in caplog.records
            if r.levelno >= logging.ERROR and r.name.startswith("aiogram")
        ]
        assert not failures, f"a handler failed: {failures}"
