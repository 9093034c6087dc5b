"""The hot path of heartbeats. Nearly every heartbeat says "still alive, same as before": it
changes nothing but the project's deadline and tells nobody. The steady beats of all requests that
arrive while a shared transaction commits (services/ingest/commit.py) are stored together: a SELECT
of their projects, a compare-and-set UPDATE per project, one INSERT of the beats. On SQLite each
token's steady state is remembered (the compare-and-set proves it still holds) and the SELECT reads
only new tokens; all of it is one call with the sqlite3 connection (`sql.in_one_trip`: on the event
loop's thread, its COMMIT on the driver's), its BEGIN and COMMIT too when the batch has nothing
else; on PostgreSQL the UPDATEs go in one round trip and a second SELECT checks they took
(docs/BENCHMARKS.md).
Anything else (a first beat, a change, a recovery, a run that ends, a paused project, an
incident whose alert must still say "recovered", a chat that wants every heartbeat) gets None
here and takes the full path in services/ingest/ingestor.py."""

import functools
import logging
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from typing import NamedTuple

from models import Heartbeat
from services.accounts.projects import could_be_token
from services.core.errors import RateLimited
from services.core.ratelimit import RateLimiter
from services.formats.reports import HeartbeatReport
from services.ingest.commit import atomic, on_rollback
from services.ingest.receipts import Receipt
from services.monitors import steady
from services.storage import sql
from services.storage.db import database_unavailable

# Steady states remembered on SQLite, token by token; past this many, they are forgotten and
# read again (a few hundred bytes each).
REMEMBERED_STATES = 100_000
Outcome = Receipt | RateLimited | None
log = logging.getLogger(__name__)


class ReceivedBeat(NamedTuple):
    """A heartbeat as received, before it is known whether it is steady (a tuple: one is built
    per request, and a frozen dataclass costs several times as much to build)."""

    token: str
    report: HeartbeatReport
    received_at: datetime


