"""Dependencies, end to end: a router (A) and the projects behind it (B, C). While A is down,
B's and C's outages are not alerted on their own: A's alert lists them ("Also silent: B, C").
When A recovers, each is judged afresh: alerted if it stays silent for its own timeout, quiet
if it beat meanwhile. Real ingestor, silence watcher, live edits, outbox sender and aiogram
Bot against the Telegram double; the clock is the test's."""

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from aiogram import Bot
from aiogram_i18n.cores import FluentRuntimeCore

from models import Check, HealthTransition, HeldBecause, Monitor, MonitorState, Project
from services.accounts.checks import NewCheck, add_check
from services.accounts.dependencies import depend
from services.accounts.projects import set_paused
from services.core.errors import InvalidInput
from services.delivery.pacing import TelegramPacer
from services.delivery.sender import CLAIM_LEASE, OutboxSender
from services.formats.reports import HeartbeatReport
from services.ingest.ingestor import Ingestor
from services.letters.outbox import OutboxSignal
from services.notify.incidents import IncidentComposer
from services.notify.live import SEPARATOR, LiveAlerts
from services.notify.notifier import Notifier
from services.probes.network import NetworkPolicy
from services.probes.prober import Prober
from services.watch.probing import CheckRunner
from services.watch.silence import SilenceWatcher
from tests.conftest import (
    heartbeat_monitor,
    listened_until,
    make_project,
    make_subscriber,
    make_subscription,
)
from tests.storage.conftest import Site
from tests.telegram_double import SentMessage, TelegramDouble

CHAT = 7201
OTHER_CHAT = 7202
NOT_RESPONDING = "Project is not responding"
RESPONDING = "Project is responding again"


class World:
    """Projects watched by chats; the clock moves only when the test says."""

    def __init__(self, telegram: TelegramDouble, bot: Bot, translator: FluentRuntimeCore) -> None:
        self.telegram = telegram
        telegram.enforce_flood_limits = False  # the sender here does not pace
        self.notifier = Notifier(translator, "en")
        self.start = datetime.now(UTC) - timedelta(hours=3)  # the past: what is queued is due
        self.ingestor = Ingestor(self.notifier, OutboxSignal())
        self.watcher = SilenceWatcher(self.notifier, OutboxSignal())
        self.live = LiveAlerts(self.notifier, OutboxSignal())
        self.sender = OutboxSender(
            bot,
            OutboxSignal(),
            TelegramPacer(private_interval=0),
            IncidentComposer(self.live, CLAIM_LEASE),
        )

    def at(self, seconds: float) -> datetime:
        return self.start + timedelta(seconds=seconds)

    async def chat(self, chat_id: int, *projects: Project) -> None:
        self.telegram.add_user(chat_id)
        subscriber = await make_subscriber(telegram_id=chat_id, language="en")
        for project in projects:
            await make_subscription(project, subscriber, heartbeat_mode="off")

    async def beat(self, project: Project, seconds: int) -> None:
        await self.ingestor.record_heartbeat(project.token, HeartbeatReport(), self.at(seconds))
        await self.sender.drain_once()

    async def watch(self, seconds: float) -> None:
        """The silence watcher runs at that moment (it listened until then), then the live
        edits and the sender."""
        now = self.at(seconds)
        await listened_until(now)
        await self.watcher.check(now)
        await self.live.refresh(now)
        await self.sender.drain_once()

    def visible(self, chat_id: int = CHAT) -> list[SentMessage]:
        return [m for m in self.telegram.messages_to(chat_id) if not m.deleted]

    def about(self, name: str, chat_id: int = CHAT) -> list[str]:
        """The project's own alerts, as they read now: alone in a message, or a part of an
        incident message shared with other projects."""
        parts = [p for m in self.visible(chat_id) for p in m.visible_text.split(SEPARATOR)]
        return [p for p in parts if p.split("\n\n")[1].startswith(f"📝 Project: {name}\n")]


@pytest.fixture
async def world(
    db: str, telegram: TelegramDouble, bot: Bot, translator: FluentRuntimeCore
) -> AsyncIterator[World]:
    yield World(telegram, bot, translator)


async def router_and_two_behind(world: World) -> tuple[Project, Project, Project]:
    router = await make_project(name="Router", timeout_seconds=60)
    site = await make_project(name="Site", timeout_seconds=60)
    shop = await make_project(name="Shop", timeout_seconds=60)
    for behind in (site, shop):
        await depend(behind, router)
    await world.chat(CHAT, router, site, shop)
    return router, site, shop


