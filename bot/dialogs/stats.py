"""/stats: a chart of a project's errors, its checks' response times and its uptime as a
photo, and right below it the numbers (status, uptime, heartbeats, errors by severity, the most
frequent errors, each active check's uptime, response times and failures) with buttons to
switch the period between 24 h and 7 days.

The chart is its own message, sent with `send_photo` by the handlers, not the window's media:
aiogram-dialog's `MediaAttachment` takes a URL, a path or a file_id, not bytes made in memory,
and replacing the picture in place would take `editMessageMedia` each time. A caption also
holds only 1,024 characters, fewer than the numbers with five error messages. So the photo is
deleted and sent anew when the period changes, and the numbers' message is sent again below
it; both show one snapshot (`as_of`)."""

from contextlib import suppress
from datetime import UTC, datetime
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import BufferedInputFile, CallbackQuery
from aiogram_dialog import Dialog, DialogManager, ShowMode, Window
from aiogram_dialog.widgets.kbd import Row, SwitchTo
from aiogram_dialog.widgets.text import Format
from aiogram_i18n import I18nContext

from bot.dialogs.common import Tr, actor, choice, close, escaped, picker_items, picker_window
from bot.states import Stats
from models import Project, Severity
from services.accounts import maintenance
from services.accounts.access import Level
from services.monitors.health import status
from services.notify.alerts import maintenance_line
from services.stats.charts import ChartLabels, chart_png
from services.stats.figures import CheckStats, Period, project_stats, window_stats
from services.stats.figures import Window as StatsWindow
from services.text.i18n import translate
from services.text.render import clip, format_time, short_url

PERIOD = "period"
# Checks listed below the numbers, oldest first, and their URLs' length: the message stays
# within Telegram's 4,096 characters however many checks a project has.
LIST_CHECKS, URL_IN_LINE = 15, 40


async def get_stats_data(dialog_manager: DialogManager, i18n: I18nContext, **_: Any) -> dict:
    project = await actor(dialog_manager).require(
        dialog_manager.dialog_data["project_id"], Level.VIEWER
    )
    now = _as_of(dialog_manager)
    figures = await project_stats(project.id, now)
    period = _period(dialog_manager)
    top = [
        f"{n}. ×{group.count} {escaped(clip(group.type, 60))}: {escaped(clip(group.message, 120))}"
        for n, group in enumerate(figures.window(period).top, start=1)
    ]
    checks = _check_lines(figures.window(period).checks, i18n)
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
        "checks": "\n".join(checks),
        "has_checks": bool(checks),
        "period": i18n.get(f"stats-period-{period}"),
        "maintenance": await _maintenance(project, now, i18n),
        "periods": [
            (p.value, f"{'🔘' if p is period else '⚪'} {i18n.get(f'stats-period-{p}')}")
            for p in Period
        ],
    }


async def _maintenance(project: Project, now: datetime, i18n: I18nContext) -> str:
    """The maintenance on now, and that uptime leaves it out; empty if none."""
    on = await maintenance.current(project, now)
    if on is None:
        return ""
    return maintenance_line(i18n.core, i18n.locale, on) + "\n" + i18n.get("stats-maintenance")


def _as_of(manager: DialogManager) -> datetime:
    """The moment the chart shows, so the numbers below it agree with it."""
    as_of = manager.dialog_data.get("as_of")
    return datetime.fromisoformat(as_of) if as_of else datetime.now(UTC)


def _period(manager: DialogManager) -> Period:
    return Period(manager.dialog_data.get(PERIOD, Period.DAY))


def _percent(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.2f}%"


def _check_lines(checks: list[CheckStats], i18n: I18nContext) -> list[str]:
    lines = [_check_line(check, i18n) for check in checks[:LIST_CHECKS]]
    if len(checks) > LIST_CHECKS:
        lines.append(i18n.get("stats-checks-more", more=len(checks) - LIST_CHECKS))
    return lines


def _check_line(check: CheckStats, i18n: I18nContext) -> str:
    return i18n.get(
        "stats-check",
        url=escaped(short_url(check.url, URL_IN_LINE)),
        uptime=_percent(check.uptime),
        p50=_ms(check.times.p50, i18n),
        p95=_ms(check.times.p95, i18n),
        failures=check.failures,
        probes=check.probes,
    )