class SteadyBeats:
    """Stores steady beats in batches; counts each stored one against its project's limit."""

    def __init__(self, limiter: RateLimiter) -> None:
        self.limiter = limiter
        # SQLite: each token's steady state as last read, so a batch of known tokens reads
        # nothing: the compare-and-set UPDATE proves the state still holds. A token whose beat
        # did not go this way is forgotten, as the full path may change its project.
        self._remembered: dict[str, steady.SteadyProject] = {}

    async def store(self, beats: Sequence[ReceivedBeat]) -> list[Outcome]:
        """For each beat, in order: the stored beat's Receipt, RateLimited, or None for the full
        path (not steady, after a beat of its project that was not, or its project changed
        meanwhile). If the batch fails, nothing of it is kept and every beat gets None: each
        is then tried alone, so one bad request cannot fail the others."""
        outcomes: list[Outcome] = [None] * len(beats)
        taken: list[tuple[int, steady.SteadyProject]] = []
        try:
            if sql.postgres():
                async with atomic():  # a failed batch leaves nothing behind
                    await self._store(beats, outcomes, taken)
            elif any(could_be_token(beat.token) for beat in beats):
                await sql.in_one_trip(self._store_in_one_trip, beats, outcomes, taken)
        except Exception as error:
            self._refund(beats, taken)
            if database_unavailable(error):
                raise  # the full path could not do better: 503, retry
            log.warning("%d steady heartbeats go the full path: %r", len(beats), error)
            return [None] * len(beats)
        # Stored; if the transaction they share rolls back or fails to commit, their counts
        # are given back.
        on_rollback(functools.partial(self._refund, beats, taken))
        return outcomes

    def _refund(
        self, beats: Sequence[ReceivedBeat], taken: list[tuple[int, steady.SteadyProject]]
    ) -> None:
        for n, project in taken:
            self.limiter.refund(project.id, beats[n].received_at)

    async def _store(
        self,
        beats: Sequence[ReceivedBeat],
        outcomes: list[Outcome],
        taken: list[tuple[int, steady.SteadyProject]],
    ) -> None:
        """PostgreSQL: statement by statement over the network, where a trip costs no hand-off
        to another thread."""
        projects = await steady_projects([beat.token for beat in beats])
        taken += self._admit(beats, projects, outcomes)
        moved = await advance([(project, beats[n]) for n, project in taken])
        taken[:] = self._keep_moved(beats, taken, moved)
        stored = await _insert([(project.id, beats[n]) for n, project in taken])
        for (n, _), beat in zip(taken, stored, strict=True):
            outcomes[n] = beat

    def _store_in_one_trip(
        self,
        db: sqlite3.Connection,
        atomic: Callable[[], AbstractContextManager[None]],
        beats: Sequence[ReceivedBeat],
        outcomes: list[Outcome],
        taken: list[tuple[int, steady.SteadyProject]],
    ) -> None:
        """SQLite: the same in one call with the sqlite3 connection (`sql.in_one_trip`), with
        no hand-off between threads but for the COMMIT; alone in its batch, with its BEGIN and
        COMMIT too. The projects' states are those remembered from earlier batches, read only
        for tokens not seen yet: the compare-and-set UPDATE checks all that makes a project
        steady, and the write lock is held from the start, so an UPDATE that changed its row is
        all the proof needed, with no second read."""
        with atomic():  # a failed batch leaves nothing behind
            taken += self._admit(beats, self._steady_states(db, beats), outcomes)
            latest = _latest_beats([(project, beats[n]) for n, project in taken])
            moved = set()
            for project_id in sorted(latest):  # in id order, as advance() does
                project, beat = latest[project_id]
                values = steady.advance_values(project, beat.received_at)
                if sql.sqlite_changed(db, steady.advance_sql(on_postgres=False), values):
                    moving = steady.move_deadline_values(project, beat.received_at)
                    sql.sqlite_changed(db, steady.MOVE_DEADLINE, moving)
                    moved.add(project_id)
            taken[:] = self._keep_moved(beats, taken, moved)
            if taken:
                rows = _beat_rows([(project.id, beats[n]) for n, project in taken])
                ids = sql.sqlite_insert_many(db, "heartbeats", rows)
                for (n, _), id_ in zip(taken, ids, strict=True):
                    outcomes[n] = Receipt(id_, beats[n].received_at)
        for beat, outcome in zip(beats, outcomes, strict=True):
            if outcome is None:
                self._remembered.pop(beat.token, None)

    def _steady_states(
        self, db: sqlite3.Connection, beats: Sequence[ReceivedBeat]
    ) -> dict[str, steady.SteadyProject]:
        """The beats' steady projects by token: remembered, or read for the tokens that are not
        (and remembered from now on)."""
        unknown = [beat.token for beat in beats if beat.token not in self._remembered]
        query = _steady_query(unknown) if unknown else None
        if query is not None:
            if len(self._remembered) >= REMEMBERED_STATES:
                self._remembered.clear()
            self._remembered.update(_by_token(sql.sqlite_rows(db, *query)))
        remembered = self._remembered
        return {beat.token: remembered[beat.token] for beat in beats if beat.token in remembered}

    def _keep_moved(
        self,
        beats: Sequence[ReceivedBeat],
        taken: list[tuple[int, steady.SteadyProject]],
        moved: set[int],
    ) -> list[tuple[int, steady.SteadyProject]]:
        """The taken beats whose projects moved; the others' counts are given back, as the full
        path counts them again (and no longer taken, so a failure later refunds them once)."""
        for n, project in taken:
            if project.id not in moved:
                self.limiter.refund(project.id, beats[n].received_at)
        return [(n, project) for n, project in taken if project.id in moved]

    def _admit(
        self,
        beats: Sequence[ReceivedBeat],
        projects: dict[str, steady.SteadyProject],
        outcomes: list[Outcome],
    ) -> list[tuple[int, steady.SteadyProject]]:
        """The steady beats under their project's rate limit, with their projects; those over
        it get RateLimited. After a beat of a token that is not steady, that token's later
        beats are not either: they follow it down the full path, in the order they came."""
        taken, changing = [], set()
        for n, beat in enumerate(beats):
            project = projects.get(beat.token)
            if beat.token in changing or project is None or not project.expects(beat.report):
                changing.add(beat.token)
                continue
            try:
                self.limiter.admit(project.id, beat.received_at)
            except RateLimited as refused:
                outcomes[n] = refused
                continue
            taken.append((n, project))
        return taken


