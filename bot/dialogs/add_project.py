"""/addproject: name → type → URL (optional) → [a check of that URL, how often → a keyword]
→ silence timeout → confirm → the project card. The check's steps come only for a website or
an API with a URL; `_steps` derives the way through from the answers so far, forwards and back."""

from datetime import UTC, datetime
from typing import Any

from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, StartMode, Window
from aiogram_dialog.widgets.kbd import Button, Column, Group, Row
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
from bot.dialogs.projects.checks import every, interval_choices
from bot.states import AddProject, Projects
from models import Project, ProjectType
from services.accounts import checks, projects
from services.core.errors import AccessDenied, AppError, Conflict
from services.monitors.checks import DEFAULT_CONFIRM
from services.text.render import humanize_timeout

TIMEOUT_PRESETS = (300, 900, 3600, 86400)
CHECK_PRESETS = (30, 60, 300)  # seconds
CHECKED_TYPES = (ProjectType.WEBSITE, ProjectType.API)


def _offers_check(data: dict[str, Any]) -> bool:
    return bool(data.get("url")) and data.get("type") in CHECKED_TYPES


def _steps(data: dict[str, Any]) -> list[State]:
    """The steps this project goes through, as its answers so far decide."""
    steps = [AddProject.name, AddProject.type, AddProject.url]
    if _offers_check(data):
        steps.append(AddProject.check)
        if data.get("check_interval"):
            steps.append(AddProject.keyword)
    return [*steps, AddProject.timeout, AddProject.confirm]


async def _step(manager: DialogManager, by: int) -> None:
    steps = _steps(manager.dialog_data)
    await manager.switch_to(steps[steps.index(manager.current_context().state) + by])


async def forward(manager: DialogManager) -> None:
    accept(manager)
    await _step(manager, 1)


async def on_back(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    accept(manager)
    await _step(manager, -1)


async def get_type_data(i18n: I18nContext, **_: Any) -> dict[str, Any]:
    return {"types": [(t.value, i18n.get(f"type-{t.value}")) for t in ProjectType]}


async def get_timeout_data(i18n: I18nContext, **_: Any) -> dict[str, Any]:
    return {"presets": [(s, humanize_timeout(i18n.core, i18n.locale, s)) for s in TIMEOUT_PRESETS]}


async def get_check_data(
    dialog_manager: DialogManager, i18n: I18nContext, **_: Any
) -> dict[str, Any]:
    return {
        "url": escaped(dialog_manager.dialog_data.get("url")),
        "confirm": DEFAULT_CONFIRM,
        "intervals": interval_choices(i18n, CHECK_PRESETS),
    }


async def get_confirm_data(dialog_manager: DialogManager, i18n: I18nContext, **_: Any) -> dict:
    data = dialog_manager.dialog_data
    check = _check_spec(data, 0)
    return {
        "name": escaped(data["name"]),
        "type": i18n.get(f"type-{data['type']}"),
        "url": escaped(data.get("url")) or "—",
        "timeout": humanize_timeout(i18n.core, i18n.locale, data["timeout"]),
        "check_every": every(i18n, data["check_interval"]) if check else "",
        "keyword": escaped(check.keyword) if check else "",
    }


def _check_spec(data: dict[str, Any], created_by: int) -> checks.NewCheck | None:
    """The check chosen in the check's steps, if this project still offers one."""
    if not (_offers_check(data) and data.get("check_interval")):
        return None
    return checks.NewCheck(
        url=data["url"],
        interval=f"{data['check_interval']}s",
        keyword=data.get("check_keyword"),
        created_by=created_by,
    )


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
    manager.dialog_data["name"] = name
    await forward(manager)


async def on_type(
    callback: CallbackQuery, widget: Any, manager: DialogManager, value: str
) -> None:
    manager.dialog_data["type"] = ProjectType(value).value
    await forward(manager)


async def on_url(message: Message, widget: Any, manager: DialogManager, text: str) -> None:
    try:
        manager.dialog_data["url"] = projects.validate_url(text)
    except AppError as error:
        refuse(manager, error)
        return
    await forward(manager)


async def on_skip_url(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    manager.dialog_data.pop("url", None)
    await forward(manager)


async def on_check_interval(
    callback: CallbackQuery, widget: Any, manager: DialogManager, value: str
) -> None:
    try:
        checks.validate_check_url(manager.dialog_data["url"])
        interval = checks.parse_interval(value)
    except AppError as error:
        refuse(manager, error)
        return
    manager.dialog_data["check_interval"] = int(interval.total_seconds())
    await forward(manager)


async def on_no_check(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    manager.dialog_data.pop("check_interval", None)
    manager.dialog_data.pop("check_keyword", None)
    await forward(manager)


async def on_keyword(message: Message, widget: Any, manager: DialogManager, text: str) -> None:
    try:
        manager.dialog_data["check_keyword"] = checks.validate_keyword(text)
    except AppError as error:
        refuse(manager, error)
        return
    await forward(manager)


async def on_skip_keyword(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    manager.dialog_data.pop("check_keyword", None)
    await forward(manager)


async def on_timeout_typed(
    message: Message, widget: Any, manager: DialogManager, text: str
) -> None:
    try:
        manager.dialog_data["timeout"] = projects.parse_timeout(text)
    except AppError as error:
        refuse(manager, error)
        return
    await forward(manager)


async def on_timeout_preset(
    callback: CallbackQuery, widget: Any, manager: DialogManager, value: str
) -> None:
    manager.dialog_data["timeout"] = int(value)
    await forward(manager)


async def on_create(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    await _require_admin(manager)
    data = manager.dialog_data
    spec = projects.NewProject(
        data["name"], ProjectType(data["type"]), data.get("url"), data["timeout"]
    )
    check = _check_spec(data, actor(manager).user_id)
    try:
        project = await checks.create_project_with_check(spec, check, datetime.now(UTC))
    except AppError as error:  # someone took the name meanwhile (the rest was checked in its step)
        refuse(manager, error)
        await manager.switch_to(AddProject.name if isinstance(error, Conflict) else AddProject.url)
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
            Button(Tr("btn-skip"), id="skip_url", on_click=on_skip_url),
            Row(back(), close()),
            state=AddProject.url,
        ),
        Window(
            Tr("add-check"),
            ErrorText(),
            Group(choice("check_interval", "intervals", on_check_interval), width=3),
            Button(Tr("btn-no-check"), id="no_check", on_click=on_no_check),
            Row(back(), close()),
            state=AddProject.check,
            getter=get_check_data,
        ),
        Window(
            Tr("add-keyword"),
            ErrorText(),
            *text_step("keyword", on_keyword),
            Button(Tr("btn-skip"), id="skip_keyword", on_click=on_skip_keyword),
            Row(back(), close()),
            state=AddProject.keyword,
        ),
        Window(
            Tr("add-timeout"),
            ErrorText(),
            Group(
                choice("preset", "presets", on_timeout_preset, type_factory=int),
                width=2,
            ),
            *text_step("timeout", on_timeout_typed),
            # Back to the URL or to the check's steps: which ones this project went through.
            Row(Button(Tr("btn-back"), id="timeout_back", on_click=on_back), close()),
            state=AddProject.timeout,
            getter=get_timeout_data,
        ),
        Window(
            Tr("add-confirm"),
            Tr("add-confirm-check", when="check_every"),
            Tr("add-confirm-keyword", when="keyword"),
            Column(Button(Tr("btn-create"), id="create", on_click=on_create)),
            Row(back(), close()),
            state=AddProject.confirm,
            getter=get_confirm_data,
        ),
    )
