"""A project's escalation chain in its settings: the steps listed, one added (its delay, the
chat to alert, who to mention: each typed in its own step, re-asked with the reason when
refused), all cleared. Changing the chain takes a maintainer; the rules are services/accounts/
escalation.py's."""

from datetime import UTC, datetime, timedelta
from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, Window
from aiogram_dialog.widgets.kbd import Button, Row, SwitchTo
from aiogram_i18n import I18nContext

from bot.dialogs.common import ErrorText, Tr, accept, actor, escaped, refuse, text_step
from bot.dialogs.projects.scope import current
from bot.states import Projects
from services.accounts import escalation
from services.accounts.access import Level
from services.core.errors import AppError
from services.text.render import humanize_duration


async def get_escalation_data(
    dialog_manager: DialogManager, i18n: I18nContext, **_: Any
) -> dict[str, Any]:
    project = await current(dialog_manager, Level.VIEWER)
    lines = [
        i18n.get(
            "escalation-step-line",
            number=number,
            after=humanize_duration(i18n.core, i18n.locale, timedelta(seconds=step.after_seconds)),
            chat=str(step.chat_id),
            mention=escaped(step.mention) or "—",
        )
        for number, step in enumerate(await escalation.chain(project), start=1)
    ]
    return {"name": escaped(project.name), "steps": "\n".join(lines), "empty": not lines}


async def on_add(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    try:
        await current(manager, Level.MAINTAINER)
    except AppError as error:
        refuse(manager, error)
        return
    accept(manager)
    await manager.switch_to(Projects.escalation_after)


async def on_clear(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    try:
        await escalation.clear_steps(await current(manager, Level.MAINTAINER))
    except AppError as error:
        refuse(manager, error)
        return
    accept(manager)


async def on_after(message: Message, widget: Any, manager: DialogManager, text: str) -> None:
    await _typed(manager, "after", text, escalation.parse_after, Projects.escalation_chat)


async def on_chat(message: Message, widget: Any, manager: DialogManager, text: str) -> None:
    """A person who sees the project, or a group the bot is in: checked as the step will be."""
    me = actor(manager)
    try:
        project = await current(manager, Level.MAINTAINER)
        await escalation.allowed_chat(project, text, me.user_id, me.admins)
    except AppError as error:
        refuse(manager, error)
        return
    accept(manager)
    manager.dialog_data["chat_id"] = text
    await manager.switch_to(Projects.escalation_mention)


async def _typed(manager: DialogManager, key: str, text: str, check: Any, then: Any) -> None:
    """One answer of the new step: kept as typed once it passes its check, then the next
    question; refused with its reason otherwise."""
    try:
        check(text)
    except AppError as error:
        refuse(manager, error)
        return
    accept(manager)
    manager.dialog_data[key] = text
    await manager.switch_to(then)


async def on_mention(message: Message, widget: Any, manager: DialogManager, text: str) -> None:
    await _save(manager, text)


async def on_no_mention(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    await _save(manager, None)


async def _save(manager: DialogManager, mention: str | None) -> None:
    step = escalation.NewStep(
        after=manager.dialog_data.get("after", ""),
        chat_id=manager.dialog_data.get("chat_id", ""),
        mention=mention,
        by=actor(manager).user_id,
    )
    try:
        project = await current(manager, Level.MAINTAINER)
        await escalation.add_step(project, step, datetime.now(UTC), actor(manager).admins)
    except AppError as error:
        refuse(manager, error)
        return
    accept(manager)
    await manager.switch_to(Projects.escalation)


def escalation_window() -> Window:
    return Window(
        Tr("escalation-title"),
        Tr("escalation-empty", when="empty"),
        Tr("escalation-steps", when="steps"),
        ErrorText(),
        Row(
            Button(Tr("btn-escalation-add"), id="escalation_add", on_click=on_add),
            Button(Tr("btn-escalation-clear"), id="escalation_clear", on_click=on_clear),
        ),
        SwitchTo(Tr("btn-back"), id="escalation_back", state=Projects.settings),
        state=Projects.escalation,
        getter=get_escalation_data,
    )


def _question(key: str, input_id: str, on_value: Any, state: Any, *extra: Any) -> Window:
    return Window(
        Tr(key),
        ErrorText(),
        *text_step(input_id, on_value),
        *extra,
        SwitchTo(Tr("btn-back"), id=f"back_{input_id}", state=Projects.escalation),
        state=state,
        getter=get_escalation_data,
    )


def escalation_after_window() -> Window:
    return _question(
        "escalation-ask-after", "escalation_after", on_after, Projects.escalation_after
    )


def escalation_chat_window() -> Window:
    return _question("escalation-ask-chat", "escalation_chat", on_chat, Projects.escalation_chat)


def escalation_mention_window() -> Window:
    none = Button(
        Tr("btn-escalation-no-mention"), id="escalation_no_mention", on_click=on_no_mention
    )
    return _question(
        "escalation-ask-mention",
        "escalation_mention",
        on_mention,
        Projects.escalation_mention,
        none,
    )
