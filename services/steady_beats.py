"""The hot path of heartbeats. Nearly every heartbeat says "still alive, same as before": it
changes nothing but the project's deadline and tells nobody. The steady beats of all requests
that arrive while a shared transaction commits (services/commit.py) are stored together, with
four statements whatever their number: a SELECT of their projects, an UPDATE per project sent in
one round trip, a SELECT that checks those took, and one INSERT of the beats (docs/BENCHMARKS.md).
Anything else (a first beat, a change, a recovery, a run that ends, a paused project, an
incident whose alert must still say "recovered", a chat that wants every heartbeat) gets None
here and takes the full path in services/ingest.py."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from models import Health, Heartbeat, HeartbeatMode, Project
from services import sql
from services.errors import RateLimited
from services.health import deadline_after
from services.projects import could_be_token
from services.ratelimit import RateLimiter
from services.reports import HeartbeatReport

_PROJECTS = """
SELECT p.id, p.token, p.health, p.timeout_seconds, p.last_status, p.last_version,
    p.run_started_at,
    p.incident_since IS NOT NULL AND p.incident_ended_at IS NULL AS incident_open,
    EXISTS (
        SELECT 1 FROM subscriptions s JOIN subscribers c ON c.id = s.subscriber_id
        WHERE s.project_id = p.id AND s.heartbeat_mode = {every} AND c.is_active
    ) AS every_beat
FROM projects p WHERE p.token IN ({tokens}) AND p.is_active
"""
# Compare-and-set: the project must still be as it was read (up, same status, version, timeout
# and token, still active), so a beat racing the silence checker, a pause, a new timeout, a
# rotation or a change falls back to the full path.
_ADVANCE = """
UPDATE projects SET deadline_at = {deadline_at}, last_heartbeat_at = {last_heartbeat_at}
WHERE id = {id} AND token = {token} AND is_active AND timeout_seconds = {timeout}
    AND health = 'up' AND run_started_at IS NULL
    AND (incident_since IS NULL OR incident_ended_at IS NOT NULL)
    AND last_status = {status} AND last_version {same_as} {version}
"""
# A project whose compare-and-set took now shows the beat's time: our UPDATE holds its row (or
# SQLite's write lock) until commit, so nobody else can have set it since.
_ADVANCED = "SELECT id, last_heartbeat_at FROM projects WHERE id IN ({ids})"

Outcome = Heartbeat | RateLimited | None
_read_time = Project._meta.fields_map["last_heartbeat_at"].to_python_value


@dataclass(frozen=True)
class SteadyBeat:
    token: str
    report: HeartbeatReport
    received_at: datetime


@dataclass(frozen=True)
class SteadyProject:
    """A project a steady beat may move: up, no run, no open incident, nobody wants every beat."""

    id: int
    token: str
    timeout_seconds: int
    status: str
    version: str | None

    def expects(self, report: HeartbeatReport) -> bool:
        return (self.status, self.version) == (report.status, report.version)


class SteadyBeats:
    """Stores steady beats in batches; counts each stored one against its project's limit."""

    def __init__(self, limiter: RateLimiter) -> None:
        self.limiter = limiter

    async def store(self, beats: Sequence[SteadyBeat]) -> list[Outcome]:
        """For each beat, in order: the stored Heartbeat, RateLimited, or None for the full
        path (not steady, or its project changed meanwhile)."""
        projects = await steady_projects([beat.token for beat in beats])
        outcomes: list[Outcome] = [None] * len(beats)
        taken = self._admit(beats, projects, outcomes)
        moved = await advance([(projects[beats[n].token], beats[n]) for n in taken])
        kept = [n for n in taken if projects[beats[n].token].id in moved]
        for n in set(taken) - set(kept):  # the full path counts it again
            self.limiter.refund(projects[beats[n].token].id, beats[n].received_at)
        stored = await _insert([(projects[beats[n].token].id, beats[n]) for n in kept])
        for n, beat in zip(kept, stored, strict=True):
            outcomes[n] = beat
        return outcomes

    def _admit(
        self,
        beats: Sequence[SteadyBeat],
        projects: dict[str, SteadyProject],
        outcomes: list[Outcome],
    ) -> list[int]:
        """The positions of the steady beats under their project's rate limit; the others
        over it get RateLimited."""
        taken = []
        for n, beat in enumerate(beats):
            project = projects.get(beat.token)
            if project is None or not project.expects(beat.report):
                continue
            try:
                self.limiter.admit(project.id, beat.received_at)
            except RateLimited as refused:
                outcomes[n] = refused
                continue
            taken.append(n)
        return taken


async def steady_projects(tokens: Sequence[str]) -> dict[str, SteadyProject]:
    """The tokens' projects that a steady beat may move, by token."""
    possible = sorted({token for token in tokens if could_be_token(token)})
    if not possible:
        return {}
    listed, values = sql.slots("token", list(possible))
    rows = await sql.query(
        _PROJECTS.replace("{tokens}", listed), every=HeartbeatMode.EVERY.value, **values
    )
    return {
        str(row["token"]): SteadyProject(
            int(str(row["id"])),
            str(row["token"]),
            int(str(row["timeout_seconds"])),
            str(row["last_status"]),
            None if row["last_version"] is None else str(row["last_version"]),
        )
        for row in rows
        if row["health"] == Health.UP.value
        and row["run_started_at"] is None
        and not row["incident_open"]  # its alert still has to say "recovered"
        and not row["every_beat"]
    }


async def advance(beats: Sequence[tuple[SteadyProject, SteadyBeat]]) -> set[int]:
    """Move each project's deadline past its latest beat; the ids of the projects whose
    compare-and-set took."""
    latest: dict[int, tuple[SteadyProject, SteadyBeat]] = {}
    for project, beat in beats:
        if project.id not in latest or beat.received_at > latest[project.id][1].received_at:
            latest[project.id] = (project, beat)
    if not latest:
        return set()
    same_as = "IS NOT DISTINCT FROM" if sql.postgres() else "IS"  # NULL = NULL too
    # In id order: concurrent batches (other instances) then lock rows in the same order and
    # cannot deadlock.
    await sql.execute_many(
        _ADVANCE.replace("{same_as}", same_as),
        [_advance_values(*latest[project_id]) for project_id in sorted(latest)],
    )
    listed, ids = sql.slots("id", list(latest))
    rows = await sql.query(_ADVANCED.replace("{ids}", listed), **ids)
    moved = set()
    for row in rows:
        project_id = int(str(row["id"]))
        if _read_time(row["last_heartbeat_at"]) == latest[project_id][1].received_at:
            moved.add(project_id)
    return moved


def _advance_values(project: SteadyProject, beat: SteadyBeat) -> dict[str, object]:
    now = beat.received_at
    return {
        **sql.stored(
            Project,
            deadline_at=deadline_after(now, project.timeout_seconds),
            last_heartbeat_at=now,
        ),
        "id": project.id,
        "token": project.token,
        "timeout": project.timeout_seconds,
        "status": project.status,
        "version": project.version,
    }


async def _insert(beats: Sequence[tuple[int, SteadyBeat]]) -> list[Heartbeat]:
    if not beats:
        return []
    rows = [
        {
            "project_id": project_id,
            "status": beat.report.status,
            "version": beat.report.version,
            "metadata": beat.report.metadata,
            "received_at": beat.received_at,
        }
        for project_id, beat in beats
    ]
    ids = await sql.insert_many("heartbeats", [sql.stored(Heartbeat, **row) for row in rows])
    return [Heartbeat(id=id_, **row) for id_, row in zip(ids, rows, strict=True)]
