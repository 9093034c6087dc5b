"""Projects through the management API: list, create, read, change, pause, resume, rotate the
token, delete. The rules are services/accounts/projects.py's and schedules.py's; the state
moves through services/monitors/writer.py. The token is in the answer only when it is new
(create, rotate-token): a key that reads a project never reads its token."""

from datetime import UTC, datetime
from typing import Any

from aiohttp import web
from pydantic import Field, StrictStr

from api.common import json_answer
from api.manage.auth import (
    Body,
    body,
    deletable_project,
    holder,
    iso,
    may_create_projects,
    ok,
    readable_project,
    writable_project,
)
from models import Project, ProjectType
from services.accounts import projects, schedules
from services.accounts.api_keys import may_read
from services.accounts.origins import parse_origins
from services.monitors.schedule import Schedule, stored_schedule


class ScheduleBody(Body):
    expression: StrictStr = Field(max_length=120)
    tz: StrictStr | None = Field(default=None, max_length=64)
    grace: StrictStr | None = Field(default=None, max_length=32)

    def read(self) -> Schedule:
        return schedules.read_schedule(self.expression, self.tz, self.grace)


class NewProjectBody(Body):
    name: StrictStr = Field(max_length=1000)
    type: ProjectType = ProjectType.OTHER
    url: StrictStr | None = Field(default=None, max_length=4096)
    timeout: StrictStr = Field(default="1h", max_length=32)
    origins: StrictStr | None = Field(default=None, max_length=10_000)
    schedule: ScheduleBody | None = None


class ProjectChanges(Body):
    """Only the fields sent change; `schedule: null` goes back to the plain timeout."""

    name: StrictStr | None = Field(default=None, max_length=1000)
    url: StrictStr | None = Field(default=None, max_length=4096)
    timeout: StrictStr | None = Field(default=None, max_length=32)
    origins: StrictStr | None = Field(default=None, max_length=10_000)
    schedule: ScheduleBody | None = None


def project_json(project: Project, token: bool = False) -> dict[str, Any]:
    schedule = stored_schedule(project.schedule, project.schedule_tz, project.grace_seconds)
    shown: dict[str, Any] = {
        "id": project.id,
        "name": project.name,
        "type": project.type,
        "url": project.url,
        "timeout_seconds": project.timeout_seconds,
        "schedule": (
            {
                "expression": schedule.expression,
                "tz": schedule.tz,
                "grace_seconds": schedule.grace_seconds,
            }
            if schedule
            else None
        ),
        "allowed_origins": project.allowed_origins,
        "paused": project.paused,
        "health": project.health,
        "last_heartbeat_at": iso(project.last_heartbeat_at),
        "created_at": iso(project.created_at),
    }
    if token:
        shown["token"] = project.token
    return shown


async def list_projects(request: web.Request) -> web.Response:
    """Every project, or only its own for a project key."""
    key = await holder(request)
    rows = [row for row in await projects.list_projects() if may_read(key, row.id)]
    return json_answer(ok(projects=[project_json(row) for row in rows]))


async def create_project(request: web.Request) -> web.Response:
    await may_create_projects(request)
    spec = await body(request, NewProjectBody)
    created = await projects.create_project(
        projects.NewProject(
            name=spec.name,
            type=spec.type,
            url=spec.url,
            timeout_seconds=projects.parse_timeout(spec.timeout),
            allowed_origins=spec.origins,
            schedule=spec.schedule.read() if spec.schedule else None,
        )
    )
    created = await Project.get(id=created.id)  # with what the database filled in
    return json_answer(ok(project=project_json(created, token=True)), status=201)


async def get_project(request: web.Request) -> web.Response:
    return json_answer(ok(project=project_json(await readable_project(request))))


async def change_project(request: web.Request) -> web.Response:
    project = await writable_project(request)
    changes = await body(request, ProjectChanges)
    sent = changes.model_fields_set
    # Everything sent is checked before anything changes: a bad field changes nothing.
    if changes.name is not None:
        projects.validate_name(changes.name)
    projects.validate_url(changes.url)
    parse_origins(changes.origins)
    schedule = changes.schedule.read() if changes.schedule else None  # checked before any change
    timeout = projects.parse_timeout(changes.timeout) if changes.timeout is not None else None
    if changes.name is not None:
        await projects.rename(project, changes.name)
    if "url" in sent:
        await projects.change_url(project, changes.url)
    if "origins" in sent:
        await projects.change_origins(project, changes.origins)
    if timeout is not None:
        await projects.change_timeout(project, timeout)
    if schedule is not None:
        await schedules.set_schedule(project, schedule)
    elif "schedule" in sent:
        await schedules.set_plain_timeout(project, timeout or project.timeout_seconds)
    return json_answer(ok(project=project_json(await Project.get(id=project.id))))


async def pause_project(request: web.Request) -> web.Response:
    return await _set_paused(request, True)


async def resume_project(request: web.Request) -> web.Response:
    return await _set_paused(request, False)


async def _set_paused(request: web.Request, paused: bool) -> web.Response:
    project = await writable_project(request)
    by = (await holder(request)).key.name
    await projects.set_paused(project, paused, datetime.now(UTC), f"API: {by}")
    return json_answer(ok(project=project_json(await Project.get(id=project.id))))


async def rotate_token(request: web.Request) -> web.Response:
    project = await writable_project(request)
    await projects.rotate_token(project)
    return json_answer(ok(project=project_json(project, token=True)))


async def delete_project(request: web.Request) -> web.Response:
    project = await deletable_project(request)
    await projects.delete_project(project)
    return json_answer(ok())


def add_project_routes(app: web.Application, prefix: str) -> None:
    one = f"{prefix}/projects/{{project_id}}"
    app.router.add_get(f"{prefix}/projects", list_projects)
    app.router.add_post(f"{prefix}/projects", create_project)
    app.router.add_get(one, get_project)
    app.router.add_patch(one, change_project)
    app.router.add_delete(one, delete_project)
    app.router.add_post(f"{one}/pause", pause_project)
    app.router.add_post(f"{one}/resume", resume_project)
    app.router.add_post(f"{one}/rotate-token", rotate_token)