async def test_a_parents_outage_folds_its_dependants_into_its_one_message(world: World) -> None:
    router, site, shop = await router_and_two_behind(world)
    await world.beat(router, 0)
    await world.beat(site, 30)
    await world.beat(shop, 30)

    await world.watch(60)  # the router goes silent first
    (alert,) = world.visible()
    assert NOT_RESPONDING in alert.visible_text and "Router" in alert.visible_text
    assert "Also silent" not in alert.visible_text

    await world.watch(90)  # then what stands behind it: no message of their own
    assert world.visible() == [alert]
    assert "🔕 Also silent: Shop, Site" in alert.visible_text
    for behind in (site, shop):
        beat = await heartbeat_monitor(behind.id)
        assert (beat.state, beat.held_because) == (MonitorState.DOWN, HeldBecause.DEPENDENCY)

    await world.watch(150)  # the minutely edit keeps the list
    assert world.visible() == [alert]
    assert "🔕 Also silent: Shop, Site" in alert.visible_text


async def test_when_the_parent_recovers_each_dependant_is_judged_afresh(world: World) -> None:
    router, site, shop = await router_and_two_behind(world)
    await world.beat(router, 0)
    await world.beat(site, 30)
    await world.beat(shop, 30)
    await world.watch(60)
    await world.watch(90)
    (alert,) = world.visible()

    await world.beat(router, 300)  # the router is back
    await world.watch(300)
    recovered = world.visible()[-1]
    assert RESPONDING in recovered.visible_text and "Router" in recovered.visible_text
    assert "Also silent" not in alert.visible_text  # the outage is over: nothing to list
    site_beat = await heartbeat_monitor(site.id)
    assert site_beat.state == MonitorState.UP and site_beat.held_because is None
    assert site_beat.deadline_at == world.at(360)  # its own timeout, from now
    assert world.about("Site") == [] and world.about("Shop") == []

    await world.beat(router, 330)
    await world.beat(shop, 330)  # the shop came back meanwhile: it says nothing
    await world.watch(359)
    assert world.about("Site") == [] and world.about("Shop") == []
    await world.watch(360)  # the site is still silent after its own timeout: alerted now
    (site_alert,) = world.about("Site")
    assert NOT_RESPONDING in site_alert
    assert world.about("Shop") == []
    await world.beat(router, 360)
    await world.beat(shop, 360)
    await world.watch(400)
    assert world.about("Shop") == []
    reasons = await HealthTransition.filter(project_id=site.id).values_list("reason", flat=True)
    assert "dependency_recovered" in reasons


async def test_a_dependant_already_down_before_its_parent_stays_alerted_as_it_was(
    world: World,
) -> None:
    router, site, shop = await router_and_two_behind(world)
    await world.beat(site, 0)
    await world.beat(router, 30)
    await world.beat(shop, 30)
    await world.watch(60)  # the site first: alerted on its own
    (site_alert,) = world.visible()
    assert "Site" in site_alert.visible_text

    await world.watch(90)  # then the router, and the shop behind it
    (router_alert,) = world.about("Router")
    assert world.about("Shop") == []
    assert "🔕 Also silent: Shop" in router_alert
    assert "Site" not in router_alert  # its own alert says it

    await world.beat(router, 300)
    await world.watch(300)
    site_beat = await heartbeat_monitor(site.id)
    assert site_beat.state == MonitorState.DOWN and site_beat.ended_at is None
    (site_now,) = world.about("Site")
    assert "⏱️ Silent for 5 min" in site_now  # its alert lives on, edited


async def test_a_chat_that_does_not_hear_about_a_dependant_never_sees_its_name(
    world: World,
) -> None:
    router = await make_project(name="Router", timeout_seconds=60)
    secret = await make_project(name="R&D <lab>", timeout_seconds=60)
    await depend(secret, router)
    await world.chat(CHAT, router, secret)
    await world.chat(OTHER_CHAT, router)  # hears the router only
    await world.beat(router, 0)
    await world.beat(secret, 30)
    await world.watch(60)
    await world.watch(90)

    (mine,) = world.visible(CHAT)
    assert "🔕 Also silent: R&D <lab>" in mine.visible_text  # escaped, shown as typed
    (theirs,) = world.visible(OTHER_CHAT)
    assert "Router" in theirs.visible_text
    assert "R&D" not in theirs.visible_text and "Also silent" not in theirs.visible_text


