"""What makes a heartbeat steady, in one place. A steady beat changes nothing but the heartbeat
monitor's deadline and tells nobody: its project is active, up and not on a cron schedule, no run
is open, no incident still has to say "recovered", nobody wants every beat, and the beat says
what the last one said. (A scheduled project's deadline is its next expected run, not the beat
plus the timeout; cron jobs beat rarely, so their beats all take the general path.)
Anything else is a transition and goes through services/monitors/writer.py.

The rule is written twice here, side by side, as it must be applied twice: `steady_project`
over a row read by `STATE`, and `ADVANCE`'s compare-and-set, which checks it again where the
state is written (a state remembered from an earlier batch needs no read); `MOVE_DEADLINE`
then moves the heartbeat monitor's deadline of each project `ADVANCE` took. The batching lives
in services/ingest/steady_beats.py; tests/storage/test_steady_rule.py holds the two to the
general path on the same inputs."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from models import Health, HeartbeatMode, MonitorKind, MonitorState
from services.formats.reports import HeartbeatReport
from services.monitors.health import deadline_after
from services.storage import sql

_EVERY_BEAT = """
        SELECT 1 FROM subscriptions s JOIN subscribers c ON c.id = s.subscriber_id
        WHERE s.project_id = {project} AND s.heartbeat_mode = {{every}} AND c.is_active
            AND s.stopped_at IS NULL"""
_RUN_OPEN = f"""
        SELECT 1 FROM monitors r WHERE r.project_id = {{project}}
            AND r.kind = '{MonitorKind.RUN}' AND r.state <> '{MonitorState.IDLE}'"""
STATE = f"""
SELECT p.id, p.token, p.is_active, p.timeout_seconds, p.schedule, p.last_status,
    p.last_version, p.last_heartbeat_at, h.state, h.deadline_at,
    h.since IS NOT NULL AND h.ended_at IS NULL AS outage_open,
    EXISTS ({_RUN_OPEN.format(project="p.id")}) AS run_open,
    EXISTS ({_EVERY_BEAT.format(project="p.id")}) AS every_beat
FROM projects p JOIN monitors h ON h.project_id = p.id AND h.kind = '{MonitorKind.HEARTBEAT}'
WHERE {{where}}
"""
# Compare-and-set: the project must still be as it was read (up, same status, version, timeout
# and token, still active, on no schedule, no run open, no outage to close, nobody wanting every
# beat), so a beat racing the silence checker, a pause, a new timeout or schedule, a rotation, a
# subscription or a change falls back to the full path. It checks all that steady_project does.
# `health` is checked on the row itself: every writer that moves the heartbeat monitor writes it
# in the same transaction, and PostgreSQL, after waiting for such a writer, checks again only the
# updated row, not the subqueries (which read the snapshot the statement began with). It writes
# the project's row first, as every writer does (services/monitors/writer.py locks it before the
# monitors), so concurrent transactions take their locks in one order; holding the project, the
# heartbeat monitor's deadline is then moved by MOVE_DEADLINE.
ADVANCE = f"""
UPDATE projects SET last_heartbeat_at = {{last_heartbeat_at}}
WHERE id = {{id}} AND token = {{token}} AND is_active AND timeout_seconds = {{timeout}}
    AND schedule IS NULL AND health = '{Health.UP}'
    AND last_status = {{status}} AND last_version {{same_as}} {{version}}
    AND EXISTS (
        SELECT 1 FROM monitors h WHERE h.project_id = projects.id
            AND h.kind = '{MonitorKind.HEARTBEAT}' AND h.state = '{MonitorState.UP}'
            AND (h.since IS NULL OR h.ended_at IS NOT NULL)
    )
    AND NOT EXISTS ({_RUN_OPEN.format(project="projects.id")})
    AND NOT EXISTS ({_EVERY_BEAT.format(project="projects.id")})
"""
MOVE_DEADLINE = f"""
UPDATE monitors SET deadline_at = {{deadline_at}}
WHERE project_id = {{id}} AND kind = '{MonitorKind.HEARTBEAT}'
"""
# PostgreSQL, where a statement is a trip over the network: both in one statement, the
# project's row first (the CTE's UPDATE runs before the outer one).
ADVANCE_AND_MOVE = f"""
WITH advanced AS ({ADVANCE.strip()} RETURNING id)
UPDATE monitors SET deadline_at = {{deadline_at}}
WHERE project_id IN (SELECT id FROM advanced) AND kind = '{MonitorKind.HEARTBEAT}'
"""


@dataclass(frozen=True)
class SteadyProject:
    """A project a steady beat may move: up, on no schedule, no run, no open incident, nobody
    wants every beat."""

    id: int
    token: str
    timeout_seconds: int
    status: str
    version: str | None
    # Never scheduled (steady_project, ADVANCE): what health.deadline_after reads.
    schedule: str | None = None
    schedule_tz: str | None = None
    grace_seconds: int | None = None

    def expects(self, report: HeartbeatReport) -> bool:
        return (self.status, self.version) == (report.status, report.version)


def state_query(where: str, values: dict[str, object]) -> tuple[str, dict[str, object]]:
    """The state of the projects `where` selects: a template and its values."""
    return STATE.replace("{where}", where), {"every": HeartbeatMode.EVERY.value, **values}


def steady_project(row: Mapping[str, object]) -> SteadyProject | None:
    """The project a row of `STATE` describes, if a beat that repeats its last one is steady."""
    if not (
        row["is_active"]
        and row["state"] == MonitorState.UP.value
        and not row["run_open"]
        and not row["outage_open"]  # its alert still has to say "recovered"
        and not row["every_beat"]
        and row["last_status"] is not None
        and row["schedule"] is None  # its deadline is its next run: the general path
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
    """`ADVANCE` (SQLite: `MOVE_DEADLINE` follows for each project it took), or on PostgreSQL
    `ADVANCE_AND_MOVE`. A NULL version matches a NULL version too."""
    if on_postgres:
        return ADVANCE_AND_MOVE.replace("{same_as}", "IS NOT DISTINCT FROM")
    return ADVANCE.replace("{same_as}", "IS")


def advance_values(
    project: SteadyProject, at: datetime, on_postgres: bool = False
) -> dict[str, object]:
    """`advance_sql`'s values for a steady beat received `at` (on PostgreSQL, the deadline it
    leads to too)."""
    stored_time = sql.time_as_stored(on_postgres)
    deadline = deadline_after(project, at)
    return {
        **({"deadline_at": stored_time(deadline)} if on_postgres else {}),
        "last_heartbeat_at": stored_time(at),
        "id": project.id,
        "token": project.token,
        "timeout": project.timeout_seconds,
        "status": project.status,
        "version": project.version,
        "every": HeartbeatMode.EVERY.value,
    }


def move_deadline_values(
    project: SteadyProject, at: datetime, on_postgres: bool = False
) -> dict[str, object]:
    """`MOVE_DEADLINE`'s values for a steady beat received `at`: the deadline it leads to."""
    deadline = deadline_after(project, at)
    return {"deadline_at": sql.time_as_stored(on_postgres)(deadline), "id": project.id}


def advanced(row: Mapping[str, object], project: SteadyProject, at: datetime) -> bool:
    """Whether `ADVANCE_AND_MOVE` took the steady beat received `at`: the project is still
    steady as it was read, with the beat's time and deadline. The UPDATE holds the rows until
    commit, so what this reads stays; whoever wrote it, the state is the one the beat leads
    to."""
    return (
        steady_project(row) == project
        and sql.read_time(row["last_heartbeat_at"]) == at
        and sql.read_time(row["deadline_at"]) == deadline_after(project, at)
    )
