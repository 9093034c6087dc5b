"""The list of projects, a project's card with its buttons, pause and resume, and deletion."""

from datetime import UTC, datetime
from typing import Any

from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager, StartMode, Window
from aiogram_dialog.widgets.kbd import Button, CopyText, Row, SwitchTo
from aiogram_dialog.widgets.text import Format
from aiogram_i18n import I18nContext

from bot.dialogs.common import Tr, actor, close, escaped, picker_window
from bot.dialogs.projects.checks import card_checks
from bot.dialogs.projects.dependencies import card_dependency
from bot.dialogs.projects.maintenance import card_maintenance, card_maintenance_buttons
from bot.dialogs.projects.schedule import card_values
from bot.dialogs.projects.scope import current, get_name_data, level_here, to_card
from bot.states import Menu, Projects
from models import Project
from services.accounts import badges, projects
from services.accounts.access import DELETE_PROJECT_LEVEL, Level
from services.monitors.health import status
from services.stats.figures import errors_today
from services.text.render import format_time, humanize_timeout


async def get_card_data(dialog_manager: DialogManager, i18n: I18nContext, **_: Any) -> dict:
    project = await current(dialog_manager, Level.VIEWER)
    level = await level_here(dialog_manager, project)
    now = datetime.now(UTC)
    beat = project.last_heartbeat_at
    return {
        "name": escaped(project.name),
        "type": i18n.get(f"type-{project.type}"),
        "url": escaped(project.url) or "—",
        "status": i18n.get(f"status-{status(project, now)}"),
        "last_beat": format_time(beat) if beat else "—",
        "version": escaped(project.last_version) or "—",
        "errors_24h": await errors_today(project.id, now),
        "timeout": humanize_timeout(i18n.core, i18n.locale, project.timeout_seconds),
        "can_maintain": level >= Level.MAINTAINER,
        "is_admin": level >= Level.ADMIN,
        "paused": project.paused,
        "running": not project.paused,
        "token": project.token if level >= Level.MAINTAINER else "",
        **await card_checks(i18n, project.id),
        **card_values(i18n, project),
        **await card_maintenance(i18n, project, level >= Level.MAINTAINER),
        **await card_dependency(dialog_manager, project),
        **await card_badges(dialog_manager, project),
    }


async def card_badges(manager: DialogManager, project: Project) -> dict[str, str]:
    """Issue 29: the project's badge URLs for a README (docs/badges.md)."""
    public_url = manager.middleware_data["settings"].public_url
    urls = badges.badge_urls(public_url, await badges.badge_key_of(project))
    return {"badge_url": urls.status, "uptime_badge_url": urls.uptime}


async def on_pick(callback: CallbackQuery, widget: Any, manager: DialogManager, item: str) -> None:
    await actor(manager).require(int(item), Level.VIEWER)
    manager.dialog_data.update(project_id=int(item), created=False)
    await manager.switch_to(Projects.card)


async def on_pause_toggle(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    project = await current(manager, Level.MAINTAINER)
    # The button says what to do: a double tap or a stale card cannot flip it back.
    paused = widget.widget_id == "pause"
    await projects.set_paused(project, paused, datetime.now(UTC), callback.from_user.full_name)


async def on_delete(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    await projects.delete_project(await current(manager, DELETE_PROJECT_LEVEL))
    await manager.start(Menu.main, mode=StartMode.RESET_STACK)


def project_list_window() -> Window:
    return picker_window("projects-list", on_pick, Projects.list)


def card_window() -> Window:
    return Window(
        Tr("project-card"),
        Tr("card-timeout", when=lambda d, *_: not d["scheduled"]),
        Tr("card-schedule", when="scheduled"),
        Tr("card-depends", when="depends_on"),
        Tr("card-depends-hidden", when="depends_on_hidden"),
        Tr("card-checks", when="checks"),
        Tr("card-checks-more", when="more_checks"),
        Format("{maintenance}", when="maintenance"),
        Tr("card-badges"),
        CopyText(Tr("btn-copy-token"), Format("{token}"), when="can_maintain"),
        Row(
            SwitchTo(Tr("btn-token"), id="token", state=Projects.token, when="can_maintain"),
            SwitchTo(Tr("btn-rotate"), id="rotate", state=Projects.rotate, when="can_maintain"),
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
        card_maintenance_buttons(),
        SwitchTo(Tr("btn-checks"), id="checks", state=Projects.checks),
        SwitchTo(Tr("btn-depends"), id="depends", state=Projects.depends, when="can_maintain"),
        Row(
            SwitchTo(Tr("btn-invite"), id="invite", state=Projects.invite, when="is_admin"),
            SwitchTo(Tr("btn-access"), id="access", state=Projects.access, when="is_admin"),
        ),
        SwitchTo(Tr("btn-delete"), id="delete", state=Projects.delete, when="is_admin"),
        Row(SwitchTo(Tr("btn-back"), id="to_list", state=Projects.list), close()),
        state=Projects.card,
        getter=get_card_data,
    )


def delete_window() -> Window:
    return Window(
        Tr("project-delete-confirm"),
        Row(Button(Tr("btn-delete-yes"), id="delete_yes", on_click=on_delete), to_card()),
        state=Projects.delete,
        getter=get_name_data,
    )
