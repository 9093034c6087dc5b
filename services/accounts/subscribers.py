"""Chats: registration from /start, admins, subscriptions, and who still hears about a project.

A subscription is heard while its chat is active, it is not stopped, and whoever made it (from
Telegram) still has access to the project. One made from the shell (no maker) is heard while it
exists: the operator who ran the command decides."""

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from models import (
    HeartbeatMode,
    OutboxMessage,
    OutboxState,
    Project,
    Severity,
    StopReason,
    Subscriber,
    Subscription,
)
from services.accounts.access import Level, level_of, with_access
from services.accounts.routing import Reminders, quiet_range
from services.core.errors import InvalidInput
from services.letters import farewell, outbox
from services.storage.transaction import transaction
from services.text import zones
from services.text.i18n import pick_locale


@dataclass(frozen=True)
class ChatInfo:
    telegram_id: int
    full_name: str
    language_code: str | None


async def register_chat(chat: ChatInfo, default_locale: str) -> Subscriber:
    """Create or refresh a chat's record. Its language is fixed when it first writes."""
    async with transaction():
        subscriber, created = await Subscriber.get_or_create(
            telegram_id=chat.telegram_id,
            defaults={
                "full_name": chat.full_name[:256],
                "language": pick_locale(None, chat.language_code, default_locale),
            },
        )
        if not created:
            subscriber.full_name = chat.full_name[:256] or subscriber.full_name
            subscriber.is_active = True
            subscriber.language = subscriber.language or pick_locale(
                None, chat.language_code, default_locale
            )
            await subscriber.save(update_fields=["full_name", "is_active", "language"])
    return subscriber


async def stored_language(telegram_id: int) -> str | None:
    rows = await Subscriber.filter(telegram_id=telegram_id).values_list("language", flat=True)
    languages = cast(list[str | None], rows)  # tortoise types flat=True rows as tuples
    return languages[0] if languages else None


async def add_admin(telegram_id: int) -> Subscriber:
    subscriber, _ = await Subscriber.get_or_create(telegram_id=telegram_id)
    subscriber.is_admin = True
    await subscriber.save(update_fields=["is_admin"])
    return subscriber


async def remove_admin(telegram_id: int) -> bool:
    """False if the person was not an admin added from the shell."""
    return (
        await Subscriber.filter(telegram_id=telegram_id, is_admin=True).update(is_admin=False) > 0
    )


@dataclass(frozen=True)
class SubscriptionOptions:
    """None keeps what is stored (or the default for a new subscription)."""

    min_severity: str | None = None
    heartbeat_mode: str | None = None
    thread_id: int | None = None
    created_by: int | None = None  # the person who subscribed the chat (revoked with them)
    quiet_hours: str | None = None  # "22-08", or "off"
    reminders: str | None = None  # off, hourly, daily
    digest_hour: str | None = None  # "9" (local hour), or "off"

    def given(self) -> dict[str, str | int | None]:
        """The options that were set, checked: a forged value never reaches the database."""
        if self.min_severity is not None and self.min_severity not in set(Severity):
            raise InvalidInput(f"min_severity {self.min_severity!r} is not a severity")
        if self.heartbeat_mode is not None and self.heartbeat_mode not in set(HeartbeatMode):
            raise InvalidInput(f"heartbeat_mode {self.heartbeat_mode!r} is not a mode")
        if self.reminders is not None and self.reminders not in set(Reminders):
            raise InvalidInput(f"reminders {self.reminders!r} is not off, hourly or daily")
        changes: dict[str, str | int | None] = {
            key: value for key, value in vars(self).items() if value is not None
        }
        if self.quiet_hours is not None:
            changes["quiet_hours"] = _quiet_hours(self.quiet_hours)
        if self.digest_hour is not None:
            changes["digest_hour"] = _digest_hour(self.digest_hour)
        return changes


def _quiet_hours(value: str) -> str | None:
    if value == "off":
        return None
    quiet_range(value)
    return value


def _digest_hour(value: str) -> int | None:
    if value == "off":
        return None
    if not value.isdigit() or not 0 <= int(value) <= 23:
        raise InvalidInput(f"digest_hour {value!r} is not an hour from 0 to 23")
    return int(value)


async def subscribe(
    telegram_id: int, project: Project, options: SubscriptionOptions | None = None
) -> tuple[Subscription, bool]:
    """Subscribe a chat (creating its record if needed); returns (subscription, created)."""
    # Subscribing again turns a stopped subscription back on, under its new maker.
    changes = {
        **(options or SubscriptionOptions()).given(),
        "stopped_because": None,
        "stopped_at": None,
    }
    async with transaction():
        subscriber, _ = await Subscriber.get_or_create(telegram_id=telegram_id)
        if not subscriber.is_active:
            subscriber.is_active = True
            await subscriber.save(update_fields=["is_active"])
        subscription, created = await Subscription.get_or_create(
            subscriber=subscriber, project=project, defaults=changes
        )
        if not created:
            await Subscription.filter(id=subscription.id).update(**changes)
        return subscription, created


async def set_language(telegram_id: int, language: str) -> None:
    """The chat's choice from /language; it wins over Telegram's language_code from now on."""
    subscriber, created = await Subscriber.get_or_create(
        telegram_id=telegram_id, defaults={"language": language}
    )
    if not created:
        await Subscriber.filter(id=subscriber.id).update(language=language)


async def set_timezone(telegram_id: int, text: str) -> str:
    """The chat's time zone from what a person typed ("Europe/Moscow", "+3"); the stored name."""
    name = zones.read_zone(text)
    subscriber, created = await Subscriber.get_or_create(
        telegram_id=telegram_id, defaults={"timezone": name}
    )
    if not created:
        await Subscriber.filter(id=subscriber.id).update(timezone=name)
    return name


