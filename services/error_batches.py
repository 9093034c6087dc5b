"""Error reports in batches. The reports of all requests that arrive while a shared
transaction commits (services/commit.py) are stored together: one SELECT of their projects, one
upsert of their groups, one of their hourly counts and one INSERT of the reports, whatever their
number (docs/BENCHMARKS.md). Each is then judged as if they had come one after another: the
first of a new group alerts, one report reopens a resolved group, the rest edit the alert."""

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from tortoise.transactions import in_transaction

from models import ErrorReport, Project
from services import grouping, sql
from services.db import database_unavailable
from services.errors import AppError, RateLimited
from services.grouping import Occurrence, Sighting, Verdict
from services.notify import Notifier
from services.projects import reporting_projects
from services.ratelimit import RateLimiter
from services.receipts import Receipt
from services.reports import ErrorDetails

# Repeats of an open error edit its alert in place, at most this often.
REFRESH_EVERY = timedelta(minutes=1)
REOPENING = (Verdict.REGRESSION, Verdict.UNMUTED)
ALERTING = (Verdict.NEW, *REOPENING)
log = logging.getLogger(__name__)
StoredRow = tuple[int, dict[str, object]]  # a stored report's id and its other columns


@dataclass(frozen=True)
class ReceivedError:
    """An error report as received, before it is stored with the others of its batch."""

    token: str
    details: ErrorDetails
    received_at: datetime


class ErrorBatches:
    """Stores error reports in batches; counts each stored one against its project's limit and
    queues the alerts they call for."""

    def __init__(self, limiter: RateLimiter, notifier: Notifier) -> None:
        self.limiter = limiter
        self.notifier = notifier

    async def store(self, received: Sequence[ReceivedError]) -> list[object]:
        """The batch's reports together; if that fails on their own data, each alone, so one
        bad report cannot fail the others. For each a (Receipt, whether it may have queued a
        notification) pair, or the error to raise to its caller."""
        try:
            return await self._together(received)
        except Exception as error:
            if database_unavailable(error) or len(received) == 1:
                raise  # an outage: 503, retry
            log.warning("%d error reports are stored one by one: %r", len(received), error)
            return [await self._alone(report) for report in received]

    async def _alone(self, received: ReceivedError) -> object:
        try:
            return (await self._together([received]))[0]
        except Exception as error:
            return error

    async def _together(self, received: Sequence[ReceivedError]) -> list[object]:
        admitted: list[tuple[int, Project]] = []
        try:
            async with in_transaction():  # a savepoint: a failed batch leaves nothing behind
                return await self._store(received, admitted)
        except Exception:
            for n, project in admitted:
                self.limiter.refund(project.id, received[n].received_at)
            raise

    async def _store(
        self, received: Sequence[ReceivedError], admitted: list[tuple[int, Project]]
    ) -> list[object]:
        results: list[object] = [None] * len(received)
        projects = await reporting_projects([report.token for report in received])
        for n, report in enumerate(received):
            project = projects[report.token]
            if isinstance(project, AppError):  # unknown or disabled
                results[n] = project
                continue
            try:
                self.limiter.admit(project.id, report.received_at)
            except RateLimited as refused:
                results[n] = refused
                continue
            admitted.append((n, project))
        sightings = [
            Sighting(project.id, received[n].details, received[n].received_at)
            for n, project in admitted
        ]
        hits = await grouping.count_occurrences(sightings)
        rows = report_rows(sightings, [hit.group_id for hit in hits])
        ids = await insert_reports(rows)
        groups: dict[int, Occurrence] = {}  # each group as the batch has left it so far
        for (n, project), counted, id_, row in zip(admitted, hits, ids, rows, strict=True):
            hit = counted
            if hit.group_id in groups:  # an earlier report of the batch may have reopened it
                hit = replace(
                    groups[hit.group_id],
                    times_seen=counted.times_seen,
                    hour_count=counted.hour_count,
                )
            now = received[n].received_at
            announced, groups[hit.group_id] = await self._react(project, hit, now, (id_, row))
            results[n] = (Receipt(id_, now), announced)
        return results

    async def _react(
        self, project: Project, hit: Occurrence, now: datetime, stored: StoredRow
    ) -> tuple[bool, Occurrence]:
        """Alert, schedule an edit of the alert, or stay silent; whether a notification may
        have been queued, and the group as it is now. The stored report is built as an
        ErrorReport only for an alert."""
        outcome = grouping.verdict(hit, now)
        if outcome in REOPENING:
            if await grouping.reopen(hit, outcome, now):
                hit = grouping.reopened(hit, now)
            else:
                outcome = Verdict.REPEAT  # another report reopened it first
        if outcome in ALERTING:
            await self.notifier.error(project, as_report(*stored), outcome)
            return True, hit
        if outcome == Verdict.REPEAT:
            hit = await grouping.schedule_refresh(hit, now, REFRESH_EVERY)
        return False, hit


async def store_reports(
    sightings: Sequence[Sighting], group_ids: Sequence[int]
) -> list[ErrorReport]:
    """One INSERT for a batch of reports (see services/sql.py); the stored reports."""
    rows = report_rows(sightings, group_ids)
    ids = await insert_reports(rows)
    return [as_report(id_, row) for id_, row in zip(ids, rows, strict=True)]


def report_rows(
    sightings: Sequence[Sighting], group_ids: Sequence[int]
) -> list[dict[str, object]]:
    """Each report's columns but its id, as the model holds them."""
    return [
        {
            "project_id": sighting.project_id,
            "group_id": group_id,
            "type": sighting.details.type,
            "message": sighting.details.message,
            "stack_trace": sighting.details.stack_trace,
            "severity": sighting.details.severity,
            "context": sighting.details.context,
            "received_at": sighting.at,
        }
        for sighting, group_id in zip(sightings, group_ids, strict=True)
    ]


async def insert_reports(rows: list[dict[str, object]]) -> list[int]:
    """One INSERT for all `rows`; their ids, in order."""
    if not rows:
        return []
    return await sql.insert_many("error_reports", [sql.stored(ErrorReport, **row) for row in rows])


def as_report(id_: int, row: dict[str, object]) -> ErrorReport:
    # Every column is at hand: the ORM's way with a fetched row, without checking each value.
    return ErrorReport._init_from_db(id=id_, **row)
