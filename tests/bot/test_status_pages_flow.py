"""/statuspage: an invited member makes a page of the projects they see (the address asked
again with the reason while it is invalid or taken), turns error counts on, and deletes it;
the project card shows the project's badge URLs."""

from datetime import UTC, datetime

from models import Project, ProjectAccess, StatusPage
from services.accounts import access, status_pages
from tests.bot.conftest import ADMIN, MEMBER, BotWorld
from tests.bot.test_projects_flow import add_project


async def test_a_member_makes_a_page_of_what_they_see_and_deletes_it(world: BotWorld) -> None:
    shop = await add_project(world, "Shop")
    api = await add_project(world, "API")
    await add_project(world, "Secret")  # not theirs: not offered
    for project in (shop, api):
        await ProjectAccess.create(
            project=project, user_id=MEMBER, role="viewer", granted_by=ADMIN
        )
    await status_pages.create_page("taken", None, [shop.id])  # the operator's, from the shell
    member = world.person(MEMBER, "en")

    await member.say("/statuspage")
    assert "You have no status pages yet." in member.screen
    await member.press("➕ New page")
    assert member.labels[:2] == ["API", "Shop"]
    await member.press("Next ➡️")
    assert "⚠️ Choose at least one project for the page." in member.screen
    await member.press("Shop")
    await member.press("API")
    assert member.labels[:2] == ["✅ API", "✅ Shop"]
    await member.press("Next ➡️")
    await member.say("Shop Status")
    assert "⚠️ The address may hold only lowercase letters" in member.screen
    await member.say("taken")
    assert "⚠️ A page with this address exists already" in member.screen
    await member.say("shop")
    assert "or use its address shop as the title" in member.screen
    await member.say("Shop & friends")

    page = await StatusPage.get(slug="shop")
    assert (page.title, page.created_by, page.show_error_counts) == (
        "Shop & friends",
        MEMBER,
        False,
    )
    assert [p.name for p in await status_pages.page_projects(page)] == ["Shop", "API"]
    assert "📄 Shop & friends" in member.screen
    assert "🔗 https://monitor.example/status/shop" in member.screen
    assert "Projects: Shop, API" in member.screen
    assert "Error counts: hidden" in member.screen

    await member.press("🔢 Show error counts")
    assert "Error counts: shown" in member.screen
    assert (await StatusPage.get(slug="shop")).show_error_counts
    await member.press("⬅️ Back")
    assert "• Shop & friends: https://monitor.example/status/shop" in member.screen
    assert "taken" not in member.screen  # the operator's page is not theirs
    await member.press("Shop & friends")
    await member.press("🗑 Delete the page")
    await member.press("🗑 Yes, delete it")
    assert not await StatusPage.exists(slug="shop")
    assert "You have no status pages yet." in member.screen


async def test_the_card_shows_the_badge_urls_and_russian_reads_russian(world: BotWorld) -> None:
    await add_project(world, "Shop")
    project = await Project.get(name="Shop")
    admin = world.person(ADMIN, "en")
    await admin.say("/listprojects")
    await admin.press("Shop")
    assert (
        f"🏷 Badges: https://monitor.example/badge/{project.badge_key}.svg · "
        f"https://monitor.example/badge/{project.badge_key}/uptime-30d.svg"
    ) in admin.screen

    russian = world.person(MEMBER, "ru")
    await russian.say("/statuspage")
    assert "У вас пока нет страниц статуса." in russian.screen
    await russian.press("➕ Новая страница")
    assert "Какие проекты покажет новая страница?" in russian.screen


async def test_a_maker_who_lost_a_project_no_longer_sees_the_page(world: BotWorld) -> None:
    """Access follows people: once a project of their page is taken from them, its maker's
    /statuspage neither lists the page nor opens it (a screen still up refuses the tap), and
    names nothing of the project they no longer see."""
    shop = await add_project(world, "Shop")
    hidden = await add_project(world, "Hidden Ledger")
    for project in (shop, hidden):
        await ProjectAccess.create(
            project=project, user_id=MEMBER, role="viewer", granted_by=ADMIN
        )
    await status_pages.create_page("shop", "Shop", [shop.id, hidden.id], False, MEMBER)
    member = world.person(MEMBER, "en")
    await member.say("/statuspage")
    assert "• Shop: https://monitor.example/status/shop" in member.screen

    await access.revoke(hidden.id, MEMBER, datetime.now(UTC))
    await member.press("Shop")  # the list on screen was drawn before the access ended

    assert "Hidden Ledger" not in member.screen
    await member.say("/statuspage")
    assert "You have no status pages yet." in member.screen
    assert "/status/shop" not in member.screen
    assert (await StatusPage.get(slug="shop")).show_error_counts is False
