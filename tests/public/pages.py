"""Builders for the status page tests: pages made with the models (the CRUD of pages is
services/accounts/status_pages.py's), and a project driven down and up through the real doors."""

from datetime import UTC, datetime, timedelta
from typing import Any

from models import Project, StatusPage, StatusPageProject
from services.letters.outbox import OutboxSignal
from services.notify.notifier import Notifier
from services.watch.silence import SilenceWatcher
from tests.conftest import change_state, listened_until


async def make_page(slug: str, projects: list[Project], **overrides: Any) -> StatusPage:
    fields: dict[str, Any] = {"slug": slug, "title": "Example Shop status"}
    page = await StatusPage.create(**(fields | overrides))
    for position, project in enumerate(projects):
        await StatusPageProject.create(page=page, project=project, position=position)
    return page


async def went_silent(project: Project, translator: Any, in_flight: Any = None) -> None:
    """The project's silence, heard by the real watcher now: its last heartbeat moved back past
    its timeout (an hour), every second since listened."""
    now = datetime.now(UTC)
    await change_state(
        project.id,
        {
            "project": {"last_heartbeat_at": now - timedelta(hours=2)},
            "heartbeat": {"deadline_at": now - timedelta(hours=1)},
        },
    )
    await listened_until(now)
    watcher = SilenceWatcher(Notifier(translator, "en"), OutboxSignal(), in_flight)
    assert await watcher.check(now) == 1
