"""The management API's part of the OpenAPI description (api/openapi.py merges it): every
route with its request body (the pydantic models the doors validate with, so they cannot
drift), its answers and the `apiKey` bearer scheme. tests/e2e/test_openapi_conformance.py holds
the doors to it."""

from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from api.manage import MANAGE_PREFIX
from api.manage.checks import NewCheckBody
from api.manage.groups import Mute
from api.manage.maintenance import NewWindow
from api.manage.projects import NewProjectBody, ProjectChanges
from api.manage.subscriptions import NewSubscription
from models import GroupStatus

SCHEMAS = "#/components/schemas/"
JSON = "application/json"
SECURITY: list[dict[str, list[str]]] = [{"apiKey": []}]
BODIES: dict[str, type[BaseModel]] = {
    "ManageNewProject": NewProjectBody,
    "ManageProjectChanges": ProjectChanges,
    "ManageNewCheck": NewCheckBody,
    "ManageNewSubscription": NewSubscription,
    "ManageNewWindow": NewWindow,
    "ManageMute": Mute,
}
ERRORS = {
    "400": "the body is not JSON, a field is missing, unknown or of a wrong type, or a value"
    " is refused; the message names the field",
    "401": "no API key, or one that is unknown, revoked, or whose maker lost the right to it",
    "403": "the key may not do this: it is read-only, its maker may not (only views the"
    " project; deleting one is an admin's), or a project key asked to create a project",
    "404": "no such project (or one the key may not see), check, chat, group or path",
    "408": "the body did not arrive within REQUEST_BODY_TIMEOUT",
    "409": "a project with this name exists already",
    "413": "the body is larger than MAX_BODY_BYTES",
    "415": "a Content-Encoding the app does not decode",
    "503": "the database is unavailable; nothing was changed, retry after Retry-After",
}
NULLABLE_TIME = {"type": ["string", "null"], "format": "date-time"}
NULLABLE_TEXT = {"type": ["string", "null"]}
NULLABLE_INT = {"type": ["integer", "null"]}


def manage_security_scheme() -> dict[str, Any]:
    return {
        "type": "http",
        "scheme": "bearer",
        "description": (
            "a management API key (em_…): `error-monitor add-api-key` or the bot's /apikeys"
        ),
    }


def manage_schemas() -> dict[str, Any]:
    _, top = models_json_schema(
        [(model, "validation") for model in BODIES.values()],
        ref_template=SCHEMAS + "{model}",
    )
    defs: dict[str, Any] = top["$defs"]
    bodies = {name: defs.pop(model.__name__) for name, model in BODIES.items()}
    # What the bodies refer to (ProjectType, Severity…) named as ours: other parts of the
    # description may have a schema of the same name.
    names = {name: f"Manage{name}" for name in defs}
    shared = {names[name]: schema for name, schema in defs.items()}
    return _renamed({**shared, **bodies}, names) | _answers()


def _renamed(value: Any, names: dict[str, str]) -> Any:
    if isinstance(value, dict):
        return {
            key: (
                SCHEMAS + names.get(item.removeprefix(SCHEMAS), item.removeprefix(SCHEMAS))
                if key == "$ref"
                else _renamed(item, names)
            )
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_renamed(item, names) for item in value]
    return value


def _answers() -> dict[str, Any]:
    project = _project_properties()
    with_token = {**project, "token": {"type": "string"}}
    return {
        "ManageProject": _object(**project),
        "ManageProjectWithToken": _object(**with_token),
        "ManageProjectAnswer": _ok(project=_ref("ManageProject")),
        "ManageNewTokenAnswer": _ok(project=_ref("ManageProjectWithToken")),
        "ManageProjectList": _ok(projects={"type": "array", "items": _ref("ManageProject")}),
        "ManageCheck": _object(**_check_properties()),
        "ManageCheckAnswer": _ok(check=_ref("ManageCheck")),
        "ManageCheckList": _ok(checks={"type": "array", "items": _ref("ManageCheck")}),
        "ManageSubscription": _object(
            chat_id={"type": "integer"},
            min_severity={"type": "string"},
            heartbeats={"type": "string"},
            stopped={"type": "boolean"},
            created_at=NULLABLE_TIME,
        ),
        "ManageSubscriptionAnswer": _ok(subscription=_ref("ManageSubscription")),
        "ManageSubscriptionList": _ok(
            subscriptions={"type": "array", "items": _ref("ManageSubscription")}
        ),
        "ManageWindow": _object(**_window_properties()),
        "ManageMaintenance": _object(
            on={"type": "boolean"},
            until=NULLABLE_TIME,
            weekly={"type": "array", "items": _ref("ManageWindow")},
        ),
        "ManageMaintenanceAnswer": _ok(maintenance=_ref("ManageMaintenance")),
        "ManageWindowAnswer": _ok(
            window=_ref("ManageWindow"), maintenance=_ref("ManageMaintenance")
        ),
        "ManageEndedAnswer": _ok(
            ended={"type": "integer", "minimum": 0}, maintenance=_ref("ManageMaintenance")
        ),
        "ManageErrorGroup": _object(**_group_properties()),
        "ManageErrorGroupAnswer": _ok(group=_ref("ManageErrorGroup")),
        "ManageErrorGroupList": _ok(
            groups={"type": "array", "items": _ref("ManageErrorGroup")},
            next_offset=NULLABLE_INT,
        ),
        "ManageDone": _ok(),
    }


