"""A project's cron schedule, from its settings: the schedule (a common one or a typed
expression) → its time zone (the chat's own by default) → the grace → the next three expected
runs, confirmed before saving. And the way back to a plain silence timeout. Each step refuses a
bad answer with its reason and stays."""

from datetime import UTC, datetime
from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, Window
from aiogram_dialog.widgets.kbd import Button, Column, Row, SwitchTo
from aiogram_i18n import I18nContext

from bot.dialogs.common import ErrorText, Tr, accept, actor, choice, escaped, refuse, text_step
from bot.dialogs.projects.scope import current
from bot.states import Projects
from models import Project, Subscriber
from services.accounts import projects, schedules
from services.accounts.access import Level
from services.core.errors import AppError
from services.monitors.health import project_schedule
from services.monitors.schedule import (
    DEFAULT_TZ,
    Schedule,
    checked_schedule,
    parse_expression,
)
from services.text import zones
from services.text.render import humanize_duration, humanize_timeout

# The common schedules offered as buttons, by their label's key (also the button's id).
COMMON = {
    "schedule-hourly": "0 * * * *",
    "schedule-daily": "0 3 * * *",
    "schedule-weekdays": "0 9 * * 1-5",
    "schedule-weekly": "0 9 * * 1",
}
GRACE_PRESETS = (300, 900, 1800, 3600)  # seconds
RUN_FORMAT = "%Y-%m-%d %H:%M %Z"
UPCOMING = 3


def describe(i18n: I18nContext, schedule: Schedule) -> dict[str, str]:
    """A schedule's values for the texts that show it (the card, the steps)."""
    return {
        "schedule": escaped(schedule.expression),
        "tz": escaped(schedule.tz),
        "grace": humanize_duration(i18n.core, i18n.locale, schedule.grace),
    }


def card_values(i18n: I18nContext, project: Project) -> dict[str, Any]:
    """What the project card shows of the heartbeat rule: the schedule, or the timeout."""
    schedule = project_schedule(project)
    if schedule is None:
        return {"scheduled": False}
    return {"scheduled": True, **describe(i18n, schedule)}


async def _chat_zone(manager: DialogManager) -> str:
    chat = await Subscriber.get_or_none(telegram_id=actor(manager).chat_id)
    return chat.timezone if chat else DEFAULT_TZ


def _chosen(manager: DialogManager) -> Schedule:
    """The schedule the steps so far chose (each part was checked as it was given)."""
    data = manager.dialog_data
    return checked_schedule(data["schedule"], data["schedule_tz"], int(data["grace"]))


async def get_choose_data(
    dialog_manager: DialogManager, i18n: I18nContext, **_: Any
) -> dict[str, Any]:
    project = await current(dialog_manager, Level.VIEWER)
    schedule = project_schedule(project)
    if schedule is None:
        timeout = humanize_timeout(i18n.core, i18n.locale, project.timeout_seconds)
        now = i18n.get("schedule-now-timeout", timeout=timeout)
    else:
        now = i18n.get("schedule-now", **describe(i18n, schedule))
    return {
        "name": escaped(project.name),
        "now": now,
        "common": [(key, i18n.get(key)) for key in COMMON],
        "scheduled": schedule is not None,
    }


