"""Alerts as living objects: the buttons under an error or incident alert, what a press does,
and the footer an alert is edited to show (counts, who did what and when)."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from aiogram.filters.callback_data import CallbackData

from models import (
    ErrorGroup,
    ErrorReport,
    GroupStatus,
    Health,
    Monitor,
    MonitorKind,
    MonitorState,
    Project,
)
from services.accounts.maintenance import Current
from services.core.errors import NotFound
from services.monitors import escalation
from services.probes.outcome import Failure
from services.text import render
from services.text.i18n import Translator, translate

# "Mute until more than N per hour": a group that keeps a steady trickle stays quiet, a storm
# wakes it up again.
MUTE_RATE_PER_HOUR = 100
LAST_OCCURRENCES = 5


class GroupAction(StrEnum):
    RESOLVE = "resolve"
    MUTE_HOUR = "mute1h"
    MUTE_DAY = "mute24h"
    MUTE_RATE = "muterate"
    IGNORE = "ignore"
    REOPEN = "reopen"
    DETAILS = "details"
    ACK = "ack"  # "👀 I'm on it": not an action on the group, said beside the others


class GroupButton(CallbackData, prefix="eg"):
    action: GroupAction
    group_id: int


class IncidentAction(StrEnum):
    PAUSE = "pause"
    RESUME = "resume"


class IncidentButton(CallbackData, prefix="pi"):
    action: IncidentAction
    project_id: int


class MaintenanceAction(StrEnum):
    HOUR = "hour"  # a window of an hour from now
    OPEN = "open"  # until someone ends it
    END = "end"


class MaintenanceButton(CallbackData, prefix="mw"):
    action: MaintenanceAction
    project_id: int


# How long the `🔧 1 h` buttons' window lasts.
MAINTENANCE_BUTTON_HOURS = 1


class AckButton(CallbackData, prefix="ak"):
    """ "👀 I'm on it" under an outage: names the monitor down (a project may have its
    heartbeat's and its checks' outages live at once) and when its outage began, so a button
    left from an earlier outage acknowledges nothing later. "ak:<id>:<epoch seconds>" keeps
    far inside Telegram's 64 bytes."""

    monitor_id: int
    since: int  # services/monitors/escalation.began_at

    @classmethod
    def of(cls, monitor_id: int, since: datetime | None) -> "AckButton":
        return cls(monitor_id=monitor_id, since=escalation.began_at(since))


class ResumeButton(CallbackData, prefix="rs"):
    """Under the notice that a group's subscriptions stopped: turn them back on."""


def resume_keyboard(tr: Translator, locale: str) -> dict[str, Any]:
    data = ResumeButton().pack()
    return {
        "inline_keyboard": [[{"text": tr.get("btn-resume-alerts", locale), "callback_data": data}]]
    }


def _button(tr: Translator, locale: str, key: str, data: CallbackData) -> dict[str, str]:
    return {"text": tr.get(key, locale, n=MUTE_RATE_PER_HOUR), "callback_data": data.pack()}


def group_keyboard(
    tr: Translator, locale: str, group_id: int, status: str, acked: bool = False
) -> dict[str, Any]:
    """Open groups offer every action; closed ones (resolved, muted, ignored) a way back. "I'm
    on it" goes once someone said it (the footer says who)."""

    def button(key: str, action: GroupAction) -> dict[str, str]:
        return _button(tr, locale, key, GroupButton(action=action, group_id=group_id))

    details = button("alert-button-details", GroupAction.DETAILS)
    if status != GroupStatus.OPEN:
        return {"inline_keyboard": [[button("alert-button-reopen", GroupAction.REOPEN), details]]}
    rows = [
        [button("alert-button-resolve", GroupAction.RESOLVE), details],
        [
            button("alert-button-mute-hour", GroupAction.MUTE_HOUR),
            button("alert-button-mute-day", GroupAction.MUTE_DAY),
            button("alert-button-mute-rate", GroupAction.MUTE_RATE),
        ],
        [button("alert-button-ignore", GroupAction.IGNORE)],
    ]
    if not acked:
        rows[-1].append(button("alert-button-ack", GroupAction.ACK))
    return {"inline_keyboard": rows}


