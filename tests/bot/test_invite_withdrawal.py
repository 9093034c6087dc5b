"""Invite links that can be withdrawn (issue 31): they expire, an admin sees and cancels the
open ones, and revoking someone cancels them all, so a revoked person's spare link is dead."""

from datetime import UTC, datetime, timedelta

from models import Invite, ProjectAccess
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
