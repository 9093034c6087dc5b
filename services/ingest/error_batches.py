"""Error reports in batches. The reports of all requests that arrive while a shared transaction
commits (services/ingest/commit.py) are stored together: one SELECT of their projects, one upsert
of their groups, one of their hourly counts and one INSERT of the reports, whatever their number
(docs/BENCHMARKS.md). Each is then judged as if they had come one after another: the first of a new
group alerts, one report reopens a resolved group, the rest edit the alert.

The batch is one step (services/storage/steps.py), kept whole by `commit.kept_whole`: on SQLite,
outside a shared transaction, in one trip with the connection, which is the usual batch (repeats
and silenced reports); a batch with a report that alerts awaits the notifier, which the trip
cannot, so it runs again statement by statement, and can queue its alerts in the same
transaction."""

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import partial

from models import ErrorReport, Project
from services.accounts.projects import reporting_projects
from services.core.errors import AppError, RateLimited
from services.core.ratelimit import RateLimiter
from services.formats.reports import ErrorDetails
from services.grouping import groups
from services.grouping.groups import Occurrence, Sighting, Verdict
from services.ingest.commit import Counts, Outcome, Refused, Stored, failed_alone, kept_whole
from services.ingest.receipts import Receipt
from services.notify.notifier import Notifier
from services.storage import sql
from services.storage.db import database_unavailable
from services.storage.steps import Awaiting, Steps

# Repeats of an open error edit its alert in place, at most this often.
REFRESH_EVERY = timedelta(minutes=1)
REOPENING = (Verdict.REGRESSION, Verdict.UNMUTED)
ALERTING = (Verdict.NEW, *REOPENING)
log = logging.getLogger(__name__)
StoredRow = tuple[int, dict[str, object]]  # a stored report's id and its other columns
Admitted = list[tuple[int, Project]]  # the reports counted, by place in the batch


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

    async def store(self, received: Sequence[ReceivedError]) -> list[Outcome[Receipt]]:
        """The batch's reports together; if that fails on their own data, each alone, so one
        bad report cannot fail the others. For each its receipt (`announced` if it may have
        queued a notification), or why it was refused. Whole or not at all, each attempt in a
        transaction of its own when none is open (a write that commits itself)."""
        try:
            return await self._together(received)
        except Exception as error:
            if database_unavailable(error) or len(received) == 1:
                raise  # an outage: 503, retry
            log.warning("%d error reports are stored one by one: %r", len(received), error)
            return [await self._alone(report) for report in received]

    async def _alone(self, received: ReceivedError) -> Outcome[Receipt]:
        try:
            return (await self._together([received]))[0]
        except Exception as error:
            return Refused(failed_alone(error))

    async def _together(self, received: Sequence[ReceivedError]) -> list[Outcome[Receipt]]:
        return await kept_whole(partial(self._store, received), self.limiter)

    def _store(
        self, received: Sequence[ReceivedError], counts: Counts
    ) -> Steps[list[Outcome[Receipt]]]:
        """The batch as one step. With the write lock held from its start (SQLite) or its
        groups' rows locked by the upsert (PostgreSQL), no other writer can reopen or resolve a
        group between the count and the verdict."""
        projects = yield from reporting_projects([report.token for report in received])
        results, admitted = self._admit(received, projects, counts)
        sightings = _sightings(received, admitted)
        hits = yield from groups.count_occurrences(sightings)
        rows = report_rows(sightings, [hit.group_id for hit in hits])
        ids = yield from insert_reports(rows)
        so_far: dict[int, Occurrence] = {}  # each group as the batch has left it so far
        for (n, project), counted, id_, row in zip(admitted, hits, ids, rows, strict=True):
            now = received[n].received_at
            hit = _as_left(so_far, counted)
            announced, so_far[hit.group_id] = yield from self._react(project, hit, now, (id_, row))
            results[n] = Stored(Receipt(id_, now), announced)
        return [_refused_if_unset(result) for result in results]

    def _admit(
        self,
        received: Sequence[ReceivedError],
        projects: dict[str, Project | AppError],
        counts: Counts,
    ) -> tuple[list[Outcome[Receipt] | None], Admitted]:
        """Results with the refusals filled in (unknown or disabled project, over its rate
        limit); the others counted against their project's limit, with their place in the
        batch."""
        results: list[Outcome[Receipt] | None] = [None] * len(received)
        admitted: Admitted = []
        for n, report in enumerate(received):
            project = projects[report.token]
            if isinstance(project, AppError):  # unknown or disabled
                results[n] = Refused(project)
                continue
            try:
                counts.admit(project.id, report.received_at)
            except RateLimited as refused:
                results[n] = Refused(refused)
                continue
            admitted.append((n, project))
        return results, admitted

    def _react(
        self, project: Project, hit: Occurrence, now: datetime, stored: StoredRow
    ) -> Steps[tuple[bool, Occurrence]]:
        """Alert, schedule an edit of the alert, or stay silent; whether a notification may
        have been queued, and the group as it is now. The stored report is built as an
        ErrorReport only for an alert."""
        outcome = groups.verdict(hit, now)
        if outcome in REOPENING:
            if (yield from groups.reopen(hit, outcome, now)):
                hit = groups.reopened(hit, now)
            else:
                outcome = Verdict.REPEAT  # another report reopened it first
        if outcome in ALERTING:
            yield Awaiting(partial(self.notifier.error, project, as_report(*stored), outcome))
            return True, hit
        if outcome == Verdict.REPEAT:
            hit = yield from groups.schedule_refresh(hit, now, REFRESH_EVERY)
        return False, hit


def _refused_if_unset(result: Outcome[Receipt] | None) -> Outcome[Receipt]:
    assert result is not None  # every report was refused or stored
    return result


def _sightings(
    received: Sequence[ReceivedError], admitted: list[tuple[int, Project]]
) -> list[Sighting]:
    return [
        Sighting(project.id, received[n].details, received[n].received_at)
        for n, project in admitted
    ]


def _as_left(groups: dict[int, Occurrence], counted: Occurrence) -> Occurrence:
    """The group as the batch's earlier reports have left it (one may have reopened it, or
    scheduled an edit), with this report counted."""
    earlier = groups.get(counted.group_id)
    if earlier is None:
        return counted
    return replace(earlier, times_seen=counted.times_seen, hour_count=counted.hour_count)


def store_reports(
    sightings: Sequence[Sighting], group_ids: Sequence[int]
) -> Steps[list[ErrorReport]]:
    """A step: one INSERT for a batch of reports (see services/storage/sql.py); the stored
    reports."""
    rows = report_rows(sightings, group_ids)
    ids = yield from insert_reports(rows)
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


def insert_reports(rows: list[dict[str, object]]) -> Steps[list[int]]:
    """A step: one INSERT for all `rows`; their ids, in order."""
    return (yield from sql.inserted_ids("error_reports", _stored_reports(rows)))


def _stored_reports(rows: list[dict[str, object]]) -> list[dict[str, object]]:
    return [sql.stored(ErrorReport, **row) for row in rows]


def as_report(id_: int, row: dict[str, object]) -> ErrorReport:
    # Every column is at hand: the ORM's way with a fetched row, without checking each value.
    return ErrorReport._init_from_db(id=id_, **row)
