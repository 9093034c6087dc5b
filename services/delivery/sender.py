"""The outbox sender: delivers pending notifications to Telegram, in order per chat, within
Telegram's limits, and never loses one to a network error, a 5xx, a 429 or a restart."""

import asyncio
import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramMigrateToChat,
    TelegramRetryAfter,
)
from aiogram.types import InlineKeyboardMarkup, LinkPreviewOptions

from models import LetterKind, OutboxMessage
from services.accounts.subscribers import leave_chat, move_chat
from services.delivery.pacing import FLOOD_WAIT_SECONDS, SEND_ATTEMPTS, TelegramPacer
from services.letters import outbox
from services.letters.outbox import OutboxSignal
from services.notify.incidents import IncidentComposer, Outgoing
from services.notify.notifier import Notifier
from services.storage.db import database_unavailable

log = logging.getLogger(__name__)
BATCH = 100
IDLE_POLL_SECONDS = 1.0
MAX_BACKOFF_SECONDS = 300
SEND_TIMEOUT_SECONDS = 15
# The longest one Bot API call can take: every attempt of the flood-control retry
# (bot/retry.py) up to its timeout, and the waits between them (55 s).
LONGEST_SEND = timedelta(
    seconds=SEND_ATTEMPTS * SEND_TIMEOUT_SECONDS + (SEND_ATTEMPTS - 1) * FLOOD_WAIT_SECONDS
)
# A delivery, composing it (a few reads) and its send, is cut off past this (60 s).
DELIVERY_BOUND = LONGEST_SEND + timedelta(seconds=5)
# The claim outlasts the bounded delivery, with room for the pacing wait before it, the record
# after it and instances' clocks a few seconds apart: no other instance takes a row that is
# still being sent. A row claimed by a process killed mid-send waits this long (80 s).
CLAIM_LEASE = DELIVERY_BOUND + timedelta(seconds=20)
GONE_CHAT_ERRORS = ("chat not found", "user is deactivated", "group chat was deleted")
NOT_MODIFIED = "message is not modified"
# The message to edit was deleted (by someone in the chat) or can no longer be edited.
EDIT_GONE_ERRORS = ("message to edit not found", "message can't be edited")


def utc_now() -> datetime:
    return datetime.now(UTC)


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(2 ** min(attempts, 16), MAX_BACKOFF_SECONDS))


# Kinds that go to their chat whatever it hears now: the notice that a subscription stopped,
# and the last edit that takes the buttons off its old alerts. (An escalation goes to a chat
# the project's chain may still reach: `_still_heard`.)
ANY_CHAT = (LetterKind.NOTICE, LetterKind.FAREWELL)


