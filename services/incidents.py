"""Several projects going silent together are one message per chat, not a burst: a silence
alert about to be sent takes along the chat's other silence alerts that are due, or joins the
chat's incident message of the last minute while that incident lasts. Later edits of the
message show each project's state (services/live.py)."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from models import OutboxMessage, OutboxState, Project
from services import outbox
from services.live import SEPARATOR, LiveAlerts

COMBINE_WINDOW = timedelta(minutes=1)
# Each alert is at most a few hundred characters: eight stay well inside Telegram's 4,096.
MAX_TOGETHER = 8


@dataclass
class Outgoing:
    """What one send delivers: a new message (or an edit that joins an earlier one)."""

    text: str
    reply_markup: dict[str, Any] | None
    edit_message_id: int | None = None
    also: list[OutboxMessage] = field(default_factory=list)


class IncidentComposer:
    def __init__(self, live: LiveAlerts, lease: timedelta) -> None:
        self.live = live
        self.lease = lease

    async def compose(self, message: OutboxMessage, now: datetime) -> Outgoing:
        """The send for a claimed silence alert."""
        joined = await self._join_recent(message, now)
        if joined is not None:
            return joined
        return await self._take_along(message, now)

    async def _join_recent(self, message: OutboxMessage, now: datetime) -> Outgoing | None:
        recent = (
            await OutboxMessage.filter(
                chat_id=message.chat_id,
                kind="silence",
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
        await OutboxMessage.filter(id=message.id).update(
            telegram_message_id=recent.telegram_message_id
        )
        locale = recent.subscriber.language or self.live.default_locale
        text, keyboard = await self.live.incident_message(recent, locale, now)
        return Outgoing(text, keyboard, edit_message_id=recent.telegram_message_id)

    @staticmethod
    async def _still_silent(alert: OutboxMessage) -> bool:
        """The message's incidents are not over, and it has room for one more."""
        siblings = await OutboxMessage.filter(
            chat_id=alert.chat_id, kind="silence", telegram_message_id=alert.telegram_message_id
        ).values_list("project_id", flat=True)
        if len(siblings) >= MAX_TOGETHER:
            return False
        return await Project.filter(
            id__in=list(siblings), incident_since__isnull=False, incident_ended_at__isnull=True
        ).exists()

    async def _take_along(self, message: OutboxMessage, now: datetime) -> Outgoing:
        others = (
            await OutboxMessage.filter(
                chat_id=message.chat_id,
                kind="silence",
                state=OutboxState.PENDING,
                edit_message_id__isnull=True,
                next_attempt_at__lte=now,
                id__gt=message.id,
            )
            .order_by("id")
            .limit(MAX_TOGETHER - 1)
        )
        taken = [other for other in others if await outbox.claim(other, now, self.lease)]
        together = [message, *taken]
        rows: list[Any] = []
        for alert in together:
            rows += (alert.reply_markup or {}).get("inline_keyboard", [])
        text = SEPARATOR.join(alert.text for alert in together)
        return Outgoing(text, {"inline_keyboard": rows} if rows else None, also=taken)
