"""A project's token with ready-made snippets to paste, and issuing a new one."""

from typing import Any

from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager, Window
from aiogram_dialog.widgets.kbd import Button, CopyText, Row
from aiogram_dialog.widgets.text import Format

from bot.dialogs.common import Tr, escaped
from bot.dialogs.projects.scope import current, to_card
from bot.states import Projects
from services.accounts import projects
from services.accounts.access import Level
from services.core.settings import Settings
from services.text import snippets


async def get_token_data(dialog_manager: DialogManager, settings: Settings, **_: Any) -> dict:
    project = await current(dialog_manager, Level.MAINTAINER)
    code = snippets.all_snippets(project, settings.public_url)
    return {
        "name": escaped(project.name),
        "token": escaped(project.token),
        "raw_token": project.token,
        "curl": escaped(code["curl_heartbeat"]),
        "python": escaped(code["python"]),
        "dsn": escaped(code["sentry_dsn"]),
        "ping": escaped(code["ping_url"]),
        "crontab": escaped(code["crontab"]),
        "created": bool(dialog_manager.dialog_data.get("created")),
    }


async def get_rotate_data(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    project = await current(dialog_manager, Level.MAINTAINER)
    return {"name": escaped(project.name)}


async def on_rotate(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    await projects.rotate_token(await current(manager, Level.MAINTAINER))
    await manager.switch_to(Projects.token)


def token_window() -> Window:
    return Window(
        Tr("project-created", when="created"),
        Tr("project-token"),
        CopyText(Tr("btn-copy-token"), Format("{raw_token}")),
        to_card(),
        state=Projects.token,
        getter=get_token_data,
    )


def rotate_window() -> Window:
    return Window(
        Tr("project-rotate-confirm"),
        Row(Button(Tr("btn-rotate-yes"), id="rotate_yes", on_click=on_rotate), to_card()),
        state=Projects.rotate,
        getter=get_rotate_data,
    )
