"""Telegram Bot API calls are measured: latency per method, and failures by error."""

from collections.abc import AsyncIterator

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest

from bot.factory import create_bot
from services.core.settings import Settings
from services.metrics import Metrics
from tests.e2e.app_process import BOT_TOKEN
from tests.telegram_double import TelegramDouble


@pytest.fixture
async def telegram() -> AsyncIterator[TelegramDouble]:
    async with TelegramDouble() as double:
        yield double


@pytest.fixture
async def measured_bot(telegram: TelegramDouble) -> AsyncIterator[tuple[Bot, Metrics]]:
    settings = Settings(_env_file=None, bot_token=BOT_TOKEN, telegram_api_url=telegram.url)
    metrics = Metrics()
    bot = create_bot(settings, metrics)
    yield bot, metrics
    await bot.session.close()


def sample(metrics: Metrics, name: str, **labels: str) -> float | None:
    return metrics.registry.get_sample_value(name, labels)


async def test_each_telegram_call_is_timed_by_method(
    measured_bot: tuple[Bot, Metrics], telegram: TelegramDouble
) -> None:
    bot, metrics = measured_bot
    telegram.add_user(42)
    telegram.add_user(43)
    await bot.get_me()
    await bot.send_message(42, "hello")  # two chats: one chat gets at most one a second
    await bot.send_message(43, "hello")
    seconds = "error_monitor_telegram_request_seconds_count"
    assert sample(metrics, seconds, method="getMe") == 1
    assert sample(metrics, seconds, method="sendMessage") == 2


async def test_a_failed_telegram_call_is_counted_by_error(
    measured_bot: tuple[Bot, Metrics], telegram: TelegramDouble
) -> None:
    bot, metrics = measured_bot
    telegram.add_user(42)
    telegram.fail_next("sendMessage", 400)
    with pytest.raises(TelegramBadRequest):
        await bot.send_message(42, "hello")
    errors = "error_monitor_telegram_errors_total"
    assert sample(metrics, errors, method="sendMessage", error="TelegramBadRequest") == 1


async def test_each_attempt_inside_the_flood_control_retry_is_measured(
    measured_bot: tuple[Bot, Metrics], telegram: TelegramDouble
) -> None:
    bot, metrics = measured_bot
    telegram.add_user(42)
    telegram.fail_next("sendMessage", 429, retry_after=1)
    await bot.send_message(42, "hello")  # waits the second Telegram asks for, then succeeds
    errors = "error_monitor_telegram_errors_total"
    assert sample(metrics, errors, method="sendMessage", error="TelegramRetryAfter") == 1
    seconds = "error_monitor_telegram_request_seconds_count"
    assert sample(metrics, seconds, method="sendMessage") == 2
