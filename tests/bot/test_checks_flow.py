"""Active checks from the chat: offered when a website or an API is added with its URL, listed
on the card with how they stand, paused, given another interval, deleted and added by those who
maintain the project; a viewer sees them and changes nothing, even with a forged button."""

from datetime import UTC, datetime, timedelta

from models import Check, Monitor, MonitorState, Project, ProjectAccess
from services.accounts.checks import NewCheck, add_check, delete_check
from services.monitors import writer
from services.monitors.checks import next_probe
from services.monitors.writer import Probed
from services.notify.notifier import Notifier
from services.text.render import format_time
from tests.bot.conftest import ADMIN, MEMBER, BotWorld, Chat
from tests.conftest import make_project

SITE, API = "https://shop.example.com", "https://api.shop.example/health"
CB_SEP = "\x1d"  # aiogram-dialog's callback data: <dialog's intent id> CB_SEP <widget's data>


async def watched_shop(world: BotWorld) -> tuple[Project, Check, Check]:
    """Shop with two checks that have run: the site answered 200 in 85 ms, the API 503."""
    project = await make_project(name="Shop", type="website", url=SITE)
    now = datetime.now(UTC)
    site = await add_check(project, NewCheck(url=SITE, interval="1m"), now)
    api = await add_check(project, NewCheck(url=API, interval="30s", confirm=1), now)
    notifier = Notifier(world.translator, "en")
    await writer.check_probed(Probed(site.monitor_id, True, now, 85, 200), notifier)
    failed = Probed(api.monitor_id, False, now, 120, 503, "http_status", {"status": "503"})
    await writer.check_probed(failed, notifier)
    return project, site, api


async def open_card(chat: Chat, name: str = "Shop") -> None:
    await chat.say("/listprojects")
    await chat.press(name)


async def monitor_state(check: Check) -> str:
    return (await Monitor.get(id=check.monitor_id)).state


async def test_an_admin_adds_a_website_checked_every_minute(world: BotWorld) -> None:
    admin = world.person(ADMIN, "en")
    await admin.say("/addproject")
    await admin.say("Shop")
    await admin.press("Website")
    await admin.say(SITE)
    assert f"🌐 Check {SITE} from here?" in admin.screen
    assert "alerts after 2 failed checks in a row" in admin.screen
    assert admin.labels[:4] == ["every 30 s", "every 1 min", "every 5 min", "🚫 Don't check"]
    await admin.press("every 1 min")
    assert "A word or phrase the page must contain" in admin.screen
    await admin.say("Welcome <home> & co")
    await admin.press("15 minutes")
    assert "🌐 Check: every 1 min" in admin.screen
    assert "🔎 Keyword: Welcome <home> & co" in admin.screen
    await admin.press("✅ Create")

    project = await Project.get(name="Shop")
    check = await Check.get(project_id=project.id)
    assert (check.url, check.interval_seconds, check.keyword) == (SITE, 60, "Welcome <home> & co")
    assert (check.created_by, await monitor_state(check)) == (ADMIN, MonitorState.NEW)
    assert "The project is created" in admin.screen
    await admin.press("⬅️ Back")
    assert f"🌐 Checks:\n🆕 {SITE} · every 1 min · not checked yet" in admin.screen
    assert "🌐 Checks" in admin.labels


async def test_the_check_steps_come_and_go_with_the_url_and_back_finds_them(
    world: BotWorld,
) -> None:
    admin = world.person(ADMIN, "en")
    await admin.say("/addproject")
    await admin.say("Shop API")
    await admin.press("API")
    await admin.say(API)
    await admin.press("every 30 s")
    await admin.press("Skip ➡️")  # no keyword
    assert "How long a silence before the alarm?" in admin.screen
    await admin.press("⬅️ Back")
    assert "A word or phrase the page must contain" in admin.screen
    await admin.press("⬅️ Back")
    await admin.press("🚫 Don't check")
    assert "How long a silence before the alarm?" in admin.screen
    await admin.press("⬅️ Back")
    assert f"🌐 Check {API} from here?" in admin.screen
    await admin.press("⬅️ Back")
    await admin.press("Skip ➡️")  # no URL: nothing to check
    await admin.press("an hour")
    assert "🌐 Check" not in admin.screen
    await admin.press("✅ Create")
    project = await Project.get(name="Shop API")
    assert project.url is None
    assert not await Check.exists(project_id=project.id)


async def test_the_card_and_the_checks_screen_show_each_checks_state_and_last_result(
    world: BotWorld,
) -> None:
    _, site, _ = await watched_shop(world)
    admin = world.person(ADMIN, "en")
    await open_card(admin)
    site_line = f"✅ {SITE} · every 1 min · HTTP 200 · 85 ms"
    api_line = f"❌ {API} · every 30 s · HTTP 503"
    assert f"🌐 Checks:\n{site_line}\n{api_line}" in admin.screen
    await admin.press("🌐 Checks")
    assert "🌐 Checks of Shop" in admin.screen
    assert f"{site_line}\n{api_line}" in admin.screen
    assert {f"✅ {SITE}", f"❌ {API}", "➕ Add check"} <= set(admin.labels)
    await admin.press(f"✅ {SITE}")
    stored = await Check.get(id=site.id)
    assert stored.last_checked_at is not None
    assert admin.screen.splitlines() == [
        "🌐 Check of Shop",
        f"🔗 {SITE}",
        "📊 State: ✅ up",
        "🔁 Checked every 1 min, timeout 10 s",
        "🎯 Expected: HTTP 200-399",
        f"🕐 Last check: {format_time(stored.last_checked_at)} — HTTP 200 · 85 ms",
    ]
    assert admin.labels == ["⏸️ Pause", "🔁 Interval", "🗑 Delete", "⬅️ Back"]


