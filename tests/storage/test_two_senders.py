"""Several instances drain one outbox: two OutboxSender objects on the same database, the real
aiogram Bot, the Telegram double. Each message reaches its chat once, in order, however long a
send takes and whatever happens to the record of it."""

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from aiogram import Bot
from tortoise import connections

from models import OutboxMessage, Subscriber
from services.delivery.pacing import TelegramPacer
from services.delivery.sender import OutboxSender
from services.letters.outbox import Letter, OutboxSignal, Recipient, enqueue
from services.storage.sql import postgres
from tests.conftest import make_subscriber
from tests.telegram_double import TelegramDouble

CHAT = 8101
# The longest a send can take: three attempts of 15 s each, and the two flood-control waits of
# up to 5 s between them that the bot sits out (bot/retry.py).
LONGEST_SEND = timedelta(seconds=3 * 15 + 2 * 5)
REFUSED_RECORD = "disk I/O error"


class Clock:
    """One instance's wall clock, which the test moves on (a later look, or a clock ahead)."""

    def __init__(self) -> None:
        self.ahead = timedelta(0)

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.ahead


def sender(bot: Bot, clock: Clock | None = None) -> OutboxSender:
    """One instance's sender. Pacing is tested elsewhere: here a chat may get messages back to
    back."""
    pacer = TelegramPacer(private_interval=0)
    return OutboxSender(bot, OutboxSignal(), pacer, clock=clock or Clock())


async def queue(chat: Subscriber, *texts: str) -> None:
    recipient = Recipient(chat.id, chat.telegram_id, "en", "changes", "debug")
    await enqueue([Letter(recipient, "error", text) for text in texts], datetime.now(UTC))


def seen(telegram: TelegramDouble) -> list[str]:
    return [m.visible_text for m in telegram.messages_to(CHAT)]


@pytest.fixture
async def chat(db: str, telegram: TelegramDouble) -> Subscriber:
    telegram.add_user(CHAT)
    telegram.enforce_flood_limits = False
    return await make_subscriber(telegram_id=CHAT)


@pytest.fixture
async def records_of_sends_fail(chat: Subscriber) -> AsyncIterator[None]:
    """The database refuses to record a send (as in an outage right after it went out);
    everything else it still does."""
    connection = connections.get("default")
    if postgres():
        await connection.execute_script(
            f"""
            CREATE FUNCTION refuse_record() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION '{REFUSED_RECORD}'; END $$;
            CREATE TRIGGER refuse_record BEFORE UPDATE ON outbox FOR EACH ROW
            WHEN (NEW.state = 'sent') EXECUTE FUNCTION refuse_record();
            """
        )
    else:
        await connection.execute_script(
            f"""
            CREATE TRIGGER refuse_record BEFORE UPDATE OF state ON outbox
            WHEN NEW.state = 'sent' BEGIN SELECT RAISE(ABORT, '{REFUSED_RECORD}'); END;
            """
        )
    yield
    await database_back()


async def database_back() -> None:
    on_table = " ON outbox" if postgres() else ""
    await connections.get("default").execute_script(
        f"DROP TRIGGER IF EXISTS refuse_record{on_table}"
    )


async def test_a_send_still_going_when_another_instance_looks_later_is_not_sent_twice(
    chat: Subscriber, telegram: TelegramDouble, bot: Bot
) -> None:
    await queue(chat, "disk full")
    release = telegram.hold_next("sendMessage")
    sending = asyncio.create_task(sender(bot).drain_once())
    await telegram.wait_for(lambda: telegram.calls_to("sendMessage"))

    later = Clock()
    later.ahead = LONGEST_SEND  # the first instance's send may legitimately still be going
    await sender(bot, later).drain_once()
    release.set()
    await sending

    assert seen(telegram) == ["disk full"]


async def test_no_instance_sends_a_chats_later_message_while_another_sends_an_earlier_one(
    chat: Subscriber, telegram: TelegramDouble, bot: Bot
) -> None:
    await queue(chat, "down", "recovered")
    release = telegram.hold_next("sendMessage")
    first = asyncio.create_task(sender(bot).drain_once())
    await telegram.wait_for(lambda: telegram.calls_to("sendMessage"))

    await sender(bot).drain_once()
    release.set()
    await first

    assert seen(telegram) == ["down", "recovered"]


async def test_a_send_whose_record_failed_is_recorded_when_the_database_is_back_not_resent(
    chat: Subscriber, telegram: TelegramDouble, bot: Bot, records_of_sends_fail: None
) -> None:
    await queue(chat, "disk full")
    clock = Clock()
    instance = sender(bot, clock)
    with pytest.raises(Exception, match=REFUSED_RECORD):
        await instance.drain_once()  # sent; its run loop logs this and carries on
    assert seen(telegram) == ["disk full"]

    await database_back()
    clock.ahead = timedelta(minutes=10)  # well past any claim's lease
    await instance.drain_once()

    assert seen(telegram) == ["disk full"]
    assert (await OutboxMessage.get(text="disk full")).state == "sent"


async def test_a_send_that_can_never_be_recorded_is_made_at_most_three_times(
    chat: Subscriber, telegram: TelegramDouble, bot: Bot, records_of_sends_fail: None
) -> None:
    await queue(chat, "disk full")
    for instance in range(6):  # each a new process, looking after the last one's lease
        clock = Clock()
        clock.ahead = timedelta(minutes=10 * instance)
        try:
            await sender(bot, clock).drain_once()
        except Exception as error:
            assert REFUSED_RECORD in str(error)

    assert seen(telegram) == ["disk full"] * 3
    given_up = await OutboxMessage.get(text="disk full")
    assert given_up.state == "dropped"
    assert "may have been delivered" in (given_up.last_error or "")
