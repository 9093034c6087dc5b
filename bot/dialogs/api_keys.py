"""/apikeys: an admin's keys of the management API (docs/management-api.md): the list (name,
first characters, scope, last use), a new key (its name, read-only or not, every project or
one) and revoking one. The new key is sent once as a message of its own, not as the dialog's
window: the dialog's state (in Redis, say) never holds it. Others are refused: only admins make
keys, and a key an admin made stops working when they are no longer one
(services/accounts/api_keys.py). Only in a private chat: in a group every member would read the
key (as a project's token, bot/dialogs/projects/scope.py)."""

from datetime import UTC, datetime
from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, ShowMode, Window
from aiogram_dialog.widgets.kbd import Button, Column, Row, ScrollingGroup, SwitchTo
from aiogram_i18n import I18nContext

from bot.dialogs.common import (
    PAGE_HEIGHT,
    ErrorText,
    Tr,
    accept,
    actor,
    choice,
    close,
    escaped,
    refuse,
    text_step,
)
from bot.states import ApiKeys
from models import ApiKey
from services.accounts import api_keys, projects
from services.core.errors import AccessDenied, AppError
from services.storage.ids import typed_id
from services.text.render import format_time

NAME, READ_ONLY = "name", "read_only"
ALL_PROJECTS = "all"


async def _require_admin(manager: DialogManager) -> None:
    me = actor(manager)
    if me.chat_id < 0:
        raise AccessDenied("API keys are managed in a private chat with the bot")
    if not await me.is_admin():
        raise AccessDenied("only admins manage API keys")


def _key_line(i18n: I18nContext, key: ApiKey) -> str:
    return i18n.get(
        "apikeys-line",
        name=escaped(key.name),
        prefix=escaped(key.prefix),
        scope=_scope(i18n, key.read_only, key.project.name if key.project else None),
        used=format_time(key.last_used_at) if key.last_used_at else i18n.get("apikeys-unused"),
    )


def _scope(i18n: I18nContext, read_only: bool, project: str | None) -> str:
    what = i18n.get("apikeys-read-only" if read_only else "apikeys-read-write")
    where = (
        i18n.get("apikeys-one-project", name=escaped(project))
        if project
        else i18n.get("apikeys-all-projects")
    )
    return f"{what}, {where}"


async def get_list_data(
    dialog_manager: DialogManager, i18n: I18nContext, **_: Any
) -> dict[str, Any]:
    me = actor(dialog_manager)
    if me.chat_id < 0 or not await me.is_admin():
        group = me.chat_id < 0
        return {
            "admin": False,
            "group": group,
            "refused": not group,
            "empty": False,
            "keys": "",
            "revocable": [],
        }
    keys = await api_keys.list_keys()
    return {
        "admin": True,
        "group": False,
        "refused": False,
        "empty": not keys,
        "keys": "\n\n".join(_key_line(i18n, key) for key in keys),
        "revocable": [(key.id, f"🗑 {key.name} ({key.prefix}…)") for key in keys],
    }


async def on_name(message: Message, widget: Any, manager: DialogManager, text: str) -> None:
    await _require_admin(manager)
    try:
        manager.dialog_data[NAME] = api_keys.validate_key_name(text)
    except AppError as error:
        refuse(manager, error)
        return
    accept(manager)
    await manager.switch_to(ApiKeys.read_only)


