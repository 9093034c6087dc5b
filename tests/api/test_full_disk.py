"""A full disk: SQLite undoes a whole transaction by itself when a write finds no space. Every
request of a batch whose transaction did not commit is refused, nothing else; what got a 2xx is
stored; the app keeps answering, and stores again by itself once there is space."""

import asyncio
import errno
import os
import secrets
import sqlite3
import subprocess
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import ClientResponse

from api.app import create_api_app
from models import ErrorReport, Heartbeat, Project
from services.core.ratelimit import RateLimiter
from services.core.settings import Settings
from services.ingest.commit import GroupCommitter
from services.ingest.ingestor import Ingestor
from services.letters.outbox import OutboxSignal
from services.notify.notifier import Notifier
from services.storage.db import apply_migrations, close_orm, init_orm
from tests.api.conftest import Client
from tests.conftest import make_project, run_monitor, within_one_rate_window

DISK_BYTES = 24 * 1024 * 1024
PER_MINUTE = 20
REPORT_BYTES = 250 * 1024


class Disk:
    """A small tmpfs the test mounts (as root): it fills as a real disk does (ENOSPC)."""

    def __init__(self, where: Path) -> None:
        self.where = where
        self.filler = where / "filler"

    def fill(self, leave: int) -> None:
        """Take all the space but `leave` bytes."""
        with self.filler.open("ab", buffering=0) as filler:  # no buffer left to flush
            try:
                while True:
                    filler.write(b"\0" * 65536)
            except OSError as error:
                assert error.errno == errno.ENOSPC
        os.truncate(self.filler, max(0, self.filler.stat().st_size - leave))

    def free(self) -> None:
        self.filler.unlink()


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Disk]:
    where = tmp_path / "disk"
    where.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={DISK_BYTES}", "tmpfs", str(where)],
        capture_output=True,
    )
    if mounted.returncode:
        pytest.skip(f"a tmpfs could not be mounted (root needed): {mounted.stderr.decode()}")
    try:
        yield Disk(where)
    finally:
        subprocess.run(["umount", "-l", str(where)], check=True)


@pytest.fixture
async def committer() -> GroupCommitter:
    return GroupCommitter()


@pytest.fixture
async def api(
    disk: Disk,
    committer: GroupCommitter,
    translator: Any,
    aiohttp_client: Callable[..., Awaitable[Client]],
) -> AsyncIterator[Client]:
    url = f"sqlite://{disk.where}/monitor.sqlite3"
    await apply_migrations(url)
    await init_orm(url)
    try:
        limiter = RateLimiter(per_minute=PER_MINUTE)
        ingestor = Ingestor(Notifier(translator, "ru"), OutboxSignal(), limiter, committer)
        settings = Settings(_env_file=None, database_url=url)
        yield await aiohttp_client(create_api_app(settings, ingestor))
    finally:
        await close_orm()


async def until_queued(committer: GroupCommitter, count: int) -> None:
    deadline = asyncio.get_running_loop().time() + 10
    while committer.queued != count:
        assert asyncio.get_running_loop().time() < deadline, f"{committer.queued} queued"
        await asyncio.sleep(0.005)


