"""Spike protection: while the database is busy, one project's storm waits in a bounded queue
and the rest of it is refused at once, so another project's request is not stuck behind it;
made-up tokens, one repeated or many distinct, cannot take the places of projects that work."""

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest

from api.app import create_api_app
from api.keys import INGESTOR
from models import Heartbeat
from services.accounts.projects import new_token
from services.core.ratelimit import UNKNOWN_TTL, SpikeGuard
from services.core.settings import Settings
from services.ingest.ingestor import Ingestor
from services.letters.outbox import OutboxSignal
from services.notify.notifier import Notifier
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
) -> AsyncIterator[Client]:
    ingestor = Ingestor(
        Notifier(translator, "ru"),
        OutboxSignal(),
        committer=held,
        spike_guard=SpikeGuard(IN_FLIGHT, TOTAL),
    )
    yield await aiohttp_client(create_api_app(Settings(_env_file=None, database_url=db), ingestor))
    held.release.set()  # a test that failed midway leaves no request waiting forever


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


UNKNOWN = {"ok": False, "error": "unknown project token"}


async def seen_before(api: Client, held: HeldCommitter, *tokens: str) -> None:
    """Each token has been answered once (the database then was quick), as a project that
    reports regularly has; the database is held again afterwards."""
    held.release.set()
    for token in tokens:
        answer = await api.post("/api/v1/heartbeat", json={"project_token": token})
        assert answer.status in (200, 401)
    held.release.clear()


async def test_a_storm_beyond_its_share_is_refused_and_others_still_get_in(
    guarded: Client, held: HeldCommitter
) -> None:
    storm, quiet = await make_project(name="storm"), await make_project(name="quiet")
    await seen_before(guarded, held, storm.token, quiet.token)
    storming = [asyncio.create_task(heartbeat(guarded, storm.token)) for _ in range(IN_FLIGHT + 7)]
    for status, retry_after, body in await refused_at_once(storming, 7):
        assert (status, retry_after) == (429, "1")
        assert "more than 5 requests of this project at once" in body["error"]

    quiet_beat = asyncio.create_task(heartbeat(guarded, quiet.token))
    held.release.set()
    assert (await quiet_beat)[0] == 200
    statuses = [status for status, _, _ in await asyncio.gather(*storming)]
    assert sorted(statuses) == [200] * IN_FLIGHT + [429] * 7
    assert await Heartbeat.filter(project_id=storm.id).count() == 1 + IN_FLIGHT
    assert await Heartbeat.filter(project_id=quiet.id).count() == 1 + 1
    # The queue drained: the storm's project is admitted again.
    assert (await heartbeat(guarded, storm.token))[0] == 200


async def test_storms_of_many_projects_beyond_the_total_get_503_and_nothing_is_lost(
    guarded: Client, held: HeldCommitter
) -> None:
    first, second = await make_project(name="first"), await make_project(name="second")
    await seen_before(guarded, held, first.token, second.token)
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
    assert stored == 2 + TOTAL  # every 200 committed, every 503 stored nothing
    # The queue drained: both are admitted again.
    assert (await heartbeat(guarded, first.token))[0] == 200
    assert (await heartbeat(guarded, second.token))[0] == 200


async def waiting(task: asyncio.Task[Any]) -> bool:
    """Whether the request is still waiting for the held database (not refused at once)."""
    await asyncio.sleep(0.3)
    return not task.done()


