"""The one writer of monitor state. Every change of a monitor's state, from any door, clock or
button, goes through a function here: the compare-and-set on the state it expects, the
transition row with its reason (a TransitionReason), the project's derived health, and the
notifications it owes (queued in the outbox by the caller's Announcer), in one transaction.
The heartbeat fast path keeps its own statements (services/monitors/steady.py), written next to
the rule they apply.

The kinds (MonitorKind): the heartbeat deadline (new, up, down, paused: the project's health),
the run (idle, running, hung), and each active check (new, up, down, paused; its `checks` row
says what to probe and keeps what the last probe found). Their rows are in `monitors`; the
project keeps the health derived from its heartbeat and what it last reported (a check's state
is its own, shown and alerted beside it). No other module writes a monitor row or a state
column of the project (tests/unit/test_one_writer.py)."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from models import (
    Check,
    Health,
    HealthTransition,
    HeldBecause,
    Monitor,
    MonitorKind,
    MonitorState,
    OpenRun,
    Project,
)
from models import TransitionReason as Reason
from services.monitors import checks, escalation, holds
from services.monitors.health import BeatChange, deadline_after
from services.monitors.locks import lock_project
from services.monitors.schedule import Schedule, scheduled
from services.monitors.watched import (
    INITIAL,
    OPEN_RUN,
    any_outage_open,
    outage_open,
    project_health,
)
from services.storage import sql
from services.storage.steps import Row
from services.storage.transaction import transaction

# Open runs kept per project (`?rid=`): past these, the oldest are dropped.
MAX_OPEN_RUNS = 100
# How often an open incident's alert is edited ("silent for 42 min").
INCIDENT_EVERY = timedelta(minutes=1)

# The project's columns that hold state derived from its monitors or what they compare with.
# Only this module (and the fast path's statements beside it) writes them, or `monitors` rows.
STATE_COLUMNS = frozenset(
    {
        "health",
        "paused",
        "paused_by",
        "paused_at",
        "last_heartbeat_at",
        "last_status",
        "last_version",
    }
)
# A check's columns that hold its monitor's state (the rest of its row is what to probe, and
# what the last probe found): only this module writes them.
CHECK_STATE_COLUMNS = frozenset(
    {"failures_in_row", "failing_since", "flapping_since", "certificate_warned_days"}
)
# An outage that ends takes its hold, its acknowledgement and its escalation along.
OUTAGE_OVER = {"held_because": None, "acked_by": None, "acked_at": None, "escalate_at": None}
REASON_OF_BEAT = {BeatChange.FIRST: Reason.FIRST, BeatChange.RECOVERED: Reason.RECOVERED}


class Announcer(Protocol):
    """What a transition owes people: services/notify's Notifier queues these letters."""

    async def silence(self, project: Project, now: datetime) -> None: ...

    async def run_hung(
        self, project: Project, started: datetime | None, now: datetime
    ) -> None: ...

    async def check_down(self, project: Project, check: Check, now: datetime) -> None: ...

    async def check_up(
        self, project: Project, check: Check, down_since: datetime, now: datetime
    ) -> None: ...

    async def check_flapping(self, project: Project, check: Check, now: datetime) -> None: ...

    async def check_settled(self, project: Project, check: Check, now: datetime) -> None: ...

    async def certificate_expires(
        self, project: Project, check: Check, days: int, now: datetime
    ) -> None: ...


async def beat_arrived(
    project: Project,
    status: str,
    version: str | None,
    change: BeatChange,
    now: datetime,
    rid: str | None = None,
) -> bool:
    """A heartbeat that is not steady (services/monitors/steady.py): the first, a recovery, a
    change, a beat of a paused project or one that ends a run. The heartbeat monitor is up (or
    stays paused) with a new deadline, an open run ends, and an open outage ends, so its alert
    is edited once more ("recovered after …"); with a run id, only that run ends (_end_run).
    In the caller's transaction. False if the outage it ends was held
    (services/monitors/holds.py): nobody heard of it, so nobody is told it is over."""
    beat = await _row(project.id, MonitorKind.HEARTBEAT)
    state = MonitorState.PAUSED if project.paused else MonitorState.UP
    deadline = None if project.paused else deadline_after(project, now)
    changes: dict[str, object] = {"deadline_at": deadline, **OUTAGE_OVER}
    refresh: dict[str, object] = {}
    announced = beat.held_because is None
    if outage_open(beat):
        changes["ended_at"] = now
        if announced:
            refresh["incident_refresh_at"] = now
    await _move(project, beat, state, REASON_OF_BEAT.get(change, Reason.RECOVERED), now, changes)
    await _end_run(project, Reason.RUN_SUCCEEDED, now, rid)
    health = project_health(project.paused, state)
    await Project.filter(id=project.id).update(
        **refresh, health=health, last_heartbeat_at=now, last_status=status, last_version=version
    )
    project.health, project.last_heartbeat_at = health, now
    project.last_status, project.last_version = status, version
    return announced


