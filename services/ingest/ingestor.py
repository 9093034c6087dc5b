"""Ingestion: a heartbeat or an error report is stored, health is updated and notifications are
queued, all in one transaction. A caller that got a result knows all of it is committed."""

import functools
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import ParamSpec, TypeVar

from models import ErrorReport, Health, Heartbeat, Project
from services.accounts.projects import could_be_token, find_reporting_project
from services.core.errors import RateLimited, UnknownToken
from services.core.ratelimit import DEFAULT_IN_FLIGHT_PER_PROJECT, RateLimiter, SpikeGuard
from services.core.settings import Settings
from services.formats.reports import ErrorDetails, HeartbeatReport
from services.formats.scrub import JOB_TEXT_LIMIT
from services.grouping import groups
from services.ingest.commit import (
    BatchWrite,
    GroupCommitter,
    Outcome,
    Refused,
    Stored,
    Work,
    atomic,
    failed_alone,
    on_rollback,
    one_by_one,
)
from services.ingest.error_batches import ErrorBatches, ReceivedError, store_reports
from services.ingest.receipts import Receipt
from services.ingest.run_logs import keep_line, lines_of_run
from services.ingest.steady_beats import ReceivedBeat, SteadyBeats
from services.letters.outbox import OutboxSignal
from services.monitors import writer
from services.monitors.health import classify_heartbeat
from services.monitors.watched import run_began
from services.notify.notifier import BeatView, Notifier
from services.storage import sql
from services.watch.in_flight import InFlight

P = ParamSpec("P")
T = TypeVar("T")
I = TypeVar("I")  # noqa: E741  (the item a batch write takes)
R = TypeVar("R")
LOG_LIMIT = JOB_TEXT_LIMIT  # a failed run's log, as every door keeps it
DEFAULT_RATE_LIMIT = 6000


@dataclass(frozen=True)
class RunFailure:
    """A cron job or script that failed: its exit code and log when known."""

    exit_code: int | None = None
    log: str | None = None
    duration: timedelta | None = None
    rid: str | None = None  # the run it ends (`?rid=`), of several that may overlap


def _committed(method: Callable[P, Awaitable[T]]) -> Callable[P, Awaitable[T]]:
    """The write runs in the next batch, after the token's writes that came before it (a run's
    start before its success ping): in a savepoint of the shared transaction with group commit,
    else in a transaction of its own. Its result comes once that has committed, and the outbox
    sender is woken then. First it passes the spike guard (the token is every write's first
    argument), and it is in flight until done (the time received is its last). The guard
    learns whether the token worked or is unknown."""

    @functools.wraps(method)
    async def write(*args: P.args, **kwargs: P.kwargs) -> T:
        ingestor, token, received_at = args[0], args[1], args[-1]
        assert isinstance(ingestor, Ingestor) and isinstance(token, str)
        assert isinstance(received_at, datetime)
        ingestor.wait_turn(token)
        ticket = ingestor.in_flight.enter(received_at)
        try:  # the batcher wakes the sender after each commit
            result = await ingestor.batches.run(lambda: method(*args, **kwargs), key=token)
        except UnknownToken:
            ingestor.spike_guard.unknown(token)
            raise
        finally:
            ingestor.in_flight.leave(ticket)
            ingestor.spike_guard.leave(token)
        ingestor.spike_guard.worked(token)
        return result

    return write


