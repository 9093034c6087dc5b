"""Chats: registration from /start, admins, subscriptions."""

from dataclasses import dataclass

from tortoise.transactions import in_transaction

from models import Project, Subscriber, Subscription
from services.i18n import pick_locale


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


async def is_admin(telegram_user_id: int, configured_admins: list[int]) -> bool:
    if telegram_user_id in configured_admins:
        return True
    return await Subscriber.filter(telegram_id=telegram_user_id, is_admin=True).exists()


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

    def given(self) -> dict[str, str]:
        return {key: value for key, value in vars(self).items() if value is not None}


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