# A new outage starts with nothing of the last one: not held, nobody on it, no step sent.
NEW_OUTAGE = {
    "ended_at": None,
    "held_because": None,
    "acked_by": None,
    "acked_at": None,
    "escalated_steps": 0,
    "escalate_at": None,
}


async def went_silent(beat: Monitor, project: Project, now: datetime, announce: Announcer) -> bool:
    """The heartbeat deadline passed, heard by the monitor: down, with an outage whose alert is
    edited while it lasts, or held (services/monitors/holds.py: said when its reason ends).
    Compare-and-set: a heartbeat that moved the deadline, or another checker that got here
    first, makes this change nothing (False)."""
    async with transaction():
        await _lock(project)
        since = project.last_heartbeat_at or now
        held = await holds.held_because(project, now)
        escalate_at = None if held else await escalation.first_due(project.id, now)
        changed = await Monitor.filter(
            id=beat.id, state=MonitorState.UP, deadline_at=beat.deadline_at
        ).update(
            state=MonitorState.DOWN,
            deadline_at=None,
            since=since,
            **{**NEW_OUTAGE, "held_because": held, "escalate_at": escalate_at},
        )
        if changed != 1:
            return False
        await _transition(project, beat.kind, beat.state, MonitorState.DOWN, Reason.SILENCE, now)
        await Project.filter(id=project.id).update(health=Health.DOWN)
        project.health = Health.DOWN
        if held is None:
            await Project.filter(id=project.id).update(incident_refresh_at=now + INCIDENT_EVERY)
            await announce.silence(project, now)
    if held == HeldBecause.DEPENDENCY:
        await _listed_on_parents(project, now)
    return True


async def run_started(project: Project, now: datetime, rid: str | None = None) -> None:
    """A run began (/start, a Sentry check-in in progress): hung if no outcome comes within the
    timeout. With a run id (`?rid=`) it is one of the job's open runs (`open_runs`; a start of
    the same id again starts it over): the monitor is running from the oldest open run still
    within the timeout (those past it were reported hung), and at most MAX_OPEN_RUNS are kept
    (the oldest dropped). In the caller's transaction."""
    run = await _row(project.id, MonitorKind.RUN)
    since = now
    if rid is not None:
        await OpenRun.update_or_create(
            project_id=project.id, rid=rid, defaults={"started_at": now}
        )
        await _drop_beyond(project.id, MAX_OPEN_RUNS)
        since = await _oldest_open_run(project, now) or now
    changes = {"deadline_at": since + timedelta(seconds=project.timeout_seconds), "since": since}
    await _move(project, run, MonitorState.RUNNING, Reason.RUN_STARTED, now, changes)


async def run_failed(project: Project, now: datetime, rid: str | None = None) -> None:
    """A run ended with a failure (announced by the caller with its report); with a run id,
    only that run (_end_run)."""
    await _end_run(project, Reason.RUN_FAILED, now, rid)


async def run_hung(run: Monitor, project: Project, now: datetime, announce: Announcer) -> bool:
    """A run that began and sent no outcome within the timeout: reported once (compare-and-set
    on its deadline). Its start is kept: a late success still says how long it took."""
    async with transaction():
        await _lock(project)
        changed = await Monitor.filter(
            id=run.id, state=MonitorState.RUNNING, deadline_at=run.deadline_at
        ).update(state=MonitorState.HUNG, deadline_at=None)
        if changed != 1:
            return False
        await _transition(project, run.kind, run.state, MonitorState.HUNG, Reason.RUN_HUNG, now)
        if not await holds.quiet_in_maintenance(project, holds.Quieted.RUN, now):
            await announce.run_hung(project, run.since, now)
    return True


