"""Projects: creation, lookup by token or by name/id, listing."""

import re
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from tortoise.exceptions import IntegrityError

from models import Project, ProjectType
from services.accounts.origins import parse_origins
from services.core.errors import (
    AppError,
    Conflict,
    InvalidInput,
    NotFound,
    ProjectDisabled,
    UnknownToken,
)
from services.core.ratelimit import SpikeGuard
from services.monitors import writer
from services.monitors.schedule import Schedule, scheduled
from services.storage import sql
from services.storage.ids import typed_id
from services.storage.steps import Row, Steps
from services.text.durations import read_duration

MIN_TIMEOUT_SECONDS = 1
MAX_TIMEOUT_SECONDS = 365 * 86400
NAME_MAX_LENGTH = 200
TOKEN_MAX_LENGTH = Project._meta.fields_map["token"].max_length  # type: ignore[attr-defined]  # a CharField has it; the map is typed by the base Field


@dataclass(frozen=True)
class NewProject:
    name: str
    type: ProjectType
    url: str | None = None
    timeout_seconds: int = 3600
    allowed_origins: str | None = None  # as typed: services/origins.parse_origins
    schedule: Schedule | None = None  # instead of the timeout: services/accounts/schedules.py


def parse_timeout(text: str) -> int:
    """A duration as typed (services/text/durations.py: `90s`, `5m`, `1h30m`, `15 мин`…);
    at least one second."""
    seconds = read_duration(text, "timeout", "timeout-invalid")
    if not MIN_TIMEOUT_SECONDS <= seconds <= MAX_TIMEOUT_SECONDS:
        raise InvalidInput("timeout must be between 1 second and 365 days", "timeout-range")
    return seconds


def validate_url(url: str | None) -> str | None:
    if url is None or not url.strip():
        return None
    url = url.strip()
    if not re.match(r"^https?://[^\s/]+\S*$", url) or len(url) > 2048:
        raise InvalidInput(f"url {url!r} must be an http:// or https:// address", "url-invalid")
    return url


def validate_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise InvalidInput("name must not be empty", "name-empty")
    if len(name) > NAME_MAX_LENGTH:
        raise InvalidInput(f"name must be at most {NAME_MAX_LENGTH} characters", "name-too-long")
    return name


def new_badge_key() -> str:
    """The key of a project's badge URLs (services/accounts/badges.py): 20 URL-safe
    characters (120 bits), never a token's shape, so neither is mistaken for the other."""
    return secrets.token_urlsafe(15)


def new_token() -> str:
    """32 hex characters (128 bits), shaped like a Sentry key: every Sentry SDK accepts it in a
    DSN (some refuse `-`, which URL-safe base64 would bring)."""
    return secrets.token_hex(16)


async def create_project(spec: NewProject) -> Project:
    name = validate_name(spec.name)
    if await Project.filter(name=name).exists():
        raise Conflict(f"a project named {name!r} already exists", "name-taken")
    try:
        return await Project.create(
            name=name,
            type=spec.type.value,
            url=validate_url(spec.url),
            token=new_token(),
            badge_key=new_badge_key(),
            timeout_seconds=spec.timeout_seconds,
            allowed_origins=parse_origins(spec.allowed_origins),
            **scheduled(spec.schedule),
        )
    except IntegrityError as error:
        raise Conflict(f"a project named {name!r} already exists", "name-taken") from error


async def find_by_reference(reference: str) -> Project:
    """A project by numeric id or by exact name."""
    project = None
    project_id = typed_id(reference)
    if project_id is not None:
        project = await Project.get_or_none(id=project_id)
    project = project or await Project.get_or_none(name=reference)
    if project is None:
        raise NotFound(f"no project with id or name {reference!r}", "project-not-found")
    return project


async def find_reporting_project(token: str, lock: bool = False) -> Project:
    """The project a token belongs to, if it may report. `lock` holds its row until commit
    (PostgreSQL; SQLite serialises writers anyway). Every report starts here, so it is one
    fixed statement rather than an ORM query built each time."""
    if not could_be_token(token):
        raise UnknownToken("unknown project token")
    template = _BY_TOKEN_FOR_UPDATE if lock and sql.postgres() else _BY_TOKEN
    rows = await sql.query(template, token=token)
    return _may_report(rows[0] if rows else None)


def reporting_projects(tokens: Sequence[str]) -> Steps[dict[str, Project | AppError]]:
    """A step (services/storage/steps.py): each token's project if it may report, else why
    not (UnknownToken, ProjectDisabled): one statement for a batch of reports, without row
    locks."""
    query = _reporting_query(tokens)
    if query is None:
        return _reporting(tokens, [])
    template, values = query
    return _reporting(tokens, (yield from sql.rows(template, **values)))


def _reporting_query(tokens: Sequence[str]) -> tuple[str, dict[str, object]] | None:
    possible = sorted({token for token in tokens if could_be_token(token)})
    if not possible:
        return None
    listed, values = sql.slots("token", list(possible))
    return f"SELECT * FROM projects WHERE token IN ({listed})", values


