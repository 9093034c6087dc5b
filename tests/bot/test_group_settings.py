"""A group's settings (language, time zone, subscriptions and their options) are changed by the
group's administrators only; a plain member is told why (issue 31, item 5)."""

from dataclasses import dataclass
from datetime import UTC, datetime

from models import Project, Subscriber, Subscription
from services.formats.reports import ErrorDetails
from tests.bot.conftest import ADMIN, MEMBER, BotWorld, Chat
from tests.bot.test_access_flow import invite_link
from tests.bot.test_projects_flow import add_project
from tests.bot.test_subscriptions_flow import deliver, ingestor
from tests.telegram_double import SentMessage

TEAM = -900
REFUSED_EN = "⚠️ In a group, only its administrators change its settings"
REFUSED_RU = "⚠️ В группе её настройки меняют только её администраторы"


@dataclass
class InGroup:
    """One person in the group. In a group aiogram-dialog edits each person's dialog message in
    place, so what they see is that message, not the chat's newest one (an alert, another
    person's dialog)."""

    world: BotWorld
    user_id: int
    dialog: SentMessage | None = None

    async def say(self, text: str) -> None:
        chat = Chat(self.world.telegram, TEAM, self.user_id)
        before = len(self.world.telegram.messages_to(TEAM))
        await chat.say(text)
        if new := self.world.telegram.messages_to(TEAM)[before:]:
            self.dialog = new[-1]

    async def press(self, label: str) -> None:
        assert self.dialog is not None
        data = self.dialog.button_data(label)
        self.world.telegram.press_button(self.dialog, data, from_user_id=self.user_id)
        await Chat(self.world.telegram, TEAM, self.user_id).settle()

    @property
    def screen(self) -> str:
        assert self.dialog is not None
        return self.dialog.visible_text


async def new_error_alert(world: BotWorld, project: Project, error_type: str) -> str:
    """A new error of the project, as the group reads its alert."""
    details = ErrorDetails(type=error_type, message="boom")
    await ingestor(world).record_error(project.token, details, datetime.now(UTC))
    await deliver(world)
    return world.telegram.messages_to(TEAM)[-1].visible_text


async def test_only_a_group_administrator_changes_the_group_language(world: BotWorld) -> None:
    project = await add_project(world)
    world.person(MEMBER, "en")
    world.telegram.add_group(TEAM, "Team", admins=[ADMIN])
    admin = InGroup(world, ADMIN)
    await admin.say("/subscribe")  # the group's first words: its language is English
    await admin.press("💾 Save")

    member = InGroup(world, MEMBER)
    await member.say("/language")
    await member.press("🇷🇺 Русский")
    assert REFUSED_EN in member.screen
    assert "language" in member.screen.split(REFUSED_EN)[1]
    assert (await Subscriber.get(telegram_id=TEAM)).language == "en"
    await member.say("/start")
    assert "You have no access to any project yet" in member.screen
    assert (await new_error_alert(world, project, "KeyError")).startswith("🚨 New error in")

    await admin.say("/language")
    await admin.press("🇷🇺 Русский")
    assert "вы администратор" in admin.screen
    assert (await Subscriber.get(telegram_id=TEAM)).language == "ru"
    assert (await new_error_alert(world, project, "ValueError")).startswith("🚨 Новая ошибка")


async def test_a_plain_member_changes_none_of_the_group_settings(world: BotWorld) -> None:
    """Every group-wide setting, refused in the group's language (Russian here), with the
    reason; the member has access to the project, so only the group check stands between."""
    project = await add_project(world)
    code = await invite_link(world, "👀 Viewer · once")
    await world.person(MEMBER, "ru").say(f"/start {code}")
    world.telegram.add_group(TEAM, "Team", admins=[ADMIN])
    member = InGroup(world, MEMBER)
    await member.say("/timezone")  # the group's first words: its language is Russian
    await member.say("+3")
    assert REFUSED_RU in member.screen
    await member.say("/language")
    await member.press("🇬🇧 English")
    assert REFUSED_RU in member.screen
    await member.say("/subscribe")
    await member.press("⚪ 22–08")
    await member.press("💾 Сохранить")
    assert REFUSED_RU in member.screen
    assert not await Subscription.exists(subscriber__telegram_id=TEAM)

    admin = InGroup(world, ADMIN)
    await admin.say("/subscribe")
    await admin.press("💾 Сохранить")
    await member.say("/unsubscribe")
    await member.press("Shop")
    await member.press("🔕 Отписать")
    assert REFUSED_RU in member.screen
    chat = await Subscriber.get(telegram_id=TEAM)
    assert (chat.language, chat.timezone) == ("ru", "UTC")
    subscription = await Subscription.get(subscriber__telegram_id=TEAM, project_id=project.id)
    assert subscription.quiet_hours is None
