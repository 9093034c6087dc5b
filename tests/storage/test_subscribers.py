from models import Subscriber, Subscription
from services.access import is_admin
from services.subscribers import (
    ChatInfo,
    SubscriptionOptions,
    add_admin,
    register_chat,
    subscribe,
)
from tests.conftest import make_project


async def test_subscribe_creates_the_chat_and_keeps_defaults(db: str) -> None:
    project = await make_project()
    subscription, created = await subscribe(77, project)
    assert created
    assert (subscription.min_severity, subscription.heartbeat_mode) == ("debug", "changes")
    assert await Subscriber.filter(telegram_id=77, is_active=True).exists()


async def test_subscribing_again_changes_only_the_given_options(db: str) -> None:
    project = await make_project()
    await subscribe(78, project, SubscriptionOptions(min_severity="error"))
    _, created = await subscribe(78, project, SubscriptionOptions(heartbeat_mode="off"))
    assert not created
    stored = await Subscription.get(subscriber__telegram_id=78)
    assert (stored.min_severity, stored.heartbeat_mode) == ("error", "off")


async def test_a_chats_language_is_fixed_when_it_first_writes(db: str) -> None:
    first = await register_chat(ChatInfo(5, "Anna", "en-GB"), default_locale="ru")
    again = await register_chat(ChatInfo(5, "Anna K", "ru"), default_locale="ru")
    assert (first.language, again.language, again.full_name) == ("en", "en", "Anna K")
    unknown = await register_chat(ChatInfo(6, "Hans", "de"), default_locale="ru")
    assert unknown.language == "ru"


async def test_a_blocked_chat_that_writes_again_is_active_again(db: str) -> None:
    await register_chat(ChatInfo(9, "Ivan", "ru"), default_locale="ru")
    await Subscriber.filter(telegram_id=9).update(is_active=False)
    assert (await register_chat(ChatInfo(9, "Ivan", "ru"), "ru")).is_active


async def test_admins_come_from_settings_or_the_database(db: str) -> None:
    assert await is_admin(1, configured_admins=[1])
    assert not await is_admin(2, configured_admins=[1])
    await add_admin(2)
    assert await is_admin(2, configured_admins=[])
