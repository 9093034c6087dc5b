"""Turns domain events into outbox letters, rendered in each recipient's language."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from models import ErrorReport, HeartbeatMode, Project, Severity
from services import render
from services.health import BeatChange
from services.i18n import Translator, translate
from services.outbox import Letter, Recipient, enqueue, recipients_of

RenderFor = Callable[[str, render.Budget], str]


@dataclass(frozen=True)
class BeatView:
    status: str
    version: str | None
    metadata: Mapping[str, Any] | None
    at: datetime


def wants_heartbeat(mode: str, change: BeatChange) -> bool:
    """Whether a subscription hears about a heartbeat (recoveries are announced separately)."""
    if mode == HeartbeatMode.EVERY:
        return True
    return mode == HeartbeatMode.CHANGES and change in (BeatChange.FIRST, BeatChange.CHANGED)


def wants_error(min_severity: str, severity: str) -> bool:
    return Severity(severity).rank >= Severity(min_severity).rank


class Notifier:
    """Renders and enqueues notifications. Call its methods inside the event's transaction."""

    def __init__(self, translator: Translator, default_locale: str) -> None:
        self.tr = translator
        self.default_locale = default_locale

    async def heartbeat(
        self, project: Project, beat: BeatView, change: BeatChange, silent_for: timedelta | None
    ) -> None:
        recipients = await recipients_of(project.id, self.default_locale)
        if change == BeatChange.RECOVERED and silent_for is not None:
            recovery = self._cached(
                lambda loc, b: self._recovery(loc, b, project, silent_for, beat.at)
            )
            await self._send(recipients, "recovery", recovery, beat.at)
            return
        chosen = [r for r in recipients if wants_heartbeat(r.heartbeat_mode, change)]
        await self._send(
            chosen,
            "heartbeat",
            self._cached(lambda loc, b: self._heartbeat(loc, b, project, beat)),
            beat.at,
        )

    async def silence(self, project: Project, now: datetime) -> None:
        recipients = await recipients_of(project.id, self.default_locale)
        await self._send(
            recipients, "silence", self._cached(lambda loc, b: self._silence(loc, b, project)), now
        )

    async def error(self, project: Project, report: ErrorReport) -> None:
        recipients = await recipients_of(project.id, self.default_locale)
        chosen = [r for r in recipients if wants_error(r.min_severity, report.severity)]
        await self._send(
            chosen,
            "error",
            self._cached(lambda loc, b: self._error(loc, b, project, report)),
            report.received_at,
        )

    async def run_failed(self, project: Project, report: ErrorReport) -> None:
        recipients = await recipients_of(project.id, self.default_locale)
        chosen = [r for r in recipients if wants_error(r.min_severity, report.severity)]
        await self._send(
            chosen,
            "run_failed",
            self._cached(lambda loc, b: self._run_failed(loc, b, project, report)),
            report.received_at,
        )

    async def run_hung(self, project: Project, now: datetime) -> None:
        recipients = await recipients_of(project.id, self.default_locale)
        await self._send(
            recipients,
            "run_hung",
            self._cached(lambda loc, b: self._run_hung(loc, b, project)),
            now,
        )

    async def _send(
        self, recipients: list[Recipient], kind: str, text_for: Callable[[str], str], now: datetime
    ) -> None:
        letters = [Letter(r, kind, text_for(r.locale)) for r in recipients]
        await enqueue(letters, now)

    def _cached(self, build: RenderFor) -> Callable[[str], str]:
        """Render once per language, shrinking user-supplied parts until the text fits."""
        texts: dict[str, str] = {}

        def text_for(locale: str) -> str:
            if locale not in texts:
                texts[locale] = render.fit(lambda budget: build(locale, budget))
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
        return translate(
            self.tr,
            "notify-silence",
            locale,
            **self._project_args(project, budget),
            timeout=render.humanize_timeout(self.tr, locale, project.timeout_seconds),
            last_seen=render.format_time(last_seen) if last_seen else "—",
        )

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
        self, locale: str, budget: render.Budget, project: Project, report: ErrorReport
    ) -> str:
        text = translate(
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

    def _run_hung(self, locale: str, budget: render.Budget, project: Project) -> str:
        started = project.run_started_at
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