async def steady_projects(tokens: Sequence[str]) -> dict[str, steady.SteadyProject]:
    """The tokens' projects that a steady beat may move, by token."""
    query = _steady_query(tokens)
    if query is None:
        return {}
    template, values = query
    return _by_token(await sql.query(template, **values))


def _steady_query(tokens: Sequence[str]) -> tuple[str, dict[str, object]] | None:
    """The state of the tokens' projects: a template and its values (None: no token could
    exist)."""
    possible = sorted({token for token in tokens if could_be_token(token)})
    if not possible:
        return None
    listed, values = sql.slots("token", list(possible))
    return steady.state_query(f"p.token IN ({listed})", values)


def _by_token(rows: Iterable[Mapping[str, object]]) -> dict[str, steady.SteadyProject]:
    projects = (steady.steady_project(row) for row in rows)
    return {project.token: project for project in projects if project is not None}


async def advance(beats: Sequence[tuple[steady.SteadyProject, ReceivedBeat]]) -> set[int]:
    """Move each project's deadline past its latest beat; the ids of the projects now in the
    state their latest beat leads to (so storing the beats as steady is right)."""
    latest = _latest_beats(beats)
    if not latest:
        return set()
    on_postgres = sql.postgres()
    # In id order: concurrent batches (other instances) then lock rows in the same order.
    await sql.execute_many(
        steady.advance_sql(on_postgres),
        [
            steady.advance_values(latest[id_][0], latest[id_][1].received_at, on_postgres)
            for id_ in sorted(latest)
        ],
    )
    listed, ids = sql.slots("id", list(latest))
    template, values = steady.state_query(f"p.id IN ({listed})", ids)
    rows = await sql.query(template, **values)
    moved = set()
    for row in rows:
        project, beat = latest[int(str(row["id"]))]
        if steady.advanced(row, project, beat.received_at):
            moved.add(project.id)
    await sql.execute_many(
        steady.MOVE_DEADLINE,
        [
            steady.move_deadline_values(latest[id_][0], latest[id_][1].received_at, on_postgres)
            for id_ in sorted(moved)
        ],
    )
    return moved


def _latest_beats(
    beats: Sequence[tuple[steady.SteadyProject, ReceivedBeat]],
) -> dict[int, tuple[steady.SteadyProject, ReceivedBeat]]:
    """Each project's latest beat: the one its deadline follows."""
    latest: dict[int, tuple[steady.SteadyProject, ReceivedBeat]] = {}
    for project, beat in beats:
        if project.id not in latest or beat.received_at > latest[project.id][1].received_at:
            latest[project.id] = (project, beat)
    return latest


async def _insert(beats: Sequence[tuple[int, ReceivedBeat]]) -> list[Receipt]:
    if not beats:
        return []
    ids = await sql.insert_many("heartbeats", _beat_rows(beats, on_postgres=sql.postgres()))
    return [Receipt(id_, beat.received_at) for id_, (_, beat) in zip(ids, beats, strict=True)]


def _beat_rows(
    beats: Sequence[tuple[int, ReceivedBeat]], on_postgres: bool = False
) -> list[dict[str, object]]:
    """The beats' rows as stored. A report's columns are converted once per batch: the beats
    of one client share their report (api/heartbeat.py remembers its body), and the ORM's
    conversion costs more than the rest of a beat's work on the database."""
    stored_time = sql.time_as_stored(on_postgres)
    reports: dict[int, dict[str, object]] = {}  # id(report) → its columns as stored
    rows = []
    for project_id, beat in beats:
        columns = reports.get(id(beat.report))
        if columns is None:
            columns = reports[id(beat.report)] = sql.stored(
                Heartbeat,
                status=beat.report.status,
                version=beat.report.version,
                metadata=beat.report.metadata,
            )
        rows.append(
            {"project_id": project_id, **columns, "received_at": stored_time(beat.received_at)}
        )
    return rows
