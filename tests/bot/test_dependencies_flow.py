"""Dependencies from the project's card: "Depends on…" offers the projects the person can see
(never the project itself, nor one behind it), the card says which one it depends on, and
"No dependency" clears it. A maintainer never learns the name of a parent they cannot see; a
viewer changes nothing."""

from models import Project, ProjectAccess
from services.accounts.dependencies import depend
from tests.bot.conftest import ADMIN, MEMBER, BotWorld, Chat
from tests.conftest import make_project

CB_SEP = "\x1d"  # aiogram-dialog's callback data: <dialog's intent id> CB_SEP <widget's data>


async def open_card(chat: Chat, name: str) -> None:
    await chat.say("/listprojects")
    await chat.press(name)


async def three_projects() -> tuple[Project, Project, Project]:
    return (
        await make_project(name="Router"),
        await make_project(name="Shop"),
        await make_project(name="Blog"),
    )


async def test_an_admin_picks_what_a_project_depends_on_and_clears_it(world: BotWorld) -> None:
    router, shop, _ = await three_projects()
    admin = world.person(ADMIN, "en")
    await open_card(admin, "Shop")
    assert "Depends on:" not in admin.screen
    await admin.press("🔗 Depends on…")
    assert "🔗 Which project does Shop depend on?" in admin.screen
    assert admin.labels == ["Blog", "Router", "⬅️ Back"]  # not itself
    await admin.press("Router")
    assert "📝 Shop" in admin.screen and "🔗 Depends on: Router" in admin.screen
    assert (await Project.get(id=shop.id)).depends_on_id == router.id

    await open_card(admin, "Router")
    await admin.press("🔗 Depends on…")
    assert admin.labels == ["Blog", "⬅️ Back"]  # Shop stands behind Router: a cycle

    await open_card(admin, "Shop")
    await admin.press("🔗 Depends on…")
    assert "Now: Router" in admin.screen
    await admin.press("🚫 No dependency")
    assert "Depends on" not in admin.screen.replace("🔗 Depends on…", "")
    assert (await Project.get(id=shop.id)).depends_on_id is None


async def test_a_maintainer_chooses_among_the_projects_they_can_see(world: BotWorld) -> None:
    router, shop, blog = await three_projects()
    await depend(shop, router)
    for project, role in ((shop, "maintainer"), (blog, "viewer")):
        await ProjectAccess.create(project=project, user_id=MEMBER, role=role, granted_by=ADMIN)
    member = world.person(MEMBER, "en")
    await open_card(member, "Shop")
    assert "🔗 Depends on a project you cannot see" in member.screen
    assert "Router" not in member.screen
    await member.press("🔗 Depends on…")
    assert member.labels == ["Blog", "🚫 No dependency", "⬅️ Back"]
    assert "Router" not in member.screen
    await member.press("Blog")
    assert "🔗 Depends on: Blog" in member.screen
    assert (await Project.get(id=shop.id)).depends_on_id == blog.id

    await open_card(member, "Blog")  # a viewer of Blog: no button
    assert "🔗 Depends on…" not in member.labels


async def test_the_card_speaks_russian_about_the_dependency(world: BotWorld) -> None:
    router, shop, _ = await three_projects()
    await depend(shop, router)
    admin = world.person(ADMIN, "ru")
    await open_card(admin, "Shop")
    assert "🔗 Зависит от: Router" in admin.screen
    await admin.press("🔗 Зависит от…")
    assert "🔗 От какого проекта зависит Shop?" in admin.screen
    await admin.press("🚫 Ни от кого")
    assert (await Project.get(id=shop.id)).depends_on_id is None


async def test_a_forged_pick_of_a_project_the_maintainer_cannot_see_is_refused(
    world: BotWorld,
) -> None:
    router, shop, _ = await three_projects()
    await ProjectAccess.create(project=shop, user_id=MEMBER, role="maintainer", granted_by=ADMIN)
    member = world.person(MEMBER, "en")
    await open_card(member, "Shop")
    await member.press("🔗 Depends on…")
    assert member.labels == ["⬅️ Back"]  # nothing else they can see
    intent = member.last.button_data("⬅️ Back").split(CB_SEP)[0]
    answered = len(world.telegram.callback_answers)
    world.telegram.forge_button_press(member.last, f"{intent}{CB_SEP}parent:{router.id}", MEMBER)
    await member.settle()
    assert len(world.telegram.callback_answers) == answered + 1
    assert world.telegram.callback_answers[-1].text == "You have no access to this project."
    assert (await Project.get(id=shop.id)).depends_on_id is None
