"""Error reports in batches. The reports of all requests that arrive while a shared transaction
commits (services/ingest/commit.py) are stored together: one SELECT of their projects, one upsert
of their groups, one of their hourly counts and one INSERT of the reports, whatever their number
(docs/BENCHMARKS.md). Each is then judged as if they had come one after another: the first of a new
group alerts, one report reopens a resolved group, the rest edit the alert."""

import functools
import logging
import sqlite3
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from models import ErrorReport, Project
from services.accounts.projects import reporting_projects, reporting_projects_on
from services.core.errors import AppError, RateLimited
from services.core.ratelimit import RateLimiter
from services.formats.reports import ErrorDetails
from services.grouping import groups
from services.grouping.groups import Occurrence, Sighting, Verdict
from services.ingest.commit import atomic, commits_itself, failed_alone, on_rollback
from services.ingest.receipts import Receipt
from services.notify.notifier import Notifier
from services.storage import sql
from services.storage.db import database_unavailable

# Repeats of an open error edit its alert in place, at most this often.
REFRESH_EVERY = timedelta(minutes=1)
REOPENING = (Verdict.REGRESSION, Verdict.UNMUTED)
ALERTING = (Verdict.NEW, *REOPENING)
QUIET = (Verdict.REPEAT, Verdict.SILENT)
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

    @commits_itself
    async def store(self, received: Sequence[ReceivedError]) -> list[object]:
        """The batch's reports together; if that fails on their own data, each alone, so one
        bad report cannot fail the others. For each a (Receipt, whether it may have queued a
        notification) pair, or the error to raise to its caller. On SQLite a batch that alerts
        nothing, the usual one, is stored in one call with the sqlite3 connection
        (`sql.in_one_trip`)."""
        if not sql.postgres():
            quiet = await self._quiet_in_one_trip(received)
            if quiet is not None:
                return quiet
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
            return failed_alone(error)

    async def _together(self, received: Sequence[ReceivedError]) -> list[object]:
        admitted: list[tuple[int, Project]] = []
        try:
            async with atomic():  # a failed batch leaves nothing behind
                results = await self._store(received, admitted)
        except Exception:
            self._refund(received, admitted)
            raise
        self._refund_on_rollback(received, admitted)
        return results

    async def _store(
        self, received: Sequence[ReceivedError], admitted: list[tuple[int, Project]]
    ) -> list[object]:
        projects = await reporting_projects([report.token for report in received])
        results = self._admit(received, projects, admitted)
        sightings = _sightings(received, admitted)
        hits = await groups.count_occurrences(sightings)
        rows = report_rows(sightings, [hit.group_id for hit in hits])
        ids = await insert_reports(rows)
        so_far: dict[int, Occurrence] = {}  # each group as the batch has left it so far
        for (n, project), counted, id_, row in zip(admitted, hits, ids, rows, strict=True):
            now = received[n].received_at
            hit = _as_left(so_far, counted)
            announced, so_far[hit.group_id] = await self._react(project, hit, now, (id_, row))
            results[n] = (Receipt(id_, now), announced)
        return results

    async def _quiet_in_one_trip(self, received: Sequence[ReceivedError]) -> list[object] | None:
        """The batch stored in one call with SQLite's connection, if none of its reports alerts
        or reopens a group; else (or if it fails on its own data) None, with nothing stored,
        and the batch goes the way that can alert."""
        admitted: list[tuple[int, Project]] = []
        try:
            results = await sql.in_one_trip(self._store_quiet, received, admitted)
        except Exception as error:
            self._refund(received, admitted)
            if database_unavailable(error):
                raise  # the other way could not do better: 503, retry
            if not isinstance(error, _Alerts):
                log.warning("%d error reports go the way that can alert: %r", len(received), error)
            return None
        self._refund_on_rollback(received, admitted)
        return results

    def _store_quiet(
        self,
        db: sqlite3.Connection,
        atomic: Callable[[], AbstractContextManager[None]],
        received: Sequence[ReceivedError],
        admitted: list[tuple[int, Project]],
    ) -> list[object]:
        """With SQLite's connection (`sql.in_one_trip`): `_store` for a batch that only counts
        repeats and silenced reports (and schedules edits of their alerts); `_Alerts`, undoing it
        all, at the first report that would alert. Nothing else runs on the connection meanwhile,
        so no other writer can reopen or resolve a group between the count and the verdict."""
        with atomic():
            projects = reporting_projects_on(db, [report.token for report in received])
            results = self._admit(received, projects, admitted)
            sightings = _sightings(received, admitted)
            hits = groups.count_occurrences_on(db, sightings)
            rows = report_rows(sightings, [hit.group_id for hit in hits])
            ids = sql.sqlite_insert_many(db, "error_reports", _stored_reports(rows))
            so_far: dict[int, Occurrence] = {}
            for (n, _), counted, id_ in zip(admitted, hits, ids, strict=True):
                now = received[n].received_at
                hit = _as_left(so_far, counted)
                outcome = groups.verdict(hit, now)
                if outcome not in QUIET:
                    raise _Alerts
                if outcome == Verdict.REPEAT:
                    hit = groups.schedule_refresh_on(db, hit, now, REFRESH_EVERY)
                so_far[hit.group_id] = hit
                results[n] = (Receipt(id_, now), False)
        return results

    def _admit(
        self,
        received: Sequence[ReceivedError],
        projects: dict[str, Project | AppError],
        admitted: list[tuple[int, Project]],
    ) -> list[object]:
        """Results with the refusals filled in (unknown or disabled project, over its rate
        limit); the others are counted against their project's limit and added to `admitted`
        with their place in the batch."""
        results: list[object] = [None] * len(received)
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
        return results

    def _refund(
        self, received: Sequence[ReceivedError], admitted: list[tuple[int, Project]]
    ) -> None:
        """Nothing of the batch was stored: its counts are given back."""
        for n, project in admitted:
            self.limiter.refund(project.id, received[n].received_at)

    def _refund_on_rollback(
        self, received: Sequence[ReceivedError], admitted: list[tuple[int, Project]]
    ) -> None:
        """The batch is written; if the transaction it shares rolls back or fails to commit,
        its counts are given back."""
        on_rollback(functools.partial(self._refund, received, admitted))

    async def _react(
        self, project: Project, hit: Occurrence, now: datetime, stored: StoredRow
    ) -> tuple[bool, Occurrence]:
        """Alert, schedule an edit of the alert, or stay silent; whether a notification may
        have been queued, and the group as it is now. The stored report is built as an
        ErrorReport only for an alert."""
        outcome = groups.verdict(hit, now)
        if outcome in REOPENING:
            if await groups.reopen(hit, outcome, now):
                hit = groups.reopened(hit, now)
            else:
                outcome = Verdict.REPEAT  # another report reopened it first
        if outcome in ALERTING:
            await self.notifier.error(project, as_report(*stored), outcome)
            return True, hit
        if outcome == Verdict.REPEAT:
            hit = await groups.schedule_refresh(hit, now, REFRESH_EVERY)
        return False, hit


class _Alerts(Exception):
    """A report of the batch would alert or reopen its group: not for the quiet way."""


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


async def store_reports(
    sightings: Sequence[Sighting], group_ids: Sequence[int]
) -> list[ErrorReport]:
    """One INSERT for a batch of reports (see services/storage/sql.py); the stored reports."""
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
    return await sql.insert_many("error_reports", _stored_reports(rows))


def _stored_reports(rows: list[dict[str, object]]) -> list[dict[str, object]]:
    return [sql.stored(ErrorReport, **row) for row in rows]


def as_report(id_: int, row: dict[str, object]) -> ErrorReport:
    # Every column is at hand: the ORM's way with a fetched row, without checking each value.
    return ErrorReport._init_from_db(id=id_, **row)
