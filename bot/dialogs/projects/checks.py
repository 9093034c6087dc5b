"""A project's active checks: the list (summed up on the card too), each check's details, pause
and resume, its interval, deletion, and adding one. Anyone who may see the project sees its
checks; every handler that changes one asks again for a maintainer (`current`) and loads the
check through the project (`_open_check`), so a forged button neither acts for a viewer nor
reaches another project's check."""

from datetime import UTC, datetime, timedelta
from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, Window
from aiogram_dialog.widgets.kbd import Button, Group, Row, ScrollingGroup, SwitchTo
from aiogram_i18n import I18nContext

from bot.dialogs.common import (
    PAGE_HEIGHT,
    ErrorText,
    Tr,
    accept,
    actor,
    choice,
    escaped,
    refuse,
    text_step,
)
from bot.dialogs.projects.scope import current, level_here
from bot.states import Projects
from models import Check, MonitorKind, MonitorState
from services.accounts import checks
from services.accounts.access import Level
from services.core.errors import AppError, NotFound
from services.monitors import writer
from services.notify.alerts import probe_failure
from services.text.render import clip, format_time, humanize_duration

PAUSE, RESUME = "check_pause", "check_resume"
INTERVAL_PRESETS = (30, 60, 300, 900)  # seconds, the buttons of a check's interval
CARD_CHECKS = 5  # checks summed up on the card; all of them under 🌐 Checks
LIST_CHECKS = 15  # lines on the checks screen (each check also has its button, paged)
# Characters of what came from people or servers, so that 15 lines fit in one message.
URL_IN_LINE, URL_ON_BUTTON, URL_ON_SCREEN = 50, 40, 300
DETAIL_IN_LINE, DETAIL_SHOWN, KEYWORD_SHOWN = 40, 200, 100


def every(i18n: I18nContext, seconds: int) -> str:
    interval = humanize_duration(i18n.core, i18n.locale, timedelta(seconds=seconds))
    return i18n.get("check-every", interval=interval)


def interval_choices(i18n: I18nContext, presets: tuple[int, ...]) -> list[tuple[str, str]]:
    """(interval as `services.accounts.checks` reads it, its label) for interval buttons."""
    return [(f"{seconds}s", every(i18n, seconds)) for seconds in presets]


def last_result(i18n: I18nContext, check: Check, detail_limit: int = DETAIL_SHOWN) -> str:
    """What the last probe found: "HTTP 200 · 85 ms", why it failed, or that none ran yet."""
    if check.last_checked_at is None:
        return i18n.get("check-result-none")
    if check.last_failure:
        found = check.last_detail or {}
        detail = {key: clip(str(value), detail_limit) for key, value in found.items()}
        return probe_failure(i18n.core, i18n.locale, check.last_failure, detail)
    if check.last_status is not None:
        return i18n.get("check-result-http", status=str(check.last_status), ms=check.last_ms or 0)
    return i18n.get("check-result-tcp", ms=check.last_ms or 0)


def check_line(i18n: I18nContext, check: Check) -> str:
    return i18n.get(
        "check-line",
        icon=i18n.get("check-icon", state=check.monitor.state),
        url=escaped(clip(check.url, URL_IN_LINE)),
        every=every(i18n, check.interval_seconds),
        result=last_result(i18n, check, DETAIL_IN_LINE),
    )


def check_button(i18n: I18nContext, check: Check) -> str:
    """A button's label: Telegram shows it as it is, nothing to escape."""
    icon = i18n.get("check-icon", state=check.monitor.state)
    return i18n.get("check-button", icon=icon, url=clip(check.url, URL_ON_BUTTON))


async def card_checks(i18n: I18nContext, project_id: int) -> dict[str, Any]:
    """The card's summary of the project's checks."""
    rows = await checks.project_checks(project_id)
    return {
        "checks": "\n".join(check_line(i18n, check) for check in rows[:CARD_CHECKS]),
        "more_checks": max(0, len(rows) - CARD_CHECKS),
    }


async def _open_check(manager: DialogManager, needed: Level) -> Check | None:
    """The check this screen is about, if the actor may act on its project at `needed` level
    (else AccessDenied); None if it is gone (deleted meanwhile, or not this project's)."""
    project = await current(manager, needed)
    try:
        return await checks.check_by_id(int(manager.dialog_data["check_id"]), project.id)
    except NotFound:
        return None


