"""The outbox sender with the real aiogram Bot against the Telegram double."""

import asyncio
from datetime import UTC, datetime, timedelta

from aiogram import Bot

from models import OutboxMessage, Subscriber
from services.delivery.pacing import TelegramPacer
from services.delivery.sender import CLAIM_LEASE, OutboxSender
from services.letters.outbox import Letter, OutboxSignal, Recipient, claim, enqueue, postpone
from tests.conftest import make_subscriber
from tests.telegram_double import TelegramDouble


async def queue(chat: Subscriber, *texts: str) -> None:
    recipient = Recipient(chat.id, chat.telegram_id, "ru", "changes", "debug")
    await enqueue([Letter(recipient, "error", text) for text in texts], datetime.now(UTC))


async def test_one_flooded_chat_does_not_hold_up_another(
    db: str, telegram: TelegramDouble, bot: Bot
) -> None:
    busy, quiet = await make_subscriber(telegram_id=11), await make_subscriber(telegram_id=22)
    telegram.add_user(11), telegram.add_user(22)
    await queue(busy, *[f"flood {n}" for n in range(250)])
    await queue(quiet, "the one that matters")
    await OutboxSender(bot, OutboxSignal()).drain_once()
    assert [m.visible_text for m in telegram.messages_to(22)] == ["the one that matters"]
    assert [m.visible_text for m in telegram.messages_to(11)] == ["flood 0"]


async def test_a_failed_message_keeps_its_chats_order(
    db: str, telegram: TelegramDouble, bot: Bot
) -> None:
    chat = await make_subscriber(telegram_id=33)
    telegram.add_user(33)
    await queue(chat, "first", "second")
    telegram.enforce_flood_limits = False  # this sender does not pace: only order is tested
    sender = OutboxSender(bot, OutboxSignal(), TelegramPacer(private_interval=0))
    telegram.fail_next("sendMessage", 502)
    await sender.drain_once()
    assert telegram.messages_to(33) == []
    await OutboxMessage.all().update(next_attempt_at=datetime.now(UTC))  # the backoff is over
    await sender.drain_once()
    assert [m.visible_text for m in telegram.messages_to(33)] == ["first", "second"]


async def test_text_telegram_refuses_is_dropped_not_retried_forever(
    db: str, telegram: TelegramDouble, bot: Bot
) -> None:
    chat = await make_subscriber(telegram_id=44)
    telegram.add_user(44)
    await queue(chat, "<unknown>tag</unknown>", "fine")
    telegram.enforce_flood_limits = False  # this sender does not pace: only order is tested
    sender = OutboxSender(bot, OutboxSignal(), TelegramPacer(private_interval=0))
    await sender.drain_once()
    states = await OutboxMessage.all().order_by("id").values_list("state", flat=True)
    assert states == ["dropped", "sent"]
    assert [m.visible_text for m in telegram.messages_to(44)] == ["fine"]


async def test_a_chat_that_no_longer_exists_is_deactivated(
    db: str, telegram: TelegramDouble, bot: Bot
) -> None:
    chat = await make_subscriber(telegram_id=55)  # never added to the double: "chat not found"
    await queue(chat, "hello")
    await OutboxSender(bot, OutboxSignal()).drain_once()
    assert not (await Subscriber.get(id=chat.id)).is_active
    assert await OutboxMessage.filter(state="dropped").count() == 1


async def test_two_senders_at_once_deliver_each_message_once(
    db: str, telegram: TelegramDouble, bot: Bot
) -> None:
    telegram.enforce_flood_limits = False
    chats = [await make_subscriber(telegram_id=100 + n) for n in range(20)]
    for chat in chats:
        telegram.add_user(chat.telegram_id)
        await queue(chat, f"hello {chat.telegram_id}")
    senders = [OutboxSender(bot, OutboxSignal(), TelegramPacer(private_interval=0)) for _ in "ab"]
    await asyncio.gather(*(sender.drain_once() for sender in senders))
    delivered = [m.visible_text for m in telegram.sent]
    assert sorted(delivered) == sorted(f"hello {100 + n}" for n in range(20))


async def test_a_message_queued_after_a_failed_one_waits_for_it(
    db: str, telegram: TelegramDouble, bot: Bot
) -> None:
    telegram.enforce_flood_limits = False
    chat = await make_subscriber(telegram_id=66)
    telegram.add_user(66)
    sender = OutboxSender(bot, OutboxSignal(), TelegramPacer(private_interval=0))
    await queue(chat, "down")
    telegram.fail_next("sendMessage", 502)
    await sender.drain_once()
    await queue(chat, "recovered")
    await sender.drain_once()
    assert telegram.messages_to(66) == []  # "recovered" may not overtake "down"
    await OutboxMessage.all().update(next_attempt_at=datetime.now(UTC))
    await sender.drain_once()
    assert [m.visible_text for m in telegram.messages_to(66)] == ["down", "recovered"]


async def test_a_message_queued_while_another_is_in_flight_is_not_delayed_by_its_claim(
    db: str,
) -> None:
    chat = await make_subscriber(telegram_id=77)
    await queue(chat, "first")
    first = await OutboxMessage.get(text="first")
    now = datetime.now(UTC)
    assert await claim(first, now, CLAIM_LEASE)  # being sent right now
    await queue(chat, "second")
    second = await OutboxMessage.get(text="second")
    assert second.next_attempt_at <= datetime.now(UTC)


async def test_a_message_queued_while_a_retry_is_in_flight_is_not_delayed_by_its_claim(
    db: str,
) -> None:
    chat = await make_subscriber(telegram_id=78)
    await queue(chat, "first")
    first = await OutboxMessage.get(text="first")
    failed_at = datetime.now(UTC) - timedelta(seconds=5)
    await postpone(first, timedelta(seconds=1), "502 Bad Gateway", failed_at)  # retry is due
    first = await OutboxMessage.get(id=first.id)
    assert await claim(first, datetime.now(UTC), CLAIM_LEASE)  # being retried right now
    await queue(chat, "second")
    second = await OutboxMessage.get(text="second")
    assert second.next_attempt_at <= datetime.now(UTC)


async def test_a_group_upgraded_to_a_supergroup_gets_its_alert_at_the_new_id(
    db: str, telegram: TelegramDouble, bot: Bot
) -> None:
    group = await make_subscriber(telegram_id=-4242)
    telegram.add_group(-4242, "Ops")
    telegram.upgrade_group(-4242, -1004242000000)
    await queue(group, "disk full")
    sender = OutboxSender(bot, OutboxSignal(), TelegramPacer(group_interval=0))
    await sender.drain_once()
    await sender.drain_once()
    assert [m.visible_text for m in telegram.messages_to(-1004242000000)] == ["disk full"]
    assert (await Subscriber.get(id=group.id)).telegram_id == -1004242000000
