"""Keys of the management API (/api/v1/manage/, docs/management-api.md): made by an admin (the
bot's /apikeys) or the operator (`main.py add-api-key`), shown once, stored as their SHA-256.

What a key may do is decided here and only here (`may_read`, `may_write`, `may_delete`):
- a read-only key never writes;
- a project key touches only its project: it cannot create projects, see others, or make keys;
- a key can do no more than the person who made it can today (access follows people): a key
  for every project stops working when its maker is no longer an admin (ADMIN_IDS,
  `remove-admin`), a project key when its maker can no longer see the project; it only reads
  while its maker may only view, and deletes the project only while its maker may (an admin,
  as in the bot: not a former admin who is still a maintainer). The operator's keys (made at
  the shell, no maker) work until revoked."""

import hashlib
import secrets
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from models import ApiKey, Project
from services.accounts.access import DELETE_PROJECT_LEVEL, Level, is_admin, level_of
from services.core.errors import ApiKeyRefused, InvalidInput, NotFound
from services.storage.ids import may_be_id

KEY_START = "em_"
KEY_RANDOM_BYTES = 30  # 40 URL-safe characters
PREFIX_LENGTH = 8
NAME_MAX_LENGTH = 100
# The longest string that could be a key: anything longer is refused before it is hashed.
MAX_KEY_LENGTH = 100
# last_used_at is written at most this often per key: a script calling every second costs one
# write a minute, not one per request.
LAST_USED_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class KeyHolder:
    """An authenticated key and what its maker may do with its project today (ADMIN for the
    operator's keys and an admin's)."""

    key: ApiKey
    maker_level: Level


def hash_key(plain: str) -> str:
    return hashlib.sha256(plain.encode()).hexdigest()


def validate_key_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise InvalidInput("name must not be empty", "api-key-name-empty")
    if len(name) > NAME_MAX_LENGTH:
        raise InvalidInput(
            f"name must be at most {NAME_MAX_LENGTH} characters", "api-key-name-too-long"
        )
    return name


async def create_key(
    name: str, read_only: bool, project_id: int | None, created_by: int | None
) -> tuple[ApiKey, str]:
    """A new key and its plain text, which is never stored and cannot be shown again."""
    if project_id is not None and (
        not may_be_id(project_id) or not await Project.filter(id=project_id).exists()
    ):
        raise NotFound(f"no project with id {project_id}", "project-not-found")
    plain = KEY_START + secrets.token_urlsafe(KEY_RANDOM_BYTES)
    key = await ApiKey.create(
        name=validate_key_name(name),
        key_hash=hash_key(plain),
        prefix=plain[:PREFIX_LENGTH],
        read_only=read_only,
        project_id=project_id,
        created_by=created_by,
    )
    return key, plain


async def list_keys(include_revoked: bool = False) -> list[ApiKey]:
    """Keys with their project, oldest first."""
    query = ApiKey.all() if include_revoked else ApiKey.filter(revoked_at__isnull=True)
    return await query.select_related("project").order_by("id")


async def revoke_key(key_id: int, now: datetime) -> ApiKey:
    """The key stops working with its next request. NotFound if there is no such key that
    still works (unknown, or revoked before)."""
    working = ApiKey.filter(id=key_id, revoked_at__isnull=True)
    if not may_be_id(key_id) or not await working.update(revoked_at=now):
        raise NotFound(f"no working API key with id {key_id}", "api-key-not-found")
    return await ApiKey.get(id=key_id)


async def authenticate(plain: str, admins: Collection[int], now: datetime) -> KeyHolder:
    """The key sent, if it works: known, not revoked, and its maker still entitled to it; else
    ApiKeyRefused (the same words for every reason: a caller learns nothing about other keys).
    The key itself is never logged nor put in an error."""
    key = None
    if 0 < len(plain) <= MAX_KEY_LENGTH and plain.isascii() and plain.isprintable():
        key = await ApiKey.get_or_none(key_hash=hash_key(plain))
    if key is None or key.revoked_at is not None:
        raise ApiKeyRefused("unknown or revoked API key")
    level = await _maker_level(key, admins)
    if level == Level.NONE:
        raise ApiKeyRefused("unknown or revoked API key")
    await _mark_used(key, now)
    return KeyHolder(key, level)


async def _maker_level(key: ApiKey, admins: Collection[int]) -> Level:
    """What the key's maker may do with the key's scope today."""
    if key.created_by is None:
        return Level.ADMIN
    if key.project_id is None:
        return Level.ADMIN if await is_admin(key.created_by, admins) else Level.NONE
    return await level_of(key.created_by, key.project_id, admins)


async def _mark_used(key: ApiKey, now: datetime) -> None:
    last = key.last_used_at
    if last is not None and now - last < LAST_USED_EVERY:
        return
    # Compare-and-set: of two requests at once, one writes.
    await ApiKey.filter(id=key.id, last_used_at=last).update(last_used_at=now)
    key.last_used_at = now


def may_read(holder: KeyHolder, project_id: int | None) -> bool:
    """Whether the key may read this project (None: the list of projects, or keys)."""
    return holder.key.project_id is None or holder.key.project_id == project_id


def may_write(holder: KeyHolder, project_id: int | None) -> bool:
    """Whether the key may change this project (None: create a project)."""
    return (
        not holder.key.read_only
        and may_read(holder, project_id)
        and holder.maker_level >= Level.MAINTAINER
    )


def may_delete(holder: KeyHolder, project_id: int) -> bool:
    """Whether the key may delete this project: as its maker may in the bot."""
    return may_write(holder, project_id) and holder.maker_level >= DELETE_PROJECT_LEVEL