class Ingestor:
    def __init__(
        self,
        notifier: Notifier,
        signal: OutboxSignal,
        limiter: RateLimiter | None = None,
        committer: GroupCommitter | None = None,
        spike_guard: SpikeGuard | None = None,
    ) -> None:
        self.notifier = notifier
        self.signal = signal
        self.limiter = limiter or RateLimiter(per_minute=DEFAULT_RATE_LIMIT)
        # Every write goes through a batcher, so each token's writes are applied in the order
        # they came. With group commit (`committer`) a batch shares one transaction; without,
        # each write commits by itself, but heartbeats and error reports are still written in
        # batches (see record_heartbeat and record_error). Within a batch, steady beats lock
        # their projects in id order and error reports their groups in key order; the rest
        # goes in arrival order, and project locks leave rows that refer to a project free to
        # be inserted (services/accounts/projects.py).
        self.batches = committer or GroupCommitter(
            after_commit=signal.notify, shares_transactions=False
        )
        self.spike_guard = spike_guard or SpikeGuard(DEFAULT_IN_FLIGHT_PER_PROJECT)
        self.in_flight = InFlight()  # the silence checker waits for what arrived in time
        self.steady_beats = SteadyBeats(self.limiter)
        self.error_batches = ErrorBatches(self.limiter, notifier)

    @contextmanager
    def receiving(self, received_at: datetime) -> Iterator[None]:
        """A request whose writes go one after another (a Sentry envelope's items) is in flight
        as a whole: its later writes are on their way while the earlier ones commit."""
        ticket = self.in_flight.enter(received_at)
        try:
            yield
        finally:
            self.in_flight.leave(ticket)

    def wait_turn(self, token: str) -> None:
        """The spike guard's admission of a write of `token` (until `spike_guard.leave`). A
        token no project can have is refused at once: it neither waits nor is remembered as
        unknown (it may be a megabyte long)."""
        if not could_be_token(token):
            raise UnknownToken("unknown project token")
        self.spike_guard.enter(token)

    async def _reporting_project(self, token: str, now: datetime) -> Project:
        """The token's project, if it may report now (active, under its rate limit)."""
        project = await find_reporting_project(token, lock=True)
        self.limiter.admit(project.id, now)
        on_rollback(functools.partial(self.limiter.refund, project.id, now))
        return project

    async def record_heartbeat(
        self, token: str, report: HeartbeatReport, now: datetime, rid: str | None = None
    ) -> Receipt:
        """Store a heartbeat; announce a first heartbeat, a change or a recovery. With a run
        id it ends that run only (of several open: services/monitors/writer.py)."""
        beat = ReceivedBeat(token, report, now, rid)
        return await self._batched(token, self._write_heartbeats, beat, now)

    async def _batched(
        self, token: str, write: BatchWrite[I, R], item: I, received_at: datetime
    ) -> R:
        """`item` written by `write` with the others of the next batch, once that has
        committed; the outbox sender is woken if it may have queued a notification. Heartbeats
        and error reports commit what they write by themselves, each batch whole."""
        self.wait_turn(token)
        ticket = self.in_flight.enter(received_at)
        try:
            stored = await self.batches.run_together(write, item, key=token, commits_itself=True)
        except UnknownToken:
            self.spike_guard.unknown(token)  # its next requests are refused without waiting
            raise
        finally:
            self.in_flight.leave(ticket)
            self.spike_guard.leave(token)
        self.spike_guard.worked(token)
        if stored.announced:
            self.signal.notify()  # committed: the sender finds what was queued
        return stored.value

    async def _write_heartbeats(self, beats: Sequence[ReceivedBeat]) -> list[Outcome[Receipt]]:
        """The batch's steady beats together, then the others one by one in the order they
        came, each in a savepoint of its own (`announced`: they may have queued a
        notification). Outside a shared transaction, the steady beats commit on their own,
        then the others together."""
        steady = await self.steady_beats.store(beats)
        changing = [
            functools.partial(
                self._full_heartbeat, beat.token, beat.report, beat.received_at, beat.rid
            )
            for beat, outcome in zip(beats, steady, strict=True)
            if outcome is None
        ]
        written = iter(await _in_one_transaction(changing))
        outcomes: list[Outcome[Receipt]] = []
        for outcome in steady:
            if outcome is None:
                full = next(written)
                outcomes.append(full if isinstance(full, Refused) else Stored(full.value, True))
            elif isinstance(outcome, RateLimited):
                outcomes.append(Refused(outcome))
            else:
                outcomes.append(Stored(outcome))
        return outcomes

    async def _full_heartbeat(
        self, token: str, report: HeartbeatReport, now: datetime, rid: str | None = None
    ) -> Receipt:
        # The row lock orders concurrent heartbeats and the silence checker (PostgreSQL);
        # SQLite serialises transactions anyway.
        project = await self._reporting_project(token, now)
        beat = await Heartbeat.create(
            project_id=project.id,
            status=report.status,
            version=report.version,
            metadata=report.metadata,
            received_at=now,
        )
        change = classify_heartbeat(
            Health(project.health),
            project.last_status,
            project.last_version,
            report.status,
            report.version,
        )
        silent_for = now - project.last_heartbeat_at if project.last_heartbeat_at else None
        started = await run_began(project.id, rid)
        if started:  # a success ping ends the run that /start began
            duration = (now - started).total_seconds()
            report = report.model_copy(
                update={"metadata": {**(report.metadata or {}), "duration_seconds": duration}}
            )
            await Heartbeat.filter(id=beat.id).update(metadata=report.metadata)
        arrived = writer.beat_arrived(project, report.status, report.version, change, now, rid)
        if not await arrived:
            silent_for = None  # its outage was held, never announced: nor is its end
        view = BeatView(report.status, report.version, report.metadata, now)
        await self.notifier.heartbeat(project, view, change, silent_for)
        return Receipt(beat.id, beat.received_at)

    async def record_error(self, token: str, details: ErrorDetails, now: datetime) -> Receipt:
        """Store an error report in its group. A new group, a regression or the end of a mute
        is alerted at once; a repeat only schedules an edit of the group's alert (at most one
        per REFRESH_EVERY); muted and ignored groups stay silent."""
        received = ReceivedError(token, details, now)
        return await self._batched(token, self.error_batches.store, received, now)

    @_committed
    async def record_run_start(
        self, token: str, now: datetime, *, rid: str | None = None
    ) -> Project:
        """A run began: if it sends no success within the project's timeout, it hung. With a
        run id, one of the job's runs that may overlap (services/monitors/writer.py)."""
        project = await self._reporting_project(token, now)
        await writer.run_started(project, now, rid)
        return project

    @_committed
    async def record_run_log(
        self, token: str, text: str, now: datetime, *, rid: str | None = None
    ) -> Project:
        """A log line of a job (scrubbed by the door), kept to be shown with its run's failure;
        no state changes, nobody is told. Counted against the project's rate limit."""
        project = await self._reporting_project(token, now)
        await keep_line(project.id, text, rid, now)
        return project

    @_committed
    async def record_run_failure(
        self, token: str, failure: RunFailure, now: datetime
    ) -> ErrorReport:
        """A failed run: stored as an error report and announced at once."""
        project = await self._reporting_project(token, now)
        duration = failure.duration
        started = await run_began(project.id, failure.rid)
        if duration is None and started:
            duration = now - started
        lines = await lines_of_run(project.id, failure.rid, started or project.last_heartbeat_at)
        # Counted in a group like any error (stats, details), yet every failed run is
        # announced: a run's outcome is news even when the last one failed the same way.
        details = ErrorDetails(
            type="RunFailed",
            message=_failure_summary(failure),
            severity="error",
            context=_failure_context(failure, duration, lines),
        )
        sighting = groups.Sighting(project.id, details, now)
        hit = (await sql.run(groups.count_occurrences([sighting])))[0]
        report = (await sql.run(store_reports([sighting], [hit.group_id])))[0]
        await writer.run_failed(project, now, failure.rid)
        await self.notifier.run_failed(project, report)
        return report