def incident_keyboard(
    tr: Translator,
    locale: str,
    project: Project,
    paused: bool,
    maintenance: bool = False,
    ack: AckButton | None = None,
) -> dict[str, Any]:
    """Named after the project: alerts of several projects may share one message, rows each.
    `ack`: the outage offered "I'm on it" (None: someone is). A running
    project also offers maintenance (`maintenance`: one is on now, so: end it)."""
    action = IncidentAction.RESUME if paused else IncidentAction.PAUSE
    data = IncidentButton(action=action, project_id=project.id)
    name = render.clip(project.name, 40)
    label = tr.get(f"alert-button-{action.value}", locale, project=name)
    row = [{"text": label, "callback_data": data.pack()}]
    if ack is not None:
        row.append({"text": tr.get("alert-button-ack", locale), "callback_data": ack.pack()})
    rows = [row]
    if not paused:
        rows.append(_maintenance_row(tr, locale, project.id, name, maintenance))
    return {"inline_keyboard": rows}


def _maintenance_row(
    tr: Translator, locale: str, project_id: int, name: str, on: bool
) -> list[dict[str, str]]:
    actions = [MaintenanceAction.END] if on else [MaintenanceAction.HOUR, MaintenanceAction.OPEN]
    return [
        {
            "text": tr.get(f"alert-button-maintenance-{action.value}", locale, project=name),
            "callback_data": MaintenanceButton(action=action, project_id=project_id).pack(),
        }
        for action in actions
    ]


def maintenance_line(tr: Translator, locale: str, on: Current) -> str:
    """The maintenance on now, as the card and an outage's alert show it: until when, by whom."""
    if on.until is None:
        line = tr.get("maintenance-on-open", locale)
    else:
        line = tr.get("maintenance-on-until", locale, until=render.format_time(on.until))
    if on.by_deploy_script:
        line += " " + tr.get("maintenance-by-deploy-script", locale)
    elif on.by:
        line += " " + translate(tr, "maintenance-by", locale, who=render.escape(on.by, 100))
    return line


def acked_line(tr: Translator, locale: str, who: str | None, at: datetime | None) -> str:
    """ "👀 Ann is on it since 12:05" (empty when nobody is)."""
    if not who or at is None:
        return ""
    return translate(
        tr, "alert-acked", locale, who=render.escape(who, 100), time=render.format_time(at)
    )


def group_footer(tr: Translator, locale: str, group: ErrorGroup) -> str:
    """What an error alert is edited to show below its original text."""
    lines = []
    if group.times_seen > 1:
        lines.append(
            tr.get(
                "alert-seen",
                locale,
                count=group.times_seen,
                first=render.format_time(group.first_seen),
                last=render.format_time(group.last_seen),
            )
        )
    if group.action and group.acted_at:
        lines.append(_action_line(tr, locale, group))
    if group.status == GroupStatus.OPEN:
        lines.append(acked_line(tr, locale, group.acked_by, group.acked_at))
    return "\n".join(line for line in lines if line)


def _action_line(tr: Translator, locale: str, group: ErrorGroup) -> str:
    assert group.acted_at is not None
    return translate(
        tr,
        f"alert-did-{group.action}",
        locale,
        who=render.escape(group.acted_by or "?", 100),
        at=render.format_time(group.acted_at),
        until=render.format_time(group.muted_until) if group.muted_until else "—",
        n=group.mute_over_per_hour or 0,
    )


def incident_footer(
    tr: Translator,
    locale: str,
    project: Project,
    outage: Monitor,
    now: datetime,
    maintenance: Current | None = None,
) -> str:
    """While silent (or a check fails): for how long, and the maintenance on (`maintenance`);
    then how it ended (recovered or paused). `outage`: the monitor that is down (the
    heartbeat's or a check's), which knows since when and until when."""
    footer = _incident_state(tr, locale, project, outage, now)
    if maintenance is not None and outage.ended_at is None and not project.paused:
        footer += "\n" + maintenance_line(tr, locale, maintenance)
    return footer


def _incident_state(
    tr: Translator, locale: str, project: Project, outage: Monitor, now: datetime
) -> str:
    since = outage.since or now
    if outage.ended_at and outage.state == MonitorState.PAUSED:  # a check paused while down
        at = render.format_time(outage.ended_at)
        return tr.get("alert-incident-check-paused", locale, time=at)
    if outage.ended_at:
        downtime = render.humanize_duration(tr, locale, outage.ended_at - since)
        at = render.format_time(outage.ended_at)
        return tr.get("alert-incident-recovered", locale, downtime=downtime, time=at)
    if project.health == Health.PAUSED and project.paused_at:
        who = render.escape(project.paused_by or "?", 100)
        at = render.format_time(project.paused_at)
        return translate(tr, "alert-incident-paused", locale, who=who, time=at)
    silent = render.humanize_duration(tr, locale, now - since)
    key = "alert-incident-down" if MonitorKind(outage.kind).probed else "alert-incident-silent"
    lasts = tr.get(key, locale, silent=silent, time=render.format_time(now))
    acked = acked_line(tr, locale, outage.acked_by, outage.acked_at)
    return f"{lasts}\n{acked}" if acked else lasts