async def test_a_flood_of_distinct_made_up_tokens_leaves_room_for_real_projects(
    guarded: Client, held: HeldCommitter
) -> None:
    real = await make_project(name="real")
    await seen_before(guarded, held, real.token)
    flood = [asyncio.create_task(heartbeat(guarded, new_token())) for _ in range(3 * TOTAL)]
    refused = await refused_at_once(flood, 3 * TOTAL - TOTAL // 2)  # half of TOTAL may wait
    assert {(status, retry_after) for status, retry_after, _ in refused} == {(503, "1")}

    beat = asyncio.create_task(heartbeat(guarded, real.token))
    assert await waiting(beat)  # in the queue, not refused
    event = asyncio.create_task(sentry_event(guarded, real.id, real.token))
    assert await waiting(event)
    made_up = asyncio.create_task(sentry_event(guarded, real.id + 1, new_token()))
    assert (await made_up)[0] == 503  # no room left for tokens nobody has seen work
    held.release.set()
    assert (await beat)[0] == 200
    assert await event == (200, None)
    statuses = sorted(status for status, _, _ in await asyncio.gather(*flood))
    unverified = TOTAL // 2  # the places tokens not seen to work may take
    assert statuses == [401] * unverified + [503] * (3 * TOTAL - unverified)


async def test_a_made_up_token_refused_once_is_refused_again_without_waiting(
    guarded: Client, held: HeldCommitter
) -> None:
    real, made_up = await make_project(name="real"), new_token()
    await seen_before(guarded, held, real.token, made_up)
    flood = [asyncio.create_task(heartbeat(guarded, made_up)) for _ in range(3 * TOTAL)]
    answers = await refused_at_once(flood, 3 * TOTAL)  # while the database is held
    assert {(status, body == UNKNOWN) for status, _, body in answers} == {(401, True)}
    pings = [await guarded.get(f"/ping/{made_up}") for _ in range(3)]
    assert [ping.status for ping in pings] == [401] * 3
    assert await pings[0].json() == UNKNOWN

    beat = asyncio.create_task(heartbeat(guarded, real.token))
    assert await waiting(beat)
    held.release.set()
    assert (await beat)[0] == 200
    assert await Heartbeat.filter(project_id=real.id).count() == 2


async def sentry_event(api: Client, project_id: int, key: str) -> tuple[int, str | None]:
    body = b'{"event_id": "e1"}\n{"type": "event"}\n{"message": "boom"}'
    answer = await api.post(f"/api/{project_id}/envelope/?sentry_key={key}", data=body)
    return answer.status, answer.headers.get("Retry-After")


async def test_a_token_refused_as_unknown_works_once_its_refusal_is_forgotten(
    guarded: Client, held: HeldCommitter
) -> None:
    held.release.set()
    now = [1000.0]
    guarded.app[INGESTOR].spike_guard.tokens.clock = lambda: now[0]
    token = new_token()
    assert (await heartbeat(guarded, token))[0] == 401
    project = await make_project(token=token)  # as another instance, given this token, would
    assert (await heartbeat(guarded, token))[0] == 401  # refused from memory, not looked up
    now[0] += UNKNOWN_TTL
    assert (await heartbeat(guarded, token))[0] == 200
    assert await Heartbeat.filter(project_id=project.id).count() == 1


async def test_projects_that_existed_at_start_keep_their_places_in_a_flood(
    db: str, translator, held: HeldCommitter, aiohttp_client: Callable[..., Awaitable[Client]]
) -> None:
    """A flood of made-up tokens going on across a restart: the projects the database already
    held are known from the start, not held to the share of tokens nobody has seen work."""
    real = await make_project(name="real")  # before the app starts
    ingestor = Ingestor(
        Notifier(translator, "ru"),
        OutboxSignal(),
        committer=held,
        spike_guard=SpikeGuard(IN_FLIGHT, TOTAL),
    )
    settings = Settings(_env_file=None, database_url=db)
    restarted = await aiohttp_client(create_api_app(settings, ingestor))
    try:
        flood = [asyncio.create_task(heartbeat(restarted, new_token())) for _ in range(3 * TOTAL)]
        await refused_at_once(flood, 3 * TOTAL - TOTAL // 2)
        beat = asyncio.create_task(heartbeat(restarted, real.token))
        assert await waiting(beat)  # in the queue, not refused like the flood
        held.release.set()
        assert (await beat)[0] == 200
        await asyncio.gather(*flood)
    finally:
        held.release.set()
