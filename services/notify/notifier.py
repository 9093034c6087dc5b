"""Turns domain events into outbox letters, rendered in each recipient's language."""

import logging
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from models import (
    Check,
    ErrorReport,
    EscalationStep,
    GroupStatus,
    HeartbeatMode,
    LetterKind,
    Monitor,
    MonitorKind,
    Project,
    Severity,
    StopReason,
    Subscription,
)
from services.accounts import subscribers
from services.accounts.access import with_access
from services.accounts.escalation import chats_hearing, may_hear
from services.accounts.routing import in_quiet_hours, reminder_due
from services.grouping.groups import Verdict
from services.letters.outbox import Letter, Recipient, as_recipient, enqueue
from services.monitors.health import BeatChange, deadline_after, project_schedule
from services.monitors.holds import Quieted, quiet_in_maintenance
from services.monitors.schedule import Schedule, next_run
from services.monitors.watched import monitor_of
from services.notify.alerts import (
    AckButton,
    group_keyboard,
    incident_keyboard,
    probe_failure,
    resume_keyboard,
)
from services.stats.figures import TopGroup
from services.text import render
from services.text.i18n import Translator, translate
from services.text.zones import ZoneUnavailable

log = logging.getLogger(__name__)
RenderFor = Callable[[str, render.Budget], str]
# Alerts that are edited later keep this much room for the footer (counts, who did what).
FOOTER_ROOM = 400


@dataclass(frozen=True)
class BeatView:
    status: str
    version: str | None
    metadata: Mapping[str, Any] | None
    at: datetime


@dataclass(frozen=True)
class DigestFigures:
    uptime: float | None
    errors: dict[str, int]  # severity → count
    new_groups: int
    top: Sequence[TopGroup]


def wants_heartbeat(mode: str, change: BeatChange) -> bool:
    """Whether a subscription hears about a heartbeat (recoveries are announced separately)."""
    if mode == HeartbeatMode.EVERY:
        return True
    return mode == HeartbeatMode.CHANGES and change in (BeatChange.FIRST, BeatChange.CHANGED)


def wants_error(min_severity: str, severity: str) -> bool:
    return Severity(severity).rank >= Severity(min_severity).rank


