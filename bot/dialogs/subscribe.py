"""/subscribe and /unsubscribe: which projects this chat hears about, with a minimum severity
and a heartbeat mode per subscription. In a forum topic, alerts go to that topic."""

from datetime import UTC, datetime
from typing import Any, cast

from aiogram.types import CallbackQuery
from aiogram_dialog import Dialog, DialogManager, Window
from aiogram_dialog.widgets.kbd import Button, Group, ManagedRadio, Radio, Row, SwitchTo
from aiogram_dialog.widgets.text import Format
from aiogram_i18n import I18nContext

from bot.dialogs.common import (
    ErrorText,
    Tr,
    accept,
    actor,
    close,
    escaped,
    may_change_chat_settings,
    picker_items,
    picker_window,
    refuse,
)
from bot.states import Subscribe, Unsubscribe
from models import HeartbeatMode, Severity, Subscriber, Subscription
from services.accounts.access import Level
from services.accounts.routing import DIGEST_PRESETS, QUIET_PRESETS, Reminders
from services.accounts.subscribers import SubscriptionOptions, subscribe, unsubscribe
from services.core.errors import AppError

OFF = "off"


async def on_subscribe_start(start_data: Any, manager: DialogManager) -> None:
    """One visible project: skip the list."""
    items = await picker_items(manager)
    if len(items) == 1:
        await _choose(manager, items[0][0])


async def _choose(manager: DialogManager, project_id: int) -> None:
    await actor(manager).require(project_id, Level.VIEWER)
    me = actor(manager)
    existing = await Subscription.get_or_none(
        project_id=project_id, subscriber__telegram_id=me.chat_id
    )
    manager.dialog_data["project_id"] = project_id
    stored = {
        "severity": existing.min_severity if existing else Severity.DEBUG.value,
        "mode": existing.heartbeat_mode if existing else HeartbeatMode.CHANGES.value,
        "quiet": (existing and existing.quiet_hours) or OFF,
        "reminders": existing.reminders if existing else Reminders.OFF.value,
        "digest": str(existing.digest_hour)
        if existing and existing.digest_hour is not None
        else OFF,
    }
    for widget_id, value in stored.items():
        await _radio(manager, widget_id).set_checked(value)
    await manager.switch_to(Subscribe.options)


def _radio(manager: DialogManager, widget_id: str) -> ManagedRadio[str]:
    radio = manager.find(widget_id)
    if not isinstance(radio, ManagedRadio):
        raise LookupError(f"no radio {widget_id!r} in this window")
    return radio


async def on_pick(callback: CallbackQuery, widget: Any, manager: DialogManager, item: str) -> None:
    await _choose(manager, int(item))


async def get_options_data(dialog_manager: DialogManager, i18n: I18nContext, **_: Any) -> dict:
    project = await actor(dialog_manager).require(
        dialog_manager.dialog_data["project_id"], Level.VIEWER
    )
    chat = await Subscriber.get_or_none(telegram_id=actor(dialog_manager).chat_id)
    off = i18n.get("option-off")
    return {
        "name": escaped(project.name),
        "timezone": escaped(chat.timezone if chat else "UTC"),
        "severities": [(s.value, i18n.get(f"severity-{s.value}")) for s in Severity],
        "modes": [(m.value, i18n.get(f"heartbeats-{m.value}")) for m in HeartbeatMode],
        "quiet_options": [(OFF, off)] + [(q, q.replace("-", "–")) for q in QUIET_PRESETS],
        "reminder_options": [(r.value, i18n.get(f"reminders-{r.value}")) for r in Reminders],
        "digest_options": [(OFF, off)] + [(str(h), f"{h:02d}:00") for h in DIGEST_PRESETS],
        "saved": bool(dialog_manager.dialog_data.get("saved")),
    }