def _project_properties() -> dict[str, Any]:
    schedule = _object(
        expression={"type": "string"}, tz={"type": "string"}, grace_seconds={"type": "integer"}
    )
    return {
        "id": {"type": "integer"},
        "name": {"type": "string"},
        "type": {"type": "string"},
        "url": NULLABLE_TEXT,
        "timeout_seconds": {"type": "integer"},
        "schedule": {"oneOf": [schedule, {"type": "null"}]},
        "allowed_origins": NULLABLE_TEXT,
        "paused": {"type": "boolean"},
        "health": {"type": "string"},
        "last_heartbeat_at": NULLABLE_TIME,
        "created_at": NULLABLE_TIME,
    }


def _check_properties() -> dict[str, Any]:
    return {
        "id": {"type": "integer"},
        "url": {"type": "string"},
        "kind": {"type": "string"},
        "state": {"type": "string"},
        "paused": {"type": "boolean"},
        "method": {"type": "string"},
        "header_names": {"type": "array", "items": {"type": "string"}},
        "interval_seconds": {"type": "integer"},
        "timeout_ms": {"type": "integer"},
        "expected_status": {"type": "string"},
        "keyword": NULLABLE_TEXT,
        "keyword_absent": {"type": "boolean"},
        "confirm": {"type": "integer"},
        "last_checked_at": NULLABLE_TIME,
        "last_ms": NULLABLE_INT,
        "last_status": NULLABLE_INT,
        "created_at": NULLABLE_TIME,
    }


def _window_properties() -> dict[str, Any]:
    return {
        "id": {"type": "integer"},
        "kind": {"type": "string"},
        "starts_at": NULLABLE_TIME,
        "ends_at": NULLABLE_TIME,
        "days": NULLABLE_TEXT,
        "start_minute": NULLABLE_INT,
        "duration_minutes": NULLABLE_INT,
        "timezone": NULLABLE_TEXT,
        "created_by": {"type": "string"},
    }


def _group_properties() -> dict[str, Any]:
    return {
        "id": {"type": "integer"},
        "type": {"type": "string"},
        "message": {"type": "string"},
        "culprit": NULLABLE_TEXT,
        "severity": {"type": "string"},
        "status": {"enum": [status.value for status in GroupStatus]},
        "times_seen": {"type": "integer"},
        "first_seen": NULLABLE_TIME,
        "last_seen": NULLABLE_TIME,
        "last_release": NULLABLE_TEXT,
        "muted_until": NULLABLE_TIME,
    }


