"""Alerts are acted on from the chat: resolve, mute, ignore, details, pause. Each press is
checked against the presser's access and edits the alert to show who did what."""

from datetime import UTC, datetime, timedelta

from models import ErrorGroup, Project, ProjectAccess, Subscriber
from services.delivery.pacing import TelegramPacer
from services.delivery.sender import CLAIM_LEASE, OutboxSender
from services.formats.reports import ErrorDetails, HeartbeatReport
from services.ingest.ingestor import Ingestor
from services.letters.outbox import OutboxSignal
from services.notify.incidents import IncidentComposer
from services.notify.live import LiveAlerts
from services.notify.notifier import Notifier
from services.watch.silence import SilenceWatcher
from tests.bot.conftest import ADMIN, MEMBER, STRANGER, BotWorld, Chat
from tests.bot.test_projects_flow import add_project
from tests.conftest import listened_until, make_project, make_subscriber, make_subscription

TEAM = -900


async def deliver(world: BotWorld, now: datetime | None = None) -> None:
    """Queue the alert edits due by `now`, then send everything queued."""
    assert world.bot
    notifier = Notifier(world.translator, "ru", world.settings.admin_ids)
    live = LiveAlerts(notifier, OutboxSignal())
    await live.refresh(now or datetime.now(UTC))
    # Pacing is tested elsewhere; here every queued message goes in one pass.
    pacer = TelegramPacer(private_interval=0, group_interval=0)
    incidents = IncidentComposer(live, CLAIM_LEASE)
    await OutboxSender(world.bot, OutboxSignal(), pacer, incidents, hearing=notifier).drain_once()


def ingestor(world: BotWorld) -> Ingestor:
    return Ingestor(Notifier(world.translator, "ru", world.settings.admin_ids), OutboxSignal())


async def team_chat(world: BotWorld, project: Project) -> Chat:
    """A group with the admin and a stranger (no access to the project), subscribed."""
    world.telegram.add_user(STRANGER, first_name="Stranger")
    world.telegram.add_group(TEAM, "Team", admins=[ADMIN])
    await make_subscription(project, await make_subscriber(telegram_id=TEAM, language="en"))
    return Chat(world.telegram, TEAM, ADMIN)


async def fail(world: BotWorld, project: Project, trace: str | None = None) -> None:
    details = ErrorDetails(type="KeyError", message="'sku'", stack_trace=trace)
    await ingestor(world).record_error(project.token, details, datetime.now(UTC))


def last_answer(world: BotWorld) -> str:
    return world.telegram.callback_answers[-1].text or ""


async def test_resolve_is_shown_on_the_alert_and_the_error_coming_back_is_a_regression(
    world: BotWorld,
) -> None:
    project = await add_project(world)
    team = await team_chat(world, project)
    await fail(world, project)
    await deliver(world)
    alert = team.last
    assert "🚨 New error in project" in alert.visible_text
    await team.press("✅ Resolve")
    assert last_answer(world) == "Done"
    await deliver(world)
    assert "✅ Resolved by Person at" in alert.visible_text
    assert [b["text"] for b in alert.buttons] == ["↩️ Reopen", "📄 Details"]

    await fail(world, project)
    await fail(world, project)
    await deliver(world)
    regression = team.last
    assert regression is not alert
    assert regression.visible_text.startswith("🔁 Regression")
    assert len(world.telegram.messages_to(TEAM)) == 2


async def test_someone_without_access_cannot_act_on_an_alert(world: BotWorld) -> None:
    project = await add_project(world)
    await team_chat(world, project)
    await fail(world, project)
    await deliver(world)
    stranger = Chat(world.telegram, TEAM, STRANGER)
    await stranger.press("🙈 Ignore")
    answer = world.telegram.callback_answers[-1]
    assert answer.show_alert and "maintainers" in (answer.text or "")
    assert (await ErrorGroup.get(project_id=project.id)).status == "open"


async def test_mute_for_an_hour_silences_repeats_and_says_until_when(world: BotWorld) -> None:
    project = await add_project(world)
    team = await team_chat(world, project)
    await fail(world, project)
    await deliver(world)
    await team.press("🔕 1 h")
    await fail(world, project)
    await deliver(world)
    assert len(world.telegram.messages_to(TEAM)) == 1
    assert "🔕 Muted by Person until" in team.last.visible_text
    group = await ErrorGroup.get(project_id=project.id)
    assert group.status == "muted" and group.times_seen == 2


async def test_details_come_as_a_message_or_as_a_file_when_too_long(world: BotWorld) -> None:
    project = await add_project(world)
    team = await team_chat(world, project)
    await fail(world, project, trace='File "app.py", line 1, in main\nKeyError: sku')
    await deliver(world)
    await team.press("📄 Details")
    details = team.last
    assert details.kind == "text"
    assert "Error details — Shop" in details.visible_text
    assert 'File "app.py", line 1, in main' in details.visible_text
    assert "Last 1 occurrences:" in details.visible_text

    long_trace = "\n".join(f'  File "app/module_{n}.py", line {n}, in step' for n in range(300))
    await fail(world, project, trace=long_trace)  # another frame: a second group and alert
    await deliver(world)
    await team.press("📄 Details")
    document = team.last
    assert document.kind == "document" and document.filename and document.document
    assert document.filename.endswith(".txt")
    assert "module_299.py" in document.document.decode()


