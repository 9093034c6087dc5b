"""Invite links (issue 31): every link expires, a cancelled one is refused with its reason,
revoking anyone cancels the project's open links, and a redemption racing a revocation never
grants access after it."""

import asyncio
from collections.abc import Awaitable
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import pytest

from models import Invite, ProjectAccess, Role
from services.accounts import access
from services.accounts.access import create_invite, redeem_invite, revoke
from services.core.errors import InvalidInvite
from tests.conftest import lock_waiters, make_project, make_subscriber, until

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
WEEK = timedelta(days=7)
SECOND = timedelta(seconds=1)


async def refusal(redemption: Awaitable[Any]) -> str:
    """The code of the reason a redemption was refused (it must be refused)."""
    with pytest.raises(InvalidInvite) as refused:
        await redemption
    return refused.value.code


async def test_a_single_use_link_expires_after_seven_days(db: str) -> None:
    project = await make_project()
    invite = await create_invite(project, Role.MAINTAINER, 1, True, None, NOW)
    assert (
        await refusal(redeem_invite(invite.code, 7, "Bob", NOW + WEEK, admins=[1]))
        == "invite-expired"
    )
    await redeem_invite(invite.code, 7, "Bob", NOW + WEEK - SECOND, admins=[1])
    assert await ProjectAccess.exists(project_id=project.id, user_id=7)


async def test_a_link_made_before_links_expired_counts_a_week_from_when_it_was_made(
    db: str,
) -> None:
    project = await make_project()
    old = await Invite.create(code="old", project=project, created_by=1, created_at=NOW - WEEK)
    newer = await Invite.create(
        code="newer", project=project, created_by=1, created_at=NOW - WEEK + SECOND
    )
    assert (old.expires_at, newer.expires_at) == (None, None)
    assert await refusal(redeem_invite("old", 7, "Bob", NOW, admins=[1])) == "invite-expired"
    await redeem_invite("newer", 7, "Bob", NOW, admins=[1])
    assert await ProjectAccess.exists(project_id=project.id, user_id=7)


async def test_every_refusal_names_its_reason(db: str) -> None:
    project = await make_project()
    used = await create_invite(project, Role.VIEWER, 1, True, None, NOW)
    await redeem_invite(used.code, 7, "Bob", NOW, admins=[1])
    cancelled = await create_invite(project, Role.VIEWER, 1, False, WEEK, NOW)
    assert await access.cancel_link(project.id, cancelled.id, NOW)
    assert await refusal(redeem_invite(used.code, 8, "Eve", NOW, admins=[1])) == "invite-used"
    assert (
        await refusal(redeem_invite(cancelled.code, 8, "Eve", NOW, admins=[1]))
        == "invite-cancelled"
    )
    assert await refusal(redeem_invite("made-up", 8, "Eve", NOW, admins=[1])) == "invite-unknown"
    assert not await ProjectAccess.exists(user_id=8)


async def test_open_links_name_their_maker_role_kind_and_expiry(db: str) -> None:
    project = await make_project()
    await make_subscriber(telegram_id=1, full_name="Anna")
    await ProjectAccess.create(project=project, user_id=2, full_name="Boris", granted_by=1)
    await create_invite(project, Role.MAINTAINER, 1, True, None, NOW)
    await create_invite(project, Role.VIEWER, 2, False, timedelta(days=1), NOW)
    await create_invite(project, Role.VIEWER, 3, False, WEEK, NOW)
    used = await create_invite(project, Role.VIEWER, 1, True, None, NOW)
    await redeem_invite(used.code, 7, "Bob", NOW, admins=[1])
    await create_invite(await make_project(), Role.VIEWER, 1, True, None, NOW)  # another's
    links = await access.outstanding_links(project.id, NOW + SECOND)
    assert [(link.role, link.single_use, link.expires_at, link.maker) for link in links] == [
        (Role.MAINTAINER, True, NOW + WEEK, "Anna"),
        (Role.VIEWER, False, NOW + timedelta(days=1), "Boris"),
        (Role.VIEWER, False, NOW + WEEK, "3"),
    ]
    assert [link.maker for link in await access.outstanding_links(project.id, NOW + WEEK)] == []