async def held_outage_released(
    held: Monitor, project: Project, now: datetime, announce: Announcer
) -> bool:
    """A held outage whose reason ended while the project is still down (its maintenance
    window is over): announced now, as it would have been when it began (the silence or the
    check's alert, edited while it lasts). THE one place a held outage is announced: whatever
    an announced outage starts (escalation) starts here too. An outage still held for another
    reason (another window, the project it depends on down) stays held, with that reason.
    Compare-and-set on the hold: of several releasers one announces; False for the others,
    and for an outage that ended or is held still."""
    announced = relabelled = False
    async with transaction():
        await _lock(project)
        still = await holds.held_because(project, now)
        if still is None:
            announced = await _announce_held(held, project, now, announce)
        elif still != held.held_because:
            relabelled = True
            await Monitor.filter(id=held.id, held_because=held.held_because).update(
                held_because=still
            )
    if relabelled and still == HeldBecause.DEPENDENCY:
        await _listed_on_parents(project, now)  # after the commit, as went_silent does
    return announced


async def _announce_held(
    held: Monitor, project: Project, now: datetime, announce: Announcer
) -> bool:
    taken = Monitor.filter(
        id=held.id, held_because=held.held_because, state=MonitorState.DOWN, ended_at__isnull=True
    )
    escalate_at = await escalation.first_due(project.id, now)
    if await taken.update(held_because=None, escalate_at=escalate_at) != 1:
        return False
    await Project.filter(id=project.id).update(incident_refresh_at=now + INCIDENT_EVERY)
    await _announce_outage(held, project, now, announce)
    return True


async def _announce_outage(
    monitor: Monitor, project: Project, now: datetime, announce: Announcer
) -> None:
    if monitor.kind == MonitorKind.HEARTBEAT:
        await announce.silence(project, now)
        return
    check = await Check.get_or_none(monitor_id=monitor.id)
    if check is not None:
        await announce.check_down(project, check, now)


async def set_paused(project: Project, paused: bool, now: datetime, by: str = "") -> None:
    """Pause (no silence or hung-run alerts) or resume. On resume a project whose last
    heartbeat is older than its timeout is down again, so its comeback is announced. An open
    outage's alert is edited to show the pause (and who did it) or the resumption."""
    if paused == project.paused:
        return
    async with transaction():
        await _lock(project)
        beat = await _row(project.id, MonitorKind.HEARTBEAT)
        state, deadline = _state_after_pause(project, paused, now)
        reason = Reason.PAUSED if paused else Reason.RESUMED
        await _move(project, beat, state, reason, now, {"deadline_at": deadline})
        await _end_run(project, reason, now)
        health = project_health(paused, state)
        outages = await any_outage_open(project.id)
        await Project.filter(id=project.id).update(
            paused=paused,
            health=health,
            paused_by=by[:256] if paused else None,
            paused_at=now if paused else None,
            incident_refresh_at=now if outages else project.incident_refresh_at,
        )
        await _checks_follow_the_project(project.id, paused, now)
    project.paused, project.health = paused, health


async def _checks_follow_the_project(project_id: int, paused: bool, now: datetime) -> None:
    """A paused project's checks are not probed (and not read by each claim: no deadline);
    on resume those not paused themselves are probed at once."""
    checks_of = Monitor.filter(project_id=project_id, kind__in=PROBED_KINDS)
    if paused:
        await checks_of.update(deadline_at=None)
    else:
        await checks_of.exclude(state=MonitorState.PAUSED).update(deadline_at=now)


def _state_after_pause(
    project: Project, paused: bool, now: datetime
) -> tuple[MonitorState, datetime | None]:
    if paused:
        return MonitorState.PAUSED, None
    if project.last_heartbeat_at is None:
        return MonitorState.NEW, None
    deadline = deadline_after(project, project.last_heartbeat_at)
    return (MonitorState.UP, deadline) if deadline > now else (MonitorState.DOWN, None)


async def timeout_changed(project: Project, seconds: int) -> None:
    """A new silence timeout (also the time a run may take); a heartbeat monitor that is up
    gets its deadline moved to match (a scheduled project's stays: its schedule rules it)."""
    await _heartbeat_rule_changed(project, {"timeout_seconds": seconds})


async def schedule_changed(
    project: Project, schedule: Schedule | None, timeout_seconds: int | None = None
) -> None:
    """The project is expected on `schedule` (validated: services/monitors/schedule.py), or,
    with None, silent for its plain timeout (`timeout_seconds` if given) is down again. A
    heartbeat monitor that is up gets its deadline moved to match."""
    changes: dict[str, object] = {**scheduled(schedule)}
    if timeout_seconds is not None:
        changes["timeout_seconds"] = timeout_seconds
    await _heartbeat_rule_changed(project, changes)


