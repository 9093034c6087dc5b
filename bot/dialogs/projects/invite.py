"""Inviting someone to a project: choose a role and how long the link works, then copy it."""

from datetime import UTC, datetime, timedelta
from typing import Any

from aiogram import Bot
from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager, Window
from aiogram_dialog.widgets.kbd import Button, CopyText, Row
from aiogram_dialog.widgets.text import Format
from aiogram_i18n import I18nContext

from bot.dialogs.common import Tr, actor, escaped
from bot.dialogs.projects.scope import current, get_name_data, to_card
from bot.states import Projects
from models import Role
from services.accounts import access
from services.accounts.access import Level
from services.text.render import format_time

INVITE_KINDS = {
    "once": (True, None),
    "day": (False, timedelta(days=1)),
    "week": (False, timedelta(days=7)),
}


async def get_invite_ready_data(
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


def invite_window() -> Window:
    return Window(
        Tr("invite-choose"),
        # Each button's id is `<role>_<kind>`: `on_invite` reads both from it.
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
        getter=get_name_data,
    )


def invite_ready_window() -> Window:
    return Window(
        Tr("invite-ready"),
        CopyText(Tr("btn-copy-link"), Format("{link}")),
        to_card(),
        state=Projects.invite_ready,
        getter=get_invite_ready_data,
    )
