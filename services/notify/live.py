"""Edits alerts in place: an error alert gets its new count and who did what, an incident alert
how long the silence lasts and how it ended. The edits go through the outbox like any message,
so they survive restarts and Telegram outages. Safe to run in several processes at once: each
due group or project is taken with a compare-and-set."""

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

from tortoise.queryset import QuerySet

from models import (
    ErrorGroup,
    LetterKind,
    Monitor,
    MonitorKind,
    OutboxMessage,
    OutboxState,
    Project,
    Subscriber,
)
from services.accounts import maintenance
from services.letters.outbox import Letter, OutboxSignal, Recipient, enqueue
from services.monitors.watched import (
    any_outage_open,
    heartbeats_of,
    monitor_of,
    monitors_by_id,
    outage_open,
)
from services.monitors.writer import INCIDENT_EVERY
from services.notify.alerts import (
    AckButton,
    group_footer,
    group_keyboard,
    incident_footer,
    incident_keyboard,
)
from services.notify.dependants import also_silent
from services.notify.notifier import Notifier
from services.storage.transaction import transaction

BATCH = 100
# An alert not yet delivered cannot be edited: look again shortly.
UNSENT_RETRY = timedelta(seconds=5)
SEPARATOR = "\n\n➖➖➖\n\n"
Edit = tuple[str, dict[str, Any]]
Heard = dict[int, set[int]]  # project id -> the chats that hear about it
Render = Callable[[OutboxMessage, str], Awaitable[Edit]]


