"""/addproject: name → type → URL (optional) → silence timeout → confirm → the project card."""

from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, StartMode, Window
from aiogram_dialog.widgets.kbd import Button, Column, Group, Next, Row
from aiogram_i18n import I18nContext

from bot.dialogs.common import (
    ErrorText,
    Tr,
    accept,
    actor,
    back,
    choice,
    close,
    escaped,
    refuse,
    text_step,
)
from bot.states import AddProject, Projects
from models import Project, ProjectType
from services.accounts import projects
from services.core.errors import AccessDenied, AppError, Conflict
from services.text.render import humanize_timeout

TIMEOUT_PRESETS = (300, 900, 3600, 86400)


async def get_type_data(i18n: I18nContext, **_: Any) -> dict[str, Any]:
    return {"types": [(t.value, i18n.get(f"type-{t.value}")) for t in ProjectType]}


async def get_timeout_data(i18n: I18nContext, **_: Any) -> dict[str, Any]:
    return {"presets": [(s, humanize_timeout(i18n.core, i18n.locale, s)) for s in TIMEOUT_PRESETS]}


async def get_confirm_data(dialog_manager: DialogManager, i18n: I18nContext, **_: Any) -> dict:
    data = dialog_manager.dialog_data
    return {
        "name": escaped(data["name"]),
        "type": i18n.get(f"type-{data['type']}"),
        "url": escaped(data.get("url")) or "—",
        "timeout": humanize_timeout(i18n.core, i18n.locale, data["timeout"]),
    }


async def _require_admin(manager: DialogManager) -> None:
    if not await actor(manager).is_admin():
        raise AccessDenied("only admins add projects")


async def on_name(message: Message, widget: Any, manager: DialogManager, text: str) -> None:
    await _require_admin(manager)
    try:
        name = projects.validate_name(text)
        if await Project.filter(name=name).exists():
            raise Conflict("duplicate", "name-taken")
    except AppError as error:
        refuse(manager, error)
        return
    accept(manager)
    manager.dialog_data["name"] = name
    await manager.next()


async def on_type(
    callback: CallbackQuery, widget: Any, manager: DialogManager, value: str
) -> None:
    manager.dialog_data["type"] = ProjectType(value).value
    await manager.next()


async def on_url(message: Message, widget: Any, manager: DialogManager, text: str) -> None:
    try:
        manager.dialog_data["url"] = projects.validate_url(text)
    except AppError as error:
        refuse(manager, error)
        return
    accept(manager)
    await manager.next()


async def on_timeout_typed(
    message: Message, widget: Any, manager: DialogManager, text: str
) -> None:
    try:
        manager.dialog_data["timeout"] = projects.parse_timeout(text)
    except AppError as error:
        refuse(manager, error)
        return
    accept(manager)
    await manager.next()


async def on_timeout_preset(
    callback: CallbackQuery, widget: Any, manager: DialogManager, value: str
) -> None:
    manager.dialog_data["timeout"] = int(value)
    accept(manager)
    await manager.next()


async def on_create(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    await _require_admin(manager)
    data = manager.dialog_data
    spec = projects.NewProject(
        data["name"], ProjectType(data["type"]), data.get("url"), data["timeout"]
    )
    try:
        project = await projects.create_project(spec)
    except AppError as error:  # someone took the name meanwhile
        refuse(manager, error)
        await manager.switch_to(AddProject.name)
        return
    await manager.start(
        Projects.token,
        data={"project_id": project.id, "created": True},
        mode=StartMode.RESET_STACK,
    )


def add_project_dialog() -> Dialog:
    return Dialog(
        Window(
            Tr("add-name"),
            ErrorText(),
            *text_step("name", on_name),
            close(),
            state=AddProject.name,
        ),
        Window(
            Tr("add-type"),
            Group(
                choice("type", "types", on_type),
                width=2,
            ),
            Row(back(), close()),
            state=AddProject.type,
            getter=get_type_data,
        ),
        Window(
            Tr("add-url"),
            ErrorText(),
            *text_step("url", on_url),
            Next(Tr("btn-skip")),
            Row(back(), close()),
            state=AddProject.url,
        ),
        Window(
            Tr("add-timeout"),
            ErrorText(),
            Group(
                choice("preset", "presets", on_timeout_preset, type_factory=int),
                width=2,
            ),
            *text_step("timeout", on_timeout_typed),
            Row(back(), close()),
            state=AddProject.timeout,
            getter=get_timeout_data,
        ),
        Window(
            Tr("add-confirm"),
            Column(Button(Tr("btn-create"), id="create", on_click=on_create)),
            Row(back(), close()),
            state=AddProject.confirm,
            getter=get_confirm_data,
        ),
    )
