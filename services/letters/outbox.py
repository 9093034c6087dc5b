"""The notification outbox: rows written in the same transaction as the event that caused them,
drained by the sender (services/delivery/sender.py)."""

import asyncio
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from tortoise.expressions import F, Subquery
from tortoise.functions import Max
from tortoise.queryset import QuerySet

from models import LetterKind, OutboxMessage, OutboxState, Subscriber, Subscription

# A message claimed this many times with no outcome recorded is given up (see give_up).
MAX_UNRECORDED_SENDS = 3


class OutboxSignal:
    """Wakes the sender as soon as a transaction with new outbox rows has committed."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        self._event.set()

    async def wait(self, at_most: float) -> None:
        try:
            await asyncio.wait_for(self._event.wait(), at_most)
        except TimeoutError:
            pass
        self._event.clear()


@dataclass(frozen=True)
class Recipient:
    subscriber_id: int
    chat_id: int
    locale: str
    heartbeat_mode: str
    min_severity: str
    thread_id: int | None = None
    quiet_hours: str | None = None
    timezone: str | None = None
    reminders: str = "off"


@dataclass(frozen=True)
class Letter:
    recipient: Recipient
    kind: LetterKind
    text: str
    reply_markup: dict[str, Any] | None = None
    # What the message is about, so later edits find it; edit_message_id makes it an edit.
    group_id: int | None = None
    project_id: int | None = None
    monitor_id: int | None = None  # an outage's: the monitor down (None: the heartbeat's)
    edit_message_id: int | None = None
    silent: bool = False  # sent without a sound (quiet hours)


def as_recipient(row: Subscription, chat: Subscriber, default_locale: str) -> Recipient:
    return Recipient(
        subscriber_id=chat.id,
        chat_id=chat.telegram_id,
        locale=chat.language or default_locale,
        heartbeat_mode=row.heartbeat_mode,
        min_severity=row.min_severity,
        thread_id=row.thread_id,
        quiet_hours=row.quiet_hours,
        timezone=chat.timezone,
        reminders=row.reminders,
    )


async def enqueue(letters: list[Letter], now: datetime) -> None:
    """Call inside the transaction that records the event. A chat whose earlier message waits
    for a retry gets the new one no sooner, so its messages keep their order."""
    if not letters:
        return
    waiting = await _retry_times({letter.recipient.chat_id for letter in letters})
    await OutboxMessage.bulk_create(
        [
            _row(letter, max(now, waiting.get(letter.recipient.chat_id, now)), now)
            for letter in letters
        ]
    )


async def _retry_times(chat_ids: set[int]) -> dict[int, datetime]:
    rows = (
        # Only rows waiting for a retry (they carry last_error); a row being sent right now,
        # a retry too (claimed: unrecorded_sends > 0), holds a claim lease in next_attempt_at,
        # which must not delay the chat: the claim's earliest-row check keeps the order.
        await OutboxMessage.filter(
            chat_id__in=list(chat_ids),
            state=OutboxState.PENDING,
            last_error__isnull=False,
            unrecorded_sends=0,
        )
        .annotate(latest=Max("next_attempt_at"))
        .group_by("chat_id")
        .values("chat_id", "latest")
    )
    return {row["chat_id"]: row["latest"] for row in rows}


def _row(letter: Letter, send_at: datetime, now: datetime) -> OutboxMessage:
    return OutboxMessage(
        subscriber_id=letter.recipient.subscriber_id,
        chat_id=letter.recipient.chat_id,
        thread_id=letter.recipient.thread_id,
        kind=letter.kind,
        text=letter.text,
        reply_markup=letter.reply_markup,
        group_id=letter.group_id,
        project_id=letter.project_id,
        monitor_id=letter.monitor_id,
        edit_message_id=letter.edit_message_id,
        silent=letter.silent,
        next_attempt_at=send_at,
        created_at=now,
    )


async def due_messages(
    now: datetime, limit: int, skip_chats: Collection[int] = ()
) -> list[OutboxMessage]:
    """Pending rows whose time has come, oldest first, leaving out chats that must wait."""
    query = OutboxMessage.filter(state=OutboxState.PENDING, next_attempt_at__lte=now)
    if skip_chats:
        query = query.exclude(chat_id__in=list(skip_chats))
    return await query.order_by("id").limit(limit)


async def claim(message: OutboxMessage, now: datetime, lease: timedelta) -> bool:
    """Take a due message for sending; False when another sender took it first, or when an
    earlier message of its chat still waits (another instance may be sending it: the chat's
    order holds across instances). One UPDATE, so the check and the take are one step. The
    lease is its next attempt time: if this process dies mid-send, another retries after it.
    Each claim counts as a send not yet recorded (see `may_have_been_sent`)."""
    earliest = (
        OutboxMessage.filter(chat_id=message.chat_id, state=OutboxState.PENDING)
        .order_by("id")
        .limit(1)
        .values("id")
    )
    return await _take(_claimable(message).filter(id=Subquery(earliest)), now, lease)


async def claim_along(message: OutboxMessage, now: datetime, lease: timedelta) -> bool:
    """Take a later message of a chat to go in the same Telegram message as an earlier one the
    caller holds (an incident message): no earliest-row check, that one is the caller's."""
    return await _take(_claimable(message), now, lease)


