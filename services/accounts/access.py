"""Who may see and do what. Admins manage everything; others only the projects they were
invited to, as viewer (subscribe, stats) or maintainer (also settings and token). Every bot action
calls `require` with the acting user, so a forged callback never reaches another project."""

import secrets
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import IntEnum
from typing import cast

from tortoise.expressions import Q

from models import Invite, Project, ProjectAccess, Role, Subscriber
from services.core.errors import AccessDenied, InvalidInvite
from services.storage.transaction import transaction

INVITE_CODE_BYTES = 12
# How long a link works when no other life was chosen for it (single-use links).
LINK_LIFE = timedelta(days=7)


class Level(IntEnum):
    NONE = 0
    VIEWER = 1
    MAINTAINER = 2
    ADMIN = 3


ROLE_LEVEL = {Role.VIEWER: Level.VIEWER, Role.MAINTAINER: Level.MAINTAINER}
# Deleting a project, and everything stored for it, is an admin's: the bot's card and the
# management API's keys (services/accounts/api_keys.py) ask this level.
DELETE_PROJECT_LEVEL = Level.ADMIN


async def is_admin(user_id: int, configured_admins: Collection[int]) -> bool:
    if user_id in configured_admins:
        return True
    return await Subscriber.filter(telegram_id=user_id, is_admin=True).exists()


async def level_of(user_id: int, project_id: int, admins: Collection[int]) -> Level:
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
        admins_too = await Subscriber.filter(telegram_id__in=others, is_admin=True).values_list(
            "telegram_id", flat=True
        )
        invited = await ProjectAccess.filter(
            project_id=project_id, user_id__in=others
        ).values_list("user_id", flat=True)
        # Tortoise types flat=True rows as tuples.
        kept.update(cast(list[int], admins_too), cast(list[int], invited))
    return kept


async def require(
    user_id: int, project_id: int, admins: Collection[int], needed: Level
) -> Project:
    """The project, if this user may act on it at `needed` level; else AccessDenied."""
    project = await Project.get_or_none(id=project_id)
    if project is None or await level_of(user_id, project_id, admins) < needed:
        raise AccessDenied("no such project, or no access to it")
    return project


async def visible_projects(user_id: int, admins: Collection[int]) -> list[Project]:
    if await is_admin(user_id, admins):
        return await Project.all().order_by("name")
    granted = ProjectAccess.filter(user_id=user_id).values_list("project_id", flat=True)
    return await Project.filter(id__in=await granted).order_by("name")


async def create_invite(
    project: Project, role: Role, by: int, single_use: bool, ttl: timedelta | None, now: datetime
) -> Invite:
    """A new link to the project. Every link expires: after `ttl`, else after LINK_LIFE."""
    return await Invite.create(
        code=secrets.token_urlsafe(INVITE_CODE_BYTES),
        project=project,
        role=role.value,
        created_by=by,
        single_use=single_use,
        expires_at=now + (ttl or LINK_LIFE),
    )


def expiry(invite: Invite) -> datetime:
    """When the link stops working. The one place of the rule for links made before every
    link got an `expires_at` (single-use ones had none): they count from when they were made."""
    return invite.expires_at or invite.created_at + LINK_LIFE


def _unspent() -> Q:
    """Links that still grant when opened, expiry aside: not cancelled, and not used if they
    work once. Every compare-and-set on a link filters on this: on PostgreSQL an update that
    waited for another transaction's lock on the row checks the row as that one left it, and
    touches nothing if the link was spent meanwhile."""
    return Q(cancelled_at=None) & (Q(single_use=False) | Q(used_at=None))


def _still_valid(invite: Invite | None, now: datetime) -> Invite:
    """The link, if it still grants at `now`; else InvalidInvite naming the reason."""
    if invite is None:
        raise InvalidInvite("this invite link is unknown", "invite-unknown")
    if invite.cancelled_at is not None:
        raise InvalidInvite("this invite link was cancelled", "invite-cancelled")
    if invite.single_use and invite.used_at is not None:
        raise InvalidInvite("this invite link has already been used", "invite-used")
    if expiry(invite) <= now:
        raise InvalidInvite("this invite link has expired", "invite-expired")
    return invite


