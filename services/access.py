"""Who may see and do what. Admins manage everything; others only the projects they were
invited to, as viewer (subscribe, stats) or maintainer (also settings and token). Every bot action
calls `require` with the acting user, so a forged callback never reaches another project."""

import secrets
from collections.abc import Collection
from datetime import datetime, timedelta
from enum import IntEnum

from tortoise.transactions import in_transaction

from models import Invite, Project, ProjectAccess, Role, Subscriber
from services.errors import AccessDenied, InvalidInvite

INVITE_CODE_BYTES = 12


class Level(IntEnum):
    NONE = 0
    VIEWER = 1
    MAINTAINER = 2
    ADMIN = 3


ROLE_LEVEL = {Role.VIEWER: Level.VIEWER, Role.MAINTAINER: Level.MAINTAINER}


async def is_admin(user_id: int, configured_admins: list[int]) -> bool:
    if user_id in configured_admins:
        return True
    return await Subscriber.filter(telegram_id=user_id, is_admin=True).exists()


async def level_of(user_id: int, project_id: int, admins: list[int]) -> Level:
    if await is_admin(user_id, admins):
        return Level.ADMIN
    grant = await ProjectAccess.get_or_none(project_id=project_id, user_id=user_id)
    return ROLE_LEVEL[Role(grant.role)] if grant else Level.NONE


async def with_access(
    user_ids: Collection[int], project_id: int, admins: Collection[int]
) -> set[int]:
    """Those of these people who may still see the project (admins, or invited to it)."""
    others = set(user_ids) - set(admins)
    kept = set(user_ids) - others
    if others:
        kept.update(
            await Subscriber.filter(telegram_id__in=others, is_admin=True).values_list(
                "telegram_id", flat=True
            )
        )
        kept.update(
            await ProjectAccess.filter(project_id=project_id, user_id__in=others).values_list(
                "user_id", flat=True
            )
        )
    return kept


async def require(user_id: int, project_id: int, admins: list[int], needed: Level) -> Project:
    """The project, if this user may act on it at `needed` level; else AccessDenied."""
    project = await Project.get_or_none(id=project_id)
    if project is None or await level_of(user_id, project_id, admins) < needed:
        raise AccessDenied("no such project, or no access to it")
    return project


async def visible_projects(user_id: int, admins: list[int]) -> list[Project]:
    if await is_admin(user_id, admins):
        return await Project.all().order_by("name")
    granted = ProjectAccess.filter(user_id=user_id).values_list("project_id", flat=True)
    return await Project.filter(id__in=await granted).order_by("name")


async def create_invite(
    project: Project, role: Role, by: int, single_use: bool, ttl: timedelta | None, now: datetime
) -> Invite:
    return await Invite.create(
        code=secrets.token_urlsafe(INVITE_CODE_BYTES),
        project=project,
        role=role.value,
        created_by=by,
        single_use=single_use,
        expires_at=now + ttl if ttl else None,
    )


async def redeem_invite(code: str, user_id: int, full_name: str, now: datetime) -> Project:
    """Grant the invite's project to this user. A single-use code works once (compare-and-set,
    so two people pressing at once cannot both use it)."""
    async with in_transaction():
        invite = await Invite.get_or_none(code=code).prefetch_related("project")
        if invite is None or (invite.expires_at and invite.expires_at <= now):
            raise InvalidInvite("this invite link is unknown or has expired")
        if not invite.single_use and invite.used_at is not None:
            raise InvalidInvite("this invite link was withdrawn")
        if invite.single_use:
            taken = await Invite.filter(id=invite.id, used_at=None).update(used_at=now)
            if taken != 1:
                raise InvalidInvite("this invite link has already been used")
        await _grant(invite.project, user_id, full_name, Role(invite.role), invite.created_by)
    return invite.project


async def _grant(project: Project, user_id: int, full_name: str, role: Role, by: int) -> None:
    grant, created = await ProjectAccess.get_or_create(
        project=project,
        user_id=user_id,
        defaults={"role": role.value, "full_name": full_name[:256], "granted_by": by},
    )
    if not created and ROLE_LEVEL[role] > ROLE_LEVEL[Role(grant.role)]:
        await ProjectAccess.filter(id=grant.id).update(role=role.value)


async def list_access(project_id: int) -> list[ProjectAccess]:
    return await ProjectAccess.filter(project_id=project_id).order_by("created_at")


async def revoke(project_id: int, user_id: int, now: datetime) -> bool:
    """Take a person's access away (the subscriptions they made stop: Notifier.access_ended).
    The project's reusable invite links expire too: the person may still hold one, and would
    otherwise just open it again."""
    async with in_transaction():
        removed = await ProjectAccess.filter(project_id=project_id, user_id=user_id).delete()
        await Invite.filter(project_id=project_id, single_use=False, used_at=None).update(
            used_at=now
        )
    return removed > 0
