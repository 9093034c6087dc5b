"""Active checks in the database (services/monitors/writer.py): claimed once per slot by one
pass or instance, down after the failures they must confirm (one alert, saying why), up again
with the downtime, and passing probes written in a batch that changes nothing else."""

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from aiogram_i18n.cores import FluentRuntimeCore
from tortoise.exceptions import IntegrityError

from models import (
    Check,
    HealthTransition,
    LetterKind,
    Monitor,
    MonitorState,
    OutboxMessage,
    Project,
)
from services.accounts.checks import NewCheck, add_check, change_interval
from services.core.errors import InvalidInput
from services.monitors import writer
from services.monitors.checks import RECHECK_AFTER, next_probe
from services.monitors.writer import Probed
from services.notify.notifier import Notifier
from services.probes.outcome import Probe
from services.watch.probing import probe_of
from tests.conftest import make_project, make_subscriber, make_subscription

T0 = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)
CHAT = 4242


@pytest.fixture
def notifier(translator: FluentRuntimeCore) -> Notifier:
    return Notifier(translator, "en")


async def watched_check(**spec: object) -> Check:
    project = await make_project(name="Shop")
    chat = await make_subscriber(telegram_id=CHAT, language="en")
    await make_subscription(project, chat)
    return await add_check(project, NewCheck(url="https://shop.example", **spec), T0)  # type: ignore[arg-type]  # the test passes NewCheck's own fields


def failed(check: Check, at: datetime, status: int = 503) -> Probed:
    return Probed(check.monitor_id, False, at, 120, status, "http_status", {"status": str(status)})


def passed(check: Check, at: datetime, elapsed_ms: int = 80) -> Probed:
    return Probed(check.monitor_id, True, at, elapsed_ms, 200)


async def state_of(check: Check) -> MonitorState:
    return MonitorState((await Monitor.get(id=check.monitor_id)).state)


async def alerts(kind: LetterKind) -> list[OutboxMessage]:
    return await OutboxMessage.filter(chat_id=CHAT, kind=kind).order_by("id")


async def test_a_new_check_is_probed_at_once_then_once_a_slot(db: str) -> None:
    check = await watched_check()
    [claimed] = await writer.claim_due_checks(T0, 100)
    assert (claimed.check_id, claimed.due_at, claimed.steady) == (check.id, T0, False)
    slot = next_probe(check.monitor_id, MINUTE, T0)
    assert (await Monitor.get(id=check.monitor_id)).deadline_at == slot
    assert await writer.claim_due_checks(slot - timedelta(milliseconds=1), 100) == []
    [again] = await writer.claim_due_checks(slot, 100)
    assert again.due_at == slot


async def test_a_claimed_check_is_probed_as_its_row_asks(db: str) -> None:
    spec = NewCheck(url="https://shop.example/health", timeout="5s", keyword="OK")
    check = await add_check(await make_project(), spec, T0)
    await Check.filter(id=check.id).update(
        method="HEAD", headers={"Authorization": "Bearer 1"}, allow_self_signed=True
    )
    [claimed] = await writer.claim_due_checks(T0, 100)
    assert probe_of(claimed.check) == Probe(
        url="https://shop.example/health",
        method="HEAD",
        headers={"Authorization": "Bearer 1"},
        timeout=5.0,
        expected_status=(200, 399),
        keyword="OK",
        allow_self_signed=True,
    )


async def test_two_passes_at_once_claim_each_due_check_once(db: str) -> None:
    project = await make_project()
    for n in range(20):
        await add_check(project, NewCheck(url=f"https://site{n}.example"), T0)
    first, second = await asyncio.gather(
        writer.claim_due_checks(T0, 100), writer.claim_due_checks(T0, 100)
    )
    ids = [c.check_id for c in first + second]
    assert len(ids) == 20 and len(set(ids)) == 20


async def test_checks_of_a_paused_or_disabled_project_are_not_probed(db: str) -> None:
    paused = await make_project(paused=True)
    disabled = await make_project(is_active=False)
    for project in (paused, disabled):
        await add_check(project, NewCheck(url="https://quiet.example"), T0)
    assert await writer.claim_due_checks(T0 + timedelta(hours=1), 100) == []


async def test_a_check_down_after_confirmed_failures_alerts_once_saying_why(
    db: str, notifier: Notifier
) -> None:
    check = await watched_check(confirm=2)
    first_failure = T0 + timedelta(seconds=1)
    await writer.check_probed(failed(check, first_failure), notifier)
    monitor = await Monitor.get(id=check.monitor_id)
    assert monitor.state == MonitorState.NEW  # not yet confirmed: probed again soon
    assert monitor.deadline_at == first_failure + RECHECK_AFTER
    assert await alerts(LetterKind.SILENCE) == []

    await writer.check_probed(failed(check, first_failure + RECHECK_AFTER), notifier)
    await writer.check_probed(failed(check, first_failure + MINUTE), notifier)

    [alert] = await alerts(LetterKind.SILENCE)
    assert alert.monitor_id == check.monitor_id
    assert "Check is failing" in alert.text and "https://shop.example" in alert.text
    assert "HTTP 503" in alert.text
    monitor = await Monitor.get(id=check.monitor_id)
    assert (monitor.state, monitor.since, monitor.ended_at) == ("down", first_failure, None)
    moves = await HealthTransition.filter(monitor_id=check.monitor_id).values_list(
        "kind", "old", "new", "reason"
    )
    assert moves == [("http", "new", "down", "check_failed")]


