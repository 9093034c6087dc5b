"""What makes a heartbeat steady, in one place. A steady beat changes nothing but the heartbeat
monitor's deadline and tells nobody: its project is active and up, no run is open, no incident
still has to say "recovered", nobody wants every beat, and the beat says what the last one said.
Anything else is a transition and goes through services/monitors/writer.py.

The rule is written twice here, side by side, as it must be applied twice: `steady_project`
over a row read by `STATE`, and `ADVANCE`'s compare-and-set, which checks it again where the
state is written (a state remembered from an earlier batch needs no read). The batching lives
in services/ingest/steady_beats.py; tests/storage/test_steady_rule.py holds the two to the
general path on the same inputs."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from models import Health, HeartbeatMode
from services.formats.reports import HeartbeatReport
from services.monitors.health import deadline_after
from services.storage import sql

STATE = """
SELECT p.id, p.token, p.is_active, p.health, p.timeout_seconds, p.last_status, p.last_version,
    p.run_started_at, p.last_heartbeat_at, p.deadline_at,
    p.incident_since IS NOT NULL AND p.incident_ended_at IS NULL AS incident_open,
    EXISTS (
        SELECT 1 FROM subscriptions s JOIN subscribers c ON c.id = s.subscriber_id
        WHERE s.project_id = p.id AND s.heartbeat_mode = {every} AND c.is_active
            AND s.stopped_at IS NULL
    ) AS every_beat
FROM projects p WHERE {where}
"""
# Compare-and-set: the project must still be as it was read (up, same status, version, timeout
# and token, still active, nobody wanting every beat), so a beat racing the silence checker, a
# pause, a new timeout, a rotation, a subscription or a change falls back to the full path. It
# checks all that steady_project does.
ADVANCE = """
UPDATE projects SET deadline_at = {deadline_at}, last_heartbeat_at = {last_heartbeat_at}
WHERE id = {id} AND token = {token} AND is_active AND timeout_seconds = {timeout}
    AND health = 'up' AND run_started_at IS NULL
    AND (incident_since IS NULL OR incident_ended_at IS NOT NULL)
    AND last_status = {status} AND last_version {same_as} {version}
    AND NOT EXISTS (
        SELECT 1 FROM subscriptions s JOIN subscribers c ON c.id = s.subscriber_id
        WHERE s.project_id = projects.id AND s.heartbeat_mode = {every} AND c.is_active
            AND s.stopped_at IS NULL
    )
"""


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


def state_query(where: str, values: dict[str, object]) -> tuple[str, dict[str, object]]:
    """The state of the projects `where` selects: a template and its values."""
    return STATE.replace("{where}", where), {"every": HeartbeatMode.EVERY.value, **values}


def steady_project(row: Mapping[str, object]) -> SteadyProject | None:
    """The project a row of `STATE` describes, if a beat that repeats its last one is steady."""
    if not (
        row["is_active"]
        and row["health"] == Health.UP.value
        and row["run_started_at"] is None
        and not row["incident_open"]  # its alert still has to say "recovered"
        and not row["every_beat"]
        and row["last_status"] is not None
    ):
        return None
    return SteadyProject(
        int(str(row["id"])),
        str(row["token"]),
        int(str(row["timeout_seconds"])),
        str(row["last_status"]),
        None if row["last_version"] is None else str(row["last_version"]),
    )


def advance_sql(on_postgres: bool) -> str:
    # A NULL version matches a NULL version too.
    return ADVANCE.replace("{same_as}", "IS NOT DISTINCT FROM" if on_postgres else "IS")


def advance_values(
    project: SteadyProject, at: datetime, on_postgres: bool = False
) -> dict[str, object]:
    """`ADVANCE`'s values for a steady beat received `at`: the deadline it leads to."""
    stored_time = sql.time_as_stored(on_postgres)
    return {
        "deadline_at": stored_time(deadline_after(at, project.timeout_seconds)),
        "last_heartbeat_at": stored_time(at),
        "id": project.id,
        "token": project.token,
        "timeout": project.timeout_seconds,
        "status": project.status,
        "version": project.version,
        "every": HeartbeatMode.EVERY.value,
    }


def advanced(row: Mapping[str, object], project: SteadyProject, at: datetime) -> bool:
    """Whether the project is as a steady beat received `at` leaves it: still steady as it
    was read, the beat's time and deadline. The UPDATE holds the row (or SQLite's write lock)
    until commit, so what this reads stays; whoever wrote it, the state is the one the beat
    leads to."""
    return (
        steady_project(row) == project
        and sql.read_time(row["last_heartbeat_at"]) == at
        and sql.read_time(row["deadline_at"]) == deadline_after(at, project.timeout_seconds)
    )
