"""Invites, roles and strangers: nobody sees or touches a project they were not given."""

from datetime import UTC, datetime, timedelta

from models import Invite, Project, ProjectAccess, Subscription
from tests.bot.conftest import ADMIN, MEMBER, STRANGER, BotWorld, Chat
from tests.bot.test_projects_flow import add_project


async def invite_link(world: BotWorld, label: str) -> str:
    admin = world.person(ADMIN, "en")
    await admin.say("/listprojects")
    await admin.press("Shop")
    await admin.press("👥 Invite")
    await admin.press(label)
    link = next(line for line in admin.screen.splitlines() if "t.me/" in line)
    assert link.startswith("https://t.me/error_monitor_bot?start=")
    return link.rsplit("=", 1)[1]


async def test_an_invited_colleague_subscribes_from_their_own_chat(world: BotWorld) -> None:
    project = await add_project(world)
    code = await invite_link(world, "👀 Viewer · once")
    member = world.person(MEMBER, "ru", "Мария")
    await member.say(f"/start {code}")
    assert "Теперь у вас есть доступ к проекту «Shop»" in member.screen
    await member.say("/subscribe")  # one project: the list is skipped
    assert "Подписка на Shop" in member.screen
    await member.press("⚪ error")
    await member.press("⚪ не присылать")
    await member.press("💾 Сохранить")
    assert "✅ Сохранено" in member.screen
    subscription = await Subscription.get(project_id=project.id, subscriber__telegram_id=MEMBER)
    assert (subscription.min_severity, subscription.heartbeat_mode) == ("error", "off")


async def test_a_viewer_sees_the_card_but_not_the_token(world: BotWorld) -> None:
    project = await add_project(world)
    code = await invite_link(world, "👀 Viewer · a day")
    member = world.person(MEMBER, "en")
    await member.say(f"/start {code}")
    await member.say("/listprojects")
    await member.press("Shop")
    assert "📝 Shop" in member.screen
    assert project.token not in member.screen
    assert not {"🔑 Token", "🔄 New token", "⚙️ Settings", "🗑 Delete", "👥 Invite"} & set(
        member.labels
    )


async def test_a_single_use_link_works_once(world: BotWorld) -> None:
    await add_project(world)
    code = await invite_link(world, "🛠 Maintainer · once")
    await world.person(MEMBER, "en").say(f"/start {code}")
    stranger = world.person(STRANGER, "en")
    await stranger.say(f"/start {code}")
    assert "This invite link is not valid" in stranger.screen
    assert not await ProjectAccess.exists(user_id=STRANGER)


async def test_an_expired_link_is_refused(world: BotWorld) -> None:
    await add_project(world)
    code = await invite_link(world, "👀 Viewer · a week")
    await Invite.filter(code=code).update(expires_at=datetime.now(UTC) - timedelta(seconds=1))
    member = world.person(MEMBER, "en")
    await member.say(f"/start {code}")
    assert "This invite link is not valid" in member.screen


async def test_a_stranger_learns_their_id_and_nothing_else(world: BotWorld) -> None:
    await add_project(world, "Secret payroll")
    stranger = world.person(STRANGER, "en")
    for command in ("/start", "/listprojects", "/subscribe", "/stats", "/addproject"):
        await stranger.say(command)
        assert "Secret payroll" not in stranger.screen
        assert all("Secret" not in label for label in stranger.labels)
    await stranger.say("/start")
    assert f"Your Telegram ID: {STRANGER}" in stranger.screen


async def test_a_stranger_cannot_add_a_project(world: BotWorld) -> None:
    stranger = world.person(STRANGER, "en")
    await stranger.say("/addproject")
    await stranger.say("Mine")
    assert not await Project.exists(name="Mine")
    assert "You have no access to any project yet" in stranger.screen


async def test_a_forged_button_never_reaches_another_persons_dialog(world: BotWorld) -> None:
    await add_project(world)
    admin = world.person(ADMIN, "en")
    await admin.say("/listprojects")
    admin_card = admin.last
    stranger = world.person(STRANGER, "en")
    await stranger.say("/start")
    # The stranger replays the admin's "Shop" button data in their own chat.
    forged = admin_card.button_data("Shop")
    stranger_screen = stranger.last
    stranger_screen.reply_markup = admin_card.reply_markup
    world.telegram.press_button(stranger_screen, forged, from_user_id=STRANGER)
    await stranger.settle()
    assert "Shop" not in stranger.screen
    assert "📝" not in stranger.screen


async def test_admin_lists_and_revokes_access(world: BotWorld) -> None:
    project = await add_project(world)
    code = await invite_link(world, "👀 Viewer · once")
    member = world.person(MEMBER, "en", "Maria")
    await member.say(f"/start {code}")
    admin = world.person(ADMIN, "en")
    await admin.press("⬅️ Back")
    await admin.press("🔐 Access")
    assert "Maria · viewer" in admin.labels
    await admin.press("Maria · viewer")
    await admin.press("✅ Revoke")
    assert not await ProjectAccess.exists(project_id=project.id, user_id=MEMBER)
    await member.say("/listprojects")
    assert "Shop" not in member.labels


async def test_revoked_access_stops_a_dialog_left_open(world: BotWorld) -> None:
    await add_project(world)
    code = await invite_link(world, "🛠 Maintainer · once")
    member = world.person(MEMBER, "en")
    await member.say(f"/start {code}")
    await member.say("/listprojects")
    await member.press("Shop")
    await ProjectAccess.all().delete()
    await member.press("🔑 Token")
    assert "t.me" not in member.screen
    assert "🔑 Token of" not in member.screen


async def test_the_invite_welcome_shows_a_project_name_with_html_characters(
    world: BotWorld,
) -> None:
    await add_project(world, "R<D> & co")
    admin = world.person(ADMIN, "en")
    await admin.say("/listprojects")
    await admin.press("R<D> & co")
    await admin.press("👥 Invite")
    await admin.press("👀 Viewer · once")
    code = next(line for line in admin.screen.splitlines() if "t.me/" in line).rsplit("=", 1)[1]
    member = world.person(MEMBER, "en")
    await member.say(f"/start {code}")
    assert "You now have access to project “R<D> & co”" in member.screen


async def test_a_group_never_sees_the_token_or_the_management_buttons(world: BotWorld) -> None:
    project = await add_project(world)
    world.telegram.add_group(-321, "Team", admins=[ADMIN])
    team = Chat(world.telegram, -321, ADMIN)
    await team.say("/listprojects")
    await team.press("Shop")
    assert "📝 Shop" in team.screen
    assert project.token not in team.screen
    assert not {"🔑 Token", "📋 Copy token", "👥 Invite", "⚙️ Settings"} & set(team.labels)


async def test_unsubscribe_with_no_subscription_says_so(world: BotWorld) -> None:
    await add_project(world)
    admin = world.person(ADMIN, "en")
    await admin.say("/unsubscribe")
    assert "This chat is not subscribed to anything" in admin.screen


async def test_a_stranger_is_told_the_documented_command_to_make_themselves_admin(
    world: BotWorld,
) -> None:
    """The command the README's install puts in place (`make run` makes .venv/bin/error-monitor);
    `python main.py` needs the venv's python, which a fresh shell does not have."""
    command = f".venv/bin/error-monitor add-admin --telegram-id {STRANGER}"
    for locale in ("en", "ru"):
        stranger = world.person(STRANGER, locale)
        await stranger.say("/start")
        assert command in stranger.screen
        assert "main.py" not in stranger.screen