async def get_zone_data(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    return {
        "schedule": escaped(dialog_manager.dialog_data["schedule"]),
        "tz": escaped(await _chat_zone(dialog_manager)),
    }


async def get_grace_data(i18n: I18nContext, **_: Any) -> dict[str, Any]:
    return {"presets": [(s, humanize_timeout(i18n.core, i18n.locale, s)) for s in GRACE_PRESETS]}


async def get_confirm_data(
    dialog_manager: DialogManager, i18n: I18nContext, **_: Any
) -> dict[str, Any]:
    project = await current(dialog_manager, Level.VIEWER)
    schedule = _chosen(dialog_manager)
    runs = schedules.upcoming(schedule, datetime.now(UTC), UPCOMING)
    return {
        "name": escaped(project.name),
        **describe(i18n, schedule),
        "runs": "\n".join(f"• {run.strftime(RUN_FORMAT)}" for run in runs),
    }


async def get_timeout_data(
    dialog_manager: DialogManager, i18n: I18nContext, **_: Any
) -> dict[str, Any]:
    project = await current(dialog_manager, Level.VIEWER)
    return {"timeout": humanize_timeout(i18n.core, i18n.locale, project.timeout_seconds)}


async def _take(manager: DialogManager, key: str, read: Any, text: str, next_: Any) -> None:
    """One step's answer: read (InvalidInput keeps the step, with its reason), then on."""
    try:
        manager.dialog_data[key] = read(text)
    except AppError as error:
        refuse(manager, error)
        return
    accept(manager)
    await manager.switch_to(next_)


async def on_common(
    callback: CallbackQuery, widget: Any, manager: DialogManager, item: str
) -> None:
    expression = COMMON.get(item, "")  # a forged id is refused as an empty schedule
    await _take(manager, "schedule", parse_expression, expression, Projects.schedule_zone)


async def on_expression(message: Message, widget: Any, manager: DialogManager, text: str) -> None:
    await _take(manager, "schedule", parse_expression, text, Projects.schedule_zone)


async def on_chat_zone(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    await _take(
        manager, "schedule_tz", zones.read_zone, await _chat_zone(manager), Projects.schedule_grace
    )


async def on_zone(message: Message, widget: Any, manager: DialogManager, text: str) -> None:
    await _take(manager, "schedule_tz", zones.read_zone, text, Projects.schedule_grace)


async def on_grace_preset(
    callback: CallbackQuery, widget: Any, manager: DialogManager, item: str
) -> None:
    await _take(manager, "grace", int, item, Projects.schedule_confirm)


async def on_grace(message: Message, widget: Any, manager: DialogManager, text: str) -> None:
    await _take(manager, "grace", schedules.read_grace, text, Projects.schedule_confirm)


async def on_save(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    project = await current(manager, Level.MAINTAINER)
    await schedules.set_schedule(project, _chosen(manager))
    await manager.switch_to(Projects.card)


async def on_plain_timeout(
    message: Message, widget: Any, manager: DialogManager, text: str
) -> None:
    try:
        project = await current(manager, Level.MAINTAINER)
        await schedules.set_plain_timeout(project, projects.parse_timeout(text))
    except AppError as error:
        refuse(manager, error)
        return
    accept(manager)
    await manager.switch_to(Projects.card)


def _back(to: Any, id: str) -> SwitchTo:
    return SwitchTo(Tr("btn-back"), id=id, state=to)


def schedule_window() -> Window:
    return Window(
        Tr("schedule-choose"),
        ErrorText(),
        Column(choice("common", "common", on_common)),
        *text_step("expression", on_expression),
        SwitchTo(
            Tr("btn-plain-timeout"),
            id="plain",
            state=Projects.schedule_timeout,
            when="scheduled",
        ),
        _back(Projects.settings, "back_schedule"),
        state=Projects.schedule,
        getter=get_choose_data,
    )


def schedule_zone_window() -> Window:
    return Window(
        Tr("schedule-zone"),
        ErrorText(),
        Button(Tr("btn-zone-chat"), id="chat_zone", on_click=on_chat_zone),
        *text_step("zone", on_zone),
        _back(Projects.schedule, "back_zone"),
        state=Projects.schedule_zone,
        getter=get_zone_data,
    )


def schedule_grace_window() -> Window:
    return Window(
        Tr("schedule-grace"),
        ErrorText(),
        Row(choice("grace_preset", "presets", on_grace_preset)),
        *text_step("grace", on_grace),
        _back(Projects.schedule_zone, "back_grace"),
        state=Projects.schedule_grace,
        getter=get_grace_data,
    )


def schedule_confirm_window() -> Window:
    return Window(
        Tr("schedule-confirm"),
        Row(
            Button(Tr("btn-schedule-save"), id="save_schedule", on_click=on_save),
            _back(Projects.schedule_grace, "back_confirm"),
        ),
        state=Projects.schedule_confirm,
        getter=get_confirm_data,
    )


def schedule_timeout_window() -> Window:
    return Window(
        Tr("settings-timeout-plain"),
        ErrorText(),
        *text_step("plain_timeout", on_plain_timeout),
        _back(Projects.schedule, "back_plain"),
        state=Projects.schedule_timeout,
        getter=get_timeout_data,
    )


def schedule_windows() -> list[Window]:
    return [
        schedule_window(),
        schedule_zone_window(),
        schedule_grace_window(),
        schedule_confirm_window(),
        schedule_timeout_window(),
    ]