async def _heartbeat_rule_changed(project: Project, changes: Mapping[str, object]) -> None:
    """What rules the heartbeat deadline changed: written, and the deadline of an up heartbeat
    monitor moved to what the new rule gives for the last beat, under the project lock (a beat
    or the silence checker racing it sees the one or the other, whole)."""
    async with transaction():
        await _lock(project)
        await Project.filter(id=project.id).update(**changes)
        now_ruled = await Project.get(id=project.id)  # with the last beat as it is, held
        if now_ruled.last_heartbeat_at:
            await Monitor.filter(
                project_id=project.id, kind=MonitorKind.HEARTBEAT, deadline_at__isnull=False
            ).update(deadline_at=deadline_after(now_ruled, now_ruled.last_heartbeat_at))
    for name, value in changes.items():
        setattr(project, name, value)


async def deadlines_moved(later: Mapping[Monitor, datetime]) -> int:
    """Deadlines that a time nobody listened moved on (services/watch/listening.py), written to
    their rows (compare-and-set: one a heartbeat moved meanwhile keeps the new), in project id
    order, one transaction; how many moved. The one writer that takes no project lock: it
    changes only deadlines and waits for no project row, so it closes no cycle of waits."""
    moved = 0
    if not later:
        return moved
    async with transaction():
        for row in sorted(later, key=lambda row: (row.project_id, row.kind)):
            taken = Monitor.filter(id=row.id, deadline_at=row.deadline_at)
            moved += await taken.update(deadline_at=later[row])
    return moved


PROBED_KINDS = [kind for kind in MonitorKind if kind.probed]
# The changes that count towards flapping: between up and down (not a new check's first pass).
FLIPS = [MonitorState.UP, MonitorState.DOWN]
# The due checks of active, unpaused projects, oldest first (the range scan on the deadline),
# with what each asks to probe: the prober needs no second query, nor a model for each row.
CLAIM_DUE = """
SELECT m.id AS monitor_id, m.state, m.deadline_at, c.id AS check_id, c.interval_seconds,
    c.failures_in_row, c.flapping_since, c.url, c.method, c.headers, c.body, c.timeout_ms,
    c.expected_status, c.keyword, c.keyword_absent, c.json_field, c.json_value,
    c.allow_self_signed
FROM monitors m
JOIN projects p ON p.id = m.project_id
JOIN checks c ON c.monitor_id = m.id
WHERE m.deadline_at <= {now} AND m.kind IN ({kinds}) AND p.is_active AND NOT p.paused
ORDER BY m.deadline_at
LIMIT {limit}
"""
# Several instances on one PostgreSQL: each due check is claimed by one; the others skip the
# rows it holds, and find them moved on once it commits. (SQLite has one writer at a time.)
CLAIM_LOCK = " FOR UPDATE OF m SKIP LOCKED"
MOVE_TO = "UPDATE monitors SET deadline_at = {deadline_at} WHERE id = {id}"


# A probe that found an up check up again, in a batch: only what it found is written (a renewed
# certificate starts its warnings over), and only while the check is as it was claimed (up, no
# failure in a row, calm) and nothing newer was written; else the result is dropped, which
# loses nothing: a pause or an edit happened meanwhile, and the next probe comes.
PASSED_AGAIN = f"""
UPDATE checks SET last_checked_at = {{last_checked_at}}, last_ms = {{last_ms}},
    last_status = {{last_status}}, last_failure = NULL, last_detail = NULL,
    certificate_expires_at = COALESCE({{certificate_expires_at}}, certificate_expires_at),
    certificate_warned_days = CASE WHEN {{certificate_expires_at}} > certificate_expires_at
        THEN NULL ELSE certificate_warned_days END
WHERE monitor_id = {{monitor_id}} AND failures_in_row = 0 AND flapping_since IS NULL
    AND (last_checked_at IS NULL OR last_checked_at < {{last_checked_at}})
    AND EXISTS (
    SELECT 1 FROM monitors m WHERE m.id = checks.monitor_id AND m.state = '{MonitorState.UP}'
)
"""


@dataclass(frozen=True)
class Claimed:
    """A check claimed for a probe, as it stood: when it was due (for the schedule's lag),
    whether a passing probe changes nothing but what it found (`steady`), and its row with
    what to probe (CLAIM_DUE's columns, as the driver read them)."""

    check_id: int
    monitor_id: int
    due_at: datetime
    steady: bool
    check: Row = field(compare=False, repr=False)