async def _in_one_transaction(works: Sequence[Work[Receipt]]) -> list[Outcome[Receipt]]:
    """`one_by_one` in one transaction (a savepoint of the shared one, if any): one commit for
    them all, never one each. If that commit fails, nothing of them is stored: each gets the
    error."""
    if not works:
        return []
    try:
        async with atomic():
            return await one_by_one(works)
    except Exception as error:
        return [Refused(failed_alone(error))] * len(works)


def _failure_summary(failure: RunFailure) -> str:
    if failure.exit_code is not None:
        return f"exit code {failure.exit_code}"
    first_line = (failure.log or "").strip().splitlines()[:1]
    return first_line[0][:500] if first_line else "failed"


def _failure_context(
    failure: RunFailure, duration: timedelta | None, lines: Sequence[str] = ()
) -> dict[str, object]:
    """What the failure alert shows: the exit code, the duration, and its log: the lines the
    run sent to /log, then what came with the failure, the end kept if it is too long."""
    context: dict[str, object] = {}
    if failure.exit_code is not None:
        context["exit_code"] = failure.exit_code
    if duration is not None:
        context["duration_seconds"] = round(duration.total_seconds(), 3)
    if failure.rid is not None:
        context["rid"] = failure.rid
    if lines:
        log = "\n".join([*lines, failure.log or ""]).strip()
        context["log"] = log[-LOG_LIMIT:]
    elif failure.log:
        context["log"] = failure.log[:LOG_LIMIT]
    return context


def create_ingestor(settings: Settings, notifier: Notifier, signal: OutboxSignal) -> Ingestor:
    """The ingestor as configured: the rate limit, spike protection, and group commit, which
    wakes the outbox sender after each shared commit."""
    committer = GroupCommitter(after_commit=signal.notify) if settings.uses_group_commit else None
    limits = SpikeGuard(settings.in_flight_per_project, settings.in_flight_total)
    return Ingestor(
        notifier, signal, RateLimiter(settings.rate_limit_per_minute), committer, limits
    )