def error_body(token: str) -> dict[str, Any]:
    trace = secrets.token_hex(REPORT_BYTES // 2)  # a long stack trace
    return {"project_token": token, "error": {"type": "E", "message": "x", "stack_trace": trace}}


async def one_batch(
    api: Client, committer: GroupCommitter, requests: list[Callable[[], Awaitable[ClientResponse]]]
) -> list[ClientResponse]:
    """The requests, queued in this order while the database is busy: one batch."""
    release = asyncio.Event()
    holding = asyncio.create_task(committer.run(release.wait))
    await until_queued(committer, 0)
    answers = []
    for request in requests:
        answers.append(asyncio.create_task(request()))
        await until_queued(committer, len(answers))
    release.set()
    await holding
    return list(await asyncio.gather(*answers))


async def test_a_batch_that_meets_a_full_disk_loses_nothing_it_acknowledged(
    api: Client, committer: GroupCommitter, disk: Disk
) -> None:
    """The issue's scenario: a heartbeat, a run's start and its failure share a batch with a
    dozen ~250 KB error reports while the disk fills."""
    job, shop = await make_project(name="job"), await make_project(name="shop")
    assert (await api.get(f"/ping/{job.token}")).status == 200  # both up: steady beats next
    assert (await api.post("/api/v1/heartbeat", json={"project_token": shop.token})).status == 200
    disk.fill(leave=1024 * 1024)

    beat, start, *reports, fail = await one_batch(
        api,
        committer,
        [
            lambda: api.post("/api/v1/heartbeat", json={"project_token": shop.token}),
            lambda: api.get(f"/ping/{job.token}/start"),
            *[lambda: api.post("/api/v1/log", json=error_body(shop.token))] * 12,
            lambda: api.get(f"/ping/{job.token}/fail"),
        ],
    )

    answers = [beat, start, *reports, fail]
    refused = [answer for answer in answers if answer.status >= 300]
    assert refused, "the disk did not fill: the test proves nothing"
    assert all(a.status in (503, 507) and a.headers.get("Retry-After") for a in refused)
    await assert_stored(beat, reports, start, fail, job)

    # Still answering while the disk is full (a refusal, not a hang), then by itself again.
    still = await api.post("/api/v1/log", json=error_body(shop.token))
    assert still.status in (201, 503, 507)
    disk.free()
    stored = await api.post("/api/v1/log", json=error_body(shop.token))
    beat = await api.post("/api/v1/heartbeat", json={"project_token": shop.token})
    start = await api.get(f"/ping/{job.token}/start")
    assert (stored.status, beat.status, start.status) == (201, 200, 200)
    await assert_stored(beat, [stored], start, None, job)
    await assert_sound(disk)


async def assert_stored(
    beat: ClientResponse,
    reports: list[ClientResponse],
    start: ClientResponse,
    fail: ClientResponse | None,
    job: Project,
) -> None:
    """What got a 2xx is in the database."""
    if beat.status == 200:
        assert await Heartbeat.filter(id=(await beat.json())["id"]).exists()
    for report in reports:
        if report.status == 201:
            assert await ErrorReport.filter(id=(await report.json())["id"]).exists()
    failed = fail is not None and fail.status == 200
    if failed:
        assert await ErrorReport.filter(project_id=job.id, type="RunFailed").exists()
    if start.status == 200 and not failed:
        assert (await run_monitor(job.id)).since is not None


async def assert_sound(disk: Disk) -> None:
    """The database file passes SQLite's own check."""
    await close_orm()
    with sqlite3.connect(disk.where / "monitor.sqlite3") as check:
        assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    await init_orm(f"sqlite://{disk.where}/monitor.sqlite3")


async def test_every_write_acknowledged_while_the_disk_fills_is_stored(
    api: Client, committer: GroupCommitter, disk: Disk
) -> None:
    """Batches of mixed writes while the disk fills up: whatever got a 2xx is in the database,
    and the file is sound."""
    job, shop = await make_project(name="job"), await make_project(name="shop")
    assert (await api.get(f"/ping/{job.token}")).status == 200
    disk.fill(leave=4 * 1024 * 1024)
    acknowledged: list[tuple[str, Any]] = []
    refused = 0
    for _ in range(6):
        answers = await one_batch(
            api,
            committer,
            [
                lambda: api.get(f"/ping/{job.token}/start"),
                lambda: api.post("/api/v1/heartbeat", json={"project_token": shop.token}),
                *[lambda: api.post("/api/v1/log", json=error_body(shop.token))] * 4,
                lambda: api.get(f"/ping/{job.token}"),
            ],
        )
        assert {answer.status for answer in answers} <= {200, 201, 503, 507}
        refused += sum(answer.status >= 300 for answer in answers)
        for answer in answers:
            if answer.status < 300 and answer.content_type == "application/json":
                acknowledged.append((answer.url.path, (await answer.json())["id"]))

    assert acknowledged and refused, "the disk filled at once or never: the test proves nothing"
    for path, id_ in acknowledged:
        model = ErrorReport if path == "/api/v1/log" else Heartbeat
        assert await model.filter(id=id_).exists(), (path, id_)
    await assert_sound(disk)


async def test_a_retry_after_a_failed_commit_is_not_counted_twice_against_the_rate_limit(
    api: Client, disk: Disk
) -> None:
    """Each door's writes count against the project's limit; a write whose commit failed gives
    its count back, so the client's retries after 503 are not refused with 429."""
    await within_one_rate_window()
    doors = {
        "heartbeat": lambda token: api.post("/api/v1/heartbeat", json={"project_token": token}),
        "log": lambda token: api.post("/api/v1/log", json=error_body(token)),
        "start": lambda token: api.get(f"/ping/{token}/start"),
    }
    projects = {door: await make_project(name=door) for door in doors}
    for door, send in doors.items():
        assert (await send(projects[door].token)).status < 300  # one count taken
    disk.fill(leave=0)
    for door, send in doors.items():
        refused = [(await send(projects[door].token)).status for _ in range(PER_MINUTE)]
        assert set(refused) == {503}, (door, refused)

    disk.free()
    for door, send in doors.items():
        retried = [(await send(projects[door].token)).status for _ in range(PER_MINUTE - 1)]
        assert set(retried) <= {200, 201}, (door, retried)
        assert (await send(projects[door].token)).status == 429  # the limit still holds
