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
from typing import Protocol

from tortoise.queryset import QuerySet

from models import EscalationStep, Monitor, MonitorKind, MonitorState, Project
from services.monitors.holds import Quieted, quiet_in_maintenance
from services.monitors.locks import lock_project
from services.storage.transaction import transaction

OUTAGE_KINDS = [kind for kind in MonitorKind if kind != MonitorKind.RUN]
# How often a chain that waits for a maintenance window to end looks again.
IN_MAINTENANCE_RECHECK = timedelta(minutes=1)


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


def _open_outage(monitor_id: int) -> QuerySet[Monitor]:
    return Monitor.filter(
        id=monitor_id, kind__in=OUTAGE_KINDS, since__isnull=False, ended_at__isnull=True
    )


async def acknowledged(monitor_id: int, by: str, now: datetime) -> bool:
    """Someone is on the outage of this monitor: who and when are recorded, its escalation and
    its reminders stop, and its alerts are edited in every chat to say so (the project's
    incident refresh is due now). The first press wins; False when there is no open outage or
    someone is on it already."""
    async with transaction():
        project_id = await Monitor.filter(id=monitor_id).values_list("project_id", flat=True)
        if not project_id:
            return False
        await lock_project(int(str(project_id[0])))
        taken = _open_outage(monitor_id).filter(acked_by__isnull=True)
        if await taken.update(acked_by=by[:256], acked_at=now, escalate_at=None) != 1:
            return False
        await Project.filter(id=project_id[0]).update(incident_refresh_at=now)
    return True


async def due(now: datetime, limit: int) -> list[Monitor]:
    """The outages whose next step is due, oldest first (a range scan on `escalate_at`)."""
    return await Monitor.filter(escalate_at__lte=now).order_by("escalate_at").limit(limit)


async def escalate(outage: Monitor, now: datetime, announce: Escalator) -> bool:
    """Send the due step of the outage (as read by `due`) and set when the next is due; once:
    the compare-and-set on `escalated_steps` and `escalate_at` makes a second instance, or a
    second pass, change nothing (False). An outage that no longer escalates (acknowledged,
    over, paused, its chain shortened) gets no step and no further due time."""
    async with transaction():
        await lock_project(outage.project_id)
        project = await Project.get_or_none(id=outage.project_id)
        steps = await steps_of(outage.project_id)
        sent = outage.escalated_steps
        row = Monitor.filter(id=outage.id, escalated_steps=sent, escalate_at=outage.escalate_at)
        if project is None or not _escalates(project, outage, steps):
            await row.update(escalate_at=None)
            return False
        if await quiet_in_maintenance(project, Quieted.OUTAGE, now):
            # Maintenance began while the outage was on: its chain waits for the window
            # to end, and the time in it does not count towards the next steps.
            await row.update(escalate_at=now + IN_MAINTENANCE_RECHECK)
            return False
        later = _next_due(steps, sent + 1, outage.escalate_at)
        taken = row.filter(state=MonitorState.DOWN, acked_by__isnull=True, ended_at__isnull=True)
        if await taken.update(escalated_steps=sent + 1, escalate_at=later) != 1:
            return False
        await announce.escalation(project, outage, steps[sent], now)
    return True


def _escalates(project: Project, outage: Monitor, steps: list[EscalationStep]) -> bool:
    """Whether the outage still has a step to send: down and not over (a check paused while
    down ends its outage), alerted, nobody on it, the project watched, and a step left."""
    down = outage.state == MonitorState.DOWN and outage.ended_at is None
    alive = project.is_active and not project.paused and outage.held_because is None
    return down and alive and outage.acked_by is None and outage.escalated_steps < len(steps)