async def test_pausing_the_parent_releases_its_dependants(world: World) -> None:
    router, site, shop = await router_and_two_behind(world)
    await world.beat(router, 0)
    await world.beat(site, 30)
    await world.beat(shop, 30)
    await world.watch(60)
    await world.watch(90)

    (router_alert,) = world.about("Router")
    assert "🔕 Also silent: Shop, Site" in router_alert
    await set_paused(await Project.get(id=router.id), True, world.at(120), "Anna")
    await world.watch(120)
    (router_alert,) = world.about("Router")
    assert "⏸ Monitoring paused by Anna" in router_alert and "Also silent" not in router_alert
    await world.watch(179)
    assert world.about("Site") == []
    await world.watch(180)
    assert len(world.about("Site")) == 1 and len(world.about("Shop")) == 1


async def test_removing_the_dependency_judges_a_held_outage_afresh(world: World) -> None:
    router, site, _ = await router_and_two_behind(world)
    await world.beat(router, 0)
    await world.beat(site, 30)
    await world.watch(60)
    await world.watch(90)
    await depend(await Project.get(id=site.id), None)
    await world.watch(100)
    assert world.about("Site") == []
    await world.watch(160)
    assert len(world.about("Site")) == 1


async def test_a_project_cannot_depend_on_itself_nor_in_a_cycle(db: str) -> None:
    a, b, c = [await make_project(name=name) for name in "ABC"]
    with pytest.raises(InvalidInput) as refused:
        await depend(a, a)
    assert refused.value.code == "depends-self"
    await depend(b, a)
    with pytest.raises(InvalidInput) as refused:
        await depend(a, b)  # A -> B -> A
    assert refused.value.code == "depends-cycle"
    await depend(c, b)
    with pytest.raises(InvalidInput) as refused:
        await depend(a, c)  # A -> C -> B -> A
    assert refused.value.code == "depends-cycle"
    assert (await Project.get(id=a.id)).depends_on_id is None
    await depend(c, a)  # another parent, no cycle
    assert (await Project.get(id=c.id)).depends_on_id == a.id


class Probing:
    """The shop's check, probed by the real runner when the test's clock reaches its slot."""

    def __init__(self, world: World, monitor_id: int) -> None:
        self.world = world
        self.monitor_id = monitor_id
        self.prober = Prober(NetworkPolicy())
        self.clock = world.start
        self.runner = CheckRunner(
            self.prober, world.notifier, OutboxSignal(), clock=lambda: self.clock
        )

    async def next_probe(self) -> float:
        """The clock moves to the check's next slot and the runner probes it; the slot, in
        seconds from the start."""
        due = (await Monitor.get(id=self.monitor_id)).deadline_at
        assert due is not None
        self.clock = due
        assert await self.runner.tick(due) == 1
        await self.runner.settled()
        await self.runner.flush()
        await self.world.sender.drain_once()
        return (due - self.world.start).total_seconds()

    async def close(self) -> None:
        await self.runner.stop()
        await self.prober.close()


async def test_a_check_failing_behind_a_down_parent_is_probed_afresh_when_it_is_back(
    world: World, site: Site
) -> None:
    router = await make_project(name="Router", timeout_seconds=600)
    shop = await make_project(name="Shop", type="website", timeout_seconds=600)
    await depend(shop, router)
    await world.chat(CHAT, router, shop)
    await world.beat(router, 0)
    await world.watch(600)  # the router goes silent
    spec = NewCheck(url=site.url, interval="1m", confirm=2)
    check = await add_check(shop, spec, world.at(600))
    probing = Probing(world, check.monitor_id)
    try:
        await probing.next_probe()  # up
        site.status = 503
        while (await Monitor.get(id=check.monitor_id)).state != MonitorState.DOWN:
            at = await probing.next_probe()
        await world.watch(at)
        assert world.about("Shop") == []  # held: no message of its own
        (router_alert,) = world.about("Router")
        assert "🔕 Also silent: Shop" in router_alert

        await world.beat(router, 1200)
        await world.watch(1200)
        monitor = await Monitor.get(id=check.monitor_id)
        assert monitor.state == MonitorState.NEW and monitor.deadline_at == world.at(1200)
        assert (await Check.get(monitor_id=check.monitor_id)).failures_in_row == 0
        await probing.next_probe()  # the first failure counted afresh: not down yet
        assert world.about("Shop") == []
        await probing.next_probe()
        (shop_alert,) = world.about("Shop")
        assert "Check is failing" in shop_alert and "HTTP 503" in shop_alert
    finally:
        await probing.close()