def _claimable(message: OutboxMessage) -> QuerySet[OutboxMessage]:
    """The row as it was read: nobody claimed it since (a claim moves next_attempt_at)."""
    return OutboxMessage.filter(
        id=message.id,
        state=OutboxState.PENDING,
        next_attempt_at=message.next_attempt_at,
        unrecorded_sends=message.unrecorded_sends,
        unrecorded_sends__lt=MAX_UNRECORDED_SENDS,
    )


async def _take(row: QuerySet[OutboxMessage], now: datetime, lease: timedelta) -> bool:
    taken = await row.update(
        next_attempt_at=now + lease, unrecorded_sends=F("unrecorded_sends") + 1
    )
    return taken == 1


def may_have_been_sent(message: OutboxMessage) -> bool:
    """Claimed so often with no outcome recorded (a process killed mid-send, a database that
    failed to record a send that went out) that it may have reached the chat already, more
    than once: it is not sent again."""
    return message.unrecorded_sends >= MAX_UNRECORDED_SENDS


async def give_up(message: OutboxMessage) -> bool:
    """Drop a message that `may_have_been_sent`; False when another sender got to it first."""
    dropped = await OutboxMessage.filter(
        id=message.id, state=OutboxState.PENDING, next_attempt_at=message.next_attempt_at
    ).update(
        state=OutboxState.DROPPED,
        unrecorded_sends=0,
        last_error=(
            f"claimed {message.unrecorded_sends} times with no outcome recorded: "
            "it may have been delivered already, so it is not sent again"
        ),
    )
    return dropped == 1


async def mark_sent(message_ids: list[int], telegram_message_id: int, now: datetime) -> None:
    """The messages went out in one Telegram message (one UPDATE: all recorded, or none)."""
    await OutboxMessage.filter(id__in=message_ids).update(
        state=OutboxState.SENT,
        sent_at=now,
        telegram_message_id=telegram_message_id,
        unrecorded_sends=0,
    )


async def postpone(
    message: OutboxMessage, delay: timedelta, error: str, now: datetime, count_attempt: bool = True
) -> None:
    """Try again after `delay`; the chat's later messages wait too, so its order holds."""
    retry_at = now + delay
    await OutboxMessage.filter(id=message.id).update(
        next_attempt_at=retry_at,
        attempts=message.attempts + int(count_attempt),
        last_error=error[:1000],
        unrecorded_sends=0,
    )
    await OutboxMessage.filter(
        chat_id=message.chat_id,
        state=OutboxState.PENDING,
        id__gt=message.id,
        next_attempt_at__lt=retry_at,
    ).update(next_attempt_at=retry_at)


async def release(messages: list[OutboxMessage], at: datetime) -> None:
    """Messages claimed to go along with one that did not go: not sent, due again at `at`."""
    if messages:
        await OutboxMessage.filter(
            id__in=[m.id for m in messages], state=OutboxState.PENDING
        ).update(next_attempt_at=at, unrecorded_sends=0)


async def drop(message_id: int, error: str) -> None:
    await OutboxMessage.filter(id=message_id).update(
        state=OutboxState.DROPPED, last_error=error[:1000], unrecorded_sends=0
    )


async def drop_chat(chat_id: int, error: str) -> None:
    """The chat is gone (blocked the bot, left, deleted): stop sending to it."""
    await Subscriber.filter(telegram_id=chat_id).update(is_active=False)
    await OutboxMessage.filter(chat_id=chat_id, state=OutboxState.PENDING).update(
        state=OutboxState.DROPPED, last_error=error[:1000], unrecorded_sends=0
    )


async def pending_count() -> int:
    return await OutboxMessage.filter(state=OutboxState.PENDING).count()


async def prune_delivered(older_than: datetime) -> int:
    return await OutboxMessage.filter(
        state__in=(OutboxState.SENT, OutboxState.DROPPED), created_at__lt=older_than
    ).delete()