async def test_an_admin_pauses_resumes_changes_the_interval_and_deletes_a_check(
    world: BotWorld,
) -> None:
    _, site, api = await watched_shop(world)
    admin = world.person(ADMIN, "en")
    await open_card(admin)
    await admin.press("🌐 Checks")
    await admin.press(f"❌ {API}")
    await admin.press("⏸️ Pause")
    assert "📊 State: ⏸ paused" in admin.screen
    assert "▶️ Resume" in admin.labels and "⏸️ Pause" not in admin.labels
    assert await monitor_state(api) == MonitorState.PAUSED
    await admin.press("▶️ Resume")
    assert "📊 State: 🆕 new" in admin.screen
    assert await monitor_state(api) == MonitorState.NEW

    resumed = (await Monitor.get(id=api.monitor_id)).deadline_at  # probed at once
    assert resumed is not None
    await admin.press("🔁 Interval")
    assert "Now: every 30 s." in admin.screen
    assert admin.labels[:4] == ["every 30 s", "every 1 min", "every 5 min", "every 15 min"]
    await admin.press("every 5 min")
    assert "🔁 Checked every 5 min, timeout 10 s" in admin.screen
    assert (await Check.get(id=api.id)).interval_seconds == 300
    # The writer moved the next probe to the new interval's next slot (after the resume).
    moved = (await Monitor.get(id=api.monitor_id)).deadline_at
    assert moved is not None and resumed < moved <= datetime.now(UTC) + timedelta(minutes=5)
    assert next_probe(api.monitor_id, timedelta(minutes=5), moved - timedelta(minutes=5)) == moved

    await admin.press("🗑 Delete")
    assert f"🗑 Delete the check of {API}?" in admin.screen
    await admin.press("🗑 Yes, delete")
    assert not await Check.exists(id=api.id)
    assert not await Monitor.exists(id=api.monitor_id)
    assert "🌐 Checks of Shop" in admin.screen and API not in admin.screen
    assert await Check.exists(id=site.id)


async def test_a_viewer_sees_the_checks_and_a_forged_pause_is_refused(world: BotWorld) -> None:
    project, site, _ = await watched_shop(world)
    await ProjectAccess.create(project=project, user_id=MEMBER, role="viewer", granted_by=ADMIN)
    viewer = world.person(MEMBER, "en")
    await open_card(viewer)
    assert f"✅ {SITE} · every 1 min · HTTP 200 · 85 ms" in viewer.screen
    await viewer.press("🌐 Checks")
    assert "➕ Add check" not in viewer.labels
    await viewer.press(f"✅ {SITE}")
    assert "📊 State: ✅ up" in viewer.screen
    assert viewer.labels == ["⬅️ Back"]

    # The viewer's client sends the hidden buttons' data in the viewer's own dialog.
    for widget in ("check_pause", "check_delete", "check_interval"):
        intent = viewer.last.button_data("⬅️ Back").split(CB_SEP)[0]
        answered = len(world.telegram.callback_answers)
        world.telegram.forge_button_press(viewer.last, f"{intent}{CB_SEP}{widget}", MEMBER)
        await viewer.settle()
        assert len(world.telegram.callback_answers) == answered + 1, widget
        answer = world.telegram.callback_answers[-1]
        assert answer.text == "You have no access to this project.", widget
        await open_card(viewer)
        await viewer.press("🌐 Checks")
        await viewer.press(f"✅ {SITE}")
    assert await monitor_state(site) == MonitorState.UP
    assert (await Check.get(id=site.id)).interval_seconds == 60


async def test_a_bad_address_for_a_new_check_is_asked_again_with_the_reason(
    world: BotWorld,
) -> None:
    project, _, _ = await watched_shop(world)
    admin = world.person(ADMIN, "en")
    await open_card(admin)
    await admin.press("🌐 Checks")
    await admin.press("➕ Add check")
    assert "New check of Shop" in admin.screen
    await admin.say("ftp://files.shop.example")
    assert "⚠️ A check needs an http:// or https:// address, or tcp://host:port" in admin.screen
    await admin.say("tcp://db.shop.example:5432")
    assert "How often should tcp://db.shop.example:5432 be checked?" in admin.screen
    assert "⚠️" not in admin.screen
    await admin.press("every 15 min")
    assert "🆕 tcp://db.shop.example:5432 · every 15 min · not checked yet" in admin.screen
    check = await Check.get(project_id=project.id, url="tcp://db.shop.example:5432")
    assert check.interval_seconds == 900
    assert (await Monitor.get(id=check.monitor_id)).kind == "tcp"


async def test_checks_speak_russian(world: BotWorld) -> None:
    await watched_shop(world)
    admin = world.person(ADMIN, "ru")
    await open_card(admin)
    assert f"✅ {SITE} · раз в 1 мин · HTTP 200 · 85 мс" in admin.screen
    await admin.press("🌐 Проверки")
    await admin.press(f"❌ {API}")
    assert "📊 Состояние: ❌ не проходит" in admin.screen
    assert "🔁 Проверяется раз в 30 с, таймаут 10 с" in admin.screen
    assert {"⏸️ Пауза", "🔁 Интервал", "🗑 Удалить"} <= set(admin.labels)


async def test_a_check_deleted_meanwhile_is_said_to_be_gone(world: BotWorld) -> None:
    _, site, _ = await watched_shop(world)
    admin = world.person(ADMIN, "en")
    await open_card(admin)
    await admin.press("🌐 Checks")
    await admin.press(f"✅ {SITE}")
    await delete_check(site.id)  # by someone else, meanwhile
    await admin.press("⏸️ Pause")
    assert "There is no such check" in admin.screen
    assert admin.labels == ["⬅️ Back"]