def _reporting(tokens: Sequence[str], rows: Iterable[Row]) -> dict[str, Project | AppError]:
    by_token = {str(row["token"]): row for row in rows}
    found: dict[str, Project | AppError] = {}
    for token in set(tokens):
        try:
            found[token] = _may_report(by_token.get(token))
        except (UnknownToken, ProjectDisabled) as refused:
            found[token] = refused
    return found


def _may_report(row: Row | None) -> Project:
    if row is None:
        raise UnknownToken("unknown project token")
    project = Project._init_from_db(**row)  # what the ORM's own executor does with a row
    if not project.is_active:
        raise ProjectDisabled(f"project {project.name!r} is disabled (is_active = 0)")
    return project


class TokenOwners:
    """The project each token was issued to, remembered: a token's project never changes (a
    rotation issues a new token, and tokens are random, never reused). What can change, whether
    the token still works (rotated, deleted, disabled), is not remembered: every write looks its
    token up again. The Sentry door checks the project in the DSN against this on every event.
    A token not remembered is looked up as a write would be, through the spike guard: a made-up
    key refused lately is refused at once, and a flood of new ones waits only in the share of
    tokens not seen to work (services/core/ratelimit.py)."""

    def __init__(self, guard: SpikeGuard, size: int = 10_000) -> None:
        self.guard = guard
        self.size = size
        self._owners: dict[str, int] = {}

    async def owner(self, token: str) -> int:
        """The id of the token's project; UnknownToken or ProjectDisabled on a miss that
        find_reporting_project refuses, Overloaded or RateLimited when the guard refuses."""
        project_id = self._owners.get(token)
        if project_id is None:
            project_id = await self._look_up(token)
            if len(self._owners) >= self.size:  # only issued tokens get here: bounded anyway
                del self._owners[next(iter(self._owners))]
            self._owners[token] = project_id
        return project_id

    async def _look_up(self, token: str) -> int:
        if not could_be_token(token):  # neither waits nor is remembered as unknown
            raise UnknownToken("unknown project token")
        self.guard.enter(token)
        try:
            project_id = (await find_reporting_project(token)).id
        except UnknownToken:
            self.guard.unknown(token)
            raise
        finally:
            self.guard.leave(token)
        self.guard.worked(token)
        return project_id


_BY_TOKEN = "SELECT * FROM projects WHERE token = {token}"
# NO KEY UPDATE: a report's writes change no key of the project, and this lock lets other
# transactions insert rows that refer to the project (their foreign-key check takes KEY SHARE),
# so a heartbeat and another instance's error batch, each holding one project, cannot deadlock.
_BY_TOKEN_FOR_UPDATE = _BY_TOKEN + " FOR NO KEY UPDATE"


def could_be_token(token: str) -> bool:
    # What no stored token can be never reaches the database: PostgreSQL refuses a NUL in a
    # parameter, the ORM a value longer than the column, and neither driver can encode a lone
    # surrogate (what aiohttp makes of a header's bytes that are not UTF-8).
    return 0 < len(token) <= TOKEN_MAX_LENGTH and token.isprintable()


async def issued_tokens(limit: int) -> list[str]:
    """Tokens of active projects, the most recently created first."""
    rows = Project.filter(is_active=True).order_by("-id").limit(limit)
    return [str(token) for token in await rows.values_list("token", flat=True)]


async def list_projects() -> list[Project]:
    return await Project.all().order_by("id")


async def rotate_token(project: Project) -> str:
    """A new token; the old one stops working with the next request (lookups read the row)."""
    token = new_token()
    await Project.filter(id=project.id).update(token=token)
    project.token = token
    return token


async def rename(project: Project, name: str) -> None:
    name = validate_name(name)
    if await Project.filter(name=name).exclude(id=project.id).exists():
        raise Conflict(f"a project named {name!r} already exists", "name-taken")
    await Project.filter(id=project.id).update(name=name)
    project.name = name


async def change_url(project: Project, url: str | None) -> None:
    project.url = validate_url(url)
    await Project.filter(id=project.id).update(url=project.url)


async def change_origins(project: Project, typed: str | None) -> None:
    """The pages that may report from a browser (None, "", "-", "any": every page). Each
    instance applies it within origins.REFRESH_SECONDS."""
    project.allowed_origins = parse_origins(typed)
    await Project.filter(id=project.id).update(allowed_origins=project.allowed_origins)


async def change_timeout(project: Project, seconds: int) -> None:
    """A new silence timeout; a project that is up gets its deadline moved to match."""
    await writer.timeout_changed(project, seconds)


async def set_paused(project: Project, paused: bool, now: datetime, by: str = "") -> None:
    """Pause (maintenance: no silence or hung-run alerts) or resume (services/monitors/)."""
    await writer.set_paused(project, paused, now, by)


async def delete_project(project: Project) -> None:
    """The project and everything stored for it (heartbeats, errors, subscriptions, access)."""
    await project.delete()
