"""Who is on an outage, and who else must hear of it while nobody is: the acknowledgement
("👀 I'm on it") and the project's escalation chain (`escalation_steps`, set in services/
accounts/escalation.py). Writers of monitor rows, under the one writer's rules (services/
monitors/writer.py): the project's lock first, then a compare-and-set, so a press or a step
counts once however many instances race for it.

A step is due `after_seconds` after the outage was announced (not after it began: a silence is
announced a whole timeout after the last beat, a held outage when its hold ends, and nobody can
acknowledge an alert before it is sent). `escalated_steps` counts the steps sent; `escalate_at`
is when the next one is due (None: none left, acknowledged, or no outage), the only column the
escalator reads (indexed)."""

from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol

from models import EscalationStep, Monitor, MonitorState, Project
from services.monitors.holds import Quieted, quiet_in_maintenance
from services.monitors.locks import lock_project
from services.monitors.watched import open_outages
from services.storage.transaction import transaction

# How often a chain that waits (a maintenance window, a pause) looks again.
WAITING_RECHECK = timedelta(minutes=1)


class Acknowledged(StrEnum):
    """What a press of "👀 I'm on it" did (the bot answers `alert-answer-<value>`)."""

    ACKED = "acked"  # recorded: the presser is on it
    TAKEN = "taken"  # someone was first
    OVER = "over"  # the button's outage is over (or was never announced): nothing to be on


class Escalator(Protocol):
    """What a step owes people: services/notify's Notifier queues the letter to its chat."""

    async def escalation(
        self, project: Project, outage: Monitor, step: EscalationStep, now: datetime
    ) -> None: ...


async def steps_of(project_id: int) -> list[EscalationStep]:
    """The project's chain, in the order its steps come due."""
    return await EscalationStep.filter(project_id=project_id).order_by("after_seconds", "id")


async def first_due(project_id: int, announced_at: datetime) -> datetime | None:
    """When an outage announced at `announced_at` escalates first (None: the project has no
    chain). The writer calls this wherever an outage is announced."""
    steps = await steps_of(project_id)
    return announced_at + timedelta(seconds=steps[0].after_seconds) if steps else None


def _next_due(steps: list[EscalationStep], sent: int, due_at: datetime | None) -> datetime | None:
    """After step `sent - 1`, due at `due_at`: when the next is due, from the same start."""
    if sent >= len(steps) or due_at is None:
        return None
    announced_at = due_at - timedelta(seconds=steps[sent - 1].after_seconds)
    return announced_at + timedelta(seconds=steps[sent].after_seconds)


def began_at(since: datetime | None) -> int:
    """An outage's start (`since`) as its "I'm on it" button names it: whole epoch seconds."""
    return int(since.timestamp()) if since else 0


async def acknowledged(monitor_id: int, since: int, by: str, now: datetime) -> Acknowledged:
    """Someone is on the outage of this monitor that began at `since` (`began_at`): who and
    when are recorded, its escalation and its reminders stop, and its alerts are edited in
    every chat to say so (the project's incident refresh is due now). The first press wins.
    A button of an earlier outage, or of one nobody was told of yet (held), is OVER: it must
    not quiet an outage its presser never saw."""
    async with transaction():
        project_id = await Monitor.filter(id=monitor_id).values_list("project_id", flat=True)
        if not project_id:
            return Acknowledged.OVER
        await lock_project(int(str(project_id[0])))
        outage = await open_outages(announced=True).get_or_none(id=monitor_id)
        if outage is None or began_at(outage.since) != since:
            return Acknowledged.OVER
        taken = open_outages(announced=True).filter(
            id=monitor_id, since=outage.since, acked_by=None
        )
        if await taken.update(acked_by=by[:256], acked_at=now, escalate_at=None) != 1:
            return Acknowledged.TAKEN
        await Project.filter(id=project_id[0]).update(incident_refresh_at=now)
    return Acknowledged.ACKED


async def chain_begun(project_id: int, now: datetime) -> int:
    """A chain was given to a project that had none: its outages already announced, that
    nobody is on, escalate from now, as if announced now (with none, they never would: their
    due time was set, empty, when they were). Compare-and-set on `escalate_at`: an outage the
    writer announced meanwhile, with the new chain, keeps its own. How many."""
    async with transaction():
        await lock_project(project_id)
        first = await first_due(project_id, now)
        if first is None:
            return 0
        waiting = open_outages(announced=True).filter(
            project_id=project_id, state=MonitorState.DOWN, acked_by=None, escalate_at=None
        )
        return await waiting.update(escalated_steps=0, escalate_at=first)


async def due(now: datetime, limit: int) -> list[Monitor]:
    """The outages whose next step is due, oldest first (a range scan on `escalate_at`)."""
    return await Monitor.filter(escalate_at__lte=now).order_by("escalate_at").limit(limit)


async def escalate(outage: Monitor, now: datetime, announce: Escalator) -> bool:
    """Send the due step of the outage (as read by `due`) and set when the next is due; once:
    the compare-and-set on `escalated_steps` and `escalate_at` makes a second instance, or a
    second pass, change nothing (False). An outage that no longer escalates (acknowledged,
    over, its chain shortened) gets no step and no further due time; one of a paused project,
    or in maintenance, waits."""
    async with transaction():
        await lock_project(outage.project_id)
        project = await Project.get_or_none(id=outage.project_id)
        steps = await steps_of(outage.project_id)
        sent = outage.escalated_steps
        row = Monitor.filter(id=outage.id, escalated_steps=sent, escalate_at=outage.escalate_at)
        if project is None or not _escalates(outage, steps):
            await row.update(escalate_at=None)
            return False
        if await _waits(project, now):
            # Paused, or maintenance began while the outage was on: its chain waits for
            # the pause or the window to end (the outage may still be on then), and the
            # time it waited does not count towards the next steps.
            await row.update(escalate_at=now + WAITING_RECHECK)
            return False
        if outage.state != MonitorState.DOWN:
            await row.update(escalate_at=None)  # up again (a resume found it beating)
            return False
        later = _next_due(steps, sent + 1, outage.escalate_at)
        taken = row.filter(state=MonitorState.DOWN, acked_by__isnull=True, ended_at__isnull=True)
        if await taken.update(escalated_steps=sent + 1, escalate_at=later) != 1:
            return False
        await announce.escalation(project, outage, steps[sent], now)
    return True


def _escalates(outage: Monitor, steps: list[EscalationStep]) -> bool:
    """Whether the outage may still have a step to send: not over (a check paused while down
    ends its outage), alerted, nobody on it, and a step left."""
    alerted = outage.ended_at is None and outage.held_because is None
    return alerted and outage.acked_by is None and outage.escalated_steps < len(steps)


async def _waits(project: Project, now: datetime) -> bool:
    """Whether the project's chains wait: paused or not watched (its heartbeat's outage is
    PAUSED, not over, and goes on at the resume), or in maintenance."""
    if project.paused or not project.is_active:
        return True
    return await quiet_in_maintenance(project, Quieted.OUTAGE, now)
