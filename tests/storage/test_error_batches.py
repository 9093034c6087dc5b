"""Error reports that arrive together are stored together (one upsert per table for the batch),
and each is judged as if they had come one after another: one alert per new group, one per
regression or ended mute, exact counts, and a bad report that fails alone."""

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from models import ErrorGroup, ErrorHour, ErrorReport, GroupStatus, OutboxMessage, Project
from services.accounts.projects import find_reporting_project
from services.core.errors import ProjectDisabled, RateLimited, UnknownToken
from services.core.ratelimit import RateLimiter
from services.formats.reports import ErrorDetails
from services.ingest.commit import Stored
from services.ingest.error_batches import REFRESH_EVERY, ReceivedError
from services.ingest.ingestor import Ingestor
from services.ingest.receipts import Receipt
from services.letters.outbox import OutboxSignal
from services.notify.notifier import Notifier
from services.storage import one_trip
from services.storage.transaction import transaction
from tests.conftest import make_project, make_subscriber, make_subscription

ORM_STATEMENTS = "tortoise.db_client"
T0 = datetime(2026, 1, 1, 12, 30, tzinfo=UTC)
DISK_FULL = ErrorDetails(type="OSError", message="disk full on /dev/sda1", severity="error")
TIMEOUT = ErrorDetails(type="TimeoutError", message="upstream timed out", severity="error")


@pytest.fixture
def limiter() -> RateLimiter:
    return RateLimiter(per_minute=1000)


@pytest.fixture
def ingestor(db: str, translator, limiter: RateLimiter) -> Ingestor:
    return Ingestor(Notifier(translator, "ru"), OutboxSignal(), limiter)


async def subscribed_project(**fields: object) -> Project:
    project = await make_project(**fields)
    await make_subscription(project, await make_subscriber())
    return project


async def together(ingestor: Ingestor, *reports: tuple[str, ErrorDetails]) -> list[object]:
    """Reports sent at once: they reach the batch writer in one batch, in this order."""
    return await asyncio.gather(
        *(ingestor.record_error(token, details, T0) for token, details in reports),
        return_exceptions=True,
    )


async def alerts(project: Project) -> list[str]:
    rows = await OutboxMessage.filter(kind="error", text__contains=project.name)
    return [row.text for row in rows]


async def test_reports_sent_at_once_are_counted_exactly_with_one_alert_per_new_group(
    ingestor: Ingestor,
) -> None:
    project = await subscribed_project()
    reports = [(project.token, DISK_FULL)] * 5 + [(project.token, TIMEOUT)] * 2

    stored = await together(ingestor, *reports)

    assert all(isinstance(report, Receipt) for report in stored)
    assert len({report.id for report in stored}) == 7  # type: ignore[union-attr]
    assert await ErrorReport.filter(project_id=project.id).count() == 7
    groups = {g.type: g for g in await ErrorGroup.filter(project_id=project.id)}
    assert (groups["OSError"].times_seen, groups["TimeoutError"].times_seen) == (5, 2)
    hours = {h.group_id: h.count for h in await ErrorHour.filter(project_id=project.id)}
    assert hours == {groups["OSError"].id: 5, groups["TimeoutError"].id: 2}
    texts = await alerts(project)
    assert len(texts) == 2  # one per new group, not one per report
    # The repeats after the first ask for one edit of the alert, a minute after it was sent.
    assert groups["OSError"].refresh_due_at == T0 + REFRESH_EVERY


async def test_a_resolved_group_seen_several_times_in_one_batch_regresses_once(
    ingestor: Ingestor,
) -> None:
    project = await subscribed_project()
    await ingestor.record_error(project.token, DISK_FULL, T0 - timedelta(hours=1))
    await ErrorGroup.filter(project_id=project.id).update(
        status=GroupStatus.RESOLVED, refreshed_at=T0 - timedelta(hours=1)
    )

    await together(ingestor, *[(project.token, DISK_FULL)] * 3)

    group = await ErrorGroup.get(project_id=project.id)
    assert (group.status, group.times_seen, group.regressed_at) == (GroupStatus.OPEN, 4, T0)
    texts = await alerts(project)
    assert len(texts) == 2  # the first alert and one regression
    # The regression alert is fresh: its first edit waits a minute from now, not from the
    # old alert's last edit.
    assert group.refresh_due_at == T0 + REFRESH_EVERY


