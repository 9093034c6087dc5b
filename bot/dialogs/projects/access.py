"""Who has access to a project and which invite links are open: revoke a person's access,
cancel a link. Each screen says once what the last action did."""

from datetime import UTC, datetime
from typing import Any

from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager, Window
from aiogram_dialog.widgets.kbd import Button, Column, Group, Row, SwitchTo
from aiogram_dialog.widgets.text import Format
from aiogram_i18n import I18nContext

from bot.dialogs.common import Tr, choice, escaped
from bot.dialogs.projects.scope import current
from bot.states import Projects
from services.accounts import access
from services.accounts.access import Level
from services.notify.notifier import Notifier
from services.text.render import format_time

# Open invite links listed on the Access screen (each with its button); the rest are counted.
LINKS_SHOWN = 20


async def get_access_data(dialog_manager: DialogManager, i18n: I18nContext, **_: Any) -> dict:
    project = await current(dialog_manager, Level.ADMIN)
    people = await access.list_access(project.id)
    links = await access.outstanding_links(project.id, datetime.now(UTC))
    shown = list(enumerate(links[:LINKS_SHOWN], 1))
    return {
        "name": escaped(project.name),
        "nobody": not people,
        "people": [
            (p.user_id, f"{p.full_name or p.user_id} · {i18n.get(f'role-{p.role}')}")
            for p in people
        ],
        "links": "\n".join(link_line(i18n, number, link) for number, link in shown),
        "no_links": not links,
        "more_links": len(links) - len(shown),
        "link_buttons": [
            (link.id, i18n.get("btn-cancel-link", number=number)) for number, link in shown
        ],
        "note": note(dialog_manager, i18n),
    }


def link_line(i18n: I18nContext, number: int, link: access.OpenLink) -> str:
    return i18n.get(
        "access-link",
        number=number,
        role=i18n.get(f"role-{link.role}"),
        kind=i18n.get("link-kind-single" if link.single_use else "link-kind-reusable"),
        expires=format_time(link.expires_at),
        maker=escaped(link.maker),
    )


def note(manager: DialogManager, i18n: I18nContext) -> str:
    """What the last action on the Access screen did, said once (`forget_note` clears it)."""
    key = manager.dialog_data.get("note")
    return i18n.get(key, cancelled=manager.dialog_data.get("cancelled", 0)) if key else ""


async def get_revoke_data(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    project = await current(dialog_manager, Level.ADMIN)
    links = await access.outstanding_links(project.id, datetime.now(UTC))
    return {
        "name": escaped(project.name),
        "person": str(dialog_manager.dialog_data["person"]),
        "open_links": len(links),
    }


async def get_cancel_link_data(
    dialog_manager: DialogManager, i18n: I18nContext, **_: Any
) -> dict[str, Any]:
    project = await current(dialog_manager, Level.ADMIN)
    links = await access.outstanding_links(project.id, datetime.now(UTC))
    chosen = dialog_manager.dialog_data.get("link")
    found = [link_line(i18n, n, link) for n, link in enumerate(links, 1) if link.id == chosen]
    return {"name": escaped(project.name), "link": found[0] if found else "", "gone": not found}


async def forget_note(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    manager.dialog_data.pop("note", None)


async def on_pick_person(
    callback: CallbackQuery, widget: Any, manager: DialogManager, item: str
) -> None:
    await current(manager, Level.ADMIN)
    await forget_note(callback, widget, manager)
    manager.dialog_data["person"] = int(item)
    await manager.switch_to(Projects.revoke)


async def on_revoke(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    project = await current(manager, Level.ADMIN)
    person, now = int(manager.dialog_data["person"]), datetime.now(UTC)
    revocation = await access.revoke(project.id, person, now)
    notifier: Notifier = manager.middleware_data["notifier"]
    await notifier.access_ended(project.id, person, now)
    manager.dialog_data.update(note="access-revoked", cancelled=revocation.links_cancelled)
    await manager.switch_to(Projects.access)


async def on_pick_link(
    callback: CallbackQuery, widget: Any, manager: DialogManager, item: str
) -> None:
    await current(manager, Level.ADMIN)
    await forget_note(callback, widget, manager)
    manager.dialog_data["link"] = int(item)
    await manager.switch_to(Projects.cancel_link)


async def on_cancel_link(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    project = await current(manager, Level.ADMIN)
    link = int(manager.dialog_data["link"])
    cancelled = await access.cancel_link(project.id, link, datetime.now(UTC))
    manager.dialog_data["note"] = "access-link-cancelled" if cancelled else "access-link-gone"
    await manager.switch_to(Projects.access)


def access_window() -> Window:
    return Window(
        Format("{note}\n", when="note"),
        Tr("access-list"),
        Tr("access-nobody", when="nobody"),
        Tr("access-links", when="links"),
        Tr("access-links-more", when="more_links"),
        Tr("access-no-links", when="no_links"),
        Column(choice("person", "people", on_pick_person)),
        Group(choice("link", "link_buttons", on_pick_link), width=2),
        SwitchTo(Tr("btn-back"), id="to_card", state=Projects.card, on_click=forget_note),
        state=Projects.access,
        getter=get_access_data,
    )


def revoke_window() -> Window:
    return Window(
        Tr("access-revoke-confirm"),
        Tr("access-revoke-links", when="open_links"),
        Row(
            Button(Tr("btn-revoke-yes"), id="revoke_yes", on_click=on_revoke),
            SwitchTo(Tr("btn-back"), id="to_access", state=Projects.access),
        ),
        state=Projects.revoke,
        getter=get_revoke_data,
    )


def cancel_link_window() -> Window:
    return Window(
        Tr("access-link-cancel-confirm", when="link"),
        Tr("access-link-gone", when="gone"),
        Row(
            Button(
                Tr("btn-cancel-link-yes"),
                id="cancel_link_yes",
                on_click=on_cancel_link,
                when="link",
            ),
            SwitchTo(Tr("btn-back"), id="links_to_access", state=Projects.access),
        ),
        state=Projects.cancel_link,
        getter=get_cancel_link_data,
    )
