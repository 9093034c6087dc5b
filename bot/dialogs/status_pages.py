"""/statuspage: a person's public status pages (services/accounts/status_pages.py): the list
with their addresses, a new page (its projects among those the person sees, in the order
tapped; its address, asked again with the reason while it is invalid or taken; its title),
error counts on or off, and deletion. Admins see and change every page."""

from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, Window
from aiogram_dialog.widgets.kbd import Button, Multiselect, Row, ScrollingGroup, SwitchTo
from aiogram_dialog.widgets.text import Format
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
    picker_items,
    refuse,
    text_step,
)
from bot.states import StatusPages
from models import StatusPage
from services.accounts import status_pages
from services.core.errors import AccessDenied, AppError
from services.core.settings import Settings

PICKED = "picked_projects"
PAGE_ID = "page_id"


def _url(manager: DialogManager, page: StatusPage) -> str:
    settings: Settings = manager.middleware_data["settings"]
    return status_pages.page_url(settings.public_url, page.slug)


async def _page(manager: DialogManager) -> StatusPage:
    """The page this dialog shows, if this person may change it (status_pages.may_change:
    theirs while they see all of its projects; every page for admins)."""
    me = actor(manager)
    page = await StatusPage.get_or_none(id=manager.dialog_data.get(PAGE_ID, 0))
    if page is None:
        raise AccessDenied("no such status page, or it is not yours", "page-not-yours")
    await status_pages.may_change(page, me.user_id, me.admins)
    return page


async def get_list_data(
    dialog_manager: DialogManager, i18n: I18nContext, **_: Any
) -> dict[str, Any]:
    me = actor(dialog_manager)
    pages = await status_pages.list_pages(me.user_id, me.admins)
    lines = [
        i18n.get("statuspage-line", title=escaped(page.title), url=_url(dialog_manager, page))
        for page in pages
    ]
    return {
        "pages": [(page.id, page.title) for page in pages],
        "lines": "\n".join(lines),
        "empty": not pages,
    }


async def get_page_data(
    dialog_manager: DialogManager, i18n: I18nContext, **_: Any
) -> dict[str, Any]:
    page = await _page(dialog_manager)
    shown = await status_pages.page_projects(page)
    return {
        "title": escaped(page.title),
        "url": _url(dialog_manager, page),
        "projects": escaped(", ".join(project.name for project in shown)),
        "errors": i18n.get(f"statuspage-errors-{'on' if page.show_error_counts else 'off'}"),
        "errors_shown": page.show_error_counts,
        "errors_hidden": not page.show_error_counts,
    }