async def unsubscribe(telegram_id: int, project_id: int, now: datetime) -> bool:
    async with transaction():
        chat = await Subscriber.get_or_none(telegram_id=telegram_id)
        if chat is None:
            return False
        removed = await Subscription.filter(subscriber=chat, project_id=project_id).delete()
        if removed:
            await farewell.end_alerts(chat, project_id, now)
    return removed > 0


@dataclass(frozen=True)
class Audience:
    """A project's subscriptions that are not stopped, by whether they are still heard (the
    subscriber prefetched)."""

    heard: list[Subscription]
    lapsed: list[Subscription]  # their maker lost access: to be stopped


async def audience(project_id: int, admins: Collection[int]) -> Audience:
    rows = await Subscription.filter(
        project_id=project_id, subscriber__is_active=True, stopped_at__isnull=True
    ).select_related("subscriber")
    makers = {row.created_by for row in rows if row.created_by is not None}
    entitled = await with_access(makers, project_id, admins) if makers else set()
    heard = [row for row in rows if row.created_by is None or row.created_by in entitled]
    return Audience(heard, [row for row in rows if row not in heard])


async def lapsed_anywhere(admins: Collection[int]) -> list[Subscription]:
    """Every project's subscriptions whose maker lost access (after an admin was removed)."""
    rows = (
        await Subscription.filter(stopped_at__isnull=True, created_by__isnull=False)
        .distinct()
        .values_list("project_id", flat=True)
    )
    lapsed: list[Subscription] = []
    for project_id in cast(list[int], rows):  # tortoise types flat=True rows as tuples
        lapsed += (await audience(project_id, admins)).lapsed
    return lapsed


async def stop(subscription: Subscription, reason: StopReason, now: datetime) -> bool:
    """Stop a subscription (compare-and-set: True only for the one caller that stopped it). Its
    chat gets nothing more about the project, and its alerts lose their buttons."""
    async with transaction():
        taken = Subscription.filter(id=subscription.id, stopped_at__isnull=True)
        if await taken.update(stopped_because=reason.value, stopped_at=now) != 1:
            return False
        chat = await Subscriber.get(id=subscription.subscriber_id)
        await farewell.end_alerts(chat, subscription.project_id, now)
    return True


async def leave_chat(telegram_id: int, now: datetime, why: str = "the bot left the chat") -> None:
    """The bot left a chat (removed from a group, blocked by a person; told so, or found out
    when Telegram refused a message). A group's subscriptions stop until someone entitled turns
    them on again: whoever adds the bot back may not be."""
    async with transaction():
        await outbox.drop_chat(telegram_id, why)
        if telegram_id < 0:  # a group or a channel; a person's own chat follows the person
            await Subscription.filter(
                subscriber__telegram_id=telegram_id, stopped_at__isnull=True
            ).update(stopped_because=StopReason.BOT_REMOVED.value, stopped_at=now)


async def rejoin_chat(telegram_id: int, now: datetime) -> list[Subscription]:
    """The bot is back in a chat; the subscriptions that wait to be turned on (project
    prefetched). Their old alerts lose their buttons now: the bot could not edit them while
    it was out."""
    await Subscriber.filter(telegram_id=telegram_id).update(is_active=True)
    waiting = await stopped_in(telegram_id)
    chat = await Subscriber.get_or_none(telegram_id=telegram_id)
    if chat is None:
        return waiting
    for subscription in waiting:
        await farewell.end_alerts(chat, subscription.project_id, now)
    return waiting


async def stopped_in(telegram_id: int) -> list[Subscription]:
    return (
        await Subscription.filter(subscriber__telegram_id=telegram_id, stopped_at__isnull=False)
        .select_related("project")
        .order_by("project__name")
    )


async def resume(
    telegram_id: int, by: int, admins: Collection[int]
) -> tuple[list[str], list[str]]:
    """Turn a chat's stopped subscriptions back on, those of projects `by` may see, under `by`'s
    name (so they stop again if `by` loses access); (project names resumed, names left)."""
    resumed, left = [], []
    for subscription in await stopped_in(telegram_id):
        project = subscription.project
        if await level_of(by, project.id, admins) >= Level.VIEWER:
            await Subscription.filter(id=subscription.id).update(
                stopped_because=None, stopped_at=None, created_by=by
            )
            resumed.append(project.name)
        else:
            left.append(project.name)
    if resumed:  # the bot is there: the button was pressed in the chat
        await Subscriber.filter(telegram_id=telegram_id).update(is_active=True)
    return resumed, left


def names(subscriptions: Sequence[Subscription]) -> list[str]:
    return [subscription.project.name for subscription in subscriptions]


async def move_chat(old_id: int, new_id: int) -> None:
    """A group became a supergroup: same chat, new id; its subscriptions come along."""
    async with transaction():
        existing = await Subscriber.get_or_none(telegram_id=new_id)
        old = await Subscriber.get_or_none(telegram_id=old_id)
        if existing and old:
            # The supergroup wrote to us before the move arrived: keep one record, with the
            # old group's subscriptions (those it did not have already).
            taken = await Subscription.filter(subscriber=existing).values_list(
                "project_id", flat=True
            )
            await Subscription.filter(subscriber=old, project_id__not_in=taken).update(
                subscriber_id=existing.id
            )
            await OutboxMessage.filter(subscriber=old).update(subscriber_id=existing.id)
            await old.delete()
        else:
            await Subscriber.filter(telegram_id=old_id).update(telegram_id=new_id)
        await OutboxMessage.filter(chat_id=old_id, state=OutboxState.PENDING).update(
            chat_id=new_id
        )