async def get_checks_data(dialog_manager: DialogManager, i18n: I18nContext, **_: Any) -> dict:
    project = await current(dialog_manager, Level.VIEWER)
    rows = await checks.project_checks(project.id)
    level = await level_here(dialog_manager, project)
    return {
        "name": escaped(project.name),
        "lines": "\n".join(check_line(i18n, check) for check in rows[:LIST_CHECKS]),
        "more": max(0, len(rows) - LIST_CHECKS),
        "none": not rows,
        "check_buttons": [(check.id, check_button(i18n, check)) for check in rows],
        "can_maintain": level >= Level.MAINTAINER,
    }


async def get_check_data(dialog_manager: DialogManager, i18n: I18nContext, **_: Any) -> dict:
    check = await _open_check(dialog_manager, Level.VIEWER)
    if check is None:
        return {"gone": True, "shown": False, "can_maintain": False}
    can_maintain = await level_here(dialog_manager, check.project) >= Level.MAINTAINER
    paused = check.monitor.state == MonitorState.PAUSED
    return {
        "gone": False,
        "shown": True,
        "can_maintain": can_maintain,
        "may_pause": can_maintain and not paused,
        "may_resume": can_maintain and paused,
        **_check_view(i18n, check),
    }


def _check_view(i18n: I18nContext, check: Check) -> dict[str, Any]:
    last, expires = check.last_checked_at, check.certificate_expires_at
    keyword = escaped(clip(check.keyword or "", KEYWORD_SHOWN))
    return {
        "name": escaped(check.project.name),
        "url": escaped(clip(check.url, URL_ON_SCREEN)),
        "state": i18n.get("check-state", state=check.monitor.state),
        "every": every(i18n, check.interval_seconds),
        "timeout": humanize_duration(
            i18n.core, i18n.locale, timedelta(milliseconds=check.timeout_ms)
        ),
        "expected": check.expected_status if check.monitor.kind == MonitorKind.HTTP else "",
        "keyword": keyword if not check.keyword_absent else "",
        "absent_keyword": keyword if check.keyword_absent else "",
        "last_at": format_time(last) if last else "",
        "never": last is None,
        "result": last_result(i18n, check),
        "certificate": format_time(expires) if expires else "",
    }


async def get_check_url_data(
    dialog_manager: DialogManager, i18n: I18nContext, **_: Any
) -> dict[str, Any]:
    """For the steps that change a check: only maintainers reach them (a viewer's forged
    button that switches here is refused)."""
    check = await _open_check(dialog_manager, Level.MAINTAINER)
    return {
        "url": escaped(clip(check.url, URL_ON_SCREEN)) if check else "",
        "every": every(i18n, check.interval_seconds) if check else "",
        "intervals": interval_choices(i18n, INTERVAL_PRESETS),
    }


async def get_new_check_data(
    dialog_manager: DialogManager, i18n: I18nContext, **_: Any
) -> dict[str, Any]:
    project = await current(dialog_manager, Level.MAINTAINER)
    url = dialog_manager.dialog_data.get("new_check_url", "")
    return {
        "name": escaped(project.name),
        "url": escaped(clip(url, URL_ON_SCREEN)),
        "intervals": interval_choices(i18n, INTERVAL_PRESETS),
    }


