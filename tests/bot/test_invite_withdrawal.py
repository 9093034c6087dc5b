"""Invite links that can be withdrawn (issue 31): they expire, an admin sees and cancels the
open ones, and revoking someone cancels them all, so a revoked person's spare link is dead."""

from datetime import UTC, datetime, timedelta

from bot.dialogs.projects.access import LINKS_SHOWN
from models import Invite, ProjectAccess, Role, Subscriber
from services.accounts.access import create_invite
from services.text.render import format_time
from tests.bot.conftest import ADMIN, MEMBER, BotWorld, Chat
from tests.bot.test_access_flow import invite_link
from tests.bot.test_projects_flow import add_project


async def open_access_screen(world: BotWorld) -> Chat:
    admin = world.person(ADMIN, "en")
    await admin.say("/listprojects")
    await admin.press("Shop")
    await admin.press("🔐 Access")
    return admin


async def test_a_revoked_maintainer_cannot_come_back_with_a_spare_single_use_link(
    world: BotWorld,
) -> None:
    project = await add_project(world)
    code = await invite_link(world, "🛠 Maintainer · once")
    spare = await invite_link(world, "🛠 Maintainer · once")  # a double tap made two
    member = world.person(MEMBER, "en", "Maria")
    await member.say(f"/start {code}")
    admin = await open_access_screen(world)
    await admin.press("Maria · maintainer")
    await admin.press("✅ Revoke")
    await member.say(f"/start {spare}")
    assert not await ProjectAccess.exists(project_id=project.id, user_id=MEMBER)
    assert "This invite link is not valid: it was cancelled" in member.screen
    await member.say("/listprojects")
    assert "Shop" not in member.labels
    assert project.token not in member.screen


async def test_revoking_tells_the_admin_how_many_links_it_cancels(world: BotWorld) -> None:
    await add_project(world)
    code = await invite_link(world, "👀 Viewer · once")
    await invite_link(world, "👀 Viewer · once")
    await invite_link(world, "🛠 Maintainer · a week")
    await world.person(MEMBER, "en", "Maria").say(f"/start {code}")
    admin = await open_access_screen(world)
    await admin.press("Maria · viewer")
    assert "2 open invite links of the project are cancelled too" in admin.screen
    await admin.press("✅ Revoke")
    assert "2 open invite links were cancelled" in admin.screen
    assert "No invite link is open." in admin.screen
    await admin.press("⬅️ Back")
    await admin.press("🔐 Access")
    assert "were cancelled" not in admin.screen  # said once


async def test_a_single_use_link_older_than_a_week_is_refused(world: BotWorld) -> None:
    project = await add_project(world)
    code = await invite_link(world, "🛠 Maintainer · once")
    # Made before single-use links expired (no expires_at): it counts from when it was made.
    made = datetime.now(UTC) - timedelta(days=7, minutes=1)
    await Invite.filter(code=code).update(expires_at=None, created_at=made)
    member = world.person(MEMBER, "en")
    await member.say(f"/start {code}")
    assert not await ProjectAccess.exists(project_id=project.id, user_id=MEMBER)
    assert "This invite link is not valid: it has expired" in member.screen


async def test_an_admin_cancels_an_open_link_on_the_access_screen(world: BotWorld) -> None:
    project = await add_project(world)
    code = await invite_link(world, "🛠 Maintainer · once")
    expires = (await Invite.get(code=code)).expires_at
    assert expires is not None
    admin = await open_access_screen(world)
    listed = f"1. maintainer, single use, until {format_time(expires)}, made by Person"
    assert listed in admin.screen
    await admin.press("✖️ Cancel link 1")
    assert "Cancel this invite link to Shop?" in admin.screen
    assert f"maintainer, single use, until {format_time(expires)}" in admin.screen
    await admin.press("✅ Yes, cancel it")
    assert "No invite link is open." in admin.screen
    assert "✖️ Cancel link 1" not in admin.labels

    member = world.person(MEMBER, "en")
    await member.say(f"/start {code}")
    assert "This invite link is not valid: it was cancelled" in member.screen
    assert not await ProjectAccess.exists(project_id=project.id, user_id=MEMBER)


async def test_the_access_screen_lists_only_links_that_still_work(world: BotWorld) -> None:
    await add_project(world)
    used = await invite_link(world, "👀 Viewer · once")
    await world.person(MEMBER, "en").say(f"/start {used}")
    expired = await invite_link(world, "👀 Viewer · a day")
    await Invite.filter(code=expired).update(expires_at=datetime.now(UTC) - timedelta(seconds=1))
    weekly = await invite_link(world, "🛠 Maintainer · a week")
    expires = (await Invite.get(code=weekly)).expires_at
    assert expires is not None
    world.telegram.users[ADMIN].first_name = "Ops <on call> & co"  # renamed in Telegram
    admin = await open_access_screen(world)
    listed = f"1. maintainer, reusable, until {format_time(expires)}, made by Ops <on call> & co"
    assert listed in admin.screen
    assert "2." not in admin.screen
    assert [label for label in admin.labels if "Cancel link" in label] == ["✖️ Cancel link 1"]


async def test_a_link_cancelled_meanwhile_is_not_cancelled_twice(world: BotWorld) -> None:
    await add_project(world)
    code = await invite_link(world, "👀 Viewer · a week")
    admin = await open_access_screen(world)
    await admin.press("✖️ Cancel link 1")
    cancelled = datetime.now(UTC) - timedelta(minutes=5)
    await Invite.filter(code=code).update(cancelled_at=cancelled)  # by a revocation, say
    await admin.press("✅ Yes, cancel it")
    assert "That link no longer works: nothing to cancel." in admin.screen
    assert (await Invite.get(code=code)).cancelled_at == cancelled


async def test_the_links_are_listed_in_russian_too(world: BotWorld) -> None:
    await add_project(world)
    await invite_link(world, "👀 Viewer · once")
    await Subscriber.filter(telegram_id=ADMIN).update(language="ru")
    admin = world.person(ADMIN)
    await admin.say("/listprojects")
    await admin.press("Shop")
    await admin.press("🔐 Доступ")
    assert "1. наблюдатель, одноразовая, до " in admin.screen
    assert "✖️ Отменить ссылку 1" in admin.labels


async def test_a_long_list_of_links_shows_the_oldest_and_counts_the_rest(world: BotWorld) -> None:
    project = await add_project(world)
    now = datetime.now(UTC)
    for _ in range(LINKS_SHOWN + 2):
        await create_invite(project, Role.VIEWER, ADMIN, False, timedelta(days=1), now)
    admin = await open_access_screen(world)
    assert f"{LINKS_SHOWN}. viewer, reusable" in admin.screen
    assert "…and 2 more, listed here once some above are cancelled or expire." in admin.screen
    cancel = [label for label in admin.labels if "Cancel link" in label]
    assert cancel[-1] == f"✖️ Cancel link {LINKS_SHOWN}"
    assert len(cancel) == LINKS_SHOWN
