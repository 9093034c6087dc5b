"""A heartbeat that arrived before its project's deadline is no outage, even when its
transaction commits after the silence checker has looked at the project."""

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

import pytest

from api.app import create_api_app
from models import Health, Monitor, OutboxMessage, Project
from services.core.settings import Settings
from services.ingest.ingestor import Ingestor
from services.letters.outbox import OutboxSignal
from services.notify.notifier import Notifier
from services.watch.silence import SilenceWatcher
from tests.api.conftest import Client, HeldCommitter
from tests.conftest import make_project, make_subscriber, make_subscription, run_monitor

FAR_FUTURE = datetime(2100, 1, 1, tzinfo=UTC)


@pytest.fixture
async def held() -> HeldCommitter:
    committer = HeldCommitter()
    committer.release.set()
    return committer


@pytest.fixture
async def ingestor(translator, held: HeldCommitter) -> Ingestor:
    return Ingestor(Notifier(translator, "ru"), OutboxSignal(), committer=held)


@pytest.fixture
async def api(
    db: str, ingestor: Ingestor, aiohttp_client: Callable[..., Awaitable[Client]]
) -> Client:
    settings = Settings(_env_file=None, database_url=db)
    return await aiohttp_client(create_api_app(settings, ingestor))


async def on_its_way(ingestor: Ingestor) -> None:
    """Until a write has been received and not committed."""
    deadline = asyncio.get_running_loop().time() + 10
    while ingestor.in_flight.settled_until(FAR_FUTURE) == FAR_FUTURE:
        assert asyncio.get_running_loop().time() < deadline, "nothing on its way"
        await asyncio.sleep(0.005)


async def a_watched_project(api: Client, chat_id: int) -> Project:
    project = await make_project(timeout_seconds=60)
    await make_subscription(project, await make_subscriber(telegram_id=chat_id))
    assert (await api.get(f"/ping/{project.token}")).status == 200  # up
    return project


async def test_a_beat_that_arrived_in_time_and_committed_after_the_check_is_no_outage(
    api: Client, ingestor: Ingestor, held: HeldCommitter, translator
) -> None:
    project = await a_watched_project(api, chat_id=21)
    deadline = datetime.now(UTC) + timedelta(seconds=1)
    await Monitor.filter(project_id=project.id, kind="heartbeat").update(deadline_at=deadline)
    held.release.clear()  # the database is slow to commit
    beat = asyncio.create_task(api.get(f"/ping/{project.token}"))  # in time
    await on_its_way(ingestor)

    watcher = SilenceWatcher(Notifier(translator, "ru"), OutboxSignal(), ingestor.in_flight)
    assert await watcher.check(deadline + timedelta(seconds=5)) == 0
    held.release.set()
    assert (await beat).status == 200

    assert (await Project.get(id=project.id)).health == Health.UP
    assert not await OutboxMessage.filter(chat_id=21, kind__in=("silence", "recovery")).exists()


async def test_a_success_that_arrived_in_time_and_committed_after_the_check_ends_the_run(
    api: Client, ingestor: Ingestor, held: HeldCommitter, translator
) -> None:
    project = await a_watched_project(api, chat_id=22)
    assert (await api.get(f"/ping/{project.token}/start")).status == 200
    deadline = datetime.now(UTC) + timedelta(seconds=1)
    await Monitor.filter(project_id=project.id, kind="run").update(deadline_at=deadline)
    held.release.clear()
    success = asyncio.create_task(api.get(f"/ping/{project.token}"))
    await on_its_way(ingestor)

    watcher = SilenceWatcher(Notifier(translator, "ru"), OutboxSignal(), ingestor.in_flight)
    assert await watcher.check(deadline + timedelta(seconds=5)) == 0
    held.release.set()
    assert (await success).status == 200

    assert (await run_monitor(project.id)).since is None
    assert not await OutboxMessage.filter(chat_id=22, kind="run_hung").exists()
