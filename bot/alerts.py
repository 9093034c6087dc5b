"""The buttons under alerts: resolve, mute, ignore, reopen, details, pause, maintenance. Each
press is checked against the presser's access; the alert itself is then edited (in every chat)
by the live-alert refresher, to show who did what and when."""

from datetime import UTC, datetime, timedelta

from aiogram import F, Router
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiogram_i18n import I18nContext

from models import ErrorGroup, Project
from services.accounts import escalation, maintenance, projects
from services.accounts.access import Level, require
from services.core.errors import AccessDenied, NotFound
from services.core.settings import Settings
from services.letters.outbox import OutboxSignal
from services.notify import alerts
from services.notify.alerts import (
    MAINTENANCE_BUTTON_HOURS,
    AckButton,
    GroupAction,
    GroupButton,
    IncidentAction,
    IncidentButton,
    MaintenanceAction,
    MaintenanceButton,
)
from services.notify.notifier import Notifier
from services.text.render import TELEGRAM_TEXT_LIMIT, escape, visible_length
from services.watch.held import HeldReleaser


async def on_group_button(
    callback: CallbackQuery,
    callback_data: GroupButton,
    settings: Settings,
    i18n: I18nContext,
    notifier: Notifier,
) -> None:
    # Anyone who sees the project may read the details or say they are on it.
    seeing = (GroupAction.DETAILS, GroupAction.ACK)
    needed = Level.VIEWER if callback_data.action in seeing else Level.MAINTAINER
    try:
        group = await alerts.group_of(callback_data.group_id)
        await require(callback.from_user.id, group.project_id, settings.admin_ids, needed)
    except (NotFound, AccessDenied) as error:
        denied = "alert-answer-no-access" if needed == Level.VIEWER else "alert-answer-denied"
        await _refuse(callback, i18n, error, denied)
        return
    if callback_data.action == GroupAction.DETAILS:
        where = callback.message
        if where is not None and where.chat.id < 0:
            # In a group, what is posted is read by all: only where the group still hears.
            if where.chat.id not in await notifier.heard_in(group.project_id, datetime.now(UTC)):
                await _refuse(callback, i18n, AccessDenied("the chat no longer hears about it"))
                return
        await callback.answer()
        if isinstance(callback.message, Message):
            await _send_details(callback.message, group, i18n)
        return
    actor = callback.from_user.full_name
    if callback_data.action == GroupAction.ACK:
        acked = await alerts.ack_group(group, actor, datetime.now(UTC))
        await callback.answer(
            i18n.get("alert-answer-acked" if acked else "alert-answer-group-taken")
        )
        return
    await alerts.act_on_group(group, callback_data.action, actor, datetime.now(UTC))
    await callback.answer(i18n.get("alert-answer-done"))


async def on_incident_button(
    callback: CallbackQuery, callback_data: IncidentButton, settings: Settings, i18n: I18nContext
) -> None:
    try:
        project = await require(
            callback.from_user.id, callback_data.project_id, settings.admin_ids, Level.MAINTAINER
        )
    except AccessDenied as error:
        await _refuse(callback, i18n, error)
        return
    pause = callback_data.action == IncidentAction.PAUSE
    await projects.set_paused(project, pause, datetime.now(UTC), callback.from_user.full_name)
    await callback.answer(i18n.get("alert-answer-done"))


async def on_maintenance_button(
    callback: CallbackQuery,
    callback_data: MaintenanceButton,
    settings: Settings,
    i18n: I18nContext,
    notifier: Notifier,
) -> None:
    """`🔧 1 h`, `🔧 until I end it`, `End maintenance`, by those who may maintain the
    project (as pause); the alert is then edited to show the maintenance and who began it."""
    try:
        project = await require(
            callback.from_user.id, callback_data.project_id, settings.admin_ids, Level.MAINTAINER
        )
    except AccessDenied as error:
        await _refuse(callback, i18n, error)
        return
    await maintenance_pressed(
        project, callback_data.action, callback.from_user.full_name, notifier
    )
    await callback.answer(i18n.get("alert-answer-done"))


async def maintenance_pressed(
    project: Project, action: MaintenanceAction, who: str, notifier: Notifier
) -> None:
    """What a maintenance button does, under an alert or on the card."""
    now = datetime.now(UTC)
    if action == MaintenanceAction.END:
        await HeldReleaser(notifier, OutboxSignal()).end_maintenance(project, now)
        return
    hour = now + timedelta(hours=MAINTENANCE_BUTTON_HOURS)
    await maintenance.start(project, now, who, hour if action == MaintenanceAction.HOUR else None)


async def on_ack_button(
    callback: CallbackQuery, callback_data: AckButton, settings: Settings, i18n: I18nContext
) -> None:
    """ "👀 I'm on it" under an outage: anyone who sees the project may say it; the first
    press is recorded (escalation and reminders stop), later ones are told someone was first,
    and one on the button of an outage that is over, that it is."""
    try:
        project_id = await escalation.project_of(callback_data.monitor_id)
        await require(callback.from_user.id, project_id, settings.admin_ids, Level.VIEWER)
    except (NotFound, AccessDenied) as error:
        await _refuse(callback, i18n, error, "alert-answer-no-access")
        return
    now = datetime.now(UTC)
    outcome = await escalation.acknowledge(
        callback_data.monitor_id, callback_data.since, callback.from_user.full_name, now
    )
    await callback.answer(i18n.get(f"alert-answer-{outcome.value}"))


async def _refuse(
    callback: CallbackQuery,
    i18n: I18nContext,
    error: Exception,
    denied: str = "alert-answer-denied",
) -> None:
    """`denied`: the answer to someone without the level needed (by default: maintainers')."""
    key = "alert-answer-gone" if isinstance(error, NotFound) else denied
    await callback.answer(i18n.get(key), show_alert=True)


async def _send_details(where: Message, group: ErrorGroup, i18n: I18nContext) -> None:
    """As a message when it fits Telegram's limit, else as a .txt document."""
    text = alerts.details_text(i18n.core, i18n.locale, await alerts.group_details(group))
    if visible_length(escape(text)) <= TELEGRAM_TEXT_LIMIT:
        await where.answer(escape(text))
        return
    document = BufferedInputFile(text.encode(), filename=f"error-{group.id}.txt")
    await where.answer_document(document, caption=i18n.get("details-file-caption"))


async def on_malformed_button(callback: CallbackQuery, i18n: I18nContext) -> None:
    """Our prefix with data that does not unpack (a forged or garbled button): answered like a
    button whose error is gone, instead of leaving the client's spinner turning."""
    await callback.answer(i18n.get("alert-answer-gone"), show_alert=True)


def alerts_router() -> Router:
    router = Router(name="alerts")
    router.callback_query.register(on_group_button, GroupButton.filter())
    router.callback_query.register(on_incident_button, IncidentButton.filter())
    router.callback_query.register(on_maintenance_button, MaintenanceButton.filter())
    router.callback_query.register(on_ack_button, AckButton.filter())
    buttons = (GroupButton, IncidentButton, MaintenanceButton, AckButton)
    prefixes = tuple(f"{button.__prefix__}:" for button in buttons)
    router.callback_query.register(on_malformed_button, F.data.startswith(prefixes))
    return router