async def test_an_outage_is_one_message_edited_while_it_lasts_plus_a_recovery(
    world: BotWorld,
) -> None:
    project = await add_project(world)
    team = await team_chat(world, project)
    start = datetime.now(UTC) - timedelta(hours=3)  # the past: what is queued is due now
    await ingestor(world).record_heartbeat(project.token, HeartbeatReport(), start)
    await deliver(world)
    before = len(world.telegram.messages_to(TEAM))
    notifier = Notifier(world.translator, "ru", world.settings.admin_ids)
    down_at = start + timedelta(hours=1, seconds=1)
    await SilenceWatcher(notifier, OutboxSignal()).check(down_at)
    await deliver(world, down_at)
    incident = team.last
    assert "❌ Warning! Project is not responding" in incident.visible_text
    await deliver(world, down_at + timedelta(minutes=42))
    assert "⏱️ Silent for 1 h 42 min" in incident.visible_text

    back_at = datetime.now(UTC)
    await ingestor(world).record_heartbeat(project.token, HeartbeatReport(), back_at)
    await deliver(world, back_at)
    sent = world.telegram.messages_to(TEAM)[before:]
    assert [m.visible_text.splitlines()[0] for m in sent] == [
        "❌ Warning! Project is not responding",
        "✅ Project is responding again",
    ]
    assert "✅ Recovered after" in incident.visible_text
    assert "⏱️ Silent for" not in incident.visible_text
    assert incident.buttons == []  # a recovered project has nothing left to pause


async def test_pausing_from_the_incident_alert_says_who_paused(world: BotWorld) -> None:
    project = await add_project(world)
    team = await team_chat(world, project)
    start = datetime.now(UTC) - timedelta(hours=2)
    await ingestor(world).record_heartbeat(project.token, HeartbeatReport(), start)
    await SilenceWatcher(
        Notifier(world.translator, "ru", world.settings.admin_ids), OutboxSignal()
    ).check(datetime.now(UTC))
    await deliver(world)
    await team.press("⏸ Pause monitoring: Shop")
    await deliver(world)
    assert "⏸ Monitoring paused by Person at" in team.last.visible_text
    assert [b["text"] for b in team.last.buttons] == ["▶️ Resume monitoring: Shop"]
    assert (await Project.get(id=project.id)).paused


async def test_projects_going_silent_together_are_one_message(world: BotWorld) -> None:
    shop = await add_project(world)
    blog, wiki = await make_project(name="Blog"), await make_project(name="Wiki")
    await team_chat(world, shop)
    for project in (blog, wiki):
        await make_subscription(project, await Subscriber.get(telegram_id=TEAM))
    start = datetime.now(UTC) - timedelta(hours=3)
    for project in (shop, blog):
        await ingestor(world).record_heartbeat(project.token, HeartbeatReport(), start)
    await ingestor(world).record_heartbeat(
        wiki.token, HeartbeatReport(), start + timedelta(seconds=30)
    )
    await deliver(world)
    before = len(world.telegram.messages_to(TEAM))
    watcher = SilenceWatcher(
        Notifier(world.translator, "ru", world.settings.admin_ids), OutboxSignal()
    )
    down_at = start + timedelta(hours=1, seconds=1)
    await watcher.check(down_at)  # Shop and Blog
    await deliver(world, down_at)
    await listened_until(down_at + timedelta(seconds=30))
    await watcher.check(down_at + timedelta(seconds=30))  # Wiki, half a minute later
    await deliver(world, down_at + timedelta(seconds=30))

    (incident,) = world.telegram.messages_to(TEAM)[before:]
    assert incident.visible_text.count("Project is not responding") == 3
    assert [b["text"] for b in incident.buttons] == [
        label
        for name in ("Shop", "Blog", "Wiki")
        for label in (
            f"⏸ Pause monitoring: {name}",
            "👀 I'm on it",
            f"🔧 1 h: {name}",
            f"🔧 until I end it: {name}",
        )
    ]
    await ingestor(world).record_heartbeat(blog.token, HeartbeatReport(), datetime.now(UTC))
    await deliver(world, down_at + timedelta(minutes=10))
    parts = incident.visible_text.split("➖➖➖")
    assert "Blog" in parts[1] and "✅ Recovered after" in parts[1]
    assert "⏱️ Silent for" in parts[0] and "⏱️ Silent for" in parts[2]


async def test_forged_alert_buttons_get_a_clear_answer_and_change_nothing(
    world: BotWorld,
) -> None:
    shop = await make_project(name="Shop")
    other = await make_project(name="Other")
    team = await team_chat(world, shop)
    world.telegram.add_user(MEMBER, first_name="Member")
    await ProjectAccess.create(project=shop, user_id=MEMBER, role="maintainer", granted_by=ADMIN)
    await fail(world, shop)
    await fail(world, other)  # a group of a project the member has no access to
    await deliver(world)
    alert = team.last
    foreign = await ErrorGroup.get(project_id=other.id)
    gone, denied = "out of date", "Only the project's maintainers"
    forged = {
        "eg:resolve:999999999": gone,  # no such group
        f"eg:resolve:{foreign.id}": denied,  # another project's group
        f"eg:ignore:{foreign.id}": denied,
        "eg:resolve:abc": gone,  # not a number
        "eg:explode:1": gone,  # not an action
        "eg:resolve": gone,  # a part missing
        f"pi:pause:{other.id}": denied,  # another project
        "pi:pause:999999999": denied,  # no such project: we do not say which
        "pi:pause:1e3": gone,
    }
    for data, expected in forged.items():
        answered = len(world.telegram.callback_answers)
        world.telegram.forge_button_press(alert, data, from_user_id=MEMBER)
        await team.settle()
        assert len(world.telegram.callback_answers) == answered + 1, data
        answer = world.telegram.callback_answers[-1]
        assert answer.show_alert and expected in (answer.text or ""), (data, answer)
    assert (await ErrorGroup.get(id=foreign.id)).status == "open"
    assert not (await Project.get(id=other.id)).paused
    assert len(world.telegram.messages_to(TEAM)) == 1
