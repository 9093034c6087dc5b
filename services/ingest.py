"""Ingestion: a heartbeat or an error report is stored, health is updated and notifications are
queued, all in one transaction. A caller that got a result knows all of it is committed."""

from datetime import datetime

from tortoise.transactions import in_transaction

from models import ErrorReport, Health, HealthTransition, Heartbeat, Project
from services.health import BeatChange, classify_heartbeat, deadline_after
from services.notify import BeatView, Notifier
from services.outbox import OutboxSignal
from services.projects import find_reporting_project
from services.reports import ErrorDetails, HeartbeatReport


class Ingestor:
    def __init__(self, notifier: Notifier, signal: OutboxSignal) -> None:
        self.notifier = notifier
        self.signal = signal

    async def record_heartbeat(
        self, token: str, report: HeartbeatReport, now: datetime
    ) -> Heartbeat:
        """Store a heartbeat; announce a first heartbeat, a change or a recovery."""
        async with in_transaction():
            # The row lock orders concurrent heartbeats and the silence checker (PostgreSQL);
            # SQLite serialises transactions anyway.
            project = await find_reporting_project(token, lock=True)
            beat = await Heartbeat.create(
                project_id=project.id,
                status=report.status,
                version=report.version,
                metadata=report.metadata,
                received_at=now,
            )
            change = classify_heartbeat(
                Health(project.health),
                project.last_status,
                project.last_version,
                report.status,
                report.version,
            )
            silent_for = now - project.last_heartbeat_at if project.last_heartbeat_at else None
            await self._advance(project, report, change, now)
            view = BeatView(report.status, report.version, report.metadata, now)
            await self.notifier.heartbeat(project, view, change, silent_for)
        self.signal.notify()
        return beat

    async def record_error(self, token: str, details: ErrorDetails, now: datetime) -> ErrorReport:
        """Store an error report and notify the subscriptions whose severity it reaches."""
        async with in_transaction():
            project = await find_reporting_project(token)
            report = await ErrorReport.create(
                project_id=project.id,
                type=details.type,
                message=details.message,
                stack_trace=details.stack_trace,
                severity=details.severity,
                context=details.context,
                received_at=now,
            )
            await self.notifier.error(project, report)
        self.signal.notify()
        return report

    @staticmethod
    async def _advance(
        project: Project, report: HeartbeatReport, change: BeatChange, now: datetime
    ) -> None:
        if project.paused:
            health, deadline = Health.PAUSED, None
        else:
            health, deadline = Health.UP, deadline_after(now, project.timeout_seconds)
        if project.health != health:
            await HealthTransition.create(
                project_id=project.id, old=project.health, new=health, reason=change.value, at=now
            )
        await Project.filter(id=project.id).update(
            health=health,
            deadline_at=deadline,
            last_heartbeat_at=now,
            last_status=report.status,
            last_version=report.version,
        )
        project.health, project.last_heartbeat_at = health, now