class LiveAlerts:
    def __init__(self, notifier: Notifier, signal: OutboxSignal) -> None:
        self.notifier = notifier
        self.tr = notifier.tr
        self.default_locale = notifier.default_locale
        self.signal = signal

    async def refresh(self, now: datetime) -> int:
        """Queue the edits that are due; returns how many alerts were refreshed."""
        done = 0
        for group in await ErrorGroup.filter(refresh_due_at__lte=now).limit(BATCH):
            done += await self._refresh_group(group, now)
        for project in await Project.filter(incident_refresh_at__lte=now).limit(BATCH):
            done += await self._refresh_incident(project, now)
        if done:
            self.signal.notify()
        return done

    async def _refresh_group(self, group: ErrorGroup, now: datetime) -> int:
        async with transaction():
            taken = ErrorGroup.filter(id=group.id, refresh_due_at=group.refresh_due_at)
            if await taken.update(refresh_due_at=None, refreshed_at=now) != 1:
                return 0

            async def render(alert: OutboxMessage, locale: str) -> Edit:
                text = _with_footer(alert.text, group_footer(self.tr, locale, group))
                acked = group.acked_by is not None
                return text, group_keyboard(self.tr, locale, group.id, group.status, acked)

            alerts = OutboxMessage.filter(group_id=group.id, kind=LetterKind.ERROR)
            if await self._edit_alerts(alerts, group.project_id, render, now):
                await ErrorGroup.filter(id=group.id, refresh_due_at__isnull=True).update(
                    refresh_due_at=now + UNSENT_RETRY
                )
        return 1

    async def _refresh_incident(self, project: Project, now: datetime) -> int:
        async with transaction():
            outage = await monitor_of(project.id, MonitorKind.HEARTBEAT)
            ongoing = await any_outage_open(project.id) and not project.paused
            later = now + INCIDENT_EVERY if ongoing else None
            taken = Project.filter(id=project.id, incident_refresh_at=project.incident_refresh_at)
            if await taken.update(incident_refresh_at=later) != 1:
                return 0
            # Someone on it (👀), or an outage nobody was told of (held): no reminders.
            reminded = outage_open(outage, announced=True) and outage.acked_by is None
            if ongoing and project.incident_refresh_at and reminded:
                last_check = project.incident_refresh_at - INCIDENT_EVERY
                await self.notifier.reminders(project, outage.since or now, last_check, now)

            heard: Heard = {}  # one look per project for all the chats of this pass

            async def render(alert: OutboxMessage, locale: str) -> Edit:
                return await self.incident_message(alert, locale, now, project, heard=heard)

            alerts = OutboxMessage.filter(project_id=project.id, kind=LetterKind.SILENCE)
            if await self._edit_alerts(alerts, project.id, render, now) and later is None:
                await Project.filter(id=project.id).update(incident_refresh_at=now + UNSENT_RETRY)
            await self._edit_escalations(project, now)
        return 1

    async def _edit_escalations(self, project: Project, now: datetime) -> None:
        """An escalation's message is edited like the outage's alerts while it lasts (and once
        when it ends), also in a chat that does not hear about the project: the newest of each
        chat and outage, of the outage still shown (not an earlier one's). Not in a chat the
        chain may no longer reach (services/accounts/escalation.may_hear): it learns nothing
        new, not even the end."""
        rows = (
            await OutboxMessage.filter(
                project_id=project.id,
                kind=LetterKind.ESCALATION,
                edit_message_id__isnull=True,
                state=OutboxState.SENT,
            )
            .order_by("-id")
            .select_related("subscriber")
        )
        heard = await self.notifier.escalations_heard_in(project.id) if rows else set()
        newest: dict[tuple[int, int | None], OutboxMessage] = {}
        for row in rows:
            if row.chat_id in heard:
                newest.setdefault((row.chat_id, row.monitor_id), row)
        heartbeat = await monitor_of(project.id, MonitorKind.HEARTBEAT)
        outages = await monitors_by_id(a.monitor_id for a in newest.values() if a.monitor_id)
        letters = []
        for alert in newest.values():
            outage = outages.get(alert.monitor_id) if alert.monitor_id else heartbeat
            if outage is None or outage.since is None or alert.created_at < outage.since:
                continue  # the check was deleted, or a later outage is on
            render = self._escalation_render(project, outage, now)
            letters.append(await self._edit_of(alert, render, LetterKind.ESCALATION))
        await _supersede(letters)
        await enqueue(letters, now)

    def _escalation_render(self, project: Project, outage: Monitor, now: datetime) -> Render:
        async def render(alert: OutboxMessage, locale: str) -> Edit:
            on = await maintenance.current(project, now)
            footer = incident_footer(self.tr, locale, project, outage, now, on)
            text = _with_footer(alert.text, footer)
            if outage.ended_at is not None:
                return text, {"inline_keyboard": []}
            acked = outage.acked_by or project.paused
            ack = None if acked else AckButton.of(outage.id, outage.since)
            keyboard = incident_keyboard(
                self.tr, locale, project, project.paused, on is not None, ack
            )
            return text, keyboard

        return render

    async def incident_message(
        self,
        alert: OutboxMessage,
        locale: str,
        now: datetime,
        fresh: Project | None = None,
        joining: OutboxMessage | None = None,
        heard: Heard | None = None,
    ) -> Edit:
        """The whole message an incident alert lives in: several projects that went down
        together share one (see services/notify/incidents.py), each with its own footer and button.
        `joining`: an alert about to join the message, not yet recorded in it (it is recorded
        only once Telegram took the edit)."""
        members = await _members(alert.chat_id, alert.telegram_message_id)
        if joining is not None:
            members.append(joining)
        return await self._render_incident(alert.chat_id, members, locale, now, fresh, heard)

    async def incident_edit(self, edit: OutboxMessage) -> Edit | None:
        """A queued edit of an incident message as it must be sent: the message's members now,
        each as of when the edit was queued. A project may have joined the message since the
        edit was rendered; the text rendered then would take it out again. None: the edit is
        not of an incident message."""
        members = await _members(edit.chat_id, edit.edit_message_id)
        if not members:
            return None
        chat = await Subscriber.get_or_none(id=edit.subscriber_id)
        locale = (chat.language if chat else None) or self.default_locale
        return await self._render_incident(edit.chat_id, members, locale, edit.created_at)

    async def _render_incident(
        self,
        chat_id: int,
        members: list[OutboxMessage],
        locale: str,
        now: datetime,
        fresh: Project | None = None,
        heard: Heard | None = None,
    ) -> Edit:
        """A project the chat no longer hears about keeps its text as first sent: no footer
        (nothing new about it), no button."""
        ids = [m.project_id for m in members]
        projects: dict[int | None, Project] = {p.id: p for p in await Project.filter(id__in=ids)}
        if fresh is not None:
            projects[fresh.id] = fresh
        heard = {} if heard is None else heard
        outages = await heartbeats_of(id_ for id_ in projects if id_ is not None)
        checks = await monitors_by_id(m.monitor_id for m in members if m.monitor_id)
        texts, rows = [], []
        for member in members:
            state = projects.get(member.project_id)
            if state is None:
                continue  # the project was deleted
            if state.id not in heard:
                heard[state.id] = await self.notifier.heard_in(state.id, now)
            if chat_id not in heard[state.id]:
                texts.append(member.text)
                continue
            outage = checks.get(member.monitor_id) if member.monitor_id else outages[state.id]
            if outage is None:  # the check was deleted: nothing more to say about it
                texts.append(member.text)
                continue
            on = await maintenance.current(state, now)
            footer = incident_footer(self.tr, locale, state, outage, now, on)
            if outage.ended_at is None:
                footer = await self._with_dependants(footer, state.id, chat_id, locale, now, heard)
            texts.append(_with_footer(member.text, footer))
            if outage.ended_at is None:  # nothing left to pause once it recovered
                # Paused: nobody is reminded or escalated to; the pause says who has it.
                acked = outage.acked_by or state.paused or outage.id is None
                ack = None if acked else AckButton.of(outage.id, outage.since)
                keyboard = incident_keyboard(
                    self.tr, locale, state, state.paused, on is not None, ack
                )
                rows += keyboard["inline_keyboard"]
        return SEPARATOR.join(texts), {"inline_keyboard": rows}

    async def _with_dependants(
        self, footer: str, project_id: int, chat_id: int, locale: str, now: datetime, heard: Heard
    ) -> str:
        """The footer of a live outage, with the dependants it silenced that this chat hears
        about (services/notify/dependants.py)."""

        async def heard_in(dependant_id: int) -> set[int]:
            if dependant_id not in heard:
                heard[dependant_id] = await self.notifier.heard_in(dependant_id, now)
            return heard[dependant_id]

        line = await also_silent(self.tr, locale, project_id, chat_id, heard_in)
        return f"{footer}\n{line}" if line else footer

    async def _edit_alerts(
        self, alerts: QuerySet[OutboxMessage], project_id: int, render: Render, now: datetime
    ) -> bool:
        """Queue an edit of the newest alert (of each monitor) in each chat that still hears about
        the project (the others got their last edit when they stopped:
        services/letters/farewell.py); True if one is not delivered yet."""
        heard = await self.notifier.heard_in(project_id, now)
        rows = (
            await alerts.filter(edit_message_id__isnull=True, chat_id__in=list(heard))
            .order_by("-id")
            .select_related("subscriber")
            if heard
            else []
        )
        # A project may have several outages live at once in a chat (its heartbeat's and its
        # checks'), each in its own message: the newest alert of each monitor, one edit a message.
        newest: dict[tuple[int, int | None], OutboxMessage] = {}
        for row in rows:
            newest.setdefault((row.chat_id, row.monitor_id), row)
        unsent = any(row.state == OutboxState.PENDING for row in newest.values())
        shown = {
            (row.chat_id, row.telegram_message_id): row
            for row in newest.values()
            if row.state == OutboxState.SENT and row.telegram_message_id
        }
        letters = [await self._edit_of(row, render) for row in shown.values()]
        await _supersede(letters)
        await enqueue(letters, now)
        return unsent

    async def _edit_of(
        self, alert: OutboxMessage, render: Render, kind: LetterKind = LetterKind.EDIT
    ) -> Letter:
        locale = alert.subscriber.language or self.default_locale
        recipient = Recipient(
            subscriber_id=alert.subscriber_id,
            chat_id=alert.chat_id,
            locale=locale,
            heartbeat_mode="",
            min_severity="",
            thread_id=alert.thread_id,
        )
        text, keyboard = await render(alert, locale)
        return Letter(
            recipient,
            kind,
            text,  # alerts leave room for their footer (notify.FOOTER_ROOM)
            reply_markup=keyboard,
            group_id=alert.group_id,
            project_id=alert.project_id,
            monitor_id=alert.monitor_id if kind == LetterKind.ESCALATION else None,
            edit_message_id=alert.telegram_message_id,
        )