def probe_failure(
    tr: Translator, locale: str, failure: str | None, detail: Mapping[str, str] | None
) -> str:
    """Why a probe failed, in words a person reads ("HTTP 503", "timeout after 10 s"): the
    Failure's text with what the probe found (escaped: a keyword, a server's words)."""
    if failure not in set(Failure):
        return tr.get("check-failure-unknown", locale)
    # Short values straight to Fluent (not `translate`): some texts choose their words by
    # them (a connection's `detail`, a JSON check's `problem`).
    values = {name: render.escape(str(value), 200) for name, value in (detail or {}).items()}
    return tr.get(f"check-failure-{failure}", locale, **values)


async def group_of(group_id: int) -> ErrorGroup:
    group = await ErrorGroup.get_or_none(id=group_id)
    if group is None:
        raise NotFound("this error group no longer exists")
    return group


async def act_on_group(
    group: ErrorGroup, action: GroupAction, actor: str, now: datetime
) -> ErrorGroup:
    """Resolve, mute, ignore or reopen; the group's alerts in every chat are edited to show
    who did it and when (refresh_due_at = now wakes the refresher)."""
    changes: dict[str, Any] = {
        "muted_until": None,
        "mute_over_per_hour": None,
        "acted_by": actor[:256],
        "action": action.value,
        "acted_at": now,
        "refresh_due_at": now,
    }
    changes["status"] = _status_after(action)
    if changes["status"] == GroupStatus.RESOLVED:
        changes.update(acked_by=None, acked_at=None)  # the next alert is a new incident
    if action == GroupAction.MUTE_HOUR:
        changes["muted_until"] = now + timedelta(hours=1)
    elif action == GroupAction.MUTE_DAY:
        changes["muted_until"] = now + timedelta(days=1)
    elif action == GroupAction.MUTE_RATE:
        changes["mute_over_per_hour"] = MUTE_RATE_PER_HOUR
    await ErrorGroup.filter(id=group.id).update(**changes)
    return await group_of(group.id)


async def ack_group(group: ErrorGroup, actor: str, now: datetime) -> bool:
    """Someone is on the open group's alert: who and when, shown in every chat (the refresher
    edits them). The first press wins; False if someone is on it already or it is not open."""
    taken = ErrorGroup.filter(id=group.id, status=GroupStatus.OPEN, acked_by__isnull=True)
    return await taken.update(acked_by=actor[:256], acked_at=now, refresh_due_at=now) == 1


def _status_after(action: GroupAction) -> GroupStatus:
    return {
        GroupAction.RESOLVE: GroupStatus.RESOLVED,
        GroupAction.IGNORE: GroupStatus.IGNORED,
        GroupAction.REOPEN: GroupStatus.OPEN,
    }.get(action, GroupStatus.MUTED)


@dataclass(frozen=True)
class GroupDetails:
    group: ErrorGroup
    project: Project
    latest: ErrorReport | None
    recent: list[ErrorReport]


async def group_details(group: ErrorGroup) -> GroupDetails:
    recent = await ErrorReport.filter(group_id=group.id).order_by("-id").limit(LAST_OCCURRENCES)
    project = await Project.get(id=group.project_id)
    return GroupDetails(group, project, recent[0] if recent else None, recent)


def details_text(tr: Translator, locale: str, details: GroupDetails) -> str:
    """Everything known about a group, as plain text (sent as a message or a .txt file)."""
    group, latest = details.group, details.latest

    def line(key: str, **values: str | int) -> str:
        return translate(tr, key, locale, **values)

    lines = [
        line("details-title", project=details.project.name),
        line("details-type", type=group.type),
        line("details-message", message=latest.message if latest else group.message),
        line("details-severity", severity=group.severity),
        line("details-status", status=tr.get(f"group-status-{group.status}", locale)),
        line("details-count", count=group.times_seen),
        line("details-first", time=render.format_time(group.first_seen)),
        line("details-last", time=render.format_time(group.last_seen)),
        line("details-release", release=group.last_release or "—"),
        line("details-culprit", culprit=group.culprit or "—"),
    ]
    if latest and latest.context:
        lines += ["", tr.get("details-context", locale)]
        lines += [f"  {key}: {render.show_value(value)}" for key, value in latest.context.items()]
    if latest and latest.stack_trace:
        lines += ["", tr.get("details-stack", locale), latest.stack_trace.rstrip()]
    lines += ["", tr.get("details-recent", locale, count=len(details.recent))]
    lines += [f"  {render.format_time(r.received_at)}  {r.message[:300]}" for r in details.recent]
    return "\n".join(lines)
