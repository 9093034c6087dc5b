"""A project's maintenance in the bot: the card's line and buttons (`🔧 1 h`, `🔧 until I end
it`, `End maintenance`), and the settings' page of weekly windows (typed in the chat's time
zone, tapped to remove) and whether errors alert during maintenance."""

from datetime import UTC, datetime
from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, Window
from aiogram_dialog.widgets.kbd import Button, Column, Row, SwitchTo
from aiogram_i18n import I18nContext

from bot.alerts import maintenance_pressed
from bot.dialogs.common import ErrorText, Tr, accept, actor, choice, escaped, refuse, text_step
from bot.dialogs.projects.scope import current
from bot.states import Projects
from models import MaintenanceWindow, Project, Subscriber
from services.accounts import maintenance
from services.accounts.access import Level
from services.core.errors import AppError
from services.notify.alerts import MaintenanceAction, maintenance_line
from services.text.render import humanize_timeout

HOUR, OPEN, END = "maint_hour", "maint_open", "maint_end"
ACTION_OF = {
    HOUR: MaintenanceAction.HOUR,
    OPEN: MaintenanceAction.OPEN,
    END: MaintenanceAction.END,
}


async def card_maintenance(i18n: I18nContext, project: Project, may: bool) -> dict[str, Any]:
    """The card's maintenance line and which of its buttons show (`may`: the actor maintains)."""
    on = await maintenance.current(project, datetime.now(UTC))
    line = maintenance_line(i18n.core, i18n.locale, on) if on else ""
    return {
        "maintenance": line,
        "may_start_maintenance": may and on is None and not project.paused,
        "may_end_maintenance": may and on is not None,
    }


def card_maintenance_buttons() -> Row:
    return Row(
        Button(Tr("btn-maintenance-hour"), id=HOUR, on_click=on_card_maintenance,
               when="may_start_maintenance"),
        Button(Tr("btn-maintenance-open"), id=OPEN, on_click=on_card_maintenance,
               when="may_start_maintenance"),
        Button(Tr("btn-maintenance-end"), id=END, on_click=on_card_maintenance,
               when="may_end_maintenance"),
    )  # fmt: skip


async def on_card_maintenance(
    callback: CallbackQuery, widget: Any, manager: DialogManager
) -> None:
    project = await current(manager, Level.MAINTAINER)
    notifier = manager.middleware_data["notifier"]
    action = ACTION_OF[widget.widget_id]
    await maintenance_pressed(project, action, callback.from_user.full_name, notifier)


async def get_maintenance_data(
    dialog_manager: DialogManager, i18n: I18nContext, **_: Any
) -> dict[str, Any]:
    project = await current(dialog_manager, Level.MAINTAINER)
    weekly = await maintenance.weekly_windows(project)
    errors = "alert" if project.errors_alert_in_maintenance else "quiet"
    return {
        "name": escaped(project.name),
        "errors": i18n.get(f"maintenance-errors-{errors}"),
        "weekly": [(window.id, "🗑 " + _weekly_label(i18n, window)) for window in weekly],
        "no_weekly": not weekly,
        "errors_quiet": not project.errors_alert_in_maintenance,
        "errors_alert": project.errors_alert_in_maintenance,
    }


def _weekly_label(i18n: I18nContext, window: MaintenanceWindow) -> str:
    minute = window.start_minute or 0
    return i18n.get(
        "maintenance-weekly-line",
        days=maintenance.days_text(window.weekdays or 0),
        at=f"{minute // 60:02d}:{minute % 60:02d}",
        length=humanize_timeout(i18n.core, i18n.locale, (window.duration_minutes or 0) * 60),
        tz=window.timezone or "UTC",
    )


async def on_remove_weekly(
    callback: CallbackQuery, widget: Any, manager: DialogManager, item: str
) -> None:
    project = await current(manager, Level.MAINTAINER)
    try:
        await maintenance.remove_weekly(project, int(item))
    except AppError as error:  # removed meanwhile (another chat, the shell)
        refuse(manager, error)


async def on_errors_toggle(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    project = await current(manager, Level.MAINTAINER)
    # The button says what to do: a double tap or a stale page cannot flip it back.
    await maintenance.set_errors_alert(project, widget.widget_id == "errors_alert")


async def chat_zone(manager: DialogManager) -> str:
    """The chat's time zone (set from the menu), else UTC: weekly hours are read in it."""
    chat = await Subscriber.get_or_none(telegram_id=actor(manager).chat_id)
    return (chat.timezone if chat else None) or "UTC"


async def get_weekly_data(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    return {"tz": escaped(await chat_zone(dialog_manager))}


async def on_weekly(message: Message, widget: Any, manager: DialogManager, text: str) -> None:
    try:
        project = await current(manager, Level.MAINTAINER)
        await maintenance.add_weekly_typed(
            project,
            text,
            await chat_zone(manager),
            message.from_user.full_name if message.from_user else "",
        )
    except AppError as error:
        refuse(manager, error)
        return
    accept(manager)
    await manager.switch_to(Projects.maintenance)


def maintenance_window() -> Window:
    return Window(
        Tr("maintenance-settings"),
        Tr("maintenance-no-weekly", when="no_weekly"),
        ErrorText(),
        Column(choice("weekly", "weekly", on_remove_weekly)),
        SwitchTo(Tr("btn-maintenance-add-weekly"), id="add_weekly",
                 state=Projects.maintenance_weekly),
        Button(Tr("btn-maintenance-errors-alert"), id="errors_alert", on_click=on_errors_toggle,
               when="errors_quiet"),
        Button(Tr("btn-maintenance-errors-quiet"), id="errors_quiet", on_click=on_errors_toggle,
               when="errors_alert"),
        SwitchTo(Tr("btn-back"), id="maintenance_back", state=Projects.settings),
        state=Projects.maintenance,
        getter=get_maintenance_data,
    )  # fmt: skip


def weekly_window() -> Window:
    return Window(
        Tr("settings-maintenance-weekly"),
        ErrorText(),
        *text_step("weekly_typed", on_weekly),
        SwitchTo(Tr("btn-back"), id="weekly_back", state=Projects.maintenance),
        state=Projects.maintenance_weekly,
        getter=get_weekly_data,
    )
