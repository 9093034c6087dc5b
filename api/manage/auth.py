"""What every management door shares: the caller's key (`Authorization: Bearer <key>`), the
project it asks for, checked against the key's scope (services/accounts/api_keys.py decides),
and the JSON it sends, validated with pydantic and refused with a 400 naming the field."""

from datetime import UTC, datetime
from typing import Any, TypeVar

from aiohttp import web
from pydantic import BaseModel, ConfigDict, field_validator

from api.common import read_json_object, validated
from api.keys import SETTINGS
from models import Project
from services.accounts.api_keys import KeyHolder, authenticate, may_delete, may_read, may_write
from services.core.errors import AccessDenied, ApiKeyRefused, InvalidInput, NotFound
from services.storage.ids import INT_ID_MAX, typed_id

M = TypeVar("M", bound=BaseModel)
HOLDER = web.RequestKey("api_key_holder", KeyHolder)
# Checked before int(): Python refuses to read more than 4,300 digits (a ValueError, a 500).
MAX_NUMBER_DIGITS = 18


class Body(BaseModel):
    """A request body: unknown fields are refused (a typo must not pass silently)."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        # PostgreSQL refuses a NUL in text: refused here as the client's mistake, not a 500.
        texts = value if isinstance(value, list) else [value]
        if any(isinstance(text, str) and "\x00" in text for text in texts):
            raise ValueError("must not contain a NUL character")
        return value


async def holder(request: web.Request) -> KeyHolder:
    """The key of this request, authenticated once per request."""
    if HOLDER in request:
        return request[HOLDER]
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        raise ApiKeyRefused("send the API key as Authorization: Bearer <key>")
    admins = request.app[SETTINGS].admin_ids
    request[HOLDER] = await authenticate(value.strip(), admins, datetime.now(UTC))
    return request[HOLDER]


def path_id(request: web.Request, name: str, largest: int = INT_ID_MAX) -> int:
    """An id from the path; one no row can have is NotFound (PostgreSQL would refuse to
    compare an `integer` column with it)."""
    typed = request.match_info[name]
    if len(typed) > MAX_NUMBER_DIGITS or not typed.isascii() or not typed.isdigit():
        raise NotFound(f"{name} {typed!r} is not an id")
    found = typed_id(typed, largest)
    if found is None:
        raise NotFound(f"no {name.removesuffix('_id')} with id {typed}")
    return found


async def readable_project(request: web.Request) -> Project:
    """The project in the path, if the key may read it. A project out of the key's scope is
    404, as one that does not exist: a project key learns nothing about other projects."""
    key = await holder(request)
    project_id = path_id(request, "project_id")
    project = await Project.get_or_none(id=project_id)
    if project is None or not may_read(key, project_id):
        raise NotFound(f"no project with id {project_id}", "project-not-found")
    return project


async def writable_project(request: web.Request) -> Project:
    """The project in the path, if the key may change it: 404 as above, 403 for a key that
    may read it but not write (read-only, or its maker may only view the project)."""
    project = await readable_project(request)
    if not may_write(await holder(request), project.id):
        raise AccessDenied("this API key may not change this project (read-only)")
    return project


async def deletable_project(request: web.Request) -> Project:
    """The project in the path, if the key may delete it (its maker is an admin, or it is the
    operator's): 404 and 403 as above."""
    project = await writable_project(request)
    if not may_delete(await holder(request), project.id):
        raise AccessDenied("this API key may not delete this project (its maker is not an admin)")
    return project


async def may_create_projects(request: web.Request) -> None:
    if not may_write(await holder(request), None):
        raise AccessDenied("this API key may not create projects (read-only or one project's)")


async def body(request: web.Request, model: type[M]) -> M:
    return validated(model, await read_json_object(request))


def query_int(request: web.Request, name: str, default: int, low: int, high: int) -> int:
    typed = request.query.get(name)
    if typed is None:
        return default
    if len(typed) > MAX_NUMBER_DIGITS or not typed.isascii() or not typed.isdigit():
        raise InvalidInput(f"{name}: must be a whole number from {low} to {high}")
    if not low <= int(typed) <= high:
        raise InvalidInput(f"{name}: must be a whole number from {low} to {high}")
    return int(typed)


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def ok(**payload: Any) -> dict[str, Any]:
    return {"ok": True, **payload}
