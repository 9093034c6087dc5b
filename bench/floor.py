"""The least a durable heartbeat can cost on this stack: an aiohttp app (uvloop, as ours) whose
only door takes `{"project_token": ...}`, and answers once the beat is committed to SQLite (WAL,
synchronous=FULL, as ours), with the beats of concurrent requests in one transaction that runs in
one trip to a database thread. No middleware, no validation, no ORM, no rate limit, no state
kept for notifications: none of what the app does beyond the irreducible. `make bench` loads it
beside the bare ceiling, so the heartbeat target can be read against what any implementation on
this stack could reach (docs/BENCHMARKS.md).

Run as a child process: `python bench/floor.py PORT DATABASE_FILE`."""

import asyncio
import sqlite3
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import orjson
import uvloop
from aiohttp import web

SCHEMA = """
CREATE TABLE IF NOT EXISTS projects (
    id INTEGER PRIMARY KEY, token TEXT UNIQUE NOT NULL, deadline_at REAL, last_beat_at REAL
);
CREATE TABLE IF NOT EXISTS heartbeats (
    id INTEGER PRIMARY KEY, project_id INTEGER NOT NULL REFERENCES projects (id),
    received_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS heartbeats_by_project ON heartbeats (project_id, received_at);
"""
MAX_BATCH = 64
TIMEOUT_SECONDS = 3600


class Floor:
    def __init__(self, path: str) -> None:
        self.db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.db.executescript("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;" + SCHEMA)
        self.thread = ThreadPoolExecutor(1)  # the database's one thread, as aiosqlite's
        self.queue: list[tuple[str, float, asyncio.Future[int | None]]] = []
        self.flusher: asyncio.Task[None] | None = None

    async def beat(self, token: str) -> int | None:
        """The stored beat's id once committed, None for an unknown token."""
        future = asyncio.get_running_loop().create_future()
        self.queue.append((token, time.time(), future))
        if self.flusher is None or self.flusher.done():
            self.flusher = asyncio.create_task(self.flush())
        return await future

    async def flush(self) -> None:
        loop = asyncio.get_running_loop()
        while self.queue:
            batch, self.queue = self.queue[:MAX_BATCH], self.queue[MAX_BATCH:]
            ids = await loop.run_in_executor(self.thread, self.write, batch)
            for (*_, future), id_ in zip(batch, ids, strict=True):
                future.set_result(id_)

    def write(self, batch: list[tuple[str, float, object]]) -> list[int | None]:
        """One transaction: the tokens' projects, their deadlines moved, the beats inserted."""
        tokens = sorted({token for token, _, _ in batch})
        self.db.execute("BEGIN IMMEDIATE")
        try:
            marks = ", ".join("?" * len(tokens))
            found = dict(
                self.db.execute(f"SELECT token, id FROM projects WHERE token IN ({marks})", tokens)
            )
            latest = {found[token]: at for token, at, _ in batch if token in found}
            self.db.executemany(
                "UPDATE projects SET deadline_at = ?, last_beat_at = ? WHERE id = ?",
                [(at + TIMEOUT_SECONDS, at, id_) for id_, at in latest.items()],
            )
            ids: list[int | None] = []
            for token, at, _ in batch:
                project = found.get(token)
                if project is None:
                    ids.append(None)
                    continue
                cursor = self.db.execute(
                    "INSERT INTO heartbeats (project_id, received_at) VALUES (?, ?)", (project, at)
                )
                ids.append(cursor.lastrowid)
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        return ids


def create_app(path: str) -> web.Application:
    floor = Floor(path)

    async def heartbeat(request: web.Request) -> web.Response:
        body = orjson.loads(await request.read())
        token = body.get("project_token") if isinstance(body, dict) else None
        if not isinstance(token, str):
            return web.Response(status=400, body=b'{"ok":false}', content_type="application/json")
        id_ = await floor.beat(token)
        if id_ is None:
            return web.Response(status=401, body=b'{"ok":false}', content_type="application/json")
        answer = orjson.dumps({"ok": True, "id": id_})
        return web.Response(body=answer, content_type="application/json")

    app = web.Application()
    app.router.add_post("/api/v1/heartbeat", heartbeat)
    return app


def add_project(path: str, token: str) -> None:
    db = sqlite3.connect(path, isolation_level=None)
    db.executescript(SCHEMA)
    db.execute("INSERT OR IGNORE INTO projects (token) VALUES (?)", (token,))
    db.close()


if __name__ == "__main__":
    port, path = int(sys.argv[1]), sys.argv[2]
    web.run_app(
        create_app(path),
        host="127.0.0.1",
        port=port,
        access_log=None,
        print=None,
        loop=uvloop.new_event_loop(),
    )
