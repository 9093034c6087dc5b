"""The hot path of heartbeats. Nearly every heartbeat says "still alive, same as before": it
changes nothing but the project's deadline and tells nobody. The steady beats of all requests that
arrive while a shared transaction commits (services/ingest/commit.py) are stored together: a SELECT
of their projects, a compare-and-set UPDATE per project, one INSERT of the beats. On SQLite each
token's steady state is remembered (the compare-and-set proves it still holds) and the SELECT reads
only new tokens; all of it is one trip (`sql.in_one_trip`: on the event loop's thread, its
COMMIT on the connection's own), its BEGIN and COMMIT too when the batch has nothing else;
on PostgreSQL the UPDATEs go in one round trip and a second SELECT checks they took
(docs/BENCHMARKS.md).
Anything else (a first beat, a change, a recovery, a run that ends, a paused project, an
incident whose alert must still say "recovered", a chat that wants every heartbeat) gets None
here and takes the full path in services/ingest/ingestor.py."""

import functools
import logging
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import NamedTuple

from models import Heartbeat
from services.accounts.projects import could_be_token
from services.core.errors import RateLimited
from services.core.ratelimit import RateLimiter
from services.formats.reports import HeartbeatReport
from services.ingest.commit import Counts, kept_whole
from services.ingest.receipts import Receipt
from services.monitors import steady
from services.monitors.steady import SteadyProject
from services.storage import sql
from services.storage.db import database_unavailable
from services.storage.steps import Row, Steps

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
    # The run it ends (`?rid=`): beats of a project with open runs never are steady anyway.
    rid: str | None = None


class SteadyBeats:
    """Stores steady beats in batches; counts each stored one against its project's limit."""

    def __init__(self, limiter: RateLimiter) -> None:
        self.limiter = limiter
        # SQLite: each token's steady state as last read, so a batch of known tokens reads
        # nothing: the compare-and-set UPDATE proves the state still holds. A token whose beat
        # did not go this way is forgotten, as the full path may change its project.
        self._remembered: dict[str, SteadyProject] = {}

    async def store(self, beats: Sequence[ReceivedBeat]) -> list[Outcome]:
        """For each beat, in order: the stored beat's Receipt, RateLimited, or None for the full
        path (not steady, after a beat of its project that was not, or its project changed
        meanwhile). If the batch fails, nothing of it is kept and every beat gets None: each
        is then tried alone, so one bad request cannot fail the others."""
        try:
            if sql.postgres() or any(could_be_token(beat.token) for beat in beats):
                return await kept_whole(functools.partial(self._store, beats), self.limiter)
        except Exception as error:
            if database_unavailable(error):
                raise  # the full path could not do better: 503, retry
            log.warning("%d steady heartbeats go the full path: %r", len(beats), error)
        return [None] * len(beats)

    def _store(self, beats: Sequence[ReceivedBeat], counts: Counts) -> Steps[list[Outcome]]:
        """The batch as one step (`kept_whole`: on SQLite, alone in its batch, in one trip with
        the connection, with no hand-off between threads but for the COMMIT). On SQLite the
        projects' states are those remembered from earlier batches, read only for tokens not
        seen yet: the compare-and-set UPDATE checks all that makes a project steady, and the
        write lock is held from the start, so an UPDATE that changed its row is all the proof
        needed, with no second read. On PostgreSQL, where a statement is a trip over the network,
        the states are read, the UPDATEs go in one round trip and a second read checks them."""
        on_postgres = sql.postgres()
        outcomes: list[Outcome] = [None] * len(beats)
        if on_postgres:
            projects = yield from _steady_projects([beat.token for beat in beats])
        else:
            projects = yield from self._steady_states(beats)
        taken = self._admit(beats, projects, outcomes, counts)
        steady = [(project, beats[n]) for n, project in taken]
        moved = yield from (_advance(steady) if on_postgres else _advance_each(steady))
        taken = self._keep_moved(beats, taken, moved, counts)
        stored = [(project.id, beats[n]) for n, project in taken]
        receipts = yield from _insert(stored, on_postgres)
        for (n, _), receipt in zip(taken, receipts, strict=True):
            outcomes[n] = receipt
        if not on_postgres:
            for beat, outcome in zip(beats, outcomes, strict=True):
                if outcome is None:
                    self._remembered.pop(beat.token, None)
        return outcomes

    def _steady_states(self, beats: Sequence[ReceivedBeat]) -> Steps[dict[str, SteadyProject]]:
        """The beats' steady projects by token: remembered, or read for the tokens that are not
        (and remembered from now on)."""
        unknown = [beat.token for beat in beats if beat.token not in self._remembered]
        query = _steady_query(unknown) if unknown else None
        if query is not None:
            template, values = query
            read = _by_token((yield from sql.rows(template, **values)))
            if len(self._remembered) >= REMEMBERED_STATES:
                self._remembered.clear()
            self._remembered.update(read)
        remembered = self._remembered
        return {beat.token: remembered[beat.token] for beat in beats if beat.token in remembered}

    def _keep_moved(
        self,
        beats: Sequence[ReceivedBeat],
        taken: list[tuple[int, SteadyProject]],
        moved: set[int],
        counts: Counts,
    ) -> list[tuple[int, SteadyProject]]:
        """The taken beats whose projects moved; the others' counts are given back, as the full
        path counts them again."""
        for n, project in taken:
            if project.id not in moved:
                counts.give_back(project.id, beats[n].received_at)
        return [(n, project) for n, project in taken if project.id in moved]

    def _admit(
        self,
        beats: Sequence[ReceivedBeat],
        projects: dict[str, SteadyProject],
        outcomes: list[Outcome],
        counts: Counts,
    ) -> list[tuple[int, SteadyProject]]:
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
                counts.admit(project.id, beat.received_at)
            except RateLimited as refused:
                outcomes[n] = refused
                continue
            taken.append((n, project))
        return taken


