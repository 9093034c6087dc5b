"""What every dialog shares: translated text widgets, the acting person, the project picker,
and the friendly answer to a stale button."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiogram import Bot
from aiogram.enums import ChatMemberStatus
from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, Window
from aiogram_dialog.widgets.input import MessageInput, TextInput
from aiogram_dialog.widgets.kbd import Back, Cancel, ScrollingGroup, Select
from aiogram_dialog.widgets.text import Format, Text
from aiogram_i18n import I18nContext

from models import Project
from services.accounts import access
from services.core.errors import AppError
from services.core.settings import Settings
from services.text import render
from services.text.i18n import translate

PAGE_HEIGHT = 8


class Tr(Text):
    """A Fluent message, given the getter's scalar values (escape user text in the getter)."""

    def __init__(self, key: str, when: Any = None) -> None:
        super().__init__(when=when)
        self.key = key

    async def _render_text(self, data: dict[str, Any], manager: DialogManager) -> str:
        i18n: I18nContext = manager.middleware_data["i18n"]
        values = {
            k: v
            for k, v in data.items()
            if isinstance(v, str | int | float) and not isinstance(v, bool)
        }
        return translate(i18n.core, self.key, i18n.locale, **values)


@dataclass(frozen=True)
class Actor:
    """Who pressed or typed, and where."""

    user_id: int
    chat_id: int
    thread_id: int | None
    admins: list[int]

    async def require(self, project_id: int, needed: access.Level) -> Project:
        return await access.require(self.user_id, project_id, self.admins, needed)

    async def is_admin(self) -> bool:
        return await access.is_admin(self.user_id, self.admins)


def actor(manager: DialogManager) -> Actor:
    settings: Settings = manager.middleware_data["settings"]
    user = manager.middleware_data["event_from_user"]
    chat = manager.middleware_data["event_chat"]
    thread = manager.start_data.get("thread_id") if isinstance(manager.start_data, dict) else None
    return Actor(user.id, chat.id, thread, settings.admin_ids)


def back() -> Back:
    return Back(Tr("btn-back"))


def close() -> Cancel:
    return Cancel(Tr("btn-close"))


OnProject = Callable[[CallbackQuery, Any, DialogManager, str], Awaitable[None]]


def choice(id: str, items: str, on_click: Any, **options: Any) -> Select[Any]:
    """Buttons for the getter's `items`, a list of (id, label) pairs."""
    return Select(
        Format("{item[1]}"),
        id=id,
        item_id_getter=lambda item: item[0],
        items=items,
        on_click=on_click,
        **options,
    )


def project_picker(on_click: OnProject) -> ScrollingGroup:
    """A paged list of the projects in the getter's `projects` as (id, name) pairs."""
    return ScrollingGroup(
        choice("project", "projects", on_click),
        id="projects_page",
        width=1,
        height=PAGE_HEIGHT,
        hide_on_single_page=True,
    )


async def picker_items(manager: DialogManager) -> list[tuple[int, str]]:
    me = actor(manager)
    return [(p.id, p.name) for p in await access.visible_projects(me.user_id, me.admins)]


async def get_picker_data(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    items = await picker_items(dialog_manager)
    return {"projects": items, "empty": not items}


def picker_window(
    title_key: str,
    on_click: OnProject,
    state: State,
    getter: Any = None,
    empty_key: str = "projects-empty",
) -> Window:
    """A paged "choose a project" list; by default of the projects this person may see."""
    return Window(
        Tr(title_key),
        Tr(empty_key, when="empty"),
        project_picker(on_click),
        close(),
        state=state,
        getter=getter or get_picker_data,
    )


async def may_manage_chat(manager: DialogManager) -> bool:
    """In a private chat its person; in a group only its administrators decide what the group
    hears about, and how. Telegram is asked each time: a demoted administrator is refused at
    once."""
    me = actor(manager)
    if me.chat_id > 0:
        return True
    bot: Bot = manager.middleware_data["bot"]
    member = await bot.get_chat_member(me.chat_id, me.user_id)
    return member.status in (ChatMemberStatus.CREATOR, ChatMemberStatus.ADMINISTRATOR)


async def may_change_chat_settings(manager: DialogManager) -> bool:
    """The one check before any chat-wide setting is changed; when it fails the step stays,
    and the window's ErrorText says why."""
    if await may_manage_chat(manager):
        return True
    manager.dialog_data["error"] = "group-admin-only"
    return False


class ErrorText(Text):
    """The reason the last input was refused (`error-<code>` from dialog_data["error"])."""

    async def _render_text(self, data: dict[str, Any], manager: DialogManager) -> str:
        code = manager.dialog_data.get("error")
        if not code:
            return ""
        i18n: I18nContext = manager.middleware_data["i18n"]
        return "⚠️ " + i18n.get(f"error-{code}")


def refuse(manager: DialogManager, error: AppError) -> None:
    """Stay on this step and show why (the window renders ErrorText)."""
    manager.dialog_data["error"] = error.code


def accept(manager: DialogManager) -> None:
    manager.dialog_data.pop("error", None)


async def on_not_text(message: Message, widget: Any, manager: DialogManager) -> None:
    manager.dialog_data["error"] = "text-expected"


def text_step(id: str, on_value: Any) -> list[Any]:
    """A typed answer, and a reason when something other than text arrives."""
    return [TextInput(id=id, on_success=on_value), MessageInput(on_not_text)]


def escaped(text: str | None) -> str:
    return render.escape(text or "")
