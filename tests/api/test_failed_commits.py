"""A COMMIT that PostgreSQL refuses with "disk full" (raised here by a deferred constraint
trigger the test installs, which runs at commit time): every write of it is refused with 503,
and nothing of it counts against the project's rate limit, so the client's retries are not
refused with 429."""

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from tortoise import connections

from api.app import create_api_app
from services.core.ratelimit import RateLimiter
from services.core.settings import Settings
from services.ingest.ingestor import Ingestor
from services.letters.outbox import OutboxSignal
from services.notify.notifier import Notifier
from tests.api.conftest import Client
from tests.conftest import make_project, within_one_rate_window

PER_MINUTE = 5
# Refuses, at COMMIT, every transaction that stored a heartbeat or a report while switched on.
FAIL_AT_COMMIT = """
CREATE TABLE commit_fails (on_ boolean NOT NULL);
INSERT INTO commit_fails VALUES (false);
CREATE FUNCTION fail_commit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT on_ FROM commit_fails) THEN
        RAISE EXCEPTION 'could not extend file: No space left on device'
            USING ERRCODE = 'disk_full';
    END IF;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER heartbeats_fail AFTER INSERT ON heartbeats
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fail_commit();
CREATE CONSTRAINT TRIGGER reports_fail AFTER INSERT ON error_reports
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fail_commit();
"""


@pytest.fixture
async def api(
    db: str, translator: Any, aiohttp_client: Callable[..., Awaitable[Client]]
) -> Client:
    if not db.startswith("postgres"):
        pytest.skip("SQLite's failed commits: tests/api/test_full_disk.py")
    await connections.get("default").execute_script(FAIL_AT_COMMIT)
    limiter = RateLimiter(per_minute=PER_MINUTE)
    ingestor = Ingestor(Notifier(translator, "ru"), OutboxSignal(), limiter)
    settings = Settings(_env_file=None, database_url=db)
    return await aiohttp_client(create_api_app(settings, ingestor))


async def commits_fail(on: bool) -> None:
    await connections.get("default").execute_query("UPDATE commit_fails SET on_ = $1", [on])


async def test_writes_whose_commit_failed_do_not_count_against_the_rate_limit(api: Client) -> None:
    await within_one_rate_window()
    doors: dict[str, Callable[[str], Awaitable[Any]]] = {
        "heartbeat": lambda token: api.post("/api/v1/heartbeat", json={"project_token": token}),
        "log": lambda token: api.post(
            "/api/v1/log", json={"project_token": token, "error": {"type": "E", "message": "m"}}
        ),
        "success ping": lambda token: api.get(f"/ping/{token}"),
    }
    projects = {door: await make_project(name=door) for door in doors}
    for door, send in doors.items():
        assert (await send(projects[door].token)).status < 300  # one count taken, now steady
    await commits_fail(True)
    for door, send in doors.items():
        refused = [(await send(projects[door].token)).status for _ in range(2 * PER_MINUTE)]
        assert set(refused) == {503}, (door, refused)

    await commits_fail(False)
    for door, send in doors.items():
        retried = [(await send(projects[door].token)).status for _ in range(PER_MINUTE - 1)]
        assert set(retried) <= {200, 201}, (door, retried)
        assert (await send(projects[door].token)).status == 429