async def test_a_mute_until_a_rate_ends_at_the_report_that_crosses_it(
    ingestor: Ingestor,
) -> None:
    project = await subscribed_project()
    await together(ingestor, *[(project.token, DISK_FULL)] * 2)  # 2 this hour
    await ErrorGroup.filter(project_id=project.id).update(
        status=GroupStatus.MUTED, mute_over_per_hour=3
    )

    await together(ingestor, *[(project.token, DISK_FULL)] * 3)  # the 4th of the hour is over

    group = await ErrorGroup.get(project_id=project.id)
    assert (group.status, group.mute_over_per_hour, group.times_seen) == (
        GroupStatus.OPEN,
        None,
        5,
    )
    assert len(await alerts(project)) == 2  # the first alert and one "mute over"


async def test_severity_and_release_follow_the_latest_report_and_the_message_the_first(
    ingestor: Ingestor,
) -> None:
    project = await make_project()
    first = DISK_FULL.model_copy(update={"fingerprint": ["disk"], "release": "1.0"})
    second = first.model_copy(update={"message": "disk full on /dev/sdb", "severity": "critical"})
    third = second.model_copy(update={"release": None})

    await together(
        ingestor, (project.token, first), (project.token, second), (project.token, third)
    )

    group = await ErrorGroup.get(project_id=project.id)
    assert (group.message, group.severity, group.last_release) == (
        "disk full on /dev/sda1",
        "critical",
        "1.0",
    )
    assert group.times_seen == 3


async def test_refused_reports_in_a_batch_leave_the_others_stored(
    ingestor: Ingestor, limiter: RateLimiter
) -> None:
    project = await make_project()
    disabled = await make_project(is_active=False)
    crowded = await make_project()
    for _ in range(limiter.per_minute):  # its reports this minute are spent
        limiter.admit(crowded.id, T0)

    results = await together(
        ingestor,
        (project.token, DISK_FULL),
        ("no-such-token", DISK_FULL),
        (disabled.token, DISK_FULL),
        (crowded.token, DISK_FULL),
        (project.token, DISK_FULL),
    )

    assert isinstance(results[0], Receipt) and isinstance(results[4], Receipt)
    assert isinstance(results[1], UnknownToken)
    assert isinstance(results[2], ProjectDisabled)
    assert isinstance(results[3], RateLimited)
    assert await ErrorReport.filter(project_id=project.id).count() == 2
    assert await ErrorReport.filter(project_id__in=[disabled.id, crowded.id]).count() == 0


async def test_a_report_the_database_cannot_take_fails_alone(
    ingestor: Ingestor, limiter: RateLimiter
) -> None:
    project = await make_project()
    # No door lets a lone surrogate through (JSON parsers refuse it), but neither driver can
    # encode one: a report the batch cannot write.
    bad = DISK_FULL.model_copy(update={"context": {"bad": "\udcff"}})

    results = await together(
        ingestor, (project.token, DISK_FULL), (project.token, bad), (project.token, TIMEOUT)
    )

    assert isinstance(results[0], Receipt) and isinstance(results[2], Receipt)
    assert isinstance(results[1], Exception)
    assert await ErrorReport.filter(project_id=project.id).count() == 2
    assert await ErrorGroup.filter(project_id=project.id).count() == 2
    assert limiter._windows[project.id][1] == 2  # the failed one is not counted


async def test_a_locked_project_and_another_instances_error_batch_do_not_deadlock(
    database_url: str, ingestor: Ingestor
) -> None:
    """Two instances, each in a shared transaction: a heartbeat holds its project (the full
    path locks it), then an error batch stores a report of the other's project. The report's
    foreign key must not wait for that lock, or the two transactions deadlock."""
    if not database_url.startswith("postgres"):
        pytest.skip("SQLite has one writer at a time: nothing to deadlock")
    first, second = await make_project(), await make_project()
    both_hold_their_project = asyncio.Barrier(2)

    async def instance(own: Project, other: Project) -> object:
        async with transaction():
            await find_reporting_project(own.token, lock=True)
            await both_hold_their_project.wait()
            return await ingestor.error_batches.store([ReceivedError(other.token, DISK_FULL, T0)])

    results = await asyncio.wait_for(
        asyncio.gather(instance(first, second), instance(second, first)), timeout=30
    )

    assert all(isinstance(result[0], Stored) for result in results)
    assert await ErrorReport.filter(project_id__in=[first.id, second.id]).count() == 2


def _fields(model: object) -> dict[str, object]:
    names = type(model)._meta.db_fields  # type: ignore[attr-defined]
    return {name: getattr(model, name) for name in sorted(names)}