async def test_a_link_of_another_project_cannot_be_cancelled_through_this_one(db: str) -> None:
    mine, theirs = await make_project(), await make_project()
    invite = await create_invite(theirs, Role.VIEWER, 1, True, None, NOW)
    assert not await access.cancel_link(mine.id, invite.id, NOW)
    await redeem_invite(invite.code, 7, "Bob", NOW, admins=[1])
    assert await ProjectAccess.exists(project_id=theirs.id, user_id=7)


async def test_revoking_anyone_cancels_every_open_link_of_the_project(db: str) -> None:
    project, other = await make_project(), await make_project()
    once = await create_invite(project, Role.MAINTAINER, 1, True, None, NOW)
    weekly = await create_invite(project, Role.VIEWER, 1, False, WEEK, NOW)
    spent = await create_invite(project, Role.VIEWER, 1, True, None, NOW)
    await redeem_invite(spent.code, 7, "Bob", NOW, admins=[1])
    elsewhere = await create_invite(other, Role.VIEWER, 1, True, None, NOW)
    revocation = await revoke(project.id, 7, NOW + SECOND)
    assert (revocation.had_access, revocation.links_cancelled) == (True, 2)
    for code in (once.code, weekly.code):
        assert (
            await refusal(redeem_invite(code, 7, "Bob", NOW + SECOND, admins=[1]))
            == "invite-cancelled"
        )
    assert (await Invite.get(id=spent.id)).cancelled_at is None  # used, as it was
    await redeem_invite(elsewhere.code, 7, "Bob", NOW + SECOND, admins=[1])
    assert not await ProjectAccess.exists(project_id=project.id, user_id=7)


async def test_a_reusable_link_redeemed_before_a_revocation_grants_nothing_after_it(
    db: str,
) -> None:
    project = await make_project()
    weekly = await create_invite(project, Role.MAINTAINER, 1, False, WEEK, NOW)
    await redeem_invite(weekly.code, 7, "Bob", NOW, admins=[1])
    assert (await Invite.get(id=weekly.id)).used_at == NOW  # last redeemed
    await redeem_invite(weekly.code, 8, "Eve", NOW + SECOND, admins=[1])  # reusable: works again
    await revoke(project.id, 7, NOW + 2 * SECOND)
    assert await refusal(redeem_invite(weekly.code, 7, "Bob", NOW + 3 * SECOND, admins=[1])) == (
        "invite-cancelled"
    )
    assert not await ProjectAccess.exists(project_id=project.id, user_id=7)


async def test_a_link_that_expired_is_withdrawn_by_a_revocation_without_being_counted(
    db: str,
) -> None:
    """A redemption that read the clock just before its link expired may still be on its way
    when a revocation commits: the revocation cancels expired links too, but reports only the
    ones an admin could see."""
    project = await make_project()
    daily = await create_invite(project, Role.VIEWER, 1, False, timedelta(days=1), NOW)
    revocation = await revoke(project.id, 7, NOW + timedelta(days=1))
    assert revocation.links_cancelled == 0
    late = redeem_invite(daily.code, 7, "Bob", NOW + timedelta(days=1) - SECOND, admins=[1])
    assert await refusal(late) == "invite-cancelled"


