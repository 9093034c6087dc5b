"""No token in any log line: the real app, logging at DEBUG as text and as JSON, is made to fail
at every door in every way a client can make it fail (and once while another process holds
SQLite's write lock), with real projects' tokens in every place a token can travel; then its
whole log is searched for them."""

import asyncio
import contextlib
import gzip
import sqlite3
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import orjson
import pytest
from yarl import URL

from tests.bombs import brotli_bomb
from tests.e2e.app_process import BOT_TOKEN, AppProcess
from tests.telegram_double import TelegramDouble

RATE_LIMIT = 30
# Longer than the app's SQLite busy timeout (5 s): its writes then give up with 503.
LOCK_DEADLINE_SECONDS = 30


@dataclass
class Tokens:
    live: str
    live_id: int
    disabled: str
    unknown: str = field(default_factory=lambda: uuid.uuid4().hex)

    def all(self) -> dict[str, str]:
        return {
            "a live project's token": self.live,
            "a disabled project's token": self.disabled,
            "an unknown token": self.unknown,
            "the bot token": BOT_TOKEN,
            "the bot token's secret": BOT_TOKEN.split(":", 1)[1],
        }


@dataclass(frozen=True)
class Attempt:
    method: str
    path: str
    status: int
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)


@pytest.fixture(params=["text", "json"])
async def app(
    request: pytest.FixtureRequest, telegram: TelegramDouble, tmp_path: Path
) -> AsyncIterator[AppProcess]:
    process = AppProcess(
        tmp_path,
        f"sqlite://{tmp_path}/app.sqlite3",
        telegram.url,
        LOG_LEVEL="DEBUG",
        LOG_FORMAT=request.param,
        REQUEST_BODY_TIMEOUT="1",
        RATE_LIMIT_PER_MINUTE=str(RATE_LIMIT),
        MAX_BODY_BYTES="65536",
    )
    await process.start()
    try:
        yield process
    finally:
        await process.stop()


@contextlib.contextmanager
def database(app: AppProcess) -> Iterator[sqlite3.Connection]:
    """The app's SQLite file opened by another process's writer, as `sqlite3` would."""
    connection = sqlite3.connect(
        app.workdir / "app.sqlite3", isolation_level=None, timeout=10, check_same_thread=False
    )
    try:
        yield connection
    finally:
        connection.close()


async def make_tokens(app: AppProcess) -> Tokens:
    live = await app.add_project("Logged")
    disabled = await app.add_project("Switched off")
    with database(app) as db:
        db.execute("UPDATE projects SET is_active = 0 WHERE id = ?", (disabled["id"],))
    return Tokens(live=live["token"], live_id=live["id"], disabled=disabled["token"])


def envelope(header: dict[str, Any], *items: bytes) -> bytes:
    return b"\n".join([orjson.dumps(header), *items])


def refusals(tokens: Tokens) -> list[Attempt]:
    """Every way a client can make a door refuse it, each carrying a token."""
    live, off, unknown, pid = tokens.live, tokens.disabled, tokens.unknown, tokens.live_id
    event = envelope({}, b'{"type": "event"}', b'{"message": "boom"}')
    bad_item = envelope({}, b'{"type": "check_in"}', b'{"status": "bogus"}')
    error = {"type": "E", "message": "m"}
    return [
        *heartbeat_refusals(tokens),
        Attempt(
            "POST", "/api/v1/log", 401, orjson.dumps({"project_token": unknown, "error": error})
        ),
        Attempt("POST", "/api/v1/log", 400, orjson.dumps({"project_token": live})),
        Attempt("POST", "/api/v1/log", 400, b'{"error": {"type": ""}}', bearer(live)),
        Attempt("POST", "/api/v1/log", 403, orjson.dumps({"error": error}), bearer(off)),
        Attempt("POST", f"/api/{pid}/envelope/?sentry_key={unknown}", 401, event),
        Attempt("POST", f"/api/{pid + 1000}/envelope/", 401, event, sentry_auth(live)),
        Attempt("POST", f"/api/{pid}/envelope/", 403, event, sentry_auth(off)),
        Attempt(
            "POST",
            f"/api/{pid}/envelope/",
            400,
            envelope({"dsn": f"http://{live}@127.0.0.1/{pid}"}, b'{"type": "check_in"}', b"{"),
        ),
        Attempt("POST", f"/api/{pid}/envelope/?sentry_key={live}&sentry_version=7", 400, bad_item),
        Attempt("POST", f"/api/{pid}/store/?sentry_key={live}", 400, b"[1]"),
        Attempt(
            "POST",
            f"/api/{pid}/envelope/?sentry_key={live}",
            400,
            b"not gzip",
            {"Content-Encoding": "gzip"},
        ),
        *ping_refusals(tokens),
    ]