class OutboxSender:
    def __init__(
        self,
        bot: Bot,
        signal: OutboxSignal,
        pacer: TelegramPacer | None = None,
        incidents: IncidentComposer | None = None,
        clock: Callable[[], datetime] = utc_now,
        hearing: Notifier | None = None,
    ) -> None:
        self.bot = bot
        # Checks, as each row goes, that its chat still hears about its project (None: no
        # check): what was queued before a chat's access ended, or while it was ending, stays.
        self.hearing = hearing
        self.signal = signal
        self.pacer = pacer or TelegramPacer()
        self.incidents = incidents  # combines silence alerts; None: each goes alone
        # The wall clock the outbox's times are read against; a test gives another instance's
        # (one that looks later, or whose clock is ahead).
        self.clock = clock
        self._stopping = asyncio.Event()
        # Rows sent whose record failed (the database went away): row id -> Telegram message id.
        self._unrecorded: dict[int, int] = {}
        # Rows this drain sent along with an earlier one (an incident message): still in the
        # drain's list, they are done, not a claim another instance holds.
        self._sent_along: set[int] = set()

    async def run(self) -> None:
        """Drain until stopped. No error escapes: the loop logs it and goes on."""
        while not self._stopping.is_set():
            try:
                pause = await self.drain_once()
            except Exception as error:
                if database_unavailable(error):  # expected while it restarts: no traceback
                    log.warning("outbox sender: database unavailable (%s); retrying", error)
                else:
                    log.exception("outbox sender failed; retrying")
                pause = IDLE_POLL_SECONDS
            if pause > 0:
                await self.signal.wait(pause)

    def stop(self) -> None:
        self._stopping.set()
        self.signal.notify()

    async def drain_once(self) -> float:
        """Send what is due now; return how long to wait before looking again. A chat that
        must wait (flood limits) is left out of later reads, so it never blocks other chats."""
        await self._record_unrecorded()
        self._sent_along.clear()
        waiting: dict[int, float] = {}
        while not self._stopping.is_set():
            due = await outbox.due_messages(self.clock(), BATCH, skip_chats=waiting)
            for message in due:
                await self._send_or_defer(message, waiting)
            if len(due) < BATCH:
                break
        return min([IDLE_POLL_SECONDS, *waiting.values()])

    async def _send_or_defer(self, message: OutboxMessage, waiting: dict[int, float]) -> None:
        if message.chat_id in waiting or self._stopping.is_set():
            return  # keeps this chat's later messages behind the one that waits
        if message.id in self._sent_along:
            return  # the chat's next rows (another forum topic's, say) may go now
        delay = self.pacer.chat_delay(message.chat_id, time.monotonic())
        if delay > 0:
            waiting[message.chat_id] = delay
            return
        if outbox.may_have_been_sent(message):
            await self._give_up(message)
            return
        if not await outbox.claim(message, self.clock(), CLAIM_LEASE):
            # Another instance is sending it, or an earlier message of this chat.
            waiting[message.chat_id] = IDLE_POLL_SECONDS
            return
        if not await self._still_heard(message):
            await outbox.drop(message.id, "the chat no longer hears about the project")
            return
        await self._wait_overall_slot()
        may_continue = await self.deliver(message)
        delay = self.pacer.chat_delay(message.chat_id, time.monotonic())
        if delay > 0 or not may_continue:
            waiting[message.chat_id] = delay or IDLE_POLL_SECONDS

    async def _still_heard(self, message: OutboxMessage) -> bool:
        if self.hearing is None or message.project_id is None or message.kind in ANY_CHAT:
            return True
        if message.kind == LetterKind.ESCALATION:
            return message.chat_id in await self.hearing.escalations_heard_in(message.project_id)
        return message.chat_id in await self.hearing.heard_in(message.project_id, self.clock())

    async def _give_up(self, message: OutboxMessage) -> None:
        if await outbox.give_up(message):
            log.warning(
                "outbox %s (chat %s) was claimed %s times with no outcome recorded; it may "
                "have been delivered already, so it is not sent again",
                message.id,
                message.chat_id,
                message.unrecorded_sends,
            )

    async def _wait_overall_slot(self) -> None:
        delay = self.pacer.overall_delay(time.monotonic())
        if delay > 0:  # the oldest send in the window leaves it after `delay`
            await asyncio.sleep(delay)

    async def deliver(self, message: OutboxMessage) -> bool:
        """Send one claimed message; False when the chat's next messages must not go yet."""
        now = self.clock()
        self.pacer.record(message.chat_id, time.monotonic())
        along: list[OutboxMessage] = []  # rows claimed to go in the same message
        try:
            # Bounded, so the claim's lease outlasts it: no other instance sends it meanwhile.
            async with asyncio.timeout(DELIVERY_BOUND.total_seconds()):
                message_id = await self._send(message, now, along)
        except Exception as error:
            await outbox.release(along, now)
            return await self._failed(message, error, now)
        await self._record_sent([message, *along], message_id)
        self._sent_along.update(row.id for row in along)
        return True

    async def _failed(self, message: OutboxMessage, error: Exception, now: datetime) -> bool:
        """Record why the message did not go; True when the chat's next ones may go now."""
        if isinstance(error, TelegramRetryAfter):
            self.pacer.hold(message.chat_id, time.monotonic(), error.retry_after)
            delay = timedelta(seconds=error.retry_after)
            await outbox.postpone(message, delay, str(error), now, count_attempt=False)
        elif isinstance(error, TelegramMigrateToChat):
            # The group became a supergroup: same chat, new id. Move it and send again now.
            await move_chat(message.chat_id, error.migrate_to_chat_id)
            await OutboxMessage.filter(id=message.id).update(
                chat_id=error.migrate_to_chat_id,
                next_attempt_at=now,  # ends the claim lease
                unrecorded_sends=0,
            )
        elif isinstance(error, TelegramForbiddenError):
            log.warning("chat %s blocked the bot: %s", message.chat_id, error.message)
            await leave_chat(message.chat_id, now, str(error))
        elif isinstance(error, TelegramBadRequest):
            return await self._rejected(message, error)
        else:  # network errors, 5xx, timeouts (ours too), undecodable answers
            log.warning("sending outbox %s failed (%r); will retry", message.id, error)
            await outbox.postpone(message, backoff(message.attempts), repr(error), now)
        return False

    async def _record_sent(self, rows: list[OutboxMessage], message_id: int) -> None:
        self._unrecorded.update(dict.fromkeys([row.id for row in rows], message_id))
        await self._record_unrecorded()

    async def _record_unrecorded(self) -> None:
        """Record the sends that went out; one whose record fails (the database is away) is
        kept here and recorded first on the next drain, never sent again by this process.
        (Another instance bounds its re-sends: see outbox.may_have_been_sent.)"""
        by_message: dict[int, list[int]] = {}
        for row_id, message_id in self._unrecorded.items():
            by_message.setdefault(message_id, []).append(row_id)
        for message_id, row_ids in by_message.items():
            await outbox.mark_sent(row_ids, message_id, self.clock())
            for row_id in row_ids:
                del self._unrecorded[row_id]

    async def _send(
        self, message: OutboxMessage, now: datetime, along: list[OutboxMessage]
    ) -> int:
        """Send or edit; the id of the Telegram message that now shows the row."""
        outgoing = await self._outgoing(message, now, along)
        try:
            return await self._transmit(message, outgoing)
        except TelegramBadRequest as error:
            incidents, joined = self.incidents, outgoing.edit_message_id
            if not outgoing.joins or incidents is None or joined is None:
                raise
            problem = error.message.lower()
            if NOT_MODIFIED in problem:  # an earlier attempt's edit went through unrecorded
                return joined
            if not any(gone in problem for gone in EDIT_GONE_ERRORS):
                raise
            log.info("incident message of chat %s is gone (%s)", message.chat_id, error.message)
            # The outage goes as a new message, in this same delivery, rather than nowhere.
            return await self._transmit(message, await incidents.compose_new(message, now, along))

    async def _outgoing(
        self, message: OutboxMessage, now: datetime, along: list[OutboxMessage]
    ) -> Outgoing:
        stored = Outgoing(message.text, message.reply_markup, message.edit_message_id)
        if self.incidents is None:
            return stored
        if message.kind == LetterKind.SILENCE and message.edit_message_id is None:
            return await self.incidents.compose(message, now, along)
        if message.kind in (LetterKind.EDIT, LetterKind.FAREWELL) and message.group_id is None:
            # Rendered now, not when it was queued: a project may have joined the message.
            return await self.incidents.current_edit(message) or stored
        return stored

    async def _transmit(self, message: OutboxMessage, outgoing: Outgoing) -> int:
        """Send the text, or edit the message it targets; the Telegram message id."""
        markup = (
            InlineKeyboardMarkup.model_validate(outgoing.reply_markup)
            if outgoing.reply_markup
            else None
        )
        if outgoing.edit_message_id is not None:
            await self.bot.edit_message_text(
                chat_id=message.chat_id,
                message_id=outgoing.edit_message_id,
                text=outgoing.text,
                parse_mode="HTML",
                reply_markup=markup,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
                request_timeout=SEND_TIMEOUT_SECONDS,
            )
            return outgoing.edit_message_id
        sent = await self.bot.send_message(
            chat_id=message.chat_id,
            message_thread_id=message.thread_id,
            text=outgoing.text,
            parse_mode="HTML",
            reply_markup=markup,
            disable_notification=message.silent or None,
            link_preview_options=LinkPreviewOptions(is_disabled=True),
            request_timeout=SEND_TIMEOUT_SECONDS,
        )
        return sent.message_id

    async def _rejected(self, message: OutboxMessage, error: TelegramBadRequest) -> bool:
        problem = error.message.lower()
        edited = message.edit_message_id
        if edited is not None and any(e in problem for e in (NOT_MODIFIED, *EDIT_GONE_ERRORS)):
            # Already showing this text, or the message is gone: nothing more to do.
            await outbox.mark_sent([message.id], edited, self.clock())
            return True
        if any(gone in problem for gone in GONE_CHAT_ERRORS):
            log.warning("chat %s is gone: %s", message.chat_id, error.message)
            await leave_chat(message.chat_id, self.clock(), str(error))
            return False
        # A text Telegram refuses would be refused forever: drop it, keep the chat going.
        log.error("Telegram rejected outbox %s: %s", message.id, error.message)
        await outbox.drop(message.id, str(error))
        return True