async def get_name_data(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    return {"name": escaped(dialog_manager.dialog_data.get(NAME))}


async def on_read_only(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    manager.dialog_data[READ_ONLY] = widget.widget_id == "read_only"
    await manager.switch_to(ApiKeys.project)


async def get_project_data(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    rows = await projects.list_projects()
    return {
        "name": escaped(dialog_manager.dialog_data.get(NAME)),
        "projects": [(row.id, row.name) for row in rows],
    }


async def on_all_projects(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    await _make_key(callback, manager, None)


async def on_project(
    callback: CallbackQuery, widget: Any, manager: DialogManager, item: str
) -> None:
    await _make_key(callback, manager, int(item))


async def _make_key(
    callback: CallbackQuery, manager: DialogManager, project_id: int | None
) -> None:
    await _require_admin(manager)
    i18n: I18nContext = manager.middleware_data["i18n"]
    data = manager.dialog_data
    try:
        key, plain = await api_keys.create_key(
            data[NAME], bool(data.get(READ_ONLY)), project_id, actor(manager).user_id
        )
    except AppError as error:  # the project was deleted meanwhile
        refuse(manager, error)
        return
    key = await ApiKey.get(id=key.id).select_related("project")
    scope = _scope(i18n, key.read_only, key.project.name if key.project else None)
    if callback.message is not None:
        await callback.message.answer(
            i18n.get("apikeys-made", name=escaped(key.name), scope=scope, key=plain)
        )
    # The list again, below the key's message.
    await manager.switch_to(ApiKeys.list, show_mode=ShowMode.SEND)


async def on_revoke_chosen(
    callback: CallbackQuery, widget: Any, manager: DialogManager, item: str
) -> None:
    await _require_admin(manager)
    if typed_id(item) is None:  # a forged button: no key has that id
        return
    manager.dialog_data["revoke"] = int(item)
    await manager.switch_to(ApiKeys.revoke)


async def get_revoke_data(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    key = await ApiKey.get_or_none(id=dialog_manager.dialog_data.get("revoke"))
    return {"name": escaped(key.name if key else ""), "prefix": escaped(key.prefix if key else "")}


async def on_revoke(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    await _require_admin(manager)
    try:
        await api_keys.revoke_key(manager.dialog_data["revoke"], datetime.now(UTC))
    except AppError:  # revoked meanwhile (another admin, the shell): what was asked holds
        pass
    await manager.switch_to(ApiKeys.list)


def list_window() -> Window:
    return Window(
        Tr("apikeys-title", when="admin"),
        Tr("apikeys-empty", when="empty"),
        Tr("apikeys-admins-only", when="refused"),
        Tr("apikeys-private-only", when="group"),
        Tr("apikeys-list", when="keys"),
        SwitchTo(Tr("btn-apikeys-new"), id="new", state=ApiKeys.name, when="admin"),
        Column(choice("revoke", "revocable", on_revoke_chosen)),
        close(),
        state=ApiKeys.list,
        getter=get_list_data,
    )


def name_window() -> Window:
    return Window(
        Tr("apikeys-ask-name"),
        ErrorText(),
        *text_step("key_name", on_name),
        SwitchTo(Tr("btn-back"), id="name_back", state=ApiKeys.list),
        state=ApiKeys.name,
    )


def read_only_window() -> Window:
    return Window(
        Tr("apikeys-ask-read-only"),
        Row(
            Button(Tr("btn-apikeys-read-write"), id="read_write", on_click=on_read_only),
            Button(Tr("btn-apikeys-read-only"), id="read_only", on_click=on_read_only),
        ),
        SwitchTo(Tr("btn-back"), id="read_only_back", state=ApiKeys.name),
        state=ApiKeys.read_only,
        getter=get_name_data,
    )


def project_window() -> Window:
    return Window(
        Tr("apikeys-ask-project"),
        ErrorText(),
        Button(Tr("btn-apikeys-all-projects"), id=ALL_PROJECTS, on_click=on_all_projects),
        ScrollingGroup(
            choice("key_project", "projects", on_project),
            id="key_projects_page",
            width=1,
            height=PAGE_HEIGHT,
            hide_on_single_page=True,
        ),
        SwitchTo(Tr("btn-back"), id="project_back", state=ApiKeys.read_only),
        state=ApiKeys.project,
        getter=get_project_data,
    )


def revoke_window() -> Window:
    return Window(
        Tr("apikeys-ask-revoke"),
        Button(Tr("btn-apikeys-revoke"), id="revoke_yes", on_click=on_revoke),
        SwitchTo(Tr("btn-back"), id="revoke_back", state=ApiKeys.list),
        state=ApiKeys.revoke,
        getter=get_revoke_data,
    )


def api_keys_dialog() -> Dialog:
    return Dialog(
        list_window(), name_window(), read_only_window(), project_window(), revoke_window()
    )
