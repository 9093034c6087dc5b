"""Moving house and backups (services/storage/moving.py, cli/backup.py): a database filled
through the doors moves SQLite → PostgreSQL → SQLite with every row of every table, and the
monitor goes on there; backups taken under load hold every answered heartbeat; a file that
cannot be imported changes nothing."""

import argparse
import asyncio
import contextlib
import contextvars
import gzip
import shutil
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest
from aerich import Command
from aiogram import Bot
from tortoise.backends.base.executor import EXECUTOR_CACHE
from tortoise.models import Model

import models
from api.app import SERVER_OPTIONS, create_api_app
from cli import backup as backup_cli
from models import (
    ApiKey,
    CheckHour,
    Heartbeat,
    ListeningGap,
    OpenRun,
    OutboxMessage,
    Project,
    Role,
    RunLog,
    StatusPage,
    StatusPageProject,
)
from services.accounts import access, checks, dependencies, escalation, maintenance, projects
from services.accounts import subscribers as subscriptions
from services.core.settings import Settings
from services.delivery.pacing import TelegramPacer
from services.delivery.sender import OutboxSender
from services.ingest.ingestor import Ingestor
from services.letters.outbox import OutboxSignal
from services.notify.notifier import Notifier
from services.storage import moving
from services.storage.db import (
    APP,
    apply_migrations,
    close_orm,
    init_orm,
    migrations_location,
    tortoise_config,
)
from services.text.i18n import Translator
from services.watch.silence import SilenceWatcher
from tests.api.conftest import Client
from tests.conftest import (
    POSTGRES_SKIP,
    POSTGRES_URL,
    create_scratch_postgres,
    drop_scratch_postgres,
    heartbeat_monitor,
    scratch_database,
)
from tests.telegram_double import TelegramDouble

CHAT = 4242
Rows = dict[str, list[tuple[Any, ...]]]
Serve = Callable[[str], Awaitable[Client]]


async def open_database(url: str) -> None:
    """Migrate `url` and open the ORM on it, in place of whatever database was open. aerich
    runs in an empty context: this one may hold a closed ORM, which aerich would reuse."""
    EXECUTOR_CACHE.clear()  # compiled for whichever dialect was open before
    await asyncio.create_task(apply_migrations(url), context=contextvars.Context())
    EXECUTOR_CACHE.clear()
    await init_orm(url)


async def every_row() -> Rows:
    return {
        t.name: [tuple(r) for r in await t.model.all().order_by("id").values_list(*t.columns)]
        for t in moving.tables()
    }


def quiet(table: str, rows: int) -> None:
    """Progress is for the operator's screen."""