@dataclass(frozen=True)
class Probed:
    """What one probe of a check found, as the writer records it."""

    monitor_id: int
    passed: bool
    at: datetime
    elapsed_ms: int
    status: int | None = None
    failure: str | None = None  # a services.probes Failure
    detail: Mapping[str, str] | None = None
    certificate_expires_at: datetime | None = None


async def check_added(project_id: int, kind: MonitorKind, now: datetime) -> Monitor:
    """A new check's monitor: new, probed at once. In the caller's transaction (which makes
    the `checks` row that says what to probe)."""
    return await Monitor.create(
        project_id=project_id, kind=kind, state=MonitorState.NEW, deadline_at=now
    )


async def check_removed(monitor_id: int) -> None:
    """A check and its monitor deleted (its `checks` row goes with the monitor)."""
    await Monitor.filter(id=monitor_id, kind__in=PROBED_KINDS).delete()


async def check_paused(monitor_id: int, paused: bool, now: datetime) -> bool:
    """Pause a check (no probes, no alerts) or resume it (probed at once, as a new check: its
    failures count again from none). An open outage ends with the pause, and its alert is
    edited once more to say so. False if it already was so (or is gone)."""
    async with transaction():
        monitor = await Monitor.filter(id=monitor_id).select_related("project").first()
        if monitor is None or not MonitorKind(monitor.kind).probed:
            return False
        project = monitor.project
        await _lock(project)
        monitor = await Monitor.get(id=monitor_id)  # as it is, now that we hold it
        if (monitor.state == MonitorState.PAUSED) == paused:
            return False
        changes: dict[str, object] = {"deadline_at": None if paused else now}
        if outage_open(monitor):
            changes["ended_at"] = now
            await Project.filter(id=monitor.project_id).update(incident_refresh_at=now)
        await Check.filter(monitor_id=monitor_id).update(
            failures_in_row=0, failing_since=None, flapping_since=None
        )
        state, reason = (
            (MonitorState.PAUSED, Reason.PAUSED) if paused else (MonitorState.NEW, Reason.RESUMED)
        )
        await _move(project, monitor, state, reason, now, changes)
    return True


async def check_rescheduled(monitor_id: int, interval: timedelta, now: datetime) -> None:
    """A check's new interval: its next probe moves to the new interval's next slot (a paused
    check has none until it is resumed). In the caller's transaction."""
    await Monitor.filter(id=monitor_id, deadline_at__isnull=False).update(
        deadline_at=checks.next_probe(monitor_id, interval, now)
    )


async def claim_due_checks(now: datetime, limit: int) -> list[Claimed]:
    """The checks due for a probe, each moved on to its next slot in the same transaction, so no
    other pass or instance probes it again before then. A claimed check that is never probed
    (this process dies) is probed at its next slot by whichever instance claims it then."""
    kinds, values = sql.slots("kind", list(PROBED_KINDS))
    template = CLAIM_DUE.replace("{kinds}", kinds)
    async with transaction() as connection:
        if sql.postgres(connection):
            template += CLAIM_LOCK
        due = await sql.run(sql.rows(template, now=now, limit=limit, **values))
        claimed = [_claimed(row) for row in due]
        moves = [
            {"id": c.monitor_id, "deadline_at": _next_slot(c, row, now)}
            for c, row in zip(claimed, due, strict=True)
        ]
        await sql.run(sql.each_row(MOVE_TO, moves))
    return claimed


def _claimed(row: Row) -> Claimed:
    steady = (
        row["state"] == MonitorState.UP
        and row["failures_in_row"] == 0
        and row["flapping_since"] is None
    )
    due_at = sql.read_time(row["deadline_at"])
    return Claimed(int(str(row["check_id"])), int(str(row["monitor_id"])), due_at, steady, row)


def _next_slot(claimed: Claimed, row: Row, now: datetime) -> datetime:
    interval = timedelta(seconds=int(str(row["interval_seconds"])))
    return checks.next_probe(claimed.monitor_id, interval, now)


async def checks_passed_again(probed: Sequence[Probed]) -> None:
    """Passing probes of checks claimed `steady`, in one transaction (see PASSED_AGAIN)."""
    rows = [
        sql.stored(
            Check,
            monitor_id=p.monitor_id,
            last_checked_at=p.at,
            last_ms=p.elapsed_ms,
            last_status=p.status,
            certificate_expires_at=p.certificate_expires_at,
        )
        for p in probed
    ]
    async with transaction():
        await sql.run(sql.each_row(PASSED_AGAIN, rows))