async def redeem_invite(
    code: str, user_id: int, full_name: str, now: datetime, admins: Collection[int] = ()
) -> Project:
    """Grant the invite's project to this user, or InvalidInvite naming the reason (unknown,
    cancelled, used, expired). The link is marked (`used_at`: a single-use link's use, a
    reusable link's latest) by a compare-and-set in the grant's transaction: of two people
    pressing a single-use link at once only one gets it, and a redemption that meets a
    cancellation (an admin's, or a revocation's, see `revoke`) on the link's row waits for it
    and is then refused, so nothing is granted after a revocation committed. A link made by
    someone who is no longer an admin (ADMIN_IDS, remove-admin: only admins make links, and
    one who lost that may have kept a spare) is refused as cancelled."""
    async with transaction():
        invite = await Invite.get_or_none(code=code).prefetch_related("project")
        invite = _still_valid(invite, now)
        if not await is_admin(invite.created_by, list(admins)):
            raise InvalidInvite("its maker is no longer an admin", "invite-cancelled")
        taken = await Invite.filter(_unspent(), id=invite.id).update(used_at=now)
        if taken != 1:
            # Cancelled or used since it was read: the row says which.
            _still_valid(await Invite.get_or_none(id=invite.id), now)
            raise InvalidInvite("this invite link is no longer valid", "invite-used")
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


@dataclass(frozen=True)
class OpenLink:
    """An outstanding invite link, as the Access screen shows it."""

    id: int
    role: Role
    single_use: bool
    expires_at: datetime
    made_by: int
    maker: str  # who made it: their name if known, else their Telegram id


async def outstanding_links(project_id: int, now: datetime) -> list[OpenLink]:
    """The project's links that would still grant if opened at `now` (not cancelled, not used
    if single use, not expired), oldest first, each with the name of who made it: their
    chat's name, else the name they were granted the project under, else their id."""
    invites = await _outstanding(project_id, now)
    names = await _names(project_id, sorted({invite.created_by for invite in invites}))
    return [
        OpenLink(
            invite.id,
            Role(invite.role),
            invite.single_use,
            expiry(invite),
            invite.created_by,
            names.get(invite.created_by, str(invite.created_by)),
        )
        for invite in invites
    ]


async def _outstanding(project_id: int, now: datetime) -> list[Invite]:
    # `expiry` decides; the query only leaves out links whose expires_at has passed.
    unexpired = Q(expires_at=None) | Q(expires_at__gt=now)
    invites = await Invite.filter(_unspent(), unexpired, project_id=project_id).order_by("id")
    return [invite for invite in invites if expiry(invite) > now]


async def _names(project_id: int, user_ids: list[int]) -> dict[int, str]:
    if not user_ids:
        return {}
    granted = ProjectAccess.filter(project_id=project_id, user_id__in=user_ids)
    chats = Subscriber.filter(telegram_id__in=user_ids)  # a person's private chat has their id
    named = await granted.exclude(full_name="").values_list("user_id", "full_name")
    named += await chats.exclude(full_name="").values_list("telegram_id", "full_name")
    return dict(named)  # the chat's name, kept up to date, wins


async def cancel_link(project_id: int, invite_id: int, now: datetime) -> bool:
    """Cancel one link of this project; whether it still granted (a link used or cancelled
    meanwhile, or one of another project, is left as it is)."""
    cancelled = await Invite.filter(_unspent(), id=invite_id, project_id=project_id).update(
        cancelled_at=now
    )
    return cancelled == 1


async def cancel_links_made_by(user_id: int, now: datetime) -> int:
    """Every open link this person made, of any project (they are no longer an admin)."""
    return await Invite.filter(_unspent(), created_by=user_id).update(cancelled_at=now)


async def cancel_links(project_id: int, now: datetime) -> int:
    """Cancel every link of the project that still grants, single use or reusable, whoever made
    it; how many were outstanding. Links that have expired are cancelled too, uncounted: a
    redemption that read its clock just before one expired may still be on its way."""
    outstanding = [invite.id for invite in await _outstanding(project_id, now)]
    counted = 0
    if outstanding:
        counted = await Invite.filter(_unspent(), id__in=outstanding).update(cancelled_at=now)
    await Invite.filter(_unspent(), project_id=project_id).update(cancelled_at=now)  # expired
    return counted


@dataclass(frozen=True)
class Revocation:
    had_access: bool
    links_cancelled: int  # the project's outstanding invite links, cancelled with the access


async def revoke(project_id: int, user_id: int, now: datetime) -> Revocation:
    """Take a person's access away (the subscriptions they made stop: Notifier.access_ended),
    and cancel every outstanding invite link of the project, whoever made it.
    A link is not tied to the person it was sent to (nothing records who that was), so any
    open link may be the spare one this person kept (a double tap, a link pasted in a chat):
    cancelling them all is the only way to keep "a revoked person's link does not work" true.
    The admin is told how many were cancelled and makes new ones for whoever still needs one.

    The links are cancelled first, in the same transaction: a redemption racing this
    revocation meets it on the link's row (see `redeem_invite`). If the redemption got there
    first, its grant has committed before the delete below runs, and is deleted; if not, it
    waits for this transaction and is then refused."""
    async with transaction():
        links_cancelled = await cancel_links(project_id, now)
        removed = await ProjectAccess.filter(project_id=project_id, user_id=user_id).delete()
    return Revocation(removed > 0, links_cancelled)