async def _members(chat_id: int, message_id: int | None) -> list[OutboxMessage]:
    """The silence alerts shown in one Telegram message of a chat, oldest first."""
    if message_id is None:
        return []
    return await OutboxMessage.filter(
        chat_id=chat_id,
        kind=LetterKind.SILENCE,
        telegram_message_id=message_id,
        edit_message_id__isnull=True,
    ).order_by("id")


def _with_footer(text: str, footer: str) -> str:
    return f"{text}\n\n{footer}" if footer else text


async def _supersede(edits: list[Letter]) -> None:
    """An edit still waiting (Telegram down, flood limits) is replaced by the newer one. Not
    one a sender has claimed: it may be on its way to Telegram, and dropped it would no longer
    hold its chat's later messages back (services/outbox.claim), so one rendered after it could
    overtake it; the newer edit goes after it instead."""
    for edit in edits:
        await OutboxMessage.filter(
            chat_id=edit.recipient.chat_id,
            # never a farewell: the edit that took the buttons away stays last (an escalation's
            # edits are escalation letters: they go to a chat that may not hear the project)
            kind=edit.kind,
            edit_message_id=edit.edit_message_id,
            state=OutboxState.PENDING,
            unrecorded_sends=0,
        ).update(state=OutboxState.DROPPED, last_error="superseded by a newer edit")