async def test_a_check_that_passes_again_announces_the_downtime(
    db: str, notifier: Notifier
) -> None:
    check = await watched_check(confirm=1)
    await writer.check_probed(failed(check, T0), notifier)
    back = T0 + timedelta(minutes=7)
    await writer.check_probed(passed(check, back), notifier)

    monitor = await Monitor.get(id=check.monitor_id)
    assert (monitor.state, monitor.since, monitor.ended_at) == ("up", T0, back)
    [recovery] = await alerts(LetterKind.RECOVERY)
    assert "Check passes again" in recovery.text and "7 min" in recovery.text
    stored = await Check.get(id=check.id)
    assert (stored.failures_in_row, stored.failing_since, stored.last_ms) == (0, None, 80)


async def test_passing_probes_in_a_batch_write_what_they_found_and_nothing_else(
    db: str, notifier: Notifier
) -> None:
    up = await watched_check(confirm=1)
    await writer.check_probed(passed(up, T0), notifier)
    down = await add_check(await make_project(), NewCheck(url="https://down.example"), T0)
    await writer.check_probed(failed(down, T0), notifier)
    await writer.check_probed(failed(down, T0 + RECHECK_AFTER), notifier)
    later = T0 + MINUTE

    await writer.checks_passed_again([passed(up, later, 95), passed(down, later, 95)])

    assert (await Check.get(id=up.id)).last_ms == 95
    assert (await Check.get(id=up.id)).last_checked_at == later
    stale = await Check.get(id=down.id)  # down: its pass must take the full path instead
    assert (stale.last_ms, stale.failures_in_row) == (120, 2)
    assert await state_of(down) == MonitorState.DOWN


async def test_a_new_interval_moves_the_next_probe_and_leaves_the_state_alone(db: str) -> None:
    check = await watched_check()
    await writer.claim_due_checks(T0, 100)  # probed at once: due next at its slot
    before = await Monitor.get(id=check.monitor_id)
    changed_at = T0 + timedelta(seconds=5)

    await change_interval(check.id, "5m", changed_at)

    after = await Monitor.get(id=check.monitor_id)
    assert after.state == before.state
    assert after.deadline_at == next_probe(check.monitor_id, 5 * MINUTE, changed_at)
    assert (await Check.get(id=check.id)).interval_seconds == 300


async def test_an_interval_shorter_than_the_checks_timeout_is_refused(db: str) -> None:
    check = await watched_check(timeout="45s")
    with pytest.raises(InvalidInput) as refused:
        await change_interval(check.id, "30s", T0)
    assert refused.value.code == "check-timeout-range"
    with pytest.raises(InvalidInput) as refused:
        await change_interval(check.id, "1s", T0)
    assert refused.value.code == "interval-range"
    assert (await Check.get(id=check.id)).interval_seconds == 60


async def test_pausing_a_check_moves_it_with_a_transition_and_resuming_probes_it_at_once(
    db: str, notifier: Notifier
) -> None:
    # check_paused handed the re-read monitor's project (an unfetched relation) to the
    # transition row and failed on every pause.
    check = await watched_check(confirm=1)
    await writer.check_probed(failed(check, T0), notifier)
    paused_at, resumed_at = T0 + MINUTE, T0 + 2 * MINUTE

    assert await writer.check_paused(check.monitor_id, True, paused_at)
    assert not await writer.check_paused(check.monitor_id, True, paused_at)  # already
    monitor = await Monitor.get(id=check.monitor_id)
    assert (monitor.state, monitor.deadline_at, monitor.ended_at) == ("paused", None, paused_at)
    assert await writer.check_paused(check.monitor_id, False, resumed_at)

    monitor = await Monitor.get(id=check.monitor_id)
    assert (monitor.state, monitor.deadline_at) == ("new", resumed_at)
    moves = await HealthTransition.filter(monitor_id=check.monitor_id).values_list(
        "old", "new", "reason"
    )
    assert moves == [
        ("new", "down", "check_failed"),
        ("down", "paused", "paused"),
        ("paused", "new", "resumed"),
    ]