async def forget_error(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    """A step entered afresh shows no reason left from an earlier answer."""
    accept(manager)


async def on_pick_check(
    callback: CallbackQuery, widget: Any, manager: DialogManager, item: str
) -> None:
    await current(manager, Level.VIEWER)  # the check screen's getter checks it is this project's
    accept(manager)
    manager.dialog_data["check_id"] = int(item)
    await manager.switch_to(Projects.check)


async def on_pause_toggle(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    check = await _open_check(manager, Level.MAINTAINER)
    if check is not None:
        # The button says what to do: a double tap or a stale screen cannot flip it back.
        paused = widget.widget_id == PAUSE
        await writer.check_paused(check.monitor_id, paused, datetime.now(UTC))


async def on_delete(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    check = await _open_check(manager, Level.MAINTAINER)
    if check is not None:
        try:
            await checks.delete_check(check.id)
        except NotFound:
            pass  # deleted meanwhile: what was asked is done
    manager.dialog_data.pop("check_id", None)
    await manager.switch_to(Projects.checks)


async def on_interval(
    callback: CallbackQuery, widget: Any, manager: DialogManager, item: str
) -> None:
    check = await _open_check(manager, Level.MAINTAINER)
    if check is None:
        await manager.switch_to(Projects.check)  # which says it is gone
        return
    try:
        await checks.change_interval(check.id, item, datetime.now(UTC))
    except AppError as error:
        refuse(manager, error)
        return
    accept(manager)
    await manager.switch_to(Projects.check)


async def on_new_url(message: Message, widget: Any, manager: DialogManager, text: str) -> None:
    await current(manager, Level.MAINTAINER)
    try:
        manager.dialog_data["new_check_url"] = checks.validate_check_url(text)
    except AppError as error:
        refuse(manager, error)
        return
    accept(manager)
    await manager.switch_to(Projects.check_new_interval)


async def on_new_interval(
    callback: CallbackQuery, widget: Any, manager: DialogManager, item: str
) -> None:
    project = await current(manager, Level.MAINTAINER)
    url = manager.dialog_data.get("new_check_url")
    if url is None:  # a button of this step pressed before an address was given
        await manager.switch_to(Projects.check_url)
        return
    spec = checks.NewCheck(url=url, interval=item, created_by=actor(manager).user_id)
    try:
        await checks.add_check(project, spec, datetime.now(UTC))
    except AppError as error:
        refuse(manager, error)
        return
    accept(manager)
    manager.dialog_data.pop("new_check_url")
    await manager.switch_to(Projects.checks)


def checks_window() -> Window:
    return Window(
        Tr("checks-list"),
        Tr("checks-lines", when="lines"),
        Tr("checks-more", when="more"),
        Tr("checks-none", when="none"),
        ScrollingGroup(
            choice("check", "check_buttons", on_pick_check),
            id="checks_page",
            width=1,
            height=PAGE_HEIGHT,
            hide_on_single_page=True,
        ),
        SwitchTo(
            Tr("btn-add-check"),
            id="add_check",
            state=Projects.check_url,
            on_click=forget_error,
            when="can_maintain",
        ),
        SwitchTo(Tr("btn-back"), id="checks_to_card", state=Projects.card),
        state=Projects.checks,
        getter=get_checks_data,
    )


def check_window() -> Window:
    return Window(
        Tr("error-check-not-found", when="gone"),
        Tr("check-view", when="shown"),
        Tr("check-view-expected", when="expected"),
        Tr("check-view-keyword", when="keyword"),
        Tr("check-view-keyword-absent", when="absent_keyword"),
        Tr("check-view-last", when="last_at"),
        Tr("check-view-never", when="never"),
        Tr("check-view-certificate", when="certificate"),
        Row(
            Button(Tr("btn-pause"), id=PAUSE, on_click=on_pause_toggle, when="may_pause"),
            Button(Tr("btn-resume"), id=RESUME, on_click=on_pause_toggle, when="may_resume"),
            SwitchTo(
                Tr("btn-check-interval"),
                id="check_interval",
                state=Projects.check_interval,
                on_click=forget_error,
                when="can_maintain",
            ),
        ),
        SwitchTo(
            Tr("btn-delete"), id="check_delete", state=Projects.check_delete, when="can_maintain"
        ),
        SwitchTo(Tr("btn-back"), id="check_to_checks", state=Projects.checks),
        state=Projects.check,
        getter=get_check_data,
    )


def check_interval_window() -> Window:
    return Window(
        Tr("check-interval"),
        ErrorText(),
        Group(choice("interval", "intervals", on_interval), width=2),
        SwitchTo(Tr("btn-back"), id="interval_to_check", state=Projects.check),
        state=Projects.check_interval,
        getter=get_check_url_data,
    )


def check_delete_window() -> Window:
    return Window(
        Tr("check-delete-confirm"),
        Row(
            Button(Tr("btn-delete-yes"), id="check_delete_yes", on_click=on_delete),
            SwitchTo(Tr("btn-back"), id="delete_to_check", state=Projects.check),
        ),
        state=Projects.check_delete,
        getter=get_check_url_data,
    )


def new_check_url_window() -> Window:
    return Window(
        Tr("check-new-url"),
        ErrorText(),
        *text_step("check_url", on_new_url),
        SwitchTo(Tr("btn-back"), id="new_to_checks", state=Projects.checks, on_click=forget_error),
        state=Projects.check_url,
        getter=get_new_check_data,
    )


def new_check_interval_window() -> Window:
    return Window(
        Tr("check-new-interval"),
        ErrorText(),
        Group(choice("new_interval", "intervals", on_new_interval), width=2),
        SwitchTo(Tr("btn-back"), id="interval_to_url", state=Projects.check_url),
        state=Projects.check_new_interval,
        getter=get_new_check_data,
    )