async def check_probed(
    probed: Probed,
    announce: Announcer,
    warn_days: tuple[int, ...] = checks.CERTIFICATE_WARN_DAYS,
) -> None:
    """A probe's outcome: recorded on the check, and its monitor moved if it must be: down
    after the check's `confirm` failures in a row (announced, one message per outage, edited
    while it lasts), up after a success (a recovery announced with the downtime). A failure
    not yet confirmed is probed again soon. A check that flaps is reported once, then only
    when it settles; a certificate close to its expiry is announced at each of `warn_days`."""
    now = probed.at
    held: HeldBecause | None = None
    async with transaction():
        monitor = await Monitor.get_or_none(id=probed.monitor_id)
        if monitor is None:
            return  # deleted meanwhile
        await _lock(Project(id=monitor.project_id))
        # As they are, now that we hold the project: a pause, a pass written by an overlapping
        # probe or another instance, are seen.
        project = await Project.get(id=monitor.project_id)
        monitor = await Monitor.get_or_none(id=probed.monitor_id)
        check = await Check.get_or_none(monitor_id=probed.monitor_id)
        if monitor is None or check is None:
            return
        before = MonitorState(monitor.state)
        if project.paused or not project.is_active:
            before = MonitorState.PAUSED  # what it found is kept; nothing moves or is said
        after = checks.after_probe(before, check.failures_in_row, check.confirm, probed.passed)
        await _record_probe(check, probed, after)
        interval = timedelta(seconds=check.interval_seconds)
        changes: dict[str, object] = {}
        if before == MonitorState.PAUSED:
            return
        changes["deadline_at"] = checks.probe_again_at(monitor.id, interval, now, after)
        if after.changed(before):
            held = await _check_moved(
                project, monitor, check, before, after, now, announce, changes
            )
        elif check.flapping_since is not None:
            await _maybe_settled(project, monitor, check, now, announce)
        await Monitor.filter(id=monitor.id).update(state=after.state, **changes)
        await _certificate_warning(project, check, probed, warn_days, announce)
    if held == HeldBecause.DEPENDENCY:
        await _listed_on_parents(project, now)


async def _record_probe(check: Check, probed: Probed, after: checks.AfterProbe) -> None:
    failing_since = None
    if after.failures_in_row:
        failing_since = check.failing_since if check.failures_in_row else probed.at
    check.failures_in_row, check.failing_since = after.failures_in_row, failing_since
    check.last_checked_at, check.last_ms = probed.at, probed.elapsed_ms
    check.last_status, check.last_failure = probed.status, probed.failure
    check.last_detail = dict(probed.detail) if probed.detail else None
    await check.save(
        update_fields=[
            "failures_in_row",
            "failing_since",
            "last_checked_at",
            "last_ms",
            "last_status",
            "last_failure",
            "last_detail",
        ]
    )


async def _check_moved(
    project: Project,
    monitor: Monitor,
    check: Check,
    before: MonitorState,
    after: checks.AfterProbe,
    now: datetime,
    announce: Announcer,
    changes: dict[str, object],
) -> HeldBecause | None:
    """The transition row, the outage's times and what it owes people: the outage or the
    recovery, unless the check flaps (reported once when it starts, quiet while it lasts).
    Why an outage that begins here is held, if it is."""
    reason = Reason.CHECK_PASSED if after.state == MonitorState.UP else Reason.CHECK_FAILED
    await _transition(project, monitor.kind, before, after.state, reason, now, monitor.id)
    quiet = await _flapping(project, monitor, check, now, announce)
    if after.state == MonitorState.DOWN:
        held = await holds.held_because(project, now)
        changes.update(since=check.failing_since or now, **{**NEW_OUTAGE, "held_because": held})
        if not quiet and held is None:
            await Project.filter(id=project.id).update(incident_refresh_at=now + INCIDENT_EVERY)
            changes["escalate_at"] = await escalation.first_due(project.id, now)
            await announce.check_down(project, check, now)
        return held
    if before == MonitorState.DOWN:
        changes.update(ended_at=now, **OUTAGE_OVER)
        if monitor.held_because is None:  # a held outage was never told: nor is its end
            await Project.filter(id=project.id).update(incident_refresh_at=now)
            if not quiet:
                await announce.check_up(project, check, monitor.since or now, now)
    return None