def heartbeat_refusals(tokens: Tokens) -> list[Attempt]:
    live, off, unknown = tokens.live, tokens.disabled, tokens.unknown
    door = "/api/v1/heartbeat"
    return [
        Attempt("POST", door, 401, orjson.dumps({"project_token": unknown})),
        Attempt("POST", door, 403, orjson.dumps({"project_token": off})),
        Attempt("POST", door, 400, f'{{"project_token": "{live}", '.encode()),
        Attempt("POST", door, 400, orjson.dumps({"project_token": live, "status": 5})),
        Attempt("POST", door, 401, b"{}", bearer(unknown)),
        Attempt("POST", door, 400, b'{"status": 5}', bearer(live)),
        Attempt(
            "POST",
            door,
            413,
            orjson.dumps({"project_token": live, "metadata": {"x": "x" * 70000}}),
        ),
        Attempt("POST", door, 413, brotli_bomb(2048), {"Content-Encoding": "br", **bearer(live)}),
        Attempt(
            "POST",
            door,
            400,
            f"not gzip {live}".encode(),
            {"Content-Encoding": "gzip", **bearer(live)},
        ),
        Attempt(
            "POST",
            door,
            415,
            orjson.dumps({"project_token": live}),
            {"Content-Encoding": "zstd"},
        ),
    ]


def ping_refusals(tokens: Tokens) -> list[Attempt]:
    attempts = []
    for token, status in ((tokens.unknown, 401), (tokens.disabled, 403)):
        for suffix in ("", "/start", "/fail", "/3"):
            attempts.append(Attempt("GET", f"/ping/{token}{suffix}", status))
            attempts.append(Attempt("POST", f"/ping/{token}{suffix}", status, b"a job's log"))
    attempts.append(Attempt("GET", f"/ping/{tokens.live}/not-a-code", 404))
    compressed = gzip.compress(b"x")[:-4]  # cut short
    attempts.append(
        Attempt("POST", f"/ping/{tokens.live}/fail", 400, compressed, {"Content-Encoding": "gzip"})
    )
    return attempts


def writes(tokens: Tokens) -> list[Attempt]:
    """Requests each door would store: refused with 503 while the database is locked, with 429
    once the project is over its rate limit."""
    live, pid = tokens.live, tokens.live_id
    event = envelope({}, b'{"type": "event"}', b'{"message": "boom"}')
    error = orjson.dumps({"error": {"type": "E", "message": "m"}})
    return [
        Attempt("POST", "/api/v1/heartbeat", 0, orjson.dumps({"project_token": live})),
        Attempt("POST", "/api/v1/log", 0, error, bearer(live)),
        Attempt("POST", f"/api/{pid}/envelope/?sentry_key={live}", 0, event),
        Attempt("POST", f"/api/{pid}/store/", 0, b'{"message": "boom"}', sentry_auth(live)),
        Attempt("GET", f"/ping/{live}", 0),
        Attempt("GET", f"/ping/{live}/start", 0),
        Attempt("POST", f"/ping/{live}/fail", 0, b"the job's log"),
        Attempt("POST", f"/ping/{live}/2", 0, b"the job's log"),
        # Percent-encoded, as aiohttp routes and reads them decoded (found in review)
        Attempt("GET", f"/%70ing/{live}", 0),
        Attempt("POST", f"/api/{pid}/store/?sentry%5Fkey={live}", 0, b'{"message": "boom"}'),
    ]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def sentry_auth(token: str) -> dict[str, str]:
    return {"X-Sentry-Auth": f"Sentry sentry_key={token}, sentry_version=7, sentry_client=t/1"}


