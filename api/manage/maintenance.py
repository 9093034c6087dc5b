"""A project's maintenance through the management API: what is on and the weekly windows,
a one-off window for N minutes from now, and its end (held outages are then alerted). The rules
are services/accounts/maintenance.py's; the end releases held outages as the bot's button does
(services/watch/held.py)."""

from datetime import UTC, datetime, timedelta
from typing import Any

from aiohttp import web
from pydantic import Field, StrictInt

from api.common import json_answer
from api.keys import INGESTOR
from api.manage.auth import Body, body, holder, iso, ok, readable_project, writable_project
from models import MaintenanceWindow, Project
from services.accounts import maintenance
from services.watch.held import HeldReleaser

MAX_MINUTES = int(maintenance.MAX_ONE_OFF.total_seconds() // 60)


class NewWindow(Body):
    minutes: StrictInt = Field(ge=1, le=MAX_MINUTES)


def window_json(window: MaintenanceWindow) -> dict[str, Any]:
    return {
        "id": window.id,
        "kind": window.kind,
        "starts_at": iso(window.starts_at),
        "ends_at": iso(window.ends_at),
        "days": maintenance.days_text(window.weekdays) if window.weekdays else None,
        "start_minute": window.start_minute,
        "duration_minutes": window.duration_minutes,
        "timezone": window.timezone,
        "created_by": window.created_by,
    }


async def _state(project: Project, now: datetime) -> dict[str, Any]:
    on = await maintenance.current(project, now)
    weekly = await maintenance.weekly_windows(project)
    return {
        "on": on is not None,
        "until": iso(on.until) if on else None,
        "weekly": [window_json(window) for window in weekly],
    }


async def get_maintenance(request: web.Request) -> web.Response:
    project = await readable_project(request)
    return json_answer(ok(maintenance=await _state(project, datetime.now(UTC))))


async def start_maintenance(request: web.Request) -> web.Response:
    project = await writable_project(request)
    spec = await body(request, NewWindow)
    by = f"API: {(await holder(request)).key.name}"
    now = datetime.now(UTC)
    window = await maintenance.start(project, now, by, now + timedelta(minutes=spec.minutes))
    return json_answer(
        ok(window=window_json(window), maintenance=await _state(project, now)), status=201
    )


async def end_maintenance(request: web.Request) -> web.Response:
    project = await writable_project(request)
    ingestor = request.app[INGESTOR]
    now = datetime.now(UTC)
    ended = await HeldReleaser(ingestor.notifier, ingestor.signal).end_maintenance(project, now)
    return json_answer(ok(ended=ended, maintenance=await _state(project, now)))


def add_maintenance_routes(app: web.Application, prefix: str) -> None:
    path = f"{prefix}/projects/{{project_id}}/maintenance"
    app.router.add_get(path, get_maintenance)
    app.router.add_post(path, start_maintenance)
    app.router.add_post(f"{path}/end", end_maintenance)