async def _flapping(
    project: Project, monitor: Monitor, check: Check, now: datetime, announce: Announcer
) -> bool:
    """Whether the check flaps (its changes not announced one by one); the first change that
    makes it flap is announced as flapping instead."""
    if check.flapping_since is not None:
        return True
    changes = await HealthTransition.filter(
        monitor_id=monitor.id, at__gt=now - checks.FLAP_WINDOW, old__in=FLIPS, new__in=FLIPS
    ).count()
    if not checks.flapping(changes):
        return False
    check.flapping_since = now
    await Check.filter(id=check.id).update(flapping_since=now)
    await announce.check_flapping(project, check, now)
    return True


async def _maybe_settled(
    project: Project, monitor: Monitor, check: Check, now: datetime, announce: Announcer
) -> None:
    """A flapping check that held its state for a whole window: said once, with that state."""
    last = (
        await HealthTransition.filter(monitor_id=monitor.id, old__in=FLIPS, new__in=FLIPS)
        .order_by("-at")
        .first()
    )
    if checks.settled(last.at if last else None, now):
        await Check.filter(id=check.id).update(flapping_since=None)
        check.flapping_since = None
        await announce.check_settled(project, check, now)


async def _certificate_warning(
    project: Project,
    check: Check,
    probed: Probed,
    warn_days: tuple[int, ...],
    announce: Announcer,
) -> None:
    """Keep the certificate's expiry, and announce it at each of `warn_days`, once per expiry
    (a renewed certificate starts over)."""
    expires_at = probed.certificate_expires_at
    if expires_at is None:
        return
    warned = check.certificate_warned_days
    if check.certificate_expires_at is not None and expires_at > check.certificate_expires_at:
        warned = None  # renewed
    days = checks.certificate_warning(expires_at, probed.at, warned, warn_days)
    check.certificate_expires_at = expires_at
    if days is not None:
        warned = days
        await announce.certificate_expires(
            project, check, checks.days_left(expires_at, probed.at), probed.at
        )
    await Check.filter(id=check.id).update(
        certificate_expires_at=expires_at, certificate_warned_days=warned
    )


async def dependency_recovered(held: Monitor, now: datetime) -> bool:
    """The project this one depends on is down no more (it recovered, was paused, or is no
    longer depended on: services/monitors/holds.py `released`): an outage of this one held
    for it is judged afresh, as if nothing were known yet. The heartbeat is up again with a
    deadline of its own timeout from now (the silence watcher alerts it if it stays silent);
    a check is probed at once and its failures counted from none, as on resume. The held
    outage ends without a word: nobody heard of it.

    Its own transaction, holding only this project's row: the parent's change committed
    before the watcher found the outage released, so no writer ever holds two projects' rows
    (and a parent's recovery inside an ingest batch waits for no dependant). Compare-and-set:
    a beat or a passing probe that ended the outage meanwhile, or another instance that got
    here first, makes this change nothing (False)."""
    async with transaction():
        await _lock(Project(id=held.project_id))
        project = await Project.get_or_none(id=held.project_id)
        if project is None:
            return False  # deleted meanwhile, with its monitors
        probed = MonitorKind(held.kind).probed
        if probed:
            state, deadline = MonitorState.NEW, None if project.paused else now
        else:
            state, deadline = MonitorState.UP, deadline_after(project, now)
        taken = Monitor.filter(
            id=held.id,
            state=MonitorState.DOWN,
            held_because=HeldBecause.DEPENDENCY,
            ended_at__isnull=True,
        )
        changes = {"deadline_at": deadline, "ended_at": now, "held_because": None}
        if await taken.update(state=state, **changes) != 1:
            return False
        reason = Reason.DEPENDENCY_RECOVERED
        await _transition(
            project, held.kind, MonitorState.DOWN, state, reason, now, held.id if probed else None
        )
        if probed:
            await Check.filter(monitor_id=held.id).update(
                failures_in_row=0, failing_since=None, flapping_since=None
            )
        else:
            await Project.filter(id=project.id).update(
                health=project_health(project.paused, state)
            )
    await _listed_on_parents(project, now)  # a paused parent's alert lists it no more
    return True


