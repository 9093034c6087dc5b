"""The hot path of heartbeats. Nearly every heartbeat says "still alive, same as before": it
changes nothing but the project's deadline and tells nobody. Those are stored with three fixed
statements instead of the ORM's query building, which cost most of a heartbeat's time
(docs/BENCHMARKS.md). Anything else (a first beat, a change, a recovery, a run that ends, a
paused project, an incident whose alert must still say "recovered", a chat that wants every
heartbeat) returns None here and takes the full path in services/ingest.py."""

from dataclasses import dataclass
from datetime import datetime

from models import Health, Heartbeat, HeartbeatMode, Project
from services import sql
from services.health import deadline_after
from services.projects import could_be_token
from services.reports import HeartbeatReport

_PROJECT = """
SELECT p.id, p.health, p.timeout_seconds, p.last_status, p.last_version, p.run_started_at,
    p.incident_since IS NOT NULL AND p.incident_ended_at IS NULL AS incident_open,
    EXISTS (
        SELECT 1 FROM subscriptions s JOIN subscribers c ON c.id = s.subscriber_id
        WHERE s.project_id = p.id AND s.heartbeat_mode = {every} AND c.is_active
    ) AS every_beat
FROM projects p WHERE p.token = {token} AND p.is_active
"""
# Compare-and-set: the project must still be as it was read (up, same status, version, timeout
# and token, still active), so a beat racing the silence checker, a pause, a new timeout, a
# rotation or a change falls back to the full path.
_ADVANCE = """
UPDATE projects SET deadline_at = {deadline_at}, last_heartbeat_at = {last_heartbeat_at}
WHERE id = {id} AND token = {token} AND is_active AND timeout_seconds = {timeout}
    AND health = 'up' AND run_started_at IS NULL
    AND (incident_since IS NULL OR incident_ended_at IS NOT NULL)
    AND last_status = {status} AND {version_matches}
"""
_INSERT = """
INSERT INTO heartbeats (project_id, status, version, metadata, received_at)
VALUES ({project_id}, {status}, {version}, {metadata}, {received_at}) RETURNING id
"""


@dataclass(frozen=True)
class SteadyProject:
    id: int
    token: str
    timeout_seconds: int


async def steady_project(token: str, report: HeartbeatReport) -> SteadyProject | None:
    """The token's project if this heartbeat changes nothing but its deadline."""
    if not could_be_token(token):
        return None
    rows = await sql.query(_PROJECT, every=HeartbeatMode.EVERY.value, token=token)
    if not rows:
        return None
    row = rows[0]
    steady = (
        row["health"] == Health.UP.value
        and row["run_started_at"] is None
        and not row["incident_open"]  # its alert still has to say "recovered"
        and not row["every_beat"]
        and (row["last_status"], row["last_version"]) == (report.status, report.version)
    )
    return SteadyProject(int(row["id"]), token, int(row["timeout_seconds"])) if steady else None


async def store(
    project: SteadyProject, report: HeartbeatReport, now: datetime
) -> Heartbeat | None:
    """Move the deadline and store the beat; None if the project changed since it was read."""
    moved = await sql.execute(
        _ADVANCE.replace(
            "{version_matches}",
            "last_version IS NULL" if report.version is None else "last_version = {version}",
        ),
        **sql.stored(
            Project,
            deadline_at=deadline_after(now, project.timeout_seconds),
            last_heartbeat_at=now,
        ),
        id=project.id,
        token=project.token,
        timeout=project.timeout_seconds,
        status=report.status,
        **({} if report.version is None else {"version": report.version}),
    )
    if not moved:
        return None
    beat = {
        "project_id": project.id,
        "status": report.status,
        "version": report.version,
        "metadata": report.metadata,
        "received_at": now,
    }
    rows = await sql.query(_INSERT, **sql.stored(Heartbeat, **beat))
    return Heartbeat(id=rows[0]["id"], **beat)