def manage_paths() -> dict[str, Any]:
    base = f"{MANAGE_PREFIX}/projects"
    one = f"{base}/{{project_id}}"
    project_id = _id_parameter("project_id")
    check = [project_id, _id_parameter("check_id")]
    group = [project_id, _id_parameter("group_id")]
    chat = [project_id, _id_parameter("chat_id", signed=True)]
    return {
        base: {
            "get": _read("listProjects", "Projects the key may see", [], "ManageProjectList"),
            "post": _write(
                "createProject",
                "Create a project (the answer has its token)",
                [],
                "ManageNewTokenAnswer",
                body="ManageNewProject",
                created=True,
            ),
        },
        one: {
            "get": _read("getProject", "One project", [project_id], "ManageProjectAnswer"),
            "patch": _write(
                "changeProject",
                "Change its name, url, timeout, origins or schedule (only the fields sent)",
                [project_id],
                "ManageProjectAnswer",
                body="ManageProjectChanges",
            ),
            "delete": _write(
                "deleteProject", "Delete it and all stored for it", [project_id], "ManageDone"
            ),
        },
        f"{one}/pause": {
            "post": _write("pauseProject", "Pause it", [project_id], "ManageProjectAnswer")
        },
        f"{one}/resume": {
            "post": _write("resumeProject", "Resume it", [project_id], "ManageProjectAnswer")
        },
        f"{one}/rotate-token": {
            "post": _write(
                "rotateProjectToken",
                "A new token (in the answer); the old one stops working",
                [project_id],
                "ManageNewTokenAnswer",
            )
        },
        f"{one}/checks": {
            "get": _read("listChecks", "The project's checks", [project_id], "ManageCheckList"),
            "post": _write(
                "addCheck",
                "Add an active check",
                [project_id],
                "ManageCheckAnswer",
                body="ManageNewCheck",
                created=True,
            ),
        },
        f"{one}/checks/{{check_id}}": {
            "delete": _write("deleteCheck", "Delete a check", check, "ManageDone")
        },
        f"{one}/checks/{{check_id}}/pause": {
            "post": _write("pauseCheck", "Pause a check", check, "ManageCheckAnswer")
        },
        f"{one}/checks/{{check_id}}/resume": {
            "post": _write("resumeCheck", "Resume a check", check, "ManageCheckAnswer")
        },
        f"{one}/subscriptions": {
            "get": _read(
                "listSubscriptions", "Chats that hear", [project_id], "ManageSubscriptionList"
            ),
            "post": _write(
                "addSubscription",
                "Subscribe a chat (200 when it was subscribed already: options updated)",
                [project_id],
                "ManageSubscriptionAnswer",
                body="ManageNewSubscription",
                created=True,
            ),
        },
        f"{one}/subscriptions/{{chat_id}}": {
            "delete": _write("removeSubscription", "Unsubscribe a chat", chat, "ManageDone")
        },
        f"{one}/maintenance": {
            "get": _read(
                "getMaintenance",
                "Whether maintenance is on, and the weekly windows",
                [project_id],
                "ManageMaintenanceAnswer",
            ),
            "post": _write(
                "startMaintenance",
                "A one-off window of `minutes` from now (replaces a person's window on now)",
                [project_id],
                "ManageWindowAnswer",
                body="ManageNewWindow",
                created=True,
            ),
        },
        f"{one}/maintenance/end": {
            "post": _write(
                "endMaintenance",
                "End every window on now; outages they held are alerted",
                [project_id],
                "ManageEndedAnswer",
            )
        },
        f"{one}/error-groups": {
            "get": _read(
                "listErrorGroups",
                "Error groups, newest first, a page at a time",
                [project_id, *_group_query()],
                "ManageErrorGroupList",
            )
        },
        f"{one}/error-groups/{{group_id}}/resolve": {
            "post": _write("resolveErrorGroup", "Resolve a group", group, "ManageErrorGroupAnswer")
        },
        f"{one}/error-groups/{{group_id}}/mute": {
            "post": _write(
                "muteErrorGroup",
                "Mute a group for an hour or a day",
                group,
                "ManageErrorGroupAnswer",
                body="ManageMute",
            )
        },
    }


def _read(name: str, summary: str, parameters: list[Any], answer: str) -> dict[str, Any]:
    return {
        "summary": f"Manage: {summary}",
        "operationId": name,
        "tags": ["manage"],
        "security": SECURITY,
        "parameters": parameters,
        "responses": {
            "200": _json(answer, "done"),
            **_errors("400", "401", "403", "404", "408", "413", "415", "503"),
        },
    }


def _write(
    name: str,
    summary: str,
    parameters: list[Any],
    answer: str,
    body: str | None = None,
    created: bool = False,
) -> dict[str, Any]:
    operation = _read(name, summary, parameters, answer)
    operation["responses"] = {
        "200": _json(answer, "done"),
        **({"201": _json(answer, "created")} if created else {}),
        **_errors("400", "401", "403", "404", "408", "409", "413", "415", "503"),
    }
    if body is not None:
        operation["requestBody"] = {"required": True, "content": {JSON: {"schema": _ref(body)}}}
    return operation


def _group_query() -> list[dict[str, Any]]:
    def query(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
        return {
            "name": name,
            "in": "query",
            "required": False,
            "description": description,
            "schema": schema,
        }

    return [
        query("status", {"enum": [s.value for s in GroupStatus]}, "only groups in this status"),
        query("limit", {"type": "integer", "minimum": 1, "maximum": 200}, "a page (default 50)"),
        query("offset", {"type": "integer", "minimum": 0}, "from `next_offset` of the last page"),
    ]


def _id_parameter(name: str, signed: bool = False) -> dict[str, Any]:
    schema = {"type": "integer"} if signed else {"type": "integer", "minimum": 1}
    return {"name": name, "in": "path", "required": True, "schema": schema}


def _errors(*codes: str) -> dict[str, Any]:
    answers = {code: _json("Error", ERRORS[code]) for code in codes}
    answers["503"]["headers"] = {
        "Retry-After": {"required": True, "schema": {"type": "integer", "minimum": 0}}
    }
    return answers


def _json(schema: str, description: str) -> dict[str, Any]:
    return {"description": description, "content": {JSON: {"schema": _ref(schema)}}}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": SCHEMAS + name}


def _object(**properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "required": list(properties), "properties": properties}


def _ok(**properties: dict[str, Any]) -> dict[str, Any]:
    return _object(ok={"const": True}, **properties)
