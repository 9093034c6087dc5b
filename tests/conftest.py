"""Shared fixtures: a migrated database (SQLite always, PostgreSQL when TEST_POSTGRES_URL is
set), translations, and builders for the rows tests need."""

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import asyncpg
import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram_i18n.cores import FluentRuntimeCore
from tortoise.backends.base.executor import EXECUTOR_CACHE

from models import Monitor, MonitorKind, Project, Subscriber, Subscription, WatchClock
from services.accounts.projects import new_token
from services.monitors.watched import INITIAL, monitor_of
from services.storage.db import apply_migrations, close_orm, init_orm
from services.text.i18n import create_translator
from tests.telegram_double import TelegramDouble

# Shaped like a real token: aiogram checks the form.
TEST_BOT_TOKEN = "123456789:TEST-token_for_the_double"

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL")
REDIS_URL = os.environ.get("TEST_REDIS_URL")
POSTGRES_SKIP = "PostgreSQL variant skipped: set TEST_POSTGRES_URL (CI sets it)"


REDIS_SKIP = "Redis variant of the bot tests skipped: set TEST_REDIS_URL (CI sets it)"


def pytest_report_header() -> list[str]:
    return [
        f"PostgreSQL variants: ON ({POSTGRES_URL})" if POSTGRES_URL else f"OFF. {POSTGRES_SKIP}",
        f"Redis variants: ON ({REDIS_URL})" if REDIS_URL else f"OFF. {REDIS_SKIP}",
    ]


def pytest_terminal_summary(terminalreporter: Any) -> None:
    for enabled, note in ((POSTGRES_URL, POSTGRES_SKIP), (REDIS_URL, REDIS_SKIP)):
        if not enabled:
            terminalreporter.write_line(f"NOTE: {note}", yellow=True, bold=True)


async def create_scratch_postgres() -> str:
    """A new empty database on the TEST_POSTGRES_URL server; returns its URL."""
    assert POSTGRES_URL
    name = f"em_test_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(POSTGRES_URL.replace("postgres://", "postgresql://", 1))
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    return POSTGRES_URL.rsplit("/", 1)[0] + "/" + name


async def drop_scratch_postgres(url: str) -> None:
    assert POSTGRES_URL
    name = url.rsplit("/", 1)[1]
    admin = await asyncpg.connect(POSTGRES_URL.replace("postgres://", "postgresql://", 1))
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


async def scratch_database(dialect: str, sqlite_file: Any) -> AsyncIterator[str]:
    """An empty database of the dialect for one test: a SQLite file, or a database of its own
    on the TEST_POSTGRES_URL server (skipped without it), dropped after the test."""
    if dialect == "sqlite":
        yield f"sqlite://{sqlite_file}"
        return
    if not POSTGRES_URL:
        pytest.skip(POSTGRES_SKIP)
    url = await create_scratch_postgres()
    try:
        yield url
    finally:
        await drop_scratch_postgres(url)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def database_url(request: pytest.FixtureRequest, tmp_path: Any) -> AsyncIterator[str]:
    async for url in scratch_database(request.param, tmp_path / "test.sqlite3"):
        yield url


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[str]:
    """A migrated database with the ORM initialised on it."""
    # tortoise caches compiled SQL per connection name; tests switch dialects under one name.
    EXECUTOR_CACHE.clear()
    await apply_migrations(database_url)
    EXECUTOR_CACHE.clear()
    await init_orm(database_url)
    try:
        yield database_url
    finally:
        await close_orm()


@pytest.fixture(scope="session")
def translator() -> FluentRuntimeCore:
    core = create_translator("ru")
    core.locales.update(core.find_locales())
    return core


async def make_project(**overrides: Any) -> Project:
    fields: dict[str, Any] = {
        "name": f"project-{uuid.uuid4().hex[:6]}",
        "type": "bot",
        "token": new_token(),
    }
    return await Project.create(**(fields | overrides))


async def make_subscriber(**overrides: Any) -> Subscriber:
    fields: dict[str, Any] = {
        "telegram_id": int(uuid.uuid4().int % 10**9),
        "full_name": "Anna",
        "language": "ru",
    }
    return await Subscriber.create(**(fields | overrides))


async def make_subscription(
    project: Project, subscriber: Subscriber, **overrides: Any
) -> Subscription:
    return await Subscription.create(project=project, subscriber=subscriber, **overrides)


async def listened_until(moment: datetime) -> None:
    """As if the silence checker had run every second until `moment`: a test that jumps the
    clock means time the monitor listened, not downtime (services/watch/silence.py)."""
    await WatchClock.filter(id=1).update(checked_at=moment)


async def within_one_rate_window() -> None:
    """Wait, if need be, until the rest of this minute (the limiter's window) leaves room for
    the test."""
    deadline = asyncio.get_running_loop().time() + 20
    while datetime.now(UTC).second > 45:
        assert asyncio.get_running_loop().time() < deadline
        await asyncio.sleep(0.2)


@pytest.fixture
async def telegram() -> AsyncIterator[TelegramDouble]:
    async with TelegramDouble() as double:
        yield double


@pytest.fixture
async def bot(telegram: TelegramDouble) -> AsyncIterator[Bot]:
    """The real aiogram Bot, talking to the Telegram double."""
    session = AiohttpSession(api=TelegramAPIServer.from_base(telegram.url))
    bot = Bot(TEST_BOT_TOKEN, session=session)
    yield bot
    await bot.session.close()


async def heartbeat_monitor(project_id: int) -> Monitor:
    """The project's heartbeat monitor as stored (its initial state if it has no row yet)."""
    return await monitor_of(project_id, MonitorKind.HEARTBEAT)


async def run_monitor(project_id: int) -> Monitor:
    return await monitor_of(project_id, MonitorKind.RUN)


async def change_state(project_id: int, changes: dict[str, dict[str, Any]]) -> None:
    """Change a project behind the app's back, as another process or a race would: `changes`
    by table, "project", or a monitor kind ("heartbeat", "run")."""
    for where, values in changes.items():
        if where == "project":
            await Project.filter(id=project_id).update(**values)
            continue
        kind = MonitorKind(where)
        row, _ = await Monitor.get_or_create(
            project_id=project_id, kind=kind, defaults={"state": INITIAL[kind]}
        )
        await Monitor.filter(id=row.id).update(**values)


async def lock_waiters(watcher: asyncpg.Connection) -> int:
    """PostgreSQL: how many sessions of this database wait for a lock now."""
    return int(
        await watcher.fetchval(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
    )


async def until(condition: Callable[[], Awaitable[bool]]) -> None:
    """Wait for `condition`, 10 s at most."""
    for _ in range(500):
        if await condition():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("waited 10 s in vain")