async def send(session: aiohttp.ClientSession, app: AppProcess, attempt: Attempt) -> int:
    url = URL(f"{app.base_url}{attempt.path}", encoded=True)  # sent as written: %70 stays
    async with session.request(
        attempt.method, url, data=attempt.body, headers=attempt.headers
    ) as answer:
        await answer.read()
        return answer.status


async def slow_body(app: AppProcess, path: str, head_of_body: bytes) -> bytes:
    """A body that never arrives whole: the status line the app answers with."""
    reader, writer = await asyncio.open_connection("127.0.0.1", app.port)
    try:
        writer.write(
            f"POST {path} HTTP/1.1\r\nHost: monitor\r\nContent-Length: 1000\r\n\r\n".encode()
            + head_of_body
        )
        await writer.drain()
        return await asyncio.wait_for(reader.readline(), 30)
    finally:
        writer.close()


async def while_locked(app: AppProcess, session: aiohttp.ClientSession, tokens: Tokens) -> list:
    """Each write while another process holds SQLite's write lock for longer than the app's
    busy timeout: the lock is let go once every answer is in."""
    with database(app) as db:
        await asyncio.to_thread(db.execute, "BEGIN IMMEDIATE")
        try:
            sends = [send(session, app, attempt) for attempt in writes(tokens)]
            return await asyncio.wait_for(asyncio.gather(*sends), LOCK_DEADLINE_SECONDS)
        finally:
            await asyncio.to_thread(db.execute, "ROLLBACK")


async def over_the_limit(app: AppProcess, session: aiohttp.ClientSession, tokens: Tokens) -> list:
    heartbeat = writes(tokens)[0]
    for _ in range(RATE_LIMIT * 2):
        if await send(session, app, heartbeat) == 429:
            break
    return [await send(session, app, attempt) for attempt in writes(tokens)]


async def whole_log(app: AppProcess, session: aiohttp.ClientSession) -> str:
    """The log once the line of a last request is in it (access lines follow the answer)."""
    marker = f"last-{uuid.uuid4().hex}"
    async with session.get(f"{app.base_url}/api/v1/health", headers={"X-Request-ID": marker}):
        pass
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 10
    while marker not in (text := app.log_path.read_text(errors="replace")):
        assert loop.time() < deadline, "the last request's access line never came"
        await asyncio.sleep(0.05)
    return text


async def test_no_token_reaches_the_log_whatever_fails_at_whichever_door(
    app: AppProcess,
) -> None:
    tokens = await make_tokens(app)
    async with aiohttp.ClientSession() as session:
        for attempt in refusals(tokens):
            assert await send(session, app, attempt) == attempt.status, attempt.path
        slow = await asyncio.gather(
            slow_body(app, "/api/v1/heartbeat", f'{{"project_token": "{tokens.live}"'.encode()),
            slow_body(app, f"/ping/{tokens.live}/fail", b"half a log"),
        )
        assert all(line.startswith(b"HTTP/1.1 408") for line in slow), slow
        assert set(await while_locked(app, session, tokens)) == {503}
        assert set(await over_the_limit(app, session, tokens)) == {429}
        log = await whole_log(app, session)

    # The lines that would carry the tokens were written...
    said = messages(log)
    for written in (
        "database unavailable on GET /ping/",
        "database unavailable on POST /api/v1/heartbeat",
        '"GET /ping/',
        '"POST /api/v1/heartbeat" 401',
        f'"POST /api/{tokens.live_id}/store/?sentry_key=',
    ):
        assert written in said, f"{written!r} is not in the log:\n{said[-3000:]}"
    # ...and none of them carries one, in the text a log collector reads.
    for what, secret in tokens.all().items():
        lines = [line for line in log.splitlines() if secret in line]
        assert not lines, f"{what} is in the log:\n" + "\n".join(lines[:5])


def messages(log: str) -> str:
    """The log's lines as written, a JSON line's message in place of the line."""
    return "\n".join(_message(line) for line in log.splitlines())


def _message(line: str) -> str:
    if not line.startswith("{"):
        return line
    return str(orjson.loads(line)["message"])
