"""The escalation chain in a project's settings: listed, a step added one answer at a time
(each refused answer asked again with its reason), cleared. Viewers are not offered the
settings; each handler checks the maintainer's level anyway."""

from models import EscalationStep, ProjectAccess
from tests.bot.conftest import ADMIN, MEMBER, STRANGER, BotWorld
from tests.bot.test_checks_flow import open_card
from tests.conftest import make_project, make_subscriber

MANAGERS, ON_CALL, UNKNOWN, LEFT = -1001234567890, -900, -905, -906


async def test_a_maintainer_adds_two_steps_lists_them_and_clears_them(world: BotWorld) -> None:
    project = await make_project(name="Shop")
    for group in (MANAGERS, ON_CALL):  # groups the bot is in
        await make_subscriber(telegram_id=group)
    admin = world.person(ADMIN, "en")
    await open_card(admin)
    await admin.press("⚙️ Settings")
    await admin.press("🆘 Escalation")
    assert "🆘 Escalation of Shop" in admin.screen and "No steps yet." in admin.screen

    await admin.press("➕ Add a step")
    await admin.say("soon")
    assert "⚠️ I do not understand that delay" in admin.screen
    await admin.say("10s")
    assert "⚠️ A step comes between 1 minute and 7 days" in admin.screen
    await admin.say("30m")
    assert "Which chat does this step alert?" in admin.screen
    await admin.say("the managers")
    assert "⚠️ A chat id is a whole number" in admin.screen
    await admin.say("-1001234567890")
    assert "Whom to mention there" in admin.screen
    await admin.press("🚫 Nobody to mention")
    assert "1. After 30 min → chat -1001234567890, mention: —" in admin.screen

    await admin.press("➕ Add a step")
    await admin.say("15m")
    await admin.say("-900")
    await admin.say("@ann <on call>")
    lines = [line for line in admin.screen.splitlines() if line[:2] in ("1.", "2.")]
    assert lines == [
        "1. After 15 min → chat -900, mention: @ann <on call>",
        "2. After 30 min → chat -1001234567890, mention: —",
    ]
    steps = await EscalationStep.filter(project_id=project.id).order_by("after_seconds")
    assert [(s.after_seconds, s.chat_id, s.mention, s.created_by) for s in steps] == [
        (900, -900, "@ann <on call>", ADMIN),
        (1800, -1001234567890, None, ADMIN),
    ]

    await admin.press("🗑 Remove all steps")
    assert "No steps yet." in admin.screen
    assert not await EscalationStep.filter(project_id=project.id).exists()


async def test_a_step_alerts_only_a_person_who_sees_the_project_or_a_group_the_bot_is_in(
    world: BotWorld,
) -> None:
    """A maintainer cannot make the bot post a project's outages to a stranger, or into a
    group it is not in (or was removed from): re-asked with the reason."""
    project = await make_project(name="Shop")
    await ProjectAccess.create(project=project, user_id=MEMBER, role="viewer", granted_by=ADMIN)
    await make_subscriber(telegram_id=STRANGER)  # wrote to the bot, but no access to Shop
    await make_subscriber(telegram_id=LEFT, is_active=False)  # the bot was removed from it
    admin = world.person(ADMIN, "en")
    await open_card(admin)
    await admin.press("⚙️ Settings")
    await admin.press("🆘 Escalation")
    await admin.press("➕ Add a step")
    await admin.say("15m")
    assert "a person who sees this project" in admin.screen
    await admin.say(str(STRANGER))
    assert "⚠️ That is not a person who sees this project" in admin.screen
    for group in (UNKNOWN, LEFT):
        await admin.say(str(group))
        assert "⚠️ The bot is not in that group" in admin.screen, group
    assert not await EscalationStep.filter(project_id=project.id).exists()

    await admin.say(str(MEMBER))  # she may only look at Shop: enough to be alerted
    await admin.press("🚫 Nobody to mention")
    assert f"1. After 15 min → chat {MEMBER}, mention: —" in admin.screen