class Notifier:
    """Renders and enqueues notifications. Call its methods inside the event's transaction."""

    def __init__(
        self, translator: Translator, default_locale: str, admins: Collection[int] = ()
    ) -> None:
        self.tr = translator
        self.default_locale = default_locale
        self.admins = tuple(admins)  # ADMIN_IDS: they see every project

    async def recipients(self, project: Project, now: datetime) -> list[Recipient]:
        """The chats that hear about the project now. A subscription whose maker lost access
        to the project is stopped here, before anything is queued for it."""
        heard = await subscribers.audience(project.id, self.admins)
        await self.stop_lapsed(heard.lapsed, now)
        return [as_recipient(row, row.subscriber, self.default_locale) for row in heard.heard]

    async def heard_in(self, project_id: int, now: datetime) -> set[int]:
        """The chats (Telegram ids) that hear about the project now."""
        heard = await subscribers.audience(project_id, self.admins)
        await self.stop_lapsed(heard.lapsed, now)
        return {row.subscriber.telegram_id for row in heard.heard}

    async def escalations_heard_in(self, project_id: int) -> set[int]:
        """The chats (Telegram ids) the project's escalation chain may reach now."""
        return await chats_hearing(project_id, self.admins)

    async def access_ended(self, project_id: int, user_id: int, now: datetime) -> int:
        """After a person lost a project (revoked): the subscriptions they made, and their own
        chat's, stop; how many."""
        own = await Subscription.filter(
            project_id=project_id, subscriber__telegram_id=user_id, stopped_at__isnull=True
        ).select_related("subscriber")
        if await with_access([user_id], project_id, self.admins):
            own = []  # an admin still sees every project
        lapsed = (await subscribers.audience(project_id, self.admins)).lapsed
        return await self.stop_lapsed([*own, *(s for s in lapsed if s not in own)], now)

    async def admin_removed(self, user_id: int, now: datetime) -> int:
        """After `remove-admin`: their own chat's subscriptions to projects they no longer see
        (whoever made them), and every subscription whose maker lost access, stop; how many."""
        own = await Subscription.filter(
            subscriber__telegram_id=user_id, stopped_at__isnull=True
        ).select_related("subscriber")
        lost = []
        for row in own:
            project_id: int = row.project_id
            if not await with_access([user_id], project_id, self.admins):
                lost.append(row)
        lapsed = await subscribers.lapsed_anywhere(self.admins)
        return await self.stop_lapsed([*lost, *(s for s in lapsed if s not in lost)], now)

    async def stop_all_lapsed(self, now: datetime) -> int:
        """Every project's subscriptions whose maker lost access: after an admin was removed
        (ADMIN_IDS at a restart, `main.py remove-admin`)."""
        return await self.stop_lapsed(await subscribers.lapsed_anywhere(self.admins), now)

    async def stop_lapsed(self, lapsed: Sequence[Subscription], now: datetime) -> int:
        """Stop these subscriptions, telling each chat once why; how many were stopped here."""
        stopped = 0
        for row in lapsed:
            if await subscribers.stop(row, StopReason.MAKER_LOST_ACCESS, now):
                stopped += 1
                recipient = as_recipient(row, row.subscriber, self.default_locale)
                project = await Project.get_or_none(id=row.project_id)
                if project is None:
                    continue  # deleted meanwhile: nothing more to say about it
                text = translate(
                    self.tr,
                    "subscription-stopped-access",
                    recipient.locale,
                    name=render.escape(project.name, 200),
                )
                markup = (
                    resume_keyboard(self.tr, recipient.locale) if recipient.chat_id < 0 else None
                )
                await enqueue(
                    [Letter(recipient, LetterKind.NOTICE, text, reply_markup=markup)], now
                )
        return stopped

    async def heartbeat(
        self, project: Project, beat: BeatView, change: BeatChange, silent_for: timedelta | None
    ) -> None:
        recipients = await self.recipients(project, beat.at)
        if change == BeatChange.RECOVERED and silent_for is not None:
            recovery = self._cached(
                lambda loc, b: self._recovery(loc, b, project, silent_for, beat.at)
            )
            await self._send(
                recipients, LetterKind.RECOVERY, project, recovery, beat.at, loud=True
            )
            return
        chosen = [r for r in recipients if wants_heartbeat(r.heartbeat_mode, change)]
        await self._send(
            chosen,
            LetterKind.HEARTBEAT,
            project,
            self._cached(lambda loc, b: self._heartbeat(loc, b, project, beat)),
            beat.at,
        )

    async def silence(self, project: Project, now: datetime) -> None:
        """One message per chat for the whole incident: later edits add how long it lasts."""
        text_for = self._cached(lambda loc, b: self._silence(loc, b, project), FOOTER_ROOM)
        beat = await monitor_of(project.id, MonitorKind.HEARTBEAT)
        await self._outage(project, text_for, now, AckButton.of(beat.id, beat.since))

    async def check_down(self, project: Project, check: Check, now: datetime) -> None:
        """A check's outage: one message per chat, edited while it lasts (as a silence is, and
        sharing a message with the outages of the same minute in that chat)."""
        text_for = self._cached(
            lambda loc, b: self._check_down(loc, b, project, check), FOOTER_ROOM
        )
        # The outage begins at its first failure (the writer writes its `since` so, after this).
        ack = AckButton.of(check.monitor_id, check.failing_since or now)
        await self._outage(project, text_for, now, ack, check.monitor_id)

    async def _outage(
        self,
        project: Project,
        text_for: Callable[[str], str],
        now: datetime,
        ack: AckButton,
        monitor_id: int | None = None,
    ) -> None:
        """An outage's letters (a silence, or a check's with its monitor), with the buttons."""
        letters = [
            self._letter(
                r,
                LetterKind.SILENCE,
                text_for,
                now,
                loud=True,
                reply_markup=incident_keyboard(self.tr, r.locale, project, False, ack=ack),
                project_id=project.id,
                monitor_id=monitor_id,
            )
            for r in await self.recipients(project, now)
        ]
        await enqueue(letters, now)

    async def escalation(
        self, project: Project, outage: Monitor, step: EscalationStep, now: datetime
    ) -> None:
        """A step of the project's escalation chain: the outage, to the step's chat (it need
        not be subscribed), with "I'm on it" and the people it mentions. Edited like the
        outage's alerts while it lasts (live.py). Nothing to a chat that may no longer hear of
        the project (services/accounts/escalation.may_hear): the step counts as done."""
        chat = await may_hear(step, self.admins)
        if chat is None:
            log.info(
                "escalation step %s of project %s not sent: chat %s may not hear of it",
                step.id,
                project.id,
                step.chat_id,
            )
            return
        locale = chat.language or self.default_locale
        recipient = Recipient(chat.id, chat.telegram_id, locale, "", "")
        check = await Check.get_or_none(monitor_id=outage.id)
        if check is not None:
            outage_text = self._check_down(locale, render.Budget(), project, check)
        else:
            outage_text = self._silence(locale, render.Budget(), project)
        waited = render.humanize_duration(self.tr, locale, timedelta(seconds=step.after_seconds))
        head = self.tr.get("escalation-head", locale, after=waited)
        parts = [head, outage_text]
        if step.mention:
            parts.append(render.escape(step.mention, 256))
        keyboard = incident_keyboard(
            self.tr, locale, project, project.paused, ack=AckButton.of(outage.id, outage.since)
        )
        letter = Letter(
            recipient,
            LetterKind.ESCALATION,
            "\n\n".join(parts),
            reply_markup=keyboard,
            project_id=project.id,
            monitor_id=outage.id if check is not None else None,
        )
        await enqueue([letter], now)

    async def check_up(
        self, project: Project, check: Check, down_since: datetime, now: datetime
    ) -> None:
        """A check answers again: a message of its own (the outage's is edited too)."""
        recipients = await self.recipients(project, now)
        build = lambda loc, b: self._check_up(loc, b, project, check, now - down_since, now)  # noqa: E731
        await self._send(
            recipients, LetterKind.RECOVERY, project, self._cached(build), now, loud=True
        )

    async def check_flapping(self, project: Project, check: Check, now: datetime) -> None:
        """Once when a check starts flipping: its changes are not announced one by one."""
        await self._about_check(project, check, "notify-check-flapping", now)

    async def check_settled(self, project: Project, check: Check, now: datetime) -> None:
        """A flapping check held one state for an hour: which one."""
        key = "notify-check-settled-down" if check.failures_in_row else "notify-check-settled-up"
        await self._about_check(project, check, key, now)

    async def certificate_expires(
        self, project: Project, check: Check, days: int, now: datetime
    ) -> None:
        """The certificate of an https:// check expires within one of the warning days."""
        expires = check.certificate_expires_at
        date = expires.date().isoformat() if expires else "—"
        await self._about_check(project, check, "notify-certificate", now, days=days, date=date)

    async def _about_check(
        self, project: Project, check: Check, key: str, now: datetime, **expiry: Any
    ) -> None:
        """A note about a check (`LetterKind.CHECK`); `expiry`: the certificate's days and date."""

        def build(locale: str, budget: render.Budget) -> str:
            extra = {}
            if expiry:
                extra["expiry"] = self.tr.get("check-certificate-expires", locale, **expiry)
            return self._check_text(key, locale, budget, project, check, **extra)

        recipients = await self.recipients(project, now)
        await self._send(recipients, LetterKind.CHECK, project, self._cached(build), now)

    async def reminders(
        self, project: Project, since: datetime, last_check: datetime, now: datetime
    ) -> None:
        """ "Still not responding" (silent `since`), to the subscriptions whose reminder
        interval (hourly, daily) completed since the last check; none during maintenance."""
        if await quiet_in_maintenance(project, Quieted.OUTAGE, now):
            return
        due = [
            r
            for r in await self.recipients(project, now)
            if reminder_due(r.reminders, since, last_check, now)
        ]
        text_for = self._cached(lambda loc, b: self._reminder(loc, b, project, now - since))
        letters = [
            self._letter(r, LetterKind.REMINDER, text_for, now, project_id=project.id) for r in due
        ]
        await enqueue(letters, now)

    async def digest(
        self, project: Project, recipient: Recipient, figures: DigestFigures, now: datetime
    ) -> None:
        text_for = self._cached(lambda loc, b: self._digest(loc, b, project, figures))
        await enqueue(
            [self._letter(recipient, LetterKind.DIGEST, text_for, now, project_id=project.id)], now
        )

    async def error(self, project: Project, report: ErrorReport, verdict: Verdict) -> None:
        """A new group, a regression or the end of a mute: one alert per chat, with buttons;
        its later repeats edit this alert instead of sending more. Not in a maintenance
        window, unless the project chose to hear errors then."""
        if await quiet_in_maintenance(project, Quieted.ERROR, report.received_at):
            return
        recipients = await self.recipients(project, report.received_at)
        chosen = [r for r in recipients if wants_error(r.min_severity, report.severity)]
        text_for = self._cached(
            lambda loc, b: self._error(loc, b, project, report, verdict), FOOTER_ROOM
        )
        group_id = report.group_id
        assert group_id is not None, "an alerted report is counted in its group first"
        letters = [
            self._letter(
                r,
                LetterKind.ERROR,
                text_for,
                report.received_at,
                loud=report.severity == Severity.CRITICAL,
                reply_markup=group_keyboard(self.tr, r.locale, group_id, GroupStatus.OPEN),
                group_id=group_id,
                project_id=project.id,
            )
            for r in chosen
        ]
        await enqueue(letters, report.received_at)

    async def run_failed(self, project: Project, report: ErrorReport) -> None:
        """A failed run, at once; not in a maintenance window (it is stored all the same)."""
        if await quiet_in_maintenance(project, Quieted.RUN, report.received_at):
            return
        recipients = await self.recipients(project, report.received_at)
        chosen = [r for r in recipients if wants_error(r.min_severity, report.severity)]
        await self._send(
            chosen,
            LetterKind.RUN_FAILED,
            project,
            self._cached(lambda loc, b: self._run_failed(loc, b, project, report)),
            report.received_at,
        )

    async def run_hung(self, project: Project, started: datetime | None, now: datetime) -> None:
        recipients = await self.recipients(project, now)
        await self._send(
            recipients,
            LetterKind.RUN_HUNG,
            project,
            self._cached(lambda loc, b: self._run_hung(loc, b, project, started)),
            now,
        )

    async def _send(
        self,
        recipients: list[Recipient],
        kind: LetterKind,
        project: Project,
        text_for: Callable[[str], str],
        now: datetime,
        loud: bool = False,
    ) -> None:
        letters = [
            self._letter(r, kind, text_for, now, loud, project_id=project.id) for r in recipients
        ]
        await enqueue(letters, now)

    @staticmethod
    def _letter(
        recipient: Recipient,
        kind: LetterKind,
        text_for: Callable[[str], str],
        now: datetime,
        loud: bool = False,
        **extra: Any,
    ) -> Letter:
        """In the chat's quiet hours only loud letters (critical errors, outages, recoveries)
        make a sound; the rest arrive silently."""
        quiet = not loud and _quiet(recipient, now)
        return Letter(recipient, kind, text_for(recipient.locale), silent=quiet, **extra)

    def _cached(self, build: RenderFor, room: int = 0) -> Callable[[str], str]:
        """Render once per language, shrinking user-supplied parts until the text fits (with
        `room` characters to spare for later edits)."""
        texts: dict[str, str] = {}

        def text_for(locale: str) -> str:
            if locale not in texts:
                texts[locale] = render.fit(
                    lambda budget: build(locale, budget), render.TELEGRAM_TEXT_LIMIT - room
                )
            return texts[locale]

        return text_for

    def _heartbeat(
        self, locale: str, budget: render.Budget, project: Project, beat: BeatView
    ) -> str:
        text = translate(
            self.tr,
            "notify-heartbeat",
            locale,
            **self._project_args(project, budget),
            status=render.escape(beat.status, 64),
            version=render.escape(beat.version, 64)
            if beat.version
            else self.tr.get("notify-no-version", locale),
            time=render.format_time(beat.at),
        )
        if beat.metadata:
            text += "\n\n" + self.tr.get("notify-heartbeat-extra", locale) + "\n"
            text += "\n".join(self._bullets(locale, beat.metadata, budget))
        return text

    def _silence(self, locale: str, budget: render.Budget, project: Project) -> str:
        last_seen = project.last_heartbeat_at
        schedule = project_schedule(project)
        if schedule is not None and last_seen is not None:
            return self._missed_run(locale, budget, project, schedule, last_seen)
        return translate(
            self.tr,
            "notify-silence",
            locale,
            **self._project_args(project, budget),
            timeout=render.humanize_timeout(self.tr, locale, project.timeout_seconds),
            last_seen=render.format_time(last_seen) if last_seen else "—",
        )

    def _missed_run(
        self,
        locale: str,
        budget: render.Budget,
        project: Project,
        schedule: Schedule,
        last_seen: datetime,
    ) -> str:
        """A scheduled project's silence names the run that was expected, in its zone: "the
        03:00 run did not report by 03:30" (the deadline by the rule, not as a time nobody
        listened moved it)."""
        deadline = deadline_after(project, last_seen)
        expected = next_run(schedule, last_seen)  # the run itself, in its zone
        return translate(
            self.tr,
            "notify-silence-scheduled",
            locale,
            **self._project_args(project, budget),
            expected=expected.strftime("%H:%M"),
            deadline=deadline.astimezone(expected.tzinfo).strftime("%H:%M"),
            tz=render.escape(schedule.tz, 64),
            last_seen=render.format_time(last_seen),
        )

    def _check_down(
        self, locale: str, budget: render.Budget, project: Project, check: Check
    ) -> str:
        return translate(
            self.tr,
            "notify-check-down",
            locale,
            **self._project_args(project, budget),
            url=render.escape(check.url, 200),
            reason=probe_failure(self.tr, locale, check.last_failure, check.last_detail),
            elapsed=check.last_ms or 0,
        )

    def _check_text(
        self,
        key: str,
        locale: str,
        budget: render.Budget,
        project: Project,
        check: Check,
        **values: str,
    ) -> str:
        return translate(
            self.tr,
            key,
            locale,
            **self._project_args(project, budget),
            url=render.escape(check.url, 200),
            reason=probe_failure(self.tr, locale, check.last_failure, check.last_detail),
            **values,
        )

    def _check_up(
        self,
        locale: str,
        budget: render.Budget,
        project: Project,
        check: Check,
        downtime: timedelta,
        at: datetime,
    ) -> str:
        return translate(
            self.tr,
            "notify-check-up",
            locale,
            **self._project_args(project, budget),
            url=render.escape(check.url, 200),
            downtime=render.humanize_duration(self.tr, locale, downtime),
            time=render.format_time(at),
        )

    def _reminder(
        self, locale: str, budget: render.Budget, project: Project, silent_for: timedelta
    ) -> str:
        return translate(
            self.tr,
            "notify-reminder",
            locale,
            **self._project_args(project, budget),
            silent=render.humanize_duration(self.tr, locale, silent_for),
        )

    def _digest(
        self, locale: str, budget: render.Budget, project: Project, figures: DigestFigures
    ) -> str:
        severities = [
            f"{self.tr.get(f'severity-{s.value}', locale)}: {figures.errors[s.value]}"
            for s in Severity
            if figures.errors.get(s.value)
        ]
        text = translate(
            self.tr,
            "notify-digest",
            locale,
            project=render.escape(project.name, budget.name),
            uptime="—" if figures.uptime is None else f"{figures.uptime * 100:.2f}%",
            errors=", ".join(severities) or "0",
            new_groups=figures.new_groups,
        )
        if figures.top:
            lines = [
                f"{n}. ×{g.count} {render.escape(g.type, 60)}: {render.escape(g.message, 120)}"
                for n, g in enumerate(figures.top, start=1)
            ]
            text += "\n\n" + self.tr.get("notify-digest-top", locale) + "\n" + "\n".join(lines)
        return text

    def _recovery(
        self,
        locale: str,
        budget: render.Budget,
        project: Project,
        silent_for: timedelta,
        at: datetime,
    ) -> str:
        return translate(
            self.tr,
            "notify-recovery",
            locale,
            **self._project_args(project, budget),
            downtime=render.humanize_duration(self.tr, locale, silent_for),
            time=render.format_time(at),
        )

    def _error(
        self,
        locale: str,
        budget: render.Budget,
        project: Project,
        report: ErrorReport,
        verdict: Verdict = Verdict.NEW,
    ) -> str:
        text = ""
        if verdict in (Verdict.REGRESSION, Verdict.UNMUTED):
            text = self.tr.get(f"notify-error-{verdict.value}", locale) + "\n\n"
        text += translate(
            self.tr,
            "notify-error",
            locale,
            project=render.escape(project.name, budget.name),
            type=render.escape(report.type, budget.name),
            message=render.escape(report.message, budget.message),
            severity=report.severity,
            time=render.format_time(report.received_at),
        )
        if report.context:
            text += "\n\n" + self.tr.get("notify-error-context", locale) + "\n"
            text += "\n".join(self._bullets(locale, report.context, budget))
        if report.stack_trace and report.stack_trace.strip():
            excerpt = render.stack_excerpt(report.stack_trace, budget.stack)
            text += "\n\n" + self.tr.get("notify-error-stack", locale)
            text += "\n<pre>" + render.escape(excerpt) + "</pre>"
        return text

    def _run_failed(
        self, locale: str, budget: render.Budget, project: Project, report: ErrorReport
    ) -> str:
        context = report.context or {}
        seconds = context.get("duration_seconds")
        text = translate(
            self.tr,
            "notify-run-failed",
            locale,
            **self._project_args(project, budget),
            exit_code=str(context.get("exit_code", "—")),
            duration=render.humanize_duration(self.tr, locale, timedelta(seconds=seconds))
            if isinstance(seconds, int | float)
            else "—",
            time=render.format_time(report.received_at),
        )
        log = context.get("log")
        if isinstance(log, str) and log.strip():
            text += "\n\n" + self.tr.get("notify-run-log", locale)
            text += (
                "\n<pre>" + render.escape(render.clip_tail(log.strip(), budget.stack)) + "</pre>"
            )
        return text

    def _run_hung(
        self, locale: str, budget: render.Budget, project: Project, started: datetime | None
    ) -> str:
        return translate(
            self.tr,
            "notify-run-hung",
            locale,
            **self._project_args(project, budget),
            started=render.format_time(started) if started else "—",
            timeout=render.humanize_timeout(self.tr, locale, project.timeout_seconds),
        )

    def _bullets(self, locale: str, items: Mapping[str, Any], budget: render.Budget) -> list[str]:
        more = self.tr.get("notify-more-items", locale, count="{count}")
        return render.bullet_list(items, budget, more)

    @staticmethod
    def _project_args(project: Project, budget: render.Budget) -> dict[str, str]:
        return {
            "project": render.escape(project.name, budget.name),
            "type": render.escape(project.type, 20),
        }


def _quiet(recipient: Recipient, now: datetime) -> bool:
    """In the chat's quiet hours. A chat whose zone cannot be loaded here hears its alerts with
    their sound rather than silenced at a guessed hour; the operator is told."""
    try:
        return in_quiet_hours(recipient.quiet_hours, recipient.timezone, now)
    except ZoneUnavailable as error:
        log.error("quiet hours of chat %s not applied: %s", recipient.chat_id, error)
        return False