@pytest.fixture
async def postgres() -> AsyncIterator[str]:
    if not POSTGRES_URL:
        pytest.skip(POSTGRES_SKIP)
    url = await create_scratch_postgres()
    try:
        yield url
    finally:
        await drop_scratch_postgres(url)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def middle(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """Where the database moves to, before it comes back to SQLite."""
    async for url in scratch_database(request.param, tmp_path / "middle.sqlite3"):
        yield url


@pytest.fixture
def serve(aiohttp_client: Any, aiohttp_server: Any, translator: Translator) -> Serve:
    """The doors on the database open now, served as cli/lifecycle.py serves them."""

    async def serving(url: str) -> Client:
        settings = Settings(_env_file=None, database_url=url)
        ingestor = Ingestor(Notifier(translator, "ru"), OutboxSignal())
        server = await aiohttp_server(create_api_app(settings, ingestor), **SERVER_OPTIONS)
        return await aiohttp_client(server)

    return serving


def envelope(project: Project) -> bytes:
    event = {"exception": {"values": [{"type": "KeyError", "value": "'cart'"}]}, "level": "error"}
    lines = [{"event_id": "abc"}, {"type": "event"}, event]
    return b"\n".join(orjson.dumps(line) for line in lines) + b"\n"


async def fill_through_the_doors(api: Client) -> list[Project]:
    """Something in every table: projects and their settings through the services, what the
    projects send through the doors; the rows whose doors or services another part of issue 29
    adds (status pages, API keys, open runs, run logs) and the clocks' rows directly."""
    now = datetime.now(UTC)
    shop = await projects.create_project(projects.NewProject("Shop", models.ProjectType.BOT))
    cron = await projects.create_project(projects.NewProject("Nightly", models.ProjectType.OTHER))
    await dependencies.depend(cron, shop)  # a reference to the same table, to a later id
    await subscriptions.subscribe(CHAT, shop)
    await checks.add_check(shop, checks.NewCheck(url="http://127.0.0.1:9/"), now)
    await maintenance.add_weekly(cron, "mon-fri", "02:00", "2h", "Europe/Moscow", "")
    await escalation.add_step(shop, escalation.NewStep("15m", str(CHAT)), now, admins=[CHAT])
    invite = await access.create_invite(shop, Role.VIEWER, CHAT, True, None, now)
    await access.redeem_invite(invite.code, 77, "Boris", now, admins=[CHAT])
    await access.create_invite(shop, Role.MAINTAINER, CHAT, False, timedelta(days=1), now)
    for project in (shop, cron):
        beat = {"project_token": project.token, "status": "alive", "metadata": {"ü": [1, 2.5]}}
        assert (await api.post("/api/v1/heartbeat", json=beat)).status == 200
        assert (await api.get(f"/ping/{project.token}")).status == 200
    error = {"type": "ValueError", "message": "bad cart", "severity": "error"}
    log = {"project_token": shop.token, "error": error}
    assert (await api.post("/api/v1/log", json=log)).ok
    sentry = f"/api/{shop.id}/envelope/?sentry_key={shop.token}"
    assert (await api.post(sentry, data=envelope(shop))).ok
    page = await StatusPage.create(slug="shop", title="Shop status", show_error_counts=True)
    await StatusPageProject.create(page=page, project=shop, position=1)
    await ApiKey.create(name="ci", key_hash="ab" * 32, prefix="em_ab12", project=shop)
    await OpenRun.create(project=cron, rid="0b5f8a3e-1", started_at=now)
    await RunLog.create(project=cron, rid=None, text="dumped 12 MB", received_at=now)
    check = await models.Check.get(project_id=shop.id)
    await CheckHour.create(check=check, hour=now.replace(minute=0, second=0, microsecond=0))
    await ListeningGap.create(started_at=now - timedelta(seconds=30), ended_at=now)
    await models.WatchClock.update_or_create(id=1, defaults={"checked_at": now})
    return [shop, cron]


async def test_every_model_is_exported(db: str) -> None:
    """A model added to models/ is exported without anyone adding it to a list."""
    every = {
        value
        for value in vars(models).values()
        if isinstance(value, type) and issubclass(value, Model)
    }
    exported = {table.model for table in moving.tables()}
    assert every == exported


async def test_a_database_moves_to_another_and_back_with_every_row(
    tmp_path: Path,
    middle: str,
    serve: Serve,
    telegram: TelegramDouble,
    bot: Bot,
) -> None:
    source, final = f"sqlite://{tmp_path}/source.sqlite3", f"sqlite://{tmp_path}/final.sqlite3"
    there, back = tmp_path / "there.jsonl.gz", tmp_path / "back.jsonl.gz"
    await open_database(source)
    try:
        api = await serve(source)
        shop, cron = await fill_through_the_doors(api)
        await api.close()
        original = await every_row()
        empty = [table for table, rows in original.items() if not rows]
        assert not empty, f"the test leaves {empty} empty: fill them"
        assert await OutboxMessage.filter(state="pending").exists()
        await moving.export_to(there, source, quiet)

        await open_database(middle)
        await moving.import_from(moving.read_header(there, middle), middle, quiet)
        assert await every_row() == original
        await moving.export_to(back, middle, quiet)

        await open_database(final)
        counts = await moving.import_from(moving.read_header(back, final), final, quiet)
        assert counts == {table: len(rows) for table, rows in original.items()}
        assert await every_row() == original

        await open_database(middle)
        await the_monitor_goes_on(await serve(middle), [shop, cron], telegram, bot)
    finally:
        await close_orm()


async def the_monitor_goes_on(
    api: Client, moved: list[Project], telegram: TelegramDouble, bot: Bot
) -> None:
    """Every token still works there, new rows get new ids, and what was waiting to be sent
    is sent."""
    for project in moved:
        before = (await heartbeat_monitor(project.id)).deadline_at
        beat = {"project_token": project.token, "status": "alive", "version": "2"}
        answer = await api.post("/api/v1/heartbeat", json=beat)
        assert answer.status == 200, await answer.text()
        assert (await heartbeat_monitor(project.id)).deadline_at != before
        assert (await Project.get(id=project.id)).last_version == "2"
    newcomer = await projects.create_project(projects.NewProject("New", models.ProjectType.BOT))
    assert newcomer.id > max(p.id for p in moved)
    beats = await Heartbeat.all().values_list("id", flat=True)
    assert len(set(beats)) == len(beats)
    telegram.add_user(CHAT)
    telegram.enforce_flood_limits = False
    await OutboxSender(bot, OutboxSignal(), TelegramPacer(private_interval=0)).drain_once()
    assert any("bad cart" in m.visible_text for m in telegram.messages_to(CHAT))
    await api.close()


class Load:
    """Heartbeats posted through the door one after another until stopped; `answered` holds
    the number of each one that got a 2xx, in order."""

    def __init__(self, api: Client, project: Project) -> None:
        self.api, self.project = api, project
        self.answered: list[int] = []
        self.stopping = asyncio.Event()

    async def run(self) -> None:
        n = 0
        while not self.stopping.is_set():
            n += 1
            body = {"project_token": self.project.token, "metadata": {"n": n}}
            if (await self.api.post("/api/v1/heartbeat", json=body)).status == 200:
                self.answered.append(n)

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        writer = asyncio.create_task(self.run())
        try:
            yield
        finally:
            self.stopping.set()
            await writer

    async def until_answered(self, count: int) -> None:
        for _ in range(1000):
            if len(self.answered) >= count:
                return
            await asyncio.sleep(0.01)
        raise AssertionError("the heartbeats were not answered within 10 s")


async def test_a_backup_under_load_holds_every_answered_heartbeat(
    db: str, serve: Serve, tmp_path: Path, translator: Translator
) -> None:
    """SQLite: the online backup; PostgreSQL: an export from one snapshot."""
    api = await serve(db)
    project = await projects.create_project(projects.NewProject("Busy", models.ProjectType.BOT))
    load = Load(api, project)
    async with load.running():
        await load.until_answered(20)
        before = list(load.answered)
        args = argparse.Namespace(to=tmp_path / "backup")
        await backup_cli.backup(args, Settings(_env_file=None, database_url=db), translator)
        await load.until_answered(len(before) + 20)  # the app went on meanwhile
    kept = backed_up_beats(tmp_path / "backup")
    assert set(before) <= kept
    # it holds every token: only its owner may read it, whatever the umask
    assert (tmp_path / "backup").stat().st_mode & 0o077 == 0
    assert kept <= set(load.answered)


def backed_up_beats(path: Path) -> set[int]:
    """The `n` of every heartbeat in a backup: a SQLite file or an export."""
    if moving.is_sqlite_file(path):
        with sqlite3.connect(path) as copy:
            assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            rows = copy.execute("SELECT metadata FROM heartbeats").fetchall()
        return {orjson.loads(metadata)["n"] for (metadata,) in rows}
    with gzip.open(path) as lines:
        header = orjson.loads(lines.readline())
        rows = [orjson.loads(line) for line in lines]
    assert rows[-1]["end"]  # the file is whole
    names = [t["name"] for t in header["tables"]]
    beats, columns = names.index("heartbeats"), header["tables"][names.index("heartbeats")]
    metadata = columns["columns"].index("metadata")
    return {row[1 + metadata]["n"] for row in rows[:-1] if row[0] == beats}


async def test_a_sqlite_backup_from_an_older_version_is_upgraded_when_restored(
    tmp_path: Path, translator: Translator
) -> None:
    older, target = tmp_path / "older.sqlite3", f"sqlite://{tmp_path}/target.sqlite3"
    await asyncio.create_task(migrated_before(14, older), context=contextvars.Context())
    with sqlite3.connect(older) as copy:
        copy.execute(
            "INSERT INTO projects (name, type, token, url, is_active)"
            " VALUES ('Old', 'bot', 'aa11', NULL, 1)"
        )
    await open_database(target)
    try:
        args = argparse.Namespace(from_=older, replace=False)
        await backup_cli.restore(args, Settings(_env_file=None, database_url=target), translator)
        old = await Project.get(name="Old")
        assert (old.token, old.badge_key) == ("aa11", None)  # a column of migration 14
    finally:
        await close_orm()


async def test_a_sqlite_backup_whose_upgrade_fails_leaves_the_database_as_it_was(
    tmp_path: Path, translator: Translator
) -> None:
    """The upgrade of an older backup fails half-way (here: a column of migration 14 is in
    it already): the database restored over keeps its rows, at its schema."""
    older, target = tmp_path / "older.sqlite3", f"sqlite://{tmp_path}/target.sqlite3"
    await asyncio.create_task(migrated_before(14, older), context=contextvars.Context())
    with sqlite3.connect(older) as copy:
        copy.execute('ALTER TABLE "projects" ADD "badge_key" VARCHAR(32)')
    await open_database(target)
    try:
        await projects.create_project(projects.NewProject("Here", models.ProjectType.BOT))
        before = await every_row()
        args = argparse.Namespace(from_=older, replace=True)
        settings = Settings(_env_file=None, database_url=target)
        with pytest.raises(Exception, match="badge_key"):
            await backup_cli.restore(args, settings, translator)
        await close_orm()
        await open_database(target)
        assert await every_row() == before
    finally:
        await close_orm()
    assert not await asyncio.to_thread(lambda: list(tmp_path.glob("*restoring*")))


async def test_a_backup_or_export_onto_the_database_itself_is_refused(
    tmp_path: Path, translator: Translator
) -> None:
    """`--to` naming the database's own file (a slip for `restore --from`) would put the copy,
    or a gzip file, in place of the database the app is writing to."""
    target = tmp_path / "app.sqlite3"
    url = f"sqlite://{target}"
    await open_database(url)
    try:
        await projects.create_project(projects.NewProject("Here", models.ProjectType.BOT))
        settings = Settings(_env_file=None, database_url=url)
        for command in (backup_cli.backup, backup_cli.export):
            for to in (target, tmp_path / "." / "app.sqlite3"):
                with pytest.raises(moving.MovingError) as refused:
                    await command(argparse.Namespace(to=to), settings, translator)
                assert refused.value.code == "moving-is-database"
        assert await Project.all().values_list("name", flat=True) == ["Here"]
        assert moving.is_sqlite_file(target)
    finally:
        await close_orm()


async def migrated_before(number: int, path: Path) -> None:
    """A SQLite database as the migrations before `number` left it."""
    url = f"sqlite://{path}"
    location = path.parent / "migrations"
    shutil.copytree(migrations_location(url), location)
    for newer in (location / APP).glob("*.py"):
        if int(newer.name.split("_", 1)[0]) >= number:
            newer.unlink()
    async with Command(tortoise_config(url), app=APP, location=str(location)) as command:
        await command.init()
        await command.upgrade(run_in_transaction=True)


# Refusals: nothing changes


async def test_an_import_into_a_database_with_data_is_refused(db: str, tmp_path: Path) -> None:
    await projects.create_project(projects.NewProject("Here", models.ProjectType.BOT))
    export = tmp_path / "export.jsonl.gz"
    await moving.export_to(export, db, quiet)
    before = await every_row()
    with pytest.raises(moving.MovingError) as refused:
        await moving.import_from(moving.read_header(export, db), db, quiet)
    assert refused.value.code == "moving-not-empty"
    assert await every_row() == before
    # --replace: what is there is deleted first, and the file's rows come back as they were
    await projects.create_project(projects.NewProject("Later", models.ProjectType.BOT))
    await moving.import_from(moving.read_header(export, db), db, quiet, replace=True)
    assert await every_row() == before


def rewritten(source: Path, target: Path, change: Callable[[list[bytes]], list[bytes]]) -> Path:
    with gzip.open(source) as lines:
        kept = change(list(lines))
    with gzip.open(target, "wb") as out:
        out.writelines(kept)
    return target


def newer_schema(lines: list[bytes]) -> list[bytes]:
    header = orjson.loads(lines[0])
    number = int(header["schema"].split("_", 1)[0]) + 1
    return [orjson.dumps({**header, "schema": f"{number}_from_the_future"}) + b"\n", *lines[1:]]


async def test_files_that_cannot_be_imported_change_nothing(db: str, tmp_path: Path) -> None:
    for name in ("One", "Two"):
        await projects.create_project(projects.NewProject(name, models.ProjectType.BOT))
    whole = tmp_path / "whole.jsonl.gz"
    await moving.export_to(whole, db, quiet)
    cut = whole.read_bytes()
    (tmp_path / "cut.gz").write_bytes(cut[: len(cut) * 2 // 3])
    bad = {
        "moving-newer": rewritten(whole, tmp_path / "newer.gz", newer_schema),
        # the last row and the end line are lost: the rows before would go in alone
        "moving-corrupt": rewritten(whole, tmp_path / "short.gz", lambda lines: lines[:-2]),
    }
    await moving.import_from(moving.read_header(whole, db), db, quiet, replace=True)
    before = await every_row()
    for code, path in [*bad.items(), ("moving-corrupt", tmp_path / "cut.gz")]:
        with pytest.raises(moving.MovingError) as refused:
            await moving.import_from(moving.read_header(path, db), db, quiet, replace=True)
        assert refused.value.code == code, path
        assert await every_row() == before, path
    (tmp_path / "text").write_text("not an export")
    with pytest.raises(moving.MovingError) as refused:
        moving.read_header(tmp_path / "text", db)
    assert refused.value.code == "moving-corrupt"


async def test_a_replacing_restore_is_refused_while_the_app_runs_on_the_database(
    db: str, tmp_path: Path, translator: Translator
) -> None:
    """--replace pointed by mistake at the database of a running app (its silence check moves
    the watch clock every second): refused, nothing changed; once it stopped, it goes on."""
    await projects.create_project(projects.NewProject("Kept", models.ProjectType.BOT))
    export = tmp_path / "export.jsonl.gz"
    await moving.export_to(export, db, quiet)
    await projects.create_project(projects.NewProject("Later", models.ProjectType.BOT))
    await SilenceWatcher(Notifier(translator, "ru"), OutboxSignal()).check(datetime.now(UTC))
    attempts = [(backup_cli.import_, export), (backup_cli.restore, export)]
    if db.startswith("sqlite"):
        moving.sqlite_backup(db, tmp_path / "backup.sqlite3")
        attempts.append((backup_cli.restore, tmp_path / "backup.sqlite3"))
    before = await every_row()
    settings = Settings(_env_file=None, database_url=db)
    for command, source in attempts:
        args = argparse.Namespace(from_=source, replace=True)
        with pytest.raises(moving.MovingError) as refused:
            await command(args, settings, translator)
        assert refused.value.code == "moving-app-running"
        assert translator.get("error-moving-app-running", "ru").startswith("приложение ещё")
        assert await every_row() == before
    stopped = datetime.now(UTC) - timedelta(minutes=1)
    await models.WatchClock.filter(id=1).update(checked_at=stopped)  # its last check
    await backup_cli.import_(argparse.Namespace(from_=export, replace=True), settings, translator)
    assert await Project.all().values_list("name", flat=True) == ["Kept"]