async def test_two_watchers_at_once_judge_a_held_outage_afresh_once(world: World) -> None:
    router, site, shop = await router_and_two_behind(world)
    await world.beat(router, 0)
    await world.beat(site, 30)
    await world.beat(shop, 30)
    await world.watch(60)
    await world.watch(90)
    await world.beat(router, 120)
    watchers = [SilenceWatcher(world.notifier, OutboxSignal()) for _ in range(2)]
    await listened_until(world.at(120))
    await asyncio.gather(*(watcher.check(world.at(120)) for watcher in watchers))
    for behind in (site, shop):
        moves = await HealthTransition.filter(
            project_id=behind.id, reason="dependency_recovered"
        ).count()
        assert moves == 1
        assert (await heartbeat_monitor(behind.id)).state == MonitorState.UP


async def test_a_project_behind_a_held_one_is_listed_on_the_first_alert_too(
    world: World,
) -> None:
    router = await make_project(name="Router", timeout_seconds=60)
    server = await make_project(name="Server", timeout_seconds=60)
    site = await make_project(name="Site", timeout_seconds=60)
    await depend(server, router)
    await depend(site, server)
    await world.chat(CHAT, router, server, site)
    await world.beat(router, 0)
    await world.beat(server, 20)
    await world.beat(site, 40)
    await world.watch(60)
    await world.watch(80)
    await world.watch(100)
    (alert,) = world.visible()
    assert "🔕 Also silent: Server, Site" in alert.visible_text

    await world.beat(router, 200)
    await world.watch(200)  # both judged afresh: the site's parent is down no more either
    for behind in (server, site):
        assert (await heartbeat_monitor(behind.id)).state == MonitorState.UP


async def test_a_russian_chat_reads_the_list_in_russian(world: World) -> None:
    router, site, shop = await router_and_two_behind(world)
    world.telegram.add_user(OTHER_CHAT)
    russian = await make_subscriber(telegram_id=OTHER_CHAT, language="ru")
    for project in (router, site, shop):
        await make_subscription(project, russian, heartbeat_mode="off")
    await world.beat(router, 0)
    await world.beat(site, 30)
    await world.beat(shop, 30)
    await world.watch(60)
    await world.watch(90)
    (alert,) = world.visible(OTHER_CHAT)
    assert "🔕 Также молчат: Shop, Site" in alert.visible_text


async def test_an_outage_held_behind_its_parent_gets_no_reminders(world: World) -> None:
    """Router ← Server ← Site, all silent: Server's outage is held, and Site's held outage
    refreshes Server's alerts; a chat that hears only Server, with hourly reminders, was never
    told of its outage, so no "still not responding" comes either."""
    router = await make_project(name="Router", timeout_seconds=60)
    server = await make_project(name="Server", timeout_seconds=60)
    site = await make_project(name="Site", timeout_seconds=60)
    await depend(server, router)
    await depend(site, server)
    world.telegram.add_user(CHAT)
    chat = await make_subscriber(telegram_id=CHAT, language="en")
    await make_subscription(server, chat, heartbeat_mode="off", reminders="hourly")
    for project, at in ((router, 0), (server, 20), (site, 40)):
        await world.beat(project, at)
    for seconds in range(60, int(2.5 * 3600), 120):
        await world.watch(seconds)
    assert (await heartbeat_monitor(server.id)).held_because == "dependency"
    assert world.visible() == []


async def test_a_disabled_parent_holds_nothing(world: World) -> None:
    """A project switched off (`is_active` false) is not watched, so its outage never ends:
    what depends on it is alerted on its own."""
    router, site, _ = await router_and_two_behind(world)
    await world.beat(router, 0)
    await world.beat(site, 30)
    await world.watch(61)
    assert len(world.about("Router")) == 1
    await Project.filter(id=router.id).update(is_active=False)
    await world.watch(91)
    (alert,) = world.about("Site")
    assert NOT_RESPONDING in alert
