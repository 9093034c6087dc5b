"""Regression: a reply right after an alert to the same chat hit Telegram's flood control (429)
and the person got nothing. The bot now waits the seconds Telegram asks for."""

from bot.factory import create_bot
from services.core.settings import Settings
from tests.e2e.app_process import BOT_TOKEN
from tests.telegram_double import TelegramDouble


async def test_a_second_message_within_a_second_still_arrives() -> None:
    async with TelegramDouble() as telegram:  # flood limits on: one message a second per chat
        telegram.add_user(42)
        bot = create_bot(
            Settings(_env_file=None, bot_token=BOT_TOKEN, telegram_api_url=telegram.url)
        )
        try:
            await bot.send_message(42, "alert")
            await bot.send_message(42, "the menu the person asked for")
        finally:
            await bot.session.close()
        assert [m.visible_text for m in telegram.messages_to(42)] == [
            "alert",
            "the menu the person asked for",
        ]
        assert any(call.status == 429 for call in telegram.calls_to("sendMessage"))
