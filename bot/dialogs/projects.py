"""/listprojects: the list, each project's card, its token (show, rotate), settings, pause,
invites, who has access, and deletion. Every getter and handler re-checks the actor's access."""

from datetime import UTC, datetime, timedelta
from typing import Any

from aiogram import Bot
from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, StartMode, Window
from aiogram_dialog.widgets.kbd import Button, Column, CopyText, Group, Row, SwitchTo
from aiogram_dialog.widgets.text import Format
from aiogram_i18n import I18nContext

from bot.dialogs.common import (
    ErrorText,
    Tr,
    accept,
    actor,
    choice,
    close,
    escaped,
    picker_window,
    refuse,
    text_step,
)
from bot.states import Menu, Projects
from models import Project, Role
from services.accounts import access, projects
from services.accounts.access import Level
from services.core.errors import AccessDenied, AppError
from services.core.settings import Settings
from services.monitors.health import status
from services.notify.notifier import Notifier
from services.stats.figures import errors_today
from services.text import snippets
from services.text.render import format_time, humanize_timeout

# Open invite links listed on the Access screen (each with its button); the rest are counted.
LINKS_SHOWN = 20
INVITE_KINDS = {
    "once": (True, None),
    "day": (False, timedelta(days=1)),
    "week": (False, timedelta(days=7)),
}


async def current(manager: DialogManager, needed: Level) -> Project:
    """The project this dialog is about, if the actor may act on it at `needed` level. Tokens,
    invites and settings are for private chats only: a group's members would all see them."""
    me = actor(manager)
    if needed > Level.VIEWER and me.chat_id < 0:
        raise AccessDenied("project management happens in a private chat with the bot")
    return await me.require(int(manager.dialog_data["project_id"]), needed)


async def on_dialog_start(start_data: Any, manager: DialogManager) -> None:
    if isinstance(start_data, dict) and "project_id" in start_data:
        manager.dialog_data["project_id"] = start_data["project_id"]
        manager.dialog_data["created"] = start_data.get("created", False)


async def on_pick(callback: CallbackQuery, widget: Any, manager: DialogManager, item: str) -> None:
    await actor(manager).require(int(item), Level.VIEWER)
    manager.dialog_data.update(project_id=int(item), created=False)
    await manager.switch_to(Projects.card)


async def get_card_data(dialog_manager: DialogManager, i18n: I18nContext, **_: Any) -> dict:
    project = await current(dialog_manager, Level.VIEWER)
    me = actor(dialog_manager)
    level = await access.level_of(me.user_id, project.id, me.admins)
    if me.chat_id < 0:
        level = min(level, Level.VIEWER)  # management happens in a private chat
    now = datetime.now(UTC)
    beat = project.last_heartbeat_at
    errors = await errors_today(project.id, now)
    return {
        "name": escaped(project.name),
        "type": i18n.get(f"type-{project.type}"),
        "url": escaped(project.url) or "—",
        "origins": escaped((project.allowed_origins or "").replace(",", ", "))
        or i18n.get("origins-any"),
        "status": i18n.get(f"status-{status(project, now)}"),
        "last_beat": format_time(beat) if beat else "—",
        "version": escaped(project.last_version) or "—",
        "errors_24h": errors,
        "timeout": humanize_timeout(i18n.core, i18n.locale, project.timeout_seconds),
        "can_maintain": level >= Level.MAINTAINER,
        "is_admin": level >= Level.ADMIN,
        "paused": project.paused,
        "running": not project.paused,
        "token": project.token if level >= Level.MAINTAINER else "",
    }


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


