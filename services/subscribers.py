"""Chats: registration from /start, admins, subscriptions."""

from dataclasses import dataclass

from tortoise.transactions import in_transaction

from models import (
    HeartbeatMode,
    OutboxMessage,
    OutboxState,
    Project,
    Severity,
    Subscriber,
    Subscription,
)
from services.errors import InvalidInput
from services.i18n import pick_locale
from services.routing import Reminders, parse_timezone, quiet_range


@dataclass(frozen=True)
class ChatInfo:
    telegram_id: int
    full_name: str
    language_code: str | None


async def register_chat(chat: ChatInfo, default_locale: str) -> Subscriber:
    """Create or refresh a chat's record. Its language is fixed when it first writes."""
    async with in_transaction():
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
    return rows[0] if rows else None


async def add_admin(telegram_id: int) -> Subscriber:
    subscriber, _ = await Subscriber.get_or_create(telegram_id=telegram_id)
    subscriber.is_admin = True
    await subscriber.save(update_fields=["is_admin"])
    return subscriber


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
    changes = (options or SubscriptionOptions()).given()
    async with in_transaction():
        subscriber, _ = await Subscriber.get_or_create(telegram_id=telegram_id)
        if not subscriber.is_active:
            subscriber.is_active = True
            await subscriber.save(update_fields=["is_active"])
        subscription, created = await Subscription.get_or_create(
            subscriber=subscriber, project=project, defaults=changes
        )
        if changes and not created:
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
    name = parse_timezone(text)
    subscriber, created = await Subscriber.get_or_create(
        telegram_id=telegram_id, defaults={"timezone": name}
    )
    if not created:
        await Subscriber.filter(id=subscriber.id).update(timezone=name)
    return name


async def unsubscribe(telegram_id: int, project_id: int) -> bool:
    removed = await Subscription.filter(
        subscriber__telegram_id=telegram_id, project_id=project_id
    ).delete()
    return removed > 0


async def set_active(telegram_id: int, active: bool) -> None:
    await Subscriber.filter(telegram_id=telegram_id).update(is_active=active)


async def move_chat(old_id: int, new_id: int) -> None:
    """A group became a supergroup: same chat, new id; its subscriptions come along."""
    async with in_transaction():
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
