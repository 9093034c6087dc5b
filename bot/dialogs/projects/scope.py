"""The project a /listprojects dialog is about: who may see it at which level, where the dialog
was started for it, and the way back to its card."""

from typing import Any

from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.kbd import SwitchTo

from bot.dialogs.common import Tr, actor, escaped
from bot.states import Projects
from models import Project
from services.accounts import access
from services.accounts.access import Level
from services.core.errors import AccessDenied


async def current(manager: DialogManager, needed: Level) -> Project:
    """The project this dialog is about, if the actor may act on it at `needed` level. Tokens,
    invites and settings are for private chats only: a group's members would all see them."""
    me = actor(manager)
    if needed > Level.VIEWER and me.chat_id < 0:
        raise AccessDenied("project management happens in a private chat with the bot")
    return await me.require(int(manager.dialog_data["project_id"]), needed)


async def level_here(manager: DialogManager, project: Project) -> Level:
    """What the actor may do with the project in this chat: in a group, only look (the buttons
    that change things are for a private chat, see `current`)."""
    me = actor(manager)
    level = await access.level_of(me.user_id, project.id, me.admins)
    return min(level, Level.VIEWER) if me.chat_id < 0 else level


async def on_dialog_start(start_data: Any, manager: DialogManager) -> None:
    if isinstance(start_data, dict) and "project_id" in start_data:
        manager.dialog_data["project_id"] = start_data["project_id"]
        manager.dialog_data["created"] = start_data.get("created", False)


async def get_name_data(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    """For windows that show only the project's name; their buttons check the level they need."""
    project = await current(dialog_manager, Level.VIEWER)
    return {"name": escaped(project.name)}


def to_card() -> SwitchTo:
    return SwitchTo(Tr("btn-back"), id="to_card", state=Projects.card)
