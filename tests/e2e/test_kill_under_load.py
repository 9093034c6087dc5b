"""Nothing accepted is lost: the app is killed with SIGKILL while clients are sending, and after
a restart every event that was answered with a 2xx is stored and every notification it owed
reaches its chat (at least once: a crash may repeat the one message that was on the wire)."""

import asyncio
import re
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest

from models import ErrorReport, Heartbeat, Project
from services.delivery.sender import CLAIM_LEASE
from tests.conftest import make_project, make_subscriber, make_subscription
from tests.e2e.app_process import AppProcess
from tests.telegram_double import TelegramDouble

PROJECTS = 4  # one chat each: the sender paces every chat at one message a second
CLIENTS = 6
KILL_AFTER_ACCEPTED = 30
MAX_EVENTS = 2000
ALERT_TYPE = re.compile(r"Тип: (Crash\d+)")


@dataclass(frozen=True)
class Accepted:
    door: str  # "heartbeat" or "log"
    number: int
    project: int
    stored_id: int


@pytest.fixture
async def app(db: str, telegram: TelegramDouble, tmp_path: Path) -> AsyncIterator[AppProcess]:
    """The app on a database the test can read too (the `db` fixture migrated it and opened it
    here), so projects are created without the CLI and stored rows are checked directly."""
    process = AppProcess(tmp_path, db, telegram.url)
    await process.start()
    try:
        yield process
    finally:
        await process.stop()


async def subscribed_projects(telegram: TelegramDouble) -> list[Project]:
    projects = []
    for number in range(PROJECTS):
        chat_id = 6001 + number
        telegram.add_user(chat_id, language_code="ru")
        project = await make_project(name=f"Нагрузка {number}")
        await make_subscription(project, await make_subscriber(telegram_id=chat_id))
        projects.append(project)
    return projects


def event(number: int, project: Project) -> tuple[str, dict[str, object]]:
    """Heartbeats and error reports in turn; each report a new error (a new alert)."""
    if number % 2:
        error = {"type": f"Crash{number}", "message": f"load {number}"}
        return "log", {"project_token": project.token, "error": error}
    return "heartbeat", {"project_token": project.token, "status": "alive"}


async def client(
    base_url: str, projects: list[Project], numbers: Iterator[int], accepted: list[Accepted]
) -> None:
    """Sends events until the server goes away; records the ones answered with a 2xx."""
    async with aiohttp.ClientSession() as session:
        for number in numbers:
            project = projects[number % PROJECTS]
            door, body = event(number, project)
            try:
                async with session.post(f"{base_url}/api/v1/{door}", json=body) as answer:
                    if answer.status < 300:
                        stored_id = (await answer.json())["id"]
                        accepted.append(Accepted(door, number, project.id, stored_id))
            except aiohttp.ClientError:
                return  # killed: this request may or may not have been stored


async def send_and_kill(app: AppProcess, projects: list[Project]) -> list[Accepted]:
    accepted: list[Accepted] = []
    numbers = iter(range(MAX_EVENTS))  # shared: every number is sent once
    clients = [
        asyncio.create_task(client(app.base_url, projects, numbers, accepted))
        for _ in range(CLIENTS)
    ]
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 30
    while len(accepted) < KILL_AFTER_ACCEPTED:
        assert loop.time() < deadline, f"only {len(accepted)} events accepted\n{app.log()}"
        assert not all(task.done() for task in clients), app.log()
        await asyncio.sleep(0.01)
    app.kill()
    await app.wait_exit()
    await asyncio.gather(*clients)
    return accepted


def alert_counts(telegram: TelegramDouble, chat_id: int) -> Counter[str]:
    """How many messages each error alert and the 'project is up' notification took."""
    counts: Counter[str] = Counter()
    for message in telegram.messages_to(chat_id):
        text = message.visible_text
        if found := ALERT_TYPE.search(text):
            counts[found.group(1)] += 1
        elif text.startswith("✅ Проект активен"):
            counts["up"] += 1
    return counts


def owed(accepted: list[Accepted], project: Project) -> set[str]:
    mine = [a for a in accepted if a.project == project.id]
    alerts = {f"Crash{a.number}" for a in mine if a.door == "log"}
    return alerts | ({"up"} if any(a.door == "heartbeat" for a in mine) else set())


async def test_kill_9_under_load_loses_no_accepted_event_and_no_notification(
    app: AppProcess, telegram: TelegramDouble
) -> None:
    projects = await subscribed_projects(telegram)
    accepted = await send_and_kill(app, projects)
    assert {a.door for a in accepted} == {"heartbeat", "log"}

    await app.start()
    # A row that was being sent at the kill waits out its claim lease (80 s), then goes again.
    chats = {project.id: 6001 + number for number, project in enumerate(projects)}

    def all_delivered() -> bool:
        return all(owed(accepted, p) <= set(alert_counts(telegram, chats[p.id])) for p in projects)

    # Rows no client was answered for (stored as the kill came) may hold a lease too: the
    # outbox drains within the same bound, not a fresh 30 s after the owed ones arrived.
    loop = asyncio.get_running_loop()
    deadline = loop.time() + CLAIM_LEASE.total_seconds() + 30
    await telegram.wait_for(all_delivered, timeout=deadline - loop.time())
    await app.wait_outbox_empty(timeout=deadline - loop.time())

    heartbeats = {a.stored_id for a in accepted if a.door == "heartbeat"}
    reports = {a.stored_id for a in accepted if a.door == "log"}
    assert set(await Heartbeat.filter(id__in=heartbeats).values_list("id", flat=True)) == (
        heartbeats
    )
    assert set(await ErrorReport.filter(id__in=reports).values_list("id", flat=True)) == reports
    # At-least-once across a crash: one message may have reached Telegram unrecorded.
    repeats = [
        (what, count)
        for project in projects
        for what, count in alert_counts(telegram, chats[project.id]).items()
        if count > 1
    ]
    assert len(repeats) <= 1 and all(count == 2 for _, count in repeats), repeats
