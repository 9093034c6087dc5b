"""Which project this one depends on, from its card: the card says it ("depends on Router"),
and "Depends on…" picks one of the projects the person can see, or none
(services/accounts/dependencies.py refuses itself and cycles; a maintainer of this project
who can see the other may choose it)."""

from typing import Any

from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager, Window
from aiogram_dialog.widgets.kbd import Button, ScrollingGroup

from bot.dialogs.common import PAGE_HEIGHT, ErrorText, Tr, accept, actor, choice, escaped, refuse
from bot.dialogs.projects.scope import current, to_card
from bot.states import Projects
from models import Project
from services.accounts import access, dependencies
from services.accounts.access import Level
from services.core.errors import AppError


async def card_dependency(manager: DialogManager, project: Project) -> dict[str, Any]:
    """The card's line about the parent: its name if this person can see it."""
    parent = await dependencies.parent_of(project)
    if parent is None:
        return {"depends_on": ""}
    me = actor(manager)
    if await access.level_of(me.user_id, parent.id, me.admins) < Level.VIEWER:
        return {"depends_on": "", "depends_on_hidden": True}
    return {"depends_on": escaped(parent.name)}


async def get_depends_data(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    project = await current(dialog_manager, Level.MAINTAINER)
    me = actor(dialog_manager)
    parents = await dependencies.possible_parents(me.user_id, project, me.admins)
    return {
        "name": escaped(project.name),
        "parents": [(p.id, p.name) for p in parents],
        "has_parent": project.depends_on_id is not None,
        **await card_dependency(dialog_manager, project),
    }


async def _set_parent(manager: DialogManager, parent_id: int | None) -> None:
    me = actor(manager)
    project = await current(manager, Level.MAINTAINER)
    project, parent = await dependencies.may_depend(me.user_id, project.id, parent_id, me.admins)
    try:
        await dependencies.depend(project, parent)
    except AppError as error:  # a cycle someone made meanwhile
        refuse(manager, error)
        return
    accept(manager)
    await manager.switch_to(Projects.card)


async def on_parent(
    callback: CallbackQuery, widget: Any, manager: DialogManager, item: str
) -> None:
    await _set_parent(manager, int(item))


async def on_no_parent(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    await _set_parent(manager, None)


def depends_window() -> Window:
    return Window(
        Tr("depends-pick"),
        Tr("depends-current", when="depends_on"),
        ErrorText(),
        ScrollingGroup(
            choice("parent", "parents", on_parent),
            id="parents_page",
            width=1,
            height=PAGE_HEIGHT,
            hide_on_single_page=True,
        ),
        Button(Tr("btn-depends-none"), id="no_parent", on_click=on_no_parent, when="has_parent"),
        to_card(),
        state=Projects.depends,
        getter=get_depends_data,
    )
