"""Group commit: concurrent requests share transactions, each still answered only once its
write is committed, and one bad request does not take the others down with it."""

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

import pytest

from api.app import create_api_app
from models import ErrorGroup, ErrorReport, Heartbeat, OutboxMessage
from services.core.settings import Settings
from services.ingest.commit import GroupCommitter
from services.ingest.ingestor import Ingestor
from services.letters.outbox import OutboxSignal
from services.notify.notifier import Notifier
from services.watch.silence import SilenceWatcher
from tests.api.conftest import Client
from tests.conftest import make_project, make_subscriber, make_subscription, run_monitor


@pytest.fixture
async def batched(db: str, translator, aiohttp_client: Callable[..., Awaitable[Client]]) -> Client:
    signal = OutboxSignal()
    committer = GroupCommitter(max_batch=8, after_commit=signal.notify)
    ingestor = Ingestor(Notifier(translator, "ru"), signal, committer=committer)
    return await aiohttp_client(
        create_api_app(Settings(_env_file=None, database_url=db), ingestor)
    )


async def test_concurrent_requests_are_all_stored_and_a_bad_one_fails_alone(
    batched: Client,
) -> None:
    project = await make_project()
    await make_subscription(project, await make_subscriber(telegram_id=9))
    beats = [
        batched.post("/api/v1/heartbeat", json={"project_token": project.token}) for _ in range(30)
    ]
    errors = [
        batched.post(
            "/api/v1/log",
            json={"project_token": project.token, "error": {"type": f"E{n}", "message": "x"}},
        )
        for n in range(30)
    ]
    strangers = [
        batched.post("/api/v1/heartbeat", json={"project_token": "0" * 32}) for _ in range(5)
    ]
    answers = await asyncio.gather(*beats, *errors, *strangers)

    assert [a.status for a in answers] == [200] * 30 + [201] * 30 + [401] * 5
    assert await Heartbeat.filter(project_id=project.id).count() == 30
    assert await ErrorReport.filter(project_id=project.id).count() == 30
    assert await ErrorGroup.filter(project_id=project.id).count() == 30
    alerts = await OutboxMessage.filter(chat_id=9, kind="error").count()
    assert alerts == 30


async def test_an_answered_write_is_visible_to_the_next_request(batched: Client) -> None:
    project = await make_project()
    answer = await batched.post(
        "/api/v1/log",
        json={"project_token": project.token, "error": {"type": "E", "message": "x"}},
    )
    stored_id = (await answer.json())["id"]
    assert await ErrorReport.filter(id=stored_id).exists()


async def test_steady_heartbeats_written_together_each_answer_with_their_own_row(
    batched: Client,
) -> None:
    projects = [await make_project(name=f"fleet-{n}") for n in range(3)]
    for project in projects:  # the first beat of each takes the full path
        await batched.post("/api/v1/heartbeat", json={"project_token": project.token})
    bodies = [
        {"project_token": projects[n % 3].token, "metadata": {"request": n}} for n in range(24)
    ]
    answers = await asyncio.gather(*(batched.post("/api/v1/heartbeat", json=b) for b in bodies))

    assert [a.status for a in answers] == [200] * 24
    for body, answer in zip(bodies, answers, strict=True):
        stored = await Heartbeat.get(id=(await answer.json())["id"])
        assert stored.metadata == body["metadata"]
        assert await stored.project.values_list("token", flat=True) == body["project_token"]


async def until_queued(committer: GroupCommitter, count: int) -> None:
    deadline = asyncio.get_running_loop().time() + 10
    while committer.queued != count:
        assert asyncio.get_running_loop().time() < deadline, f"{committer.queued} queued"
        await asyncio.sleep(0.005)


@pytest.mark.parametrize("group_commit", [True, False], ids=["group-commit", "transaction-each"])
async def test_a_run_start_and_its_success_ping_in_one_batch_apply_in_arrival_order(
    db: str, translator, aiohttp_client: Callable[..., Awaitable[Client]], group_commit: bool
) -> None:
    """Regression: a batch ran its writes grouped by kind, so a heartbeat of another project
    ahead of them put the job's success ping before its start, and the run stayed open (then a
    false "hung" alert). Without group commit (PostgreSQL's default) a start went its own way,
    beside the heartbeat batcher, and could be applied after the ping too."""
    notifier = Notifier(translator, "ru")
    shared = GroupCommitter() if group_commit else None
    ingestor = Ingestor(notifier, OutboxSignal(), committer=shared)
    committer = ingestor.batches
    settings = Settings(_env_file=None, database_url=db)
    api = await aiohttp_client(create_api_app(settings, ingestor))
    job, other = await make_project(name="nightly", timeout_seconds=60), await make_project()
    await make_subscription(job, await make_subscriber(telegram_id=11))
    await api.get(f"/ping/{job.token}")  # its first beat: the job is up
    release = asyncio.Event()
    holding = asyncio.create_task(committer.run(release.wait))  # the database is busy
    await until_queued(committer, 0)
    answers = []
    for path in (f"/ping/{other.token}", f"/ping/{job.token}/start", f"/ping/{job.token}"):
        answers.append(asyncio.create_task(api.get(path)))
        await until_queued(committer, len(answers))  # queued in this order
    release.set()
    await holding

    assert [(await answer).status for answer in answers] == [200, 200, 200]
    assert (await run_monitor(job.id)).since is None
    later = datetime.now(UTC) + timedelta(minutes=5)
    await SilenceWatcher(notifier, OutboxSignal()).check(later)
    assert not await OutboxMessage.filter(chat_id=11, kind="run_hung").exists()