async def on_rotate(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    await projects.rotate_token(await current(manager, Level.MAINTAINER))
    await manager.switch_to(Projects.token)


async def on_pause_toggle(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    project = await current(manager, Level.MAINTAINER)
    # The button says what to do: a double tap or a stale card cannot flip it back.
    paused = widget.widget_id == "pause"
    await projects.set_paused(project, paused, datetime.now(UTC), callback.from_user.full_name)


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


async def on_delete(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    await projects.delete_project(await current(manager, Level.ADMIN))
    await manager.start(Menu.main, mode=StartMode.RESET_STACK)


async def on_invite(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    project = await current(manager, Level.ADMIN)
    role, kind = widget.widget_id.split("_", 1)
    single_use, ttl = INVITE_KINDS[kind]
    invite = await access.create_invite(
        project, Role(role), actor(manager).user_id, single_use, ttl, datetime.now(UTC)
    )
    manager.dialog_data.update(
        invite_code=invite.code,
        invite_role=role,
        invite_kind=kind,
        invite_expires=format_time(access.expiry(invite)),
    )
    await manager.switch_to(Projects.invite_ready)


async def get_invite_data(
    dialog_manager: DialogManager, bot: Bot, i18n: I18nContext, **_: Any
) -> dict[str, Any]:
    project = await current(dialog_manager, Level.ADMIN)
    data = dialog_manager.dialog_data
    me = await bot.me()
    link = f"https://t.me/{me.username}?start={data.get('invite_code', '')}"
    return {
        "name": escaped(project.name),
        "link": link,
        "role": i18n.get(f"role-{data.get('invite_role', 'viewer')}"),
        "kind": i18n.get(f"invite-kind-{data.get('invite_kind', 'once')}"),
        "expires": data.get("invite_expires", "—"),
    }


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


async def forget_note(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    manager.dialog_data.pop("note", None)


async def on_pick_person(
    callback: CallbackQuery, widget: Any, manager: DialogManager, item: str
) -> None:
    await current(manager, Level.ADMIN)
    await forget_note(callback, widget, manager)
    manager.dialog_data["person"] = int(item)
    await manager.switch_to(Projects.revoke)


async def get_revoke_data(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    project = await current(dialog_manager, Level.ADMIN)
    links = await access.outstanding_links(project.id, datetime.now(UTC))
    return {
        "name": escaped(project.name),
        "person": str(dialog_manager.dialog_data["person"]),
        "open_links": len(links),
    }


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


async def get_cancel_link_data(
    dialog_manager: DialogManager, i18n: I18nContext, **_: Any
) -> dict[str, Any]:
    project = await current(dialog_manager, Level.ADMIN)
    links = await access.outstanding_links(project.id, datetime.now(UTC))
    chosen = dialog_manager.dialog_data.get("link")
    found = [link_line(i18n, n, link) for n, link in enumerate(links, 1) if link.id == chosen]
    return {"name": escaped(project.name), "link": found[0] if found else "", "gone": not found}


async def on_cancel_link(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    project = await current(manager, Level.ADMIN)
    link = int(manager.dialog_data["link"])
    cancelled = await access.cancel_link(project.id, link, datetime.now(UTC))
    manager.dialog_data["note"] = "access-link-cancelled" if cancelled else "access-link-gone"
    await manager.switch_to(Projects.access)


def settings_step(key: str, input_id: str, on_value: Any, state: State, *extra: Any) -> Window:
    """One typed setting: the question, the reason a bad answer was refused, a way back."""
    return Window(
        Tr(key),
        ErrorText(),
        *text_step(input_id, on_value),
        *extra,
        SwitchTo(Tr("btn-back"), id=f"back_{input_id}", state=Projects.settings),
        state=state,
        getter=get_card_data,
    )


def to_card() -> SwitchTo:
    return SwitchTo(Tr("btn-back"), id="to_card", state=Projects.card)


def projects_dialog() -> Dialog:
    return Dialog(
        picker_window("projects-list", on_pick, Projects.list),
        Window(
            Tr("project-card"),
            CopyText(Tr("btn-copy-token"), Format("{token}"), when="can_maintain"),
            Row(
                SwitchTo(Tr("btn-token"), id="token", state=Projects.token, when="can_maintain"),
                SwitchTo(
                    Tr("btn-rotate"), id="rotate", state=Projects.rotate, when="can_maintain"
                ),
            ),
            Row(
                SwitchTo(
                    Tr("btn-settings"), id="settings", state=Projects.settings, when="can_maintain"
                ),
                Button(
                    Tr("btn-pause"),
                    id="pause",
                    on_click=on_pause_toggle,
                    when=lambda d, *_: d["can_maintain"] and d["running"],
                ),
                Button(
                    Tr("btn-resume"),
                    id="resume",
                    on_click=on_pause_toggle,
                    when=lambda d, *_: d["can_maintain"] and d["paused"],
                ),
            ),
            Row(
                SwitchTo(Tr("btn-invite"), id="invite", state=Projects.invite, when="is_admin"),
                SwitchTo(Tr("btn-access"), id="access", state=Projects.access, when="is_admin"),
            ),
            SwitchTo(Tr("btn-delete"), id="delete", state=Projects.delete, when="is_admin"),
            Row(SwitchTo(Tr("btn-back"), id="to_list", state=Projects.list), close()),
            state=Projects.card,
            getter=get_card_data,
        ),
        Window(
            Tr("project-created", when="created"),
            Tr("project-token"),
            CopyText(Tr("btn-copy-token"), Format("{raw_token}")),
            to_card(),
            state=Projects.token,
            getter=get_token_data,
        ),
        Window(
            Tr("project-rotate-confirm"),
            Row(Button(Tr("btn-rotate-yes"), id="rotate_yes", on_click=on_rotate), to_card()),
            state=Projects.rotate,
            getter=get_token_data,
        ),
        Window(
            Tr("project-settings"),
            ErrorText(),
            Column(
                SwitchTo(Tr("btn-rename"), id="rename", state=Projects.rename),
                SwitchTo(Tr("btn-url"), id="url", state=Projects.url),
                SwitchTo(Tr("btn-timeout"), id="timeout", state=Projects.timeout),
                SwitchTo(Tr("btn-origins"), id="origins", state=Projects.origins),
            ),
            to_card(),
            state=Projects.settings,
            getter=get_card_data,
        ),
        settings_step("settings-rename", "rename", on_rename, Projects.rename),
        settings_step(
            "settings-url",
            "url",
            on_url,
            Projects.url,
            Button(Tr("btn-clear-url"), id="clear_url", on_click=on_clear_url),
        ),
        settings_step("settings-timeout", "timeout", on_timeout, Projects.timeout),
        settings_step(
            "settings-origins",
            "origins",
            on_origins,
            Projects.origins,
            Button(Tr("btn-any-origin"), id="any_origin", on_click=on_any_origin),
        ),
        Window(
            Tr("project-delete-confirm"),
            Row(Button(Tr("btn-delete-yes"), id="delete_yes", on_click=on_delete), to_card()),
            state=Projects.delete,
            getter=get_card_data,
        ),
        Window(
            Tr("invite-choose"),
            Row(
                Button(Tr("btn-invite-viewer-once"), id="viewer_once", on_click=on_invite),
                Button(Tr("btn-invite-maintainer-once"), id="maintainer_once", on_click=on_invite),
            ),
            Row(
                Button(Tr("btn-invite-viewer-day"), id="viewer_day", on_click=on_invite),
                Button(Tr("btn-invite-maintainer-day"), id="maintainer_day", on_click=on_invite),
            ),
            Row(
                Button(Tr("btn-invite-viewer-week"), id="viewer_week", on_click=on_invite),
                Button(Tr("btn-invite-maintainer-week"), id="maintainer_week", on_click=on_invite),
            ),
            to_card(),
            state=Projects.invite,
            getter=get_card_data,
        ),
        Window(
            Tr("invite-ready"),
            CopyText(Tr("btn-copy-link"), Format("{link}")),
            to_card(),
            state=Projects.invite_ready,
            getter=get_invite_data,
        ),
        Window(
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
        ),
        Window(
            Tr("access-revoke-confirm"),
            Tr("access-revoke-links", when="open_links"),
            Row(
                Button(Tr("btn-revoke-yes"), id="revoke_yes", on_click=on_revoke),
                SwitchTo(Tr("btn-back"), id="to_access", state=Projects.access),
            ),
            state=Projects.revoke,
            getter=get_revoke_data,
        ),
        Window(
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
        ),
        on_start=on_dialog_start,
    )