@pytest.mark.parametrize("single_use", [False, True], ids=["reusable", "single-use"])
async def test_a_redemption_racing_a_revocation_grants_nothing_after_it(
    db: str, single_use: bool
) -> None:
    """The revocation cancels the link first and is then held open (a second connection locks
    the access row it deletes next); the redemption starts meanwhile and must wait for the
    link's row; the revocation commits. The two meet on the invite row: the redemption's
    compare-and-set then finds the link cancelled."""
    if not db.startswith("postgres"):
        pytest.skip("SQLite runs one writer at a time: nothing can interleave")
    project = await make_project()
    link = await create_invite(project, Role.MAINTAINER, 1, single_use, WEEK, NOW)
    await ProjectAccess.create(project=project, user_id=7, role="maintainer", granted_by=1)
    url = db.replace("postgres://", "postgresql://", 1)
    holder, watcher = await asyncpg.connect(url), await asyncpg.connect(url)
    try:
        hold = holder.transaction()
        await hold.start()
        await holder.execute(
            "SELECT 1 FROM project_access WHERE project_id = $1 AND user_id = 7 FOR UPDATE",
            project.id,
        )

        async def revocation_waits() -> bool:
            return await lock_waiters(watcher) >= 1

        revocation = asyncio.create_task(revoke(project.id, 7, NOW + SECOND))
        await until(revocation_waits)
        redemption = asyncio.create_task(
            redeem_invite(link.code, 7, "Bob", NOW + SECOND, admins=[1])
        )

        async def redemption_waits_or_ended() -> bool:
            return redemption.done() or await lock_waiters(watcher) >= 2

        await until(redemption_waits_or_ended)
        waited = not redemption.done()
        await hold.rollback()
        await revocation
    finally:
        await holder.close()
        await watcher.close()
    assert await refusal(redemption) == "invite-cancelled"
    assert waited, "the redemption did not wait for the revocation's row"
    assert not await ProjectAccess.exists(project_id=project.id, user_id=7)


@pytest.mark.parametrize("single_use", [False, True], ids=["reusable", "single-use"])
async def test_a_redemption_that_took_the_link_first_is_undone_by_the_revocation(
    db: str, single_use: bool
) -> None:
    """The other order: the redemption takes the link's row first and is held open (it raises
    a viewer to maintainer, and a second connection locks that access row); the revocation
    waits for the link's row, then deletes the grant the redemption committed."""
    if not db.startswith("postgres"):
        pytest.skip("SQLite runs one writer at a time: nothing can interleave")
    project = await make_project()
    link = await create_invite(project, Role.MAINTAINER, 1, single_use, WEEK, NOW)
    await ProjectAccess.create(project=project, user_id=7, role="viewer", granted_by=1)
    url = db.replace("postgres://", "postgresql://", 1)
    holder, watcher = await asyncpg.connect(url), await asyncpg.connect(url)
    try:
        hold = holder.transaction()
        await hold.start()
        await holder.execute(
            "SELECT 1 FROM project_access WHERE project_id = $1 AND user_id = 7 FOR UPDATE",
            project.id,
        )

        async def waiting(count: int) -> bool:
            return await lock_waiters(watcher) >= count

        redemption = asyncio.create_task(
            redeem_invite(link.code, 7, "Bob", NOW + SECOND, admins=[1])
        )
        await until(lambda: waiting(1))
        revocation = asyncio.create_task(revoke(project.id, 7, NOW + SECOND))
        await until(lambda: waiting(2))
        await hold.rollback()
        await redemption
        await revocation
    finally:
        await holder.close()
        await watcher.close()
    assert not await ProjectAccess.exists(project_id=project.id, user_id=7)
    assert await refusal(redeem_invite(link.code, 7, "Bob", NOW + 2 * SECOND, admins=[1])) in (
        {"invite-used", "invite-cancelled"}
    )


async def test_a_link_made_by_someone_no_longer_an_admin_grants_nothing(db: str) -> None:
    """Only admins make links: one who stopped being one (ADMIN_IDS edited, remove-admin) may
    have kept a spare, or handed one out."""
    project = await make_project()
    link = await create_invite(project, Role.MAINTAINER, 5, True, None, NOW)
    assert await refusal(redeem_invite(link.code, 7, "Bob", NOW, admins=[1])) == (
        "invite-cancelled"
    )
    assert not await ProjectAccess.exists(user_id=7)
    await redeem_invite(link.code, 7, "Bob", NOW, admins=[5])  # still an admin: it works