async def _listed_on_parents(project: Project, now: datetime) -> None:
    """A dependant's outage was held: the alerts of the projects it stands behind that are
    down are edited at once to list it ("also silent: …"). After the dependant's commit, in a
    statement of its own, so that no transaction holds a dependant's row and then waits for
    its parent's (see `dependency_recovered`); should it be lost, the parent's alert lists it
    at its next minutely edit anyway."""
    parents = await holds.ancestors_down(project)
    if parents:
        await Project.filter(id__in=parents).update(incident_refresh_at=now)


async def _lock(project: Project) -> None:
    await lock_project(project.id)


async def _row(project_id: int, kind: MonitorKind) -> Monitor:
    """The project's monitor of `kind`, made in its initial state if the project has none yet
    (a project inserted by plain SQL)."""
    row, _ = await Monitor.get_or_create(
        project_id=project_id, kind=kind, defaults={"state": INITIAL[kind]}
    )
    return row


async def _move(
    project: Project,
    row: Monitor,
    state: MonitorState,
    reason: Reason,
    now: datetime,
    changes: Mapping[str, object],
) -> None:
    """Write a monitor's new state (and whatever goes with it), with a transition row if the
    state changed."""
    if row.state != state:
        monitor_id = row.id if MonitorKind(row.kind).probed else None
        await _transition(project, row.kind, row.state, state, reason, now, monitor_id)
    await Monitor.filter(id=row.id).update(state=state, **changes)


async def _end_run(
    project: Project, reason: Reason, now: datetime, rid: str | None = None
) -> None:
    """An open run ends (a success, a failure, a pause). With a run id only that one: the
    monitor stays running while others are open, from the oldest of them still within the
    timeout (its deadline with it); runs past it were reported hung, once, and are kept only
    so that a late outcome still says how long it took, while the job has a run in its
    timeout. Without a run id (the way before run ids, and a pause), or when the run that ended
    was the last one within the timeout, every open run ends."""
    run = await Monitor.get_or_none(
        project_id=project.id, kind=MonitorKind.RUN, state__in=list(OPEN_RUN)
    )
    if run is None:
        return  # no run is open, so no row of open_runs either: nothing to delete
    open_runs = OpenRun.filter(project_id=project.id)
    if rid is not None:
        await open_runs.filter(rid=rid).delete()
        if await open_runs.exists() and await _follow_the_oldest(project, run, now):
            return
    await open_runs.delete()
    await _move(project, run, MonitorState.IDLE, reason, now, {"deadline_at": None, "since": None})


async def _follow_the_oldest(project: Project, run: Monitor, now: datetime) -> bool:
    """Runs are still open: the monitor runs from the oldest within the timeout. With none
    within it, it stays as it is (hung, or about to be found hung: said once either way),
    unless it was running on the deadline of a run that has just ended: the runs left are past
    the timeout, so were passed by (reported hung), and none is watched any more. False then:
    the caller ends them all, or the ended run would be reported hung when its deadline came
    and the monitor stay hung for ever on a run that will never end."""
    oldest = await _oldest_open_run(project, now)
    if oldest is None:
        ahead = run.deadline_at is not None and run.deadline_at > now
        return not (run.state == MonitorState.RUNNING and ahead)
    if run.state == MonitorState.RUNNING and run.since == oldest:
        return True
    changes = {"deadline_at": oldest + timedelta(seconds=project.timeout_seconds), "since": oldest}
    await _move(project, run, MonitorState.RUNNING, Reason.RUN_STARTED, now, changes)
    return True


async def _oldest_open_run(project: Project, now: datetime) -> datetime | None:
    """When the project's oldest open run that is still within its timeout began."""
    within = now - timedelta(seconds=project.timeout_seconds)
    oldest = (
        await OpenRun.filter(project_id=project.id, started_at__gt=within)
        .order_by("started_at", "id")
        .first()
    )
    return oldest.started_at if oldest else None


async def _drop_beyond(project_id: int, keep: int) -> None:
    """The project's open runs beyond the newest `keep` are dropped: a client cannot grow the
    table without limit."""
    dropped = await (
        OpenRun.filter(project_id=project_id)
        .order_by("-started_at", "-id")
        .offset(keep)
        .values_list("id", flat=True)
    )
    if dropped:
        await OpenRun.filter(id__in=list(dropped)).delete()


async def _transition(
    project: Project,
    kind: str,
    old: str,
    new: MonitorState,
    reason: Reason,
    now: datetime,
    monitor_id: int | None = None,
) -> None:
    await HealthTransition.create(
        project_id=project.id,
        kind=kind,
        monitor_id=monitor_id,
        old=old,
        new=new,
        reason=reason,
        at=now,
    )
