from datetime import UTC, datetime, timedelta

import pytest

from models import OutboxMessage, ProjectAccess, Role, StopReason, Subscriber, Subscription
from services.accounts.access import create_invite, is_admin, redeem_invite, revoke
from services.accounts.subscribers import (
    ChatInfo,
    SubscriptionOptions,
    add_admin,
    move_chat,
    register_chat,
    subscribe,
)
from services.core.errors import InvalidInput, InvalidInvite
from services.notify.notifier import Notifier
from services.text.i18n import Translator
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


async def test_revoking_stops_the_group_subscriptions_the_person_made(
    db: str, translator: Translator
) -> None:
    project = await make_project()
    await ProjectAccess.create(project=project, user_id=7, role="viewer", granted_by=1)
    await subscribe(-555, project, SubscriptionOptions(created_by=7))
    await subscribe(-556, project, SubscriptionOptions(created_by=1))  # an admin's stays
    now = datetime.now(UTC)
    await revoke(project.id, 7, now)
    assert await Notifier(translator, "en", admins=[1]).access_ended(project.id, 7, now) == 1
    stopped = await Subscription.get(subscriber__telegram_id=-555)
    assert (stopped.stopped_because, stopped.stopped_at) == (StopReason.MAKER_LOST_ACCESS, now)
    assert not (await Subscription.get(subscriber__telegram_id=-556)).stopped_at
    notices = await OutboxMessage.filter(kind="notice").values_list("chat_id", flat=True)
    assert notices == [-555]


async def test_a_revoked_person_cannot_reuse_a_weekly_invite(db: str) -> None:
    project = await make_project()
    now = datetime.now(UTC)
    invite = await create_invite(project, Role.VIEWER, 1, False, timedelta(days=7), now)
    await redeem_invite(invite.code, 7, "Bob", now, admins=[1])
    await revoke(project.id, 7, now)
    with pytest.raises(InvalidInvite):
        await redeem_invite(invite.code, 7, "Bob", now, admins=[1])


async def test_a_forged_subscription_option_is_refused(db: str) -> None:
    project = await make_project()
    with pytest.raises(InvalidInput, match="min_severity"):
        await subscribe(8, project, SubscriptionOptions(min_severity="bogus"))
    assert not await Subscription.exists(project_id=project.id)


async def test_a_supergroup_that_wrote_first_still_gets_the_groups_subscriptions(db: str) -> None:
    project = await make_project()
    await subscribe(-100, project)
    await register_chat(ChatInfo(-100200, "Team", None), "ru")
    await move_chat(-100, -100200)
    subscription = await Subscription.get(project_id=project.id).prefetch_related("subscriber")
    assert subscription.subscriber.telegram_id == -100200
    assert not await Subscriber.exists(telegram_id=-100)
