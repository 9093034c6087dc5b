"""/stats: a project's status, uptime over 24 h and 7 days, heartbeats, errors by severity and the
most frequent errors. The text sits in one window, so a chart can join it later."""

from datetime import UTC, datetime
from typing import Any

from aiogram.types import CallbackQuery
from aiogram_dialog import Dialog, DialogManager, Window
from aiogram_dialog.widgets.kbd import Row, SwitchTo
from aiogram_i18n import I18nContext

from bot.dialogs.common import Tr, actor, close, escaped, picker_items, picker_window
from bot.states import Stats
from models import Severity
from services.access import Level
from services.health import status
from services.render import clip, format_time
from services.stats import Window as StatsWindow
from services.stats import project_stats


async def on_stats_start(start_data: Any, manager: DialogManager) -> None:
    items = await picker_items(manager)
    if len(items) == 1:
        manager.dialog_data["project_id"] = items[0][0]
        await manager.switch_to(Stats.view)


async def on_pick(callback: CallbackQuery, widget: Any, manager: DialogManager, item: str) -> None:
    await actor(manager).require(int(item), Level.VIEWER)
    manager.dialog_data["project_id"] = int(item)
    await manager.switch_to(Stats.view)


def _percent(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.2f}%"


def _severities(window: StatsWindow, i18n: I18nContext) -> str:
    counts = [
        f"{i18n.get(f'severity-{s.value}')}: {window.errors.get(s.value, 0)}"
        for s in Severity
        if window.errors.get(s.value)
    ]
    return ", ".join(counts) or "0"


async def get_stats_data(dialog_manager: DialogManager, i18n: I18nContext, **_: Any) -> dict:
    project = await actor(dialog_manager).require(
        dialog_manager.dialog_data["project_id"], Level.VIEWER
    )
    now = datetime.now(UTC)
    figures = await project_stats(project, now)
    top = [
        f"{n}. ×{e.count} {escaped(clip(e.type, 60))}: {escaped(clip(e.message, 120))}"
        for n, e in enumerate(figures.top_errors, start=1)
    ]
    beat = project.last_heartbeat_at
    return {
        "name": escaped(project.name),
        "status": i18n.get(f"status-{status(project, now)}"),
        "last_beat": format_time(beat) if beat else "—",
        "uptime_day": _percent(figures.day.uptime),
        "uptime_week": _percent(figures.week.uptime),
        "beats_day": figures.day.heartbeats,
        "beats_week": figures.week.heartbeats,
        "errors_day": _severities(figures.day, i18n),
        "errors_week": _severities(figures.week, i18n),
        "top": "\n".join(top),
        "has_top": bool(top),
    }


def stats_dialog() -> Dialog:
    return Dialog(
        picker_window("stats-choose", on_pick, Stats.project),
        Window(
            Tr("stats-view"),
            Tr("stats-top", when="has_top"),
            Row(SwitchTo(Tr("btn-back"), id="back", state=Stats.project), close()),
            state=Stats.view,
            getter=get_stats_data,
        ),
        on_start=on_stats_start,
    )
