"""What a chat stops seeing when it stops hearing about a project (unsubscribed, its maker's
access ended, the bot removed from the group): nothing queued for it is sent any more, and its
recent alerts of the project get one last edit that takes their buttons away. The live refresher
edits only chats that still hear about a project, so that edit is the last."""

from datetime import datetime

from tortoise.expressions import Q, Subquery

from models import ErrorGroup, LetterKind, OutboxMessage, OutboxState, Subscriber
from services.letters.outbox import Letter, Recipient, enqueue

# The newest alerts of each kind that lose their buttons. Older alerts keep them, but every
# button is checked on the server against the person who presses it, and the refresher never
# edits them (it edits a chat's newest alert of a group or incident only).
LAST_EDITS = 30


async def end_alerts(chat: Subscriber, project_id: int, now: datetime) -> None:
    about = _about(project_id)
    await OutboxMessage.filter(
        about, chat_id=chat.telegram_id, state=OutboxState.PENDING, unrecorded_sends=0
    ).update(state=OutboxState.DROPPED, last_error="the chat no longer hears about the project")
    shown = (
        await OutboxMessage.filter(
            about,
            chat_id=chat.telegram_id,
            kind__in=(LetterKind.ERROR, LetterKind.SILENCE),
            state=OutboxState.SENT,
            edit_message_id__isnull=True,
            telegram_message_id__isnull=False,
        )
        .order_by("-id")
        .limit(LAST_EDITS * 4)
    )
    newest: dict[tuple[str, int | None], OutboxMessage] = {}
    for alert in shown:  # the refresher's target: the newest of each group and incident message
        key = (
            alert.kind,
            alert.group_id if alert.kind == LetterKind.ERROR else alert.telegram_message_id,
        )
        newest.setdefault(key, alert)
    await enqueue(
        [await _last_edit(chat, alert) for alert in list(newest.values())[:LAST_EDITS]], now
    )


def _about(project_id: int) -> Q:
    """Rows about the project: error rows carry their group (older ones no project id)."""
    groups = ErrorGroup.filter(project_id=project_id).values("id")
    return Q(project_id=project_id) | Q(group_id__in=Subquery(groups))


async def _last_edit(chat: Subscriber, alert: OutboxMessage) -> Letter:
    """The message as last shown, without buttons. An incident message is rendered again when
    sent (services/notify/incidents.py), showing this project without its footer or buttons."""
    shown = (
        await OutboxMessage.filter(chat_id=alert.chat_id, state=OutboxState.SENT)
        .filter(
            Q(telegram_message_id=alert.telegram_message_id)
            | Q(edit_message_id=alert.telegram_message_id)
        )
        .order_by("-id")
        .first()
    )
    recipient = Recipient(
        subscriber_id=chat.id,
        chat_id=alert.chat_id,
        locale=chat.language or "",
        heartbeat_mode="",
        min_severity="",
        thread_id=alert.thread_id,
    )
    return Letter(
        recipient,
        LetterKind.FAREWELL,
        (shown or alert).text,
        group_id=alert.group_id,
        project_id=alert.project_id,
        edit_message_id=alert.telegram_message_id,
    )