async def test_a_flapping_check_is_reported_once_then_when_it_settles(
    db: str, notifier: Notifier
) -> None:
    check = await watched_check(confirm=1)
    at = T0
    for _ in range(3):  # down; then up, down, up, down, up: the fifth flip makes it flap
        await writer.check_probed(failed(check, at), notifier)
        await writer.check_probed(passed(check, at + timedelta(minutes=2)), notifier)
        at += timedelta(minutes=5)
    letters = await OutboxMessage.filter(chat_id=CHAT).order_by("id").values_list("kind", "text")
    kinds = [kind for kind, _ in letters]
    # the outages and recoveries until then are announced; the fifth flip is "flapping"
    assert kinds == ["silence", "recovery", "silence", "recovery", "silence", "check"]
    assert "keeps flipping" in letters[-1][1]
    assert (await Check.get(id=check.id)).flapping_since is not None
    await writer.check_probed(failed(check, at), notifier)  # quiet while it flaps
    await writer.check_probed(passed(check, at + MINUTE), notifier)
    assert await OutboxMessage.filter(chat_id=CHAT).count() == 6

    await writer.check_probed(passed(check, at + timedelta(minutes=30)), notifier)
    assert await OutboxMessage.filter(chat_id=CHAT).count() == 6  # not an hour yet
    await writer.check_probed(passed(check, at + MINUTE + timedelta(hours=1)), notifier)
    settled = await OutboxMessage.filter(chat_id=CHAT).order_by("-id").first()
    assert settled is not None and "steady again: it has passed for an hour" in settled.text
    assert (await Check.get(id=check.id)).flapping_since is None


async def test_a_certificate_close_to_its_expiry_is_announced_once_per_warning_day(
    db: str, notifier: Notifier
) -> None:
    check = await watched_check(confirm=1)
    expires = T0 + timedelta(days=20)

    async def probe(at: datetime, expires_at: datetime = expires) -> list[str]:
        probed = Probed(check.monitor_id, True, at, 80, 200, certificate_expires_at=expires_at)
        await writer.check_probed(probed, notifier)
        return [m.text for m in await alerts(LetterKind.CHECK)]

    assert await probe(T0) == []  # 20 days ahead: nothing to say yet
    assert len(await probe(expires - timedelta(days=13, hours=1))) == 1
    assert len(await probe(expires - timedelta(days=10))) == 1  # the 14-day one was given
    warnings = await probe(expires - timedelta(days=6, hours=1))
    assert len(warnings) == 2 and "certificate expires in 6 days" in warnings[-1]
    assert expires.date().isoformat() in warnings[-1]
    renewed = expires + timedelta(days=90)
    assert len(await probe(expires - timedelta(days=5), renewed)) == 2  # renewed: quiet again
    stored = await Check.get(id=check.id)
    assert (stored.certificate_expires_at, stored.certificate_warned_days) == (renewed, None)


async def test_a_project_has_one_heartbeat_monitor_and_any_number_of_checks(db: str) -> None:
    project = await make_project()
    for n in range(3):
        await add_check(project, NewCheck(url=f"https://shop.example/{n}"), T0)
    await Monitor.create(project_id=project.id, kind="heartbeat", state="new")
    with pytest.raises(IntegrityError):  # the partial unique index of migration 10
        await Monitor.create(project_id=project.id, kind="heartbeat", state="new")
    assert await Monitor.filter(project_id=project.id, kind="http").count() == 3


async def test_a_certificate_renewed_while_the_check_is_steady_is_warned_about_again(
    db: str, notifier: Notifier
) -> None:
    check = await watched_check(confirm=1)
    expires = T0 + timedelta(days=10)
    at = expires - timedelta(days=6, hours=1)
    await writer.check_probed(passed(check, T0), notifier)  # up and calm
    first = Probed(check.monitor_id, True, at, 80, 200, certificate_expires_at=expires)
    await writer.check_probed(first, notifier)
    assert (await Check.get(id=check.id)).certificate_warned_days == 7
    renewed = expires + timedelta(days=90)
    again = Probed(check.monitor_id, True, at + MINUTE, 80, 200, certificate_expires_at=renewed)
    await writer.checks_passed_again([again])  # the steady batch sees the new certificate
    stored = await Check.get(id=check.id)
    assert (stored.certificate_expires_at, stored.certificate_warned_days) == (renewed, None)


async def test_a_probe_that_ends_after_its_project_was_paused_changes_and_says_nothing(
    db: str, notifier: Notifier
) -> None:
    check = await watched_check(confirm=1)
    await writer.check_probed(passed(check, T0), notifier)
    project = await Project.get(id=check.project_id)
    await writer.set_paused(project, True, T0 + MINUTE, by="Anna")
    assert (await Monitor.get(id=check.monitor_id)).deadline_at is None  # not claimed while paused

    await writer.check_probed(failed(check, T0 + 2 * MINUTE), notifier)

    assert await state_of(check) == MonitorState.UP
    assert await alerts(LetterKind.SILENCE) == []
    await writer.set_paused(project, False, T0 + 3 * MINUTE)
    assert (await Monitor.get(id=check.monitor_id)).deadline_at == T0 + 3 * MINUTE
