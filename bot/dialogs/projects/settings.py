"""A project's settings: its name, address, silence timeout and the browser pages that may
report for it. Each is typed in its own step; a refused answer stays with its reason."""

from typing import Any

from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, Window
from aiogram_dialog.widgets.kbd import Button, Column, SwitchTo
from aiogram_i18n import I18nContext

from bot.dialogs.common import ErrorText, Tr, accept, escaped, refuse, text_step
from bot.dialogs.projects.scope import current, get_name_data, to_card
from bot.states import Projects
from models import Project
from services.accounts import projects
from services.accounts.access import Level
from services.core.errors import AppError
from services.text.render import humanize_timeout


async def get_url_data(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    project = await current(dialog_manager, Level.VIEWER)
    return {"name": escaped(project.name), "url": escaped(project.url) or "—"}


async def get_timeout_data(
    dialog_manager: DialogManager, i18n: I18nContext, **_: Any
) -> dict[str, Any]:
    project = await current(dialog_manager, Level.VIEWER)
    return {"timeout": humanize_timeout(i18n.core, i18n.locale, project.timeout_seconds)}


async def get_origins_data(
    dialog_manager: DialogManager, i18n: I18nContext, **_: Any
) -> dict[str, Any]:
    project = await current(dialog_manager, Level.VIEWER)
    return {
        "name": escaped(project.name),
        "origins": escaped((project.allowed_origins or "").replace(",", ", "))
        or i18n.get("origins-any"),
    }


async def _edit(manager: DialogManager, change: Any) -> None:
    try:
        await change(await current(manager, Level.MAINTAINER))
    except AppError as error:
        refuse(manager, error)
        return
    accept(manager)
    await manager.switch_to(Projects.settings)


async def on_rename(message: Message, widget: Any, manager: DialogManager, text: str) -> None:
    await _edit(manager, lambda project: projects.rename(project, text))


async def on_url(message: Message, widget: Any, manager: DialogManager, text: str) -> None:
    await _edit(manager, lambda project: projects.change_url(project, text))


async def on_timeout(message: Message, widget: Any, manager: DialogManager, text: str) -> None:
    async def change(project: Project) -> None:
        await projects.change_timeout(project, projects.parse_timeout(text))

    await _edit(manager, change)


async def on_clear_url(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    await _edit(manager, lambda project: projects.change_url(project, None))


async def on_origins(message: Message, widget: Any, manager: DialogManager, text: str) -> None:
    await _edit(manager, lambda project: projects.change_origins(project, text))


async def on_any_origin(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    await _edit(manager, lambda project: projects.change_origins(project, None))


def settings_window() -> Window:
    return Window(
        Tr("project-settings"),
        ErrorText(),
        Column(
            SwitchTo(Tr("btn-rename"), id="rename", state=Projects.rename),
            SwitchTo(Tr("btn-url"), id="url", state=Projects.url),
            SwitchTo(Tr("btn-timeout"), id="timeout", state=Projects.timeout),
            SwitchTo(Tr("btn-schedule"), id="schedule", state=Projects.schedule),
            SwitchTo(Tr("btn-origins"), id="origins", state=Projects.origins),
            SwitchTo(Tr("btn-maintenance-settings"), id="maintenance", state=Projects.maintenance),
            SwitchTo(Tr("btn-escalation"), id="escalation", state=Projects.escalation),
        ),
        to_card(),
        state=Projects.settings,
        getter=get_name_data,
    )


def settings_step(
    key: str, input_id: str, on_value: Any, state: State, getter: Any, *extra: Any
) -> Window:
    """One typed setting: the question, the reason a bad answer was refused, a way back."""
    return Window(
        Tr(key),
        ErrorText(),
        *text_step(input_id, on_value),
        *extra,
        SwitchTo(Tr("btn-back"), id=f"back_{input_id}", state=Projects.settings),
        state=state,
        getter=getter,
    )


def rename_window() -> Window:
    return settings_step("settings-rename", "rename", on_rename, Projects.rename, get_name_data)


def url_window() -> Window:
    clear = Button(Tr("btn-clear-url"), id="clear_url", on_click=on_clear_url)
    return settings_step("settings-url", "url", on_url, Projects.url, get_url_data, clear)


def timeout_window() -> Window:
    return settings_step(
        "settings-timeout", "timeout", on_timeout, Projects.timeout, get_timeout_data
    )


def origins_window() -> Window:
    any_origin = Button(Tr("btn-any-origin"), id="any_origin", on_click=on_any_origin)
    return settings_step(
        "settings-origins", "origins", on_origins, Projects.origins, get_origins_data, any_origin
    )
