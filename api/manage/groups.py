"""A project's error groups through the management API: listed (by status, newest first, a
page at a time), resolved, muted for an hour or a day (the choices of the alert's buttons).
The rules are services/notify/alerts.act_on_group's: the group's alerts in every chat are
edited to show who did it ("API: <key name>")."""

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from aiohttp import web

from api.common import json_answer
from api.manage.auth import (
    Body,
    body,
    holder,
    iso,
    ok,
    path_id,
    query_int,
    readable_project,
    writable_project,
)
from models import ErrorGroup, GroupStatus
from services.core.errors import InvalidInput, NotFound
from services.notify.alerts import GroupAction, act_on_group
from services.storage.ids import BIGINT_ID_MAX

PAGE = 50
MAX_PAGE = 200
MAX_OFFSET = 1_000_000


class MuteFor(StrEnum):
    HOUR = "1h"
    DAY = "1d"


MUTE_ACTION = {MuteFor.HOUR: GroupAction.MUTE_HOUR, MuteFor.DAY: GroupAction.MUTE_DAY}


class Mute(Body):
    duration: MuteFor


def group_json(group: ErrorGroup) -> dict[str, Any]:
    return {
        "id": group.id,
        "type": group.type,
        "message": group.message,
        "culprit": group.culprit,
        "severity": group.severity,
        "status": group.status,
        "times_seen": group.times_seen,
        "first_seen": iso(group.first_seen),
        "last_seen": iso(group.last_seen),
        "last_release": group.last_release,
        "muted_until": iso(group.muted_until),
    }


def _status(request: web.Request) -> GroupStatus | None:
    typed = request.query.get("status")
    if typed is None:
        return None
    if typed not in set(GroupStatus):
        raise InvalidInput(f"status: must be one of {', '.join(GroupStatus)}")
    return GroupStatus(typed)


async def list_groups(request: web.Request) -> web.Response:
    project = await readable_project(request)
    status = _status(request)
    limit = query_int(request, "limit", PAGE, 1, MAX_PAGE)
    offset = query_int(request, "offset", 0, 0, MAX_OFFSET)
    query = ErrorGroup.filter(project_id=project.id)
    if status is not None:
        query = query.filter(status=status.value)
    rows = await query.order_by("-last_seen", "-id").offset(offset).limit(limit + 1)
    more = len(rows) > limit
    return json_answer(
        ok(
            groups=[group_json(row) for row in rows[:limit]],
            next_offset=offset + limit if more else None,
        )
    )


async def resolve_group(request: web.Request) -> web.Response:
    return await _act(request, GroupAction.RESOLVE)


async def mute_group(request: web.Request) -> web.Response:
    project = await writable_project(request)  # before the body: 404/403 first
    spec = await body(request, Mute)
    return await _act(request, MUTE_ACTION[spec.duration], project.id)


async def _act(
    request: web.Request, action: GroupAction, project_id: int | None = None
) -> web.Response:
    if project_id is None:
        project_id = (await writable_project(request)).id
    group_id = path_id(request, "group_id", BIGINT_ID_MAX)
    group = await ErrorGroup.get_or_none(id=group_id, project_id=project_id)
    if group is None:
        raise NotFound(f"no error group with id {group_id} in this project")
    actor = f"API: {(await holder(request)).key.name}"
    acted = await act_on_group(group, action, actor, datetime.now(UTC))
    return json_answer(ok(group=group_json(acted)))


def add_group_routes(app: web.Application, prefix: str) -> None:
    many = f"{prefix}/projects/{{project_id}}/error-groups"
    app.router.add_get(many, list_groups)
    app.router.add_post(f"{many}/{{group_id}}/resolve", resolve_group)
    app.router.add_post(f"{many}/{{group_id}}/mute", mute_group)
