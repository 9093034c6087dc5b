"""A project's active checks through the management API: list, add, pause, resume, delete.
The rules are services/accounts/checks.py's; pausing moves the check's monitor through
services/monitors/writer.py. A check's headers and body may carry secrets: only the names of
its headers are shown."""

from datetime import UTC, datetime
from typing import Any

from aiohttp import web
from pydantic import Field, StrictBool, StrictInt, StrictStr

from api.common import json_answer
from api.manage.auth import Body, body, iso, ok, path_id, readable_project, writable_project
from models import Check, MonitorState
from services.accounts import checks
from services.monitors import writer
from services.monitors.checks import DEFAULT_CONFIRM


class NewCheckBody(Body):
    url: StrictStr = Field(max_length=4096)
    interval: StrictStr = Field(default="60s", max_length=32)
    timeout: StrictStr = Field(default="10s", max_length=32)
    expected_status: StrictStr = Field(default="200-399", max_length=32)
    confirm: StrictInt = DEFAULT_CONFIRM
    keyword: StrictStr | None = Field(default=None, max_length=1000)
    keyword_absent: StrictBool = False
    method: StrictStr = Field(default="GET", max_length=16)
    headers: list[StrictStr] = Field(default_factory=list, max_length=50)
    body: StrictStr | None = Field(default=None, max_length=100_000)
    json_field: StrictStr | None = Field(default=None, max_length=256)
    json_value: StrictStr | None = Field(default=None, max_length=256)
    degraded_after: StrictStr | None = Field(default=None, max_length=32)


def check_json(check: Check) -> dict[str, Any]:
    return {
        "id": check.id,
        "url": check.url,
        "kind": check.monitor.kind,
        "state": check.monitor.state,
        "paused": check.monitor.state == MonitorState.PAUSED,
        "method": check.method,
        "header_names": sorted(check.headers or {}),
        "interval_seconds": check.interval_seconds,
        "timeout_ms": check.timeout_ms,
        "expected_status": check.expected_status,
        "keyword": check.keyword,
        "keyword_absent": check.keyword_absent,
        "confirm": check.confirm,
        "last_checked_at": iso(check.last_checked_at),
        "last_ms": check.last_ms,
        "last_status": check.last_status,
        "created_at": iso(check.created_at),
    }


async def list_checks(request: web.Request) -> web.Response:
    project = await readable_project(request)
    rows = await checks.project_checks(project.id)
    return json_answer(ok(checks=[check_json(row) for row in rows]))


async def add_check(request: web.Request) -> web.Response:
    project = await writable_project(request)
    spec = await body(request, NewCheckBody)
    fields = spec.model_dump()
    fields["headers"] = tuple(spec.headers)
    added = await checks.add_check(project, checks.NewCheck(**fields), datetime.now(UTC))
    shown = await checks.check_by_id(added.id, project.id)
    return json_answer(ok(check=check_json(shown)), status=201)


async def pause_check(request: web.Request) -> web.Response:
    return await _set_paused(request, True)


async def resume_check(request: web.Request) -> web.Response:
    return await _set_paused(request, False)


async def _set_paused(request: web.Request, paused: bool) -> web.Response:
    project = await writable_project(request)
    check = await checks.check_by_id(path_id(request, "check_id"), project.id)
    await writer.check_paused(check.monitor_id, paused, datetime.now(UTC))
    shown = await checks.check_by_id(check.id, project.id)
    return json_answer(ok(check=check_json(shown)))


async def delete_check(request: web.Request) -> web.Response:
    project = await writable_project(request)
    check = await checks.check_by_id(path_id(request, "check_id"), project.id)
    await checks.delete_check(check.id)
    return json_answer(ok())


def add_check_routes(app: web.Application, prefix: str) -> None:
    many = f"{prefix}/projects/{{project_id}}/checks"
    one = f"{many}/{{check_id}}"
    app.router.add_get(many, list_checks)
    app.router.add_post(many, add_check)
    app.router.add_delete(one, delete_check)
    app.router.add_post(f"{one}/pause", pause_check)
    app.router.add_post(f"{one}/resume", resume_check)