def _ms(ms: float | None, i18n: I18nContext) -> str:
    return "—" if ms is None else i18n.get("stats-ms", ms=round(ms))


def _severities(window: StatsWindow, i18n: I18nContext) -> str:
    counts = [
        f"{i18n.get(f'severity-{s.value}')}: {window.errors.get(s.value, 0)}"
        for s in Severity
        if window.errors.get(s.value)
    ]
    return ", ".join(counts) or "0"


async def on_stats_start(start_data: Any, manager: DialogManager) -> None:
    items = await picker_items(manager)
    if len(items) == 1:
        await _open(manager, items[0][0])


async def on_pick(callback: CallbackQuery, widget: Any, manager: DialogManager, item: str) -> None:
    await actor(manager).require(int(item), Level.VIEWER)
    await _open(manager, int(item))


async def on_period(
    callback: CallbackQuery, widget: Any, manager: DialogManager, item: str
) -> None:
    if item == _period(manager):
        return
    manager.dialog_data[PERIOD] = item
    await _send_chart(manager)


async def _open(manager: DialogManager, project_id: int) -> None:
    manager.dialog_data["project_id"] = project_id
    await _send_chart(manager)
    await manager.switch_to(Stats.view)


async def _send_chart(manager: DialogManager) -> None:
    """The chart of the chosen period replaces the previous one; the numbers follow it."""
    me = actor(manager)
    project = await me.require(manager.dialog_data["project_id"], Level.VIEWER)
    i18n: I18nContext = manager.middleware_data["i18n"]
    bot: Bot = manager.middleware_data["bot"]
    period, now = _period(manager), datetime.now(UTC)
    png = await chart_png(await window_stats(project.id, period, now), chart_labels(i18n, period))
    await _delete_chart(bot, me.chat_id, manager)
    sent = await bot.send_photo(
        me.chat_id,
        BufferedInputFile(png, f"stats-{period}.png"),
        caption=_caption(i18n, project.name, period),
        message_thread_id=manager.middleware_data.get("event_thread_id"),
    )
    manager.dialog_data.update(chart_id=sent.message_id, as_of=now.isoformat())
    if isinstance(manager.event, CallbackQuery):
        # The dialog's message is above the new photo: send it again below instead of editing.
        manager.show_mode = ShowMode.DELETE_AND_SEND


async def _delete_chart(bot: Bot, chat_id: int, manager: DialogManager) -> None:
    chart_id = manager.dialog_data.pop("chart_id", None)
    if chart_id is None:
        return
    # Gone already, or older than Telegram lets a bot delete (48 h): it stays, that is all.
    with suppress(TelegramBadRequest):
        await bot.delete_message(chat_id, chart_id)


def _caption(i18n: I18nContext, name: str, period: Period) -> str:
    period_name = i18n.get(f"stats-period-{period}")
    return translate(
        i18n.core, "stats-chart-caption", i18n.locale, name=escaped(name), period=period_name
    )


def chart_labels(i18n: I18nContext, period: Period) -> ChartLabels:
    return ChartLabels(
        title=i18n.get(f"stats-chart-title-{period}"),
        errors_axis=i18n.get("stats-chart-errors"),
        uptime_axis=i18n.get("stats-chart-uptime"),
        no_errors=i18n.get("stats-chart-no-errors"),
        severities={s.value: i18n.get(f"severity-{s.value}") for s in Severity},
        up=i18n.get("stats-chart-up"),
        down=i18n.get("stats-chart-down"),
        unmonitored=i18n.get("stats-chart-unmonitored"),
        response_axis=i18n.get("stats-chart-response"),
        no_responses=i18n.get("stats-chart-no-responses"),
        p50=i18n.get("stats-chart-p50"),
        p95=i18n.get("stats-chart-p95"),
    )


def stats_dialog() -> Dialog:
    return Dialog(
        picker_window("stats-choose", on_pick, Stats.project),
        Window(
            Tr("stats-view"),
            Tr("stats-top", when="has_top"),
            Tr("stats-checks", when="has_checks"),
            Format("{maintenance}", when="maintenance"),
            choice(PERIOD, "periods", on_period),
            Row(SwitchTo(Tr("btn-back"), id="back", state=Stats.project), close()),
            state=Stats.view,
            getter=get_stats_data,
        ),
        on_start=on_stats_start,
    )