async def test_what_a_batch_hands_back_is_the_stored_reports(ingestor: Ingestor) -> None:
    project = await make_project()
    handed = await together(ingestor, (project.token, DISK_FULL), (project.token, TIMEOUT))
    stored = await ErrorReport.filter(project_id=project.id).order_by("id")
    assert [(r.id, r.received_at) for r in handed] == [(r.id, r.received_at) for r in stored]
    assert [r.type for r in stored] == ["OSError", "TimeoutError"]


async def test_the_report_an_alert_is_built_from_is_what_a_fetch_reads(
    ingestor: Ingestor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The report an alert gets is built from the values written, not read back: every column
    must be there, as the database gives it (a column added later and not written would leave
    it partial)."""
    alerted: list[ErrorReport] = []

    async def remember(project: Project, report: ErrorReport, verdict: object) -> None:
        alerted.append(report)

    monkeypatch.setattr(ingestor.error_batches.notifier, "error", remember)
    project = await make_project()
    details = DISK_FULL.model_copy(update={"context": {"user": {"id": 7}}, "stack_trace": "x"})
    await together(ingestor, (project.token, details), (project.token, TIMEOUT))
    assert len(alerted) == 2  # two new groups
    for report in alerted:
        assert not report._partial
        assert _fields(report) == _fields(await ErrorReport.get(id=report.id))


async def test_repeats_of_an_alerted_group_take_one_trip_to_sqlites_thread(
    database_url: str,
    ingestor: Ingestor,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The usual batch alerts nothing: on SQLite its statements, BEGIN and COMMIT included, run
    in one trip with the one-trip connection: one hand-off to its thread, nothing on the ORM's.
    The counts, the one alert and the scheduled edit are what the statement-by-statement way
    leaves."""
    if database_url.startswith("postgres"):
        pytest.skip("PostgreSQL has no driver thread to hand off to")
    project = await subscribed_project()
    await ingestor.record_error(project.token, DISK_FULL, T0 - timedelta(minutes=5))
    trips = count_trips(monkeypatch, caplog)

    stored = await together(ingestor, *[(project.token, DISK_FULL)] * 4)

    assert all(isinstance(report, Receipt) for report in stored)
    assert trips() == 1
    group = await ErrorGroup.get(project_id=project.id)
    assert (group.times_seen, group.refresh_due_at) == (5, T0)  # an edit is due now
    assert await ErrorReport.filter(group_id=group.id).count() == 5
    assert len(await alerts(project)) == 1


def count_trips(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> Callable[[], int]:
    """How many hand-offs to a database thread there were from now on: the one-trip
    connection's, and the ORM's statements (each one a hand-off to aiosqlite's thread;
    tortoise logs each statement it runs)."""
    handed: list[object] = []
    to_thread = one_trip._Thread.call

    async def handed_off(self: object, function: object) -> object:
        handed.append(function)
        return await to_thread(self, function)  # type: ignore[arg-type]

    monkeypatch.setattr(one_trip._Thread, "call", handed_off)
    caplog.set_level(logging.DEBUG, logger=ORM_STATEMENTS)
    caplog.clear()
    return lambda: len(handed) + sum(r.name == ORM_STATEMENTS for r in caplog.records)


async def test_a_new_group_after_repeats_in_one_batch_alerts_once_and_counts_each_once(
    db: str, translator
) -> None:
    """The repeats alone would be stored in one trip on SQLite; the new group's alert sends
    the batch the other way, and nothing of the first attempt is left or counted twice: not
    the group's count, not the rate limit (exactly enough for the batch)."""
    limiter = RateLimiter(per_minute=4)
    ingestor = Ingestor(Notifier(translator, "ru"), OutboxSignal(), limiter)
    project = await subscribed_project()
    await ingestor.record_error(project.token, DISK_FULL, T0)

    stored = await together(ingestor, *[(project.token, DISK_FULL)] * 2, (project.token, TIMEOUT))

    assert all(isinstance(report, Receipt) for report in stored)
    groups = {g.type: g for g in await ErrorGroup.filter(project_id=project.id)}
    assert (groups["OSError"].times_seen, groups["TimeoutError"].times_seen) == (3, 1)
    hours = {h.group_id: h.count for h in await ErrorHour.filter(project_id=project.id)}
    assert hours == {groups["OSError"].id: 3, groups["TimeoutError"].id: 1}
    assert await ErrorReport.filter(project_id=project.id).count() == 4
    assert len(await alerts(project)) == 2