async def get_projects_data(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    items = await picker_items(dialog_manager)
    return {"projects": items, "no_projects": not items}


async def get_title_data(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    return {"slug": dialog_manager.dialog_data.get("slug", "")}


async def on_pick_page(
    callback: CallbackQuery, widget: Any, manager: DialogManager, item: str
) -> None:
    manager.dialog_data[PAGE_ID] = int(item)
    await _page(manager)  # a forged button is refused here
    await manager.switch_to(StatusPages.page)


async def on_errors_toggle(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    me = actor(manager)
    # The button says what to do: a double tap or a stale screen cannot flip it back.
    shown = widget.widget_id == "errors_on"
    page = await _page(manager)
    await status_pages.update_page(page, me.user_id, me.admins, show_error_counts=shown)


async def on_delete(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    me = actor(manager)
    await status_pages.delete_page(await _page(manager), me.user_id, me.admins)
    await manager.switch_to(StatusPages.list)


async def on_new(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    picked: Any = manager.find(PICKED)
    await picked.reset_checked()
    accept(manager)
    await manager.switch_to(StatusPages.projects)


async def on_projects_chosen(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    picked: Any = manager.find(PICKED)
    if not picked.get_checked():
        manager.dialog_data["error"] = "page-no-projects"
        return
    accept(manager)
    await manager.switch_to(StatusPages.slug)


async def on_slug(message: Message, widget: Any, manager: DialogManager, text: str) -> None:
    try:
        manager.dialog_data["slug"] = await status_pages.free_slug(text.strip())
    except AppError as error:
        refuse(manager, error)
        return
    accept(manager)
    await manager.switch_to(StatusPages.title)


async def on_title(message: Message, widget: Any, manager: DialogManager, text: str) -> None:
    await _create(manager, text)


async def on_slug_as_title(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    await _create(manager, None)


async def _create(manager: DialogManager, title: str | None) -> None:
    me = actor(manager)
    picked: Any = manager.find(PICKED)
    ids = [int(item) for item in picked.get_checked()]
    try:
        page = await status_pages.create_page(
            manager.dialog_data["slug"], title, ids, False, me.user_id, me.admins
        )
    except AppError as error:
        refuse(manager, error)
        if error.code.startswith("slug"):  # taken meanwhile: ask for another address
            await manager.switch_to(StatusPages.slug)
        return
    accept(manager)
    manager.dialog_data[PAGE_ID] = page.id
    await manager.switch_to(StatusPages.page)


def list_window() -> Window:
    return Window(
        Tr("statuspage-list"),
        Tr("statuspage-empty", when="empty"),
        Format("{lines}", when="lines"),
        ScrollingGroup(
            choice("page", "pages", on_pick_page),
            id="pages_scroll",
            width=1,
            height=PAGE_HEIGHT,
            hide_on_single_page=True,
        ),
        Button(Tr("btn-statuspage-new"), id="new", on_click=on_new),
        close(),
        state=StatusPages.list,
        getter=get_list_data,
    )


def page_window() -> Window:
    return Window(
        Tr("statuspage-view"),
        Button(Tr("btn-statuspage-errors-on"), id="errors_on", on_click=on_errors_toggle,
               when="errors_hidden"),
        Button(Tr("btn-statuspage-errors-off"), id="errors_off", on_click=on_errors_toggle,
               when="errors_shown"),
        SwitchTo(Tr("btn-statuspage-delete"), id="delete", state=StatusPages.delete),
        Row(SwitchTo(Tr("btn-back"), id="to_list", state=StatusPages.list), close()),
        state=StatusPages.page,
        getter=get_page_data,
    )  # fmt: skip


def delete_window() -> Window:
    return Window(
        Tr("statuspage-delete-confirm"),
        Button(Tr("btn-statuspage-delete-yes"), id="delete_yes", on_click=on_delete),
        SwitchTo(Tr("btn-back"), id="delete_back", state=StatusPages.page),
        state=StatusPages.delete,
        getter=get_page_data,
    )


def projects_window() -> Window:
    return Window(
        Tr("statuspage-choose-projects"),
        Tr("projects-empty", when="no_projects"),
        ErrorText(),
        ScrollingGroup(
            Multiselect(
                Format("✅ {item[1]}"),
                Format("{item[1]}"),
                id=PICKED,
                item_id_getter=lambda item: item[0],
                items="projects",
            ),
            id="picked_scroll",
            width=1,
            height=PAGE_HEIGHT,
            hide_on_single_page=True,
        ),
        Button(Tr("btn-statuspage-next"), id="next", on_click=on_projects_chosen),
        SwitchTo(Tr("btn-back"), id="projects_back", state=StatusPages.list),
        state=StatusPages.projects,
        getter=get_projects_data,
    )


def slug_window() -> Window:
    return Window(
        Tr("statuspage-ask-slug"),
        ErrorText(),
        *text_step("slug", on_slug),
        SwitchTo(Tr("btn-back"), id="slug_back", state=StatusPages.projects),
        state=StatusPages.slug,
    )


def title_window() -> Window:
    return Window(
        Tr("statuspage-ask-title"),
        ErrorText(),
        *text_step("title", on_title),
        Button(Tr("btn-statuspage-title-slug"), id="title_slug", on_click=on_slug_as_title),
        SwitchTo(Tr("btn-back"), id="title_back", state=StatusPages.slug),
        state=StatusPages.title,
        getter=get_title_data,
    )


def status_pages_dialog() -> Dialog:
    return Dialog(
        list_window(),
        page_window(),
        delete_window(),
        projects_window(),
        slug_window(),
        title_window(),
    )
