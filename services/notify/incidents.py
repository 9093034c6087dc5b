"""Several projects going silent together are one message per chat and forum topic, not a
burst: a silence alert about to be sent takes along the other silence alerts due in the same
place, or joins the incident message of the last minute there while that incident lasts. Later
edits of the message show each project's state (services/notify/live.py)."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from models import LetterKind, OutboxMessage, OutboxState
from services.letters import outbox
from services.monitors.watched import open_outages
from services.notify.live import SEPARATOR, LiveAlerts

COMBINE_WINDOW = timedelta(minutes=1)
# Each alert is at most a few hundred characters: eight stay well inside Telegram's 4,096.
MAX_TOGETHER = 8


@dataclass
class Outgoing:
    """What one send delivers: a new message, or an edit (of an earlier message)."""

    text: str
    reply_markup: dict[str, Any] | None
    edit_message_id: int | None = None
    joins: bool = False  # a silence alert joining the chat's incident message by editing it


def same_place(message: OutboxMessage) -> dict[str, Any]:
    """Filters for the rows that show in the same place as `message`: its chat and, in a forum,
    its topic. Another topic is subscribed to other projects; an outage must not land there."""
    if message.thread_id is None:  # the chat itself (a forum's General topic included)
        return {"chat_id": message.chat_id, "thread_id__isnull": True}
    return {"chat_id": message.chat_id, "thread_id": message.thread_id}


class IncidentComposer:
    def __init__(self, live: LiveAlerts, lease: timedelta) -> None:
        self.live = live
        self.lease = lease

    async def compose(
        self, message: OutboxMessage, now: datetime, along: list[OutboxMessage]
    ) -> Outgoing:
        """The send for a claimed silence alert: joining the chat's recent incident message,
        else a new message. Rows claimed to go in the same message are added to `along`."""
        joined = await self._join_recent(message, now)
        if joined is not None:
            return joined
        return await self.compose_new(message, now, along)

    async def compose_new(
        self, message: OutboxMessage, now: datetime, along: list[OutboxMessage]
    ) -> Outgoing:
        """A new message: the alert with the other silence alerts due in its chat and topic
        (also when the incident message it was to join turned out deleted or no longer
        editable)."""
        others = (
            await OutboxMessage.filter(
                **same_place(message),
                kind=LetterKind.SILENCE,
                state=OutboxState.PENDING,
                edit_message_id__isnull=True,
                next_attempt_at__lte=now,
                id__gt=message.id,
            )
            .order_by("id")
            .limit(MAX_TOGETHER - 1)
        )
        for other in others:
            if await outbox.claim_along(other, now, self.lease):
                along.append(other)
        together = [message, *along]
        rows: list[Any] = []
        for alert in together:
            rows += (alert.reply_markup or {}).get("inline_keyboard", [])
        text = SEPARATOR.join(alert.text for alert in together)
        return Outgoing(text, {"inline_keyboard": rows} if rows else None)

    async def current_edit(self, edit: OutboxMessage) -> Outgoing | None:
        """A queued edit of an incident message, rendered as it must be sent (see
        LiveAlerts.incident_edit); None when it edits something else."""
        rendered = await self.live.incident_edit(edit)
        if rendered is None:
            return None
        text, keyboard = rendered
        return Outgoing(text, keyboard, edit.edit_message_id)

    async def _join_recent(self, message: OutboxMessage, now: datetime) -> Outgoing | None:
        recent = (
            await OutboxMessage.filter(
                **same_place(message),
                kind=LetterKind.SILENCE,
                state=OutboxState.SENT,
                edit_message_id__isnull=True,
                sent_at__gte=now - COMBINE_WINDOW,
            )
            .exclude(project_id=message.project_id)
            .order_by("-id")
            .select_related("subscriber")
            .first()
        )
        if recent is None or not await self._still_silent(recent):
            return None
        # The alert is recorded in that message only once Telegram took the edit: a message
        # the chat deleted, or one that can no longer be edited, must not swallow it.
        locale = recent.subscriber.language or self.live.default_locale
        text, keyboard = await self.live.incident_message(recent, locale, now, joining=message)
        return Outgoing(text, keyboard, edit_message_id=recent.telegram_message_id, joins=True)

    @staticmethod
    async def _still_silent(alert: OutboxMessage) -> bool:
        """The message's incidents are not over, and it has room for one more."""
        siblings = await OutboxMessage.filter(
            chat_id=alert.chat_id,
            kind=LetterKind.SILENCE,
            telegram_message_id=alert.telegram_message_id,
        ).values_list("project_id", flat=True)
        if len(siblings) >= MAX_TOGETHER:
            return False
        return await open_outages(project_id__in=list(siblings)).exists()