async def steady_projects(tokens: Sequence[str]) -> dict[str, SteadyProject]:
    """The tokens' projects that a steady beat may move, by token."""
    return await sql.run(_steady_projects(tokens))


def _steady_projects(tokens: Sequence[str]) -> Steps[dict[str, SteadyProject]]:
    query = _steady_query(tokens)
    if query is None:
        return {}
    template, values = query
    return _by_token((yield from sql.rows(template, **values)))


def _steady_query(tokens: Sequence[str]) -> tuple[str, dict[str, object]] | None:
    """The state of the tokens' projects: a template and its values (None: no token could
    exist)."""
    possible = sorted({token for token in tokens if could_be_token(token)})
    if not possible:
        return None
    listed, values = sql.slots("token", list(possible))
    return steady.state_query(f"p.token IN ({listed})", values)


def _by_token(rows: Iterable[Row]) -> dict[str, SteadyProject]:
    projects = (steady.steady_project(dict(row)) for row in rows)
    return {project.token: project for project in projects if project is not None}


async def advance(beats: Sequence[tuple[SteadyProject, ReceivedBeat]]) -> set[int]:
    """Move each project's deadline past its latest beat; the ids of the projects now in the
    state their latest beat leads to (so storing the beats as steady is right)."""
    return await sql.run(_advance(beats))


def _advance(beats: Sequence[tuple[SteadyProject, ReceivedBeat]]) -> Steps[set[int]]:
    """`advance` as a step: the compare-and-set UPDATEs (each moving its monitor's deadline
    too) in one round trip, then a read that checks them."""
    latest = _latest_beats(beats)
    if not latest:
        return set()
    on_postgres = sql.postgres()
    # In id order: concurrent batches (other instances) then lock rows in the same order.
    yield from sql.each_row(
        steady.advance_sql(on_postgres),
        [_values(steady.advance_values, latest[id_], on_postgres) for id_ in sorted(latest)],
    )
    listed, ids = sql.slots("id", list(latest))
    template, values = steady.state_query(f"p.id IN ({listed})", ids)
    moved = set()
    for row in (yield from sql.rows(template, **values)):
        project, beat = latest[int(str(row["id"]))]
        if steady.advanced(dict(row), project, beat.received_at):
            moved.add(project.id)
    return moved


def _advance_each(beats: Sequence[tuple[SteadyProject, ReceivedBeat]]) -> Steps[set[int]]:
    """SQLite: an UPDATE a project, in id order as `advance` does; one that changed its row
    proves the project was as remembered (no second read), and its deadline moves."""
    latest = _latest_beats(beats)
    moved = set()
    for project_id in sorted(latest):
        values = _values(steady.advance_values, latest[project_id], on_postgres=False)
        if (yield from sql.changed(steady.advance_sql(on_postgres=False), **values)):
            moving = _values(steady.move_deadline_values, latest[project_id], on_postgres=False)
            yield from sql.changed(steady.MOVE_DEADLINE, **moving)
            moved.add(project_id)
    return moved


def _values(
    statement_values: Callable[[SteadyProject, datetime, bool], dict[str, object]],
    latest: tuple[SteadyProject, ReceivedBeat],
    on_postgres: bool,
) -> dict[str, object]:
    """A statement's values for a project's latest steady beat."""
    project, beat = latest
    return statement_values(project, beat.received_at, on_postgres)


def _latest_beats(
    beats: Sequence[tuple[SteadyProject, ReceivedBeat]],
) -> dict[int, tuple[SteadyProject, ReceivedBeat]]:
    """Each project's latest beat: the one its deadline follows."""
    latest: dict[int, tuple[SteadyProject, ReceivedBeat]] = {}
    for project, beat in beats:
        if project.id not in latest or beat.received_at > latest[project.id][1].received_at:
            latest[project.id] = (project, beat)
    return latest


def _insert(beats: Sequence[tuple[int, ReceivedBeat]], on_postgres: bool) -> Steps[list[Receipt]]:
    if not beats:
        return []
    rows = _beat_rows(beats, on_postgres)
    ids = yield from sql.inserted_ids("heartbeats", rows)
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
