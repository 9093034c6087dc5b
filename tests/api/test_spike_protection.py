"""Spike protection: while the database is busy, one project's storm waits in a bounded queue
and the rest of it is refused at once, so another project's request is not stuck behind it."""

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from api.app import create_api_app
from models import Heartbeat
from services.ingest import Ingestor
from services.notify import Notifier
from services.outbox import OutboxSignal
from services.ratelimit import SpikeGuard
from services.settings import Settings
from tests.api.conftest import Client, HeldCommitter
from tests.conftest import make_project

IN_FLIGHT = 5
TOTAL = 2 * IN_FLIGHT - 2  # two projects' storms, each within its own share, exceed it


@pytest.fixture
def held() -> HeldCommitter:
    return HeldCommitter()


@pytest.fixture
async def guarded(
    db: str, translator, held: HeldCommitter, aiohttp_client: Callable[..., Awaitable[Client]]
) -> Client:
    ingestor = Ingestor(
        Notifier(translator, "ru"),
        OutboxSignal(),
        committer=held,
        spike_guard=SpikeGuard(IN_FLIGHT, TOTAL),
    )
    return await aiohttp_client(
        create_api_app(Settings(_env_file=None, database_url=db), ingestor)
    )


async def heartbeat(api: Client, token: str) -> tuple[int, str | None, dict[str, Any]]:
    answer = await api.post("/api/v1/heartbeat", json={"project_token": token})
    return answer.status, answer.headers.get("Retry-After"), await answer.json()


async def refused_at_once(storming: list[asyncio.Task[Any]], count: int) -> list[Any]:
    """The answers of the `count` requests answered while the database holds the others."""
    deadline = asyncio.get_running_loop().time() + 10
    while len(refused := [t for t in storming if t.done()]) < count:
        assert asyncio.get_running_loop().time() < deadline, f"{len(refused)} refused"
        await asyncio.sleep(0.01)
    return [task.result() for task in refused]


async def test_a_storm_beyond_its_share_is_refused_and_others_still_get_in(
    guarded: Client, held: HeldCommitter
) -> None:
    storm, quiet = await make_project(name="storm"), await make_project(name="quiet")
    storming = [asyncio.create_task(heartbeat(guarded, storm.token)) for _ in range(IN_FLIGHT + 7)]
    for status, retry_after, body in await refused_at_once(storming, 7):
        assert (status, retry_after) == (429, "1")
        assert "more than 5 requests of this project at once" in body["error"]

    quiet_beat = asyncio.create_task(heartbeat(guarded, quiet.token))
    held.release.set()
    assert (await quiet_beat)[0] == 200
    statuses = [status for status, _, _ in await asyncio.gather(*storming)]
    assert sorted(statuses) == [200] * IN_FLIGHT + [429] * 7
    assert await Heartbeat.filter(project_id=storm.id).count() == IN_FLIGHT
    assert await Heartbeat.filter(project_id=quiet.id).count() == 1
    # The queue drained: the storm's project is admitted again.
    assert (await heartbeat(guarded, storm.token))[0] == 200


async def test_storms_of_many_projects_beyond_the_total_get_503_and_nothing_is_lost(
    guarded: Client, held: HeldCommitter
) -> None:
    first, second = await make_project(name="first"), await make_project(name="second")
    storming = [
        asyncio.create_task(heartbeat(guarded, project.token))
        for project in (first, second)
        for _ in range(IN_FLIGHT)
    ]
    for status, retry_after, body in await refused_at_once(storming, 2):
        assert (status, retry_after) == (503, "1")
        assert f"more than {TOTAL} requests wait for the database" in body["error"]

    held.release.set()
    statuses = [status for status, _, _ in await asyncio.gather(*storming)]
    assert sorted(statuses) == [200] * TOTAL + [503] * 2
    stored = await Heartbeat.filter(project_id__in=[first.id, second.id]).count()
    assert stored == TOTAL  # every 200 committed, every 503 stored nothing
    # The queue drained: both are admitted again.
    assert (await heartbeat(guarded, first.token))[0] == 200
    assert (await heartbeat(guarded, second.token))[0] == 200