async def on_save(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    me = actor(manager)
    project = await me.require(manager.dialog_data["project_id"], Level.VIEWER)
    if not await may_change_chat_settings(manager):
        return
    options = SubscriptionOptions(
        min_severity=_radio(manager, "severity").get_checked(),
        heartbeat_mode=_radio(manager, "mode").get_checked(),
        thread_id=me.thread_id,
        created_by=me.user_id,
        quiet_hours=_radio(manager, "quiet").get_checked(),
        reminders=_radio(manager, "reminders").get_checked(),
        digest_hour=_radio(manager, "digest").get_checked(),
    )
    try:
        await subscribe(me.chat_id, project, options)
    except AppError as error:  # a forged button value
        refuse(manager, error)
        return
    accept(manager)
    manager.dialog_data["saved"] = True


async def get_subscribed_data(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    me = actor(dialog_manager)
    visible = dict(await picker_items(dialog_manager))
    rows = await Subscription.filter(
        subscriber__telegram_id=me.chat_id, stopped_at__isnull=True
    ).values_list("project_id", flat=True)
    project_ids = cast(list[int], rows)  # tortoise types flat=True rows as tuples
    items = [(pid, visible[pid]) for pid in project_ids if pid in visible]
    return {"projects": items, "empty": not items}


async def on_pick_unsubscribe(
    callback: CallbackQuery, widget: Any, manager: DialogManager, item: str
) -> None:
    await actor(manager).require(int(item), Level.VIEWER)
    manager.dialog_data["project_id"] = int(item)
    await manager.switch_to(Unsubscribe.confirm)


async def get_unsubscribe_data(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    project = await actor(dialog_manager).require(
        dialog_manager.dialog_data["project_id"], Level.VIEWER
    )
    return {"name": escaped(project.name), "done": bool(dialog_manager.dialog_data.get("done"))}


async def on_unsubscribe(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    me = actor(manager)
    if not await may_change_chat_settings(manager):
        return
    await unsubscribe(me.chat_id, int(manager.dialog_data["project_id"]), datetime.now(UTC))
    manager.dialog_data["done"] = True


def radio(id: str, items: str, width: int = 1) -> Group:
    return Group(
        Radio(
            Format("🔘 {item[1]}"),
            Format("⚪ {item[1]}"),
            id=id,
            item_id_getter=lambda item: item[0],
            items=items,
        ),
        width=width,
    )


def subscribe_dialog() -> Dialog:
    return Dialog(
        picker_window("subscribe-choose", on_pick, Subscribe.project),
        Window(
            Tr("subscribe-options"),
            Tr("subscribe-saved", when="saved"),
            ErrorText(),
            Tr("subscribe-severity"),
            radio("severity", "severities"),
            Tr("subscribe-heartbeats"),
            radio("mode", "modes"),
            Tr("subscribe-quiet"),
            radio("quiet", "quiet_options", width=4),
            Tr("subscribe-reminders"),
            radio("reminders", "reminder_options", width=3),
            Tr("subscribe-digest"),
            radio("digest", "digest_options", width=3),
            Button(Tr("btn-save"), id="save", on_click=on_save),
            Row(SwitchTo(Tr("btn-back"), id="back", state=Subscribe.project), close()),
            state=Subscribe.options,
            getter=get_options_data,
        ),
        on_start=on_subscribe_start,
    )


def unsubscribe_dialog() -> Dialog:
    return Dialog(
        picker_window(
            "unsubscribe-choose",
            on_pick_unsubscribe,
            Unsubscribe.project,
            get_subscribed_data,
            empty_key="unsubscribe-none",
        ),
        Window(
            Tr("unsubscribe-confirm", when=lambda d, *_: not d["done"]),
            Tr("unsubscribe-done", when="done"),
            ErrorText(),
            Button(
                Tr("btn-unsubscribe-yes"),
                id="yes",
                on_click=on_unsubscribe,
                when=lambda d, *_: not d["done"],
            ),
            Row(SwitchTo(Tr("btn-back"), id="back", state=Unsubscribe.project), close()),
            state=Unsubscribe.confirm,
            getter=get_unsubscribe_data,
        ),
    )
