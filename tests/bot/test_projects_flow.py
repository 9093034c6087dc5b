"""An admin manages projects from the chat: add, list, token, settings, pause, delete."""

from models import Check, Project
from tests.bot.conftest import ADMIN, BotWorld


async def test_admin_adds_a_project_and_copies_its_token(world: BotWorld) -> None:
    admin = world.person(ADMIN, "en")
    await admin.say("/start")
    assert "you are an admin" in admin.screen
    await admin.press("➕ Add a project")
    assert "What is it called?" in admin.screen
    await admin.say("Shop <API> & co")
    await admin.press("Website")
    await admin.say("https://shop.example.com")
    await admin.press("🚫 Don't check")  # a website with a URL is offered a check of it
    await admin.press("15 minutes")
    assert "📝 Project: Shop <API> & co" in admin.screen
    assert "🌐 Check" not in admin.screen
    await admin.press("✅ Create")
    project = await Project.get(name="Shop <API> & co")
    assert (project.type, project.url, project.timeout_seconds) == (
        "website",
        "https://shop.example.com",
        900,
    )
    assert "The project is created" in admin.screen
    assert project.token in admin.screen
    assert not await Check.exists(project_id=project.id)
    assert "curl -X POST https://monitor.example/api/v1/heartbeat" in admin.screen
    assert f"https://{project.token}@monitor.example/{project.id}" in admin.screen
    assert f"https://monitor.example/ping/{project.token}/$?" in admin.screen
    copy = [b for b in admin.last.buttons if "copy_text" in b]
    assert copy[0]["copy_text"]["text"] == project.token


async def add_project(world: BotWorld, name: str = "Shop") -> Project:
    admin = world.person(ADMIN, "en")
    await admin.say("/addproject")
    await admin.say(name)
    await admin.press("Bot")
    await admin.press("Skip ➡️")
    await admin.press("an hour")
    await admin.press("✅ Create")
    return await Project.get(name=name)


async def test_bad_answers_are_asked_again_with_a_reason(world: BotWorld) -> None:
    await add_project(world, "Taken")
    admin = world.person(ADMIN, "en")
    await admin.say("/addproject")
    await admin.say("x" * 201)
    assert "⚠️ The name is longer than 200 characters" in admin.screen
    await admin.say("Taken")
    assert "⚠️ A project with this name exists already" in admin.screen
    await admin.say("Fresh")
    await admin.press("API")
    await admin.say("not a url")
    assert "⚠️ That does not look like an address" in admin.screen
    await admin.press("Skip ➡️")
    await admin.say("soon")
    assert "⚠️ I do not understand that duration" in admin.screen
    await admin.say("0s")
    assert "between 1 second and 365 days" in admin.screen
    await admin.say("90s")
    assert "⏱️ Silence timeout: 90 seconds" in admin.screen


async def test_project_card_rotate_pause_settings_and_delete(world: BotWorld) -> None:
    project = await add_project(world)
    admin = world.person(ADMIN, "en")
    await admin.say("/listprojects")
    await admin.press("Shop")
    assert "📊 Status: 🆕 no heartbeat yet" in admin.screen
    old_token = project.token
    await admin.press("🔄 New token")
    await admin.press("✅ Yes, issue it")
    await project.refresh_from_db()
    assert project.token != old_token
    assert project.token in admin.screen
    await admin.press("⬅️ Back")
    await admin.press("⏸️ Pause")
    assert "⏸️ paused" in admin.screen
    assert "▶️ Resume" in admin.labels
    await admin.press("▶️ Resume")
    await admin.press("⚙️ Settings")
    await admin.press("✏️ Name")
    await admin.say("Shop v2")
    await admin.press("⏱️ Timeout")
    await admin.say("2h")
    await project.refresh_from_db()
    assert (project.name, project.timeout_seconds, project.paused) == ("Shop v2", 7200, False)
    await admin.press("⬅️ Back")
    await admin.press("🗑 Delete")
    await admin.press("🗑 Yes, delete")
    assert not await Project.exists(id=project.id)


async def test_browser_pages_are_set_in_the_projects_settings(world: BotWorld) -> None:
    project = await add_project(world)
    admin = world.person(ADMIN, "en")
    await admin.say("/listprojects")
    await admin.press("Shop")
    await admin.press("⚙️ Settings")
    await admin.press("🌐 Browser pages")
    assert "now: any page" in admin.screen
    await admin.say("shop.example/checkout")
    assert "Origins look like https://shop.example" in admin.screen  # asked again, with why
    await admin.say("https://Shop.Example, https://*.shop.example")
    await project.refresh_from_db()
    assert project.allowed_origins == "https://shop.example,https://*.shop.example"
    await admin.press("🌐 Browser pages")
    assert "now: https://shop.example, https://*.shop.example" in admin.screen
    await admin.press("🌐 Any page")
    await project.refresh_from_db()
    assert project.allowed_origins is None


async def test_each_project_screen_names_the_project_and_its_current_values(
    world: BotWorld,
) -> None:
    await add_project(world)
    admin = world.person(ADMIN, "en")
    await admin.say("/listprojects")
    await admin.press("Shop")
    await admin.press("🔄 New token")
    assert "Issue a new token for Shop?" in admin.screen
    await admin.press("⬅️ Back")
    await admin.press("🗑 Delete")
    assert "Delete project Shop?" in admin.screen
    await admin.press("⬅️ Back")
    await admin.press("👥 Invite")
    assert "Invite to Shop." in admin.screen
    await admin.press("⬅️ Back")
    await admin.press("⚙️ Settings")
    assert "Settings of Shop" in admin.screen
    await admin.press("✏️ Name")
    assert "New name for Shop:" in admin.screen
    await admin.press("⬅️ Back")
    await admin.press("🔗 Address")
    assert "New address for Shop (now: —):" in admin.screen
    await admin.say("https://shop.example.com")
    await admin.press("🔗 Address")
    assert "New address for Shop (now: https://shop.example.com):" in admin.screen
    await admin.press("⬅️ Back")
    await admin.press("⏱️ Timeout")
    assert "New silence timeout (now: an hour)" in admin.screen
