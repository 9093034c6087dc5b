"""Stored reports are capped per project and by age; group counts stay exact."""

from datetime import UTC, datetime, timedelta

from models import ErrorGroup, ErrorReport
from services.formats.reports import ErrorDetails
from services.grouping.groups import Retention, prune_reports
from services.ingest.ingestor import Ingestor
from services.letters.outbox import OutboxSignal
from services.notify.notifier import Notifier
from tests.conftest import make_project

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


async def test_pruning_keeps_the_newest_reports_and_the_exact_count(db: str, translator) -> None:
    ingestor = Ingestor(Notifier(translator, "ru"), OutboxSignal())
    busy, quiet = await make_project(), await make_project()
    details = ErrorDetails(type="KeyError", message="'sku'")
    for minute in reversed(range(12)):  # oldest first, as they would arrive
        await ingestor.record_error(busy.token, details, NOW - timedelta(minutes=minute))
    await ingestor.record_error(quiet.token, details, NOW - timedelta(days=31))
    await ingestor.record_error(quiet.token, details, NOW - timedelta(days=1))

    keep = Retention(count=5, age=timedelta(days=30), stored_bytes=10**9)
    removed = await prune_reports(NOW, keep)

    assert removed == 7 + 1
    kept = await ErrorReport.filter(project_id=busy.id).order_by("-received_at")
    assert [r.received_at for r in kept] == [NOW - timedelta(minutes=m) for m in range(5)]
    assert await ErrorReport.filter(project_id=quiet.id).count() == 1
    assert (await ErrorGroup.get(project_id=busy.id)).times_seen == 12
    assert (await ErrorGroup.get(project_id=quiet.id)).times_seen == 2


async def test_pruning_keeps_each_project_within_its_stored_bytes(db: str, translator) -> None:
    ingestor = Ingestor(Notifier(translator, "ru"), OutboxSignal())
    project = await make_project()
    for minute in range(10):  # about 1,000 characters each, oldest first
        details = ErrorDetails(type="E", message="x" * 1000, stack_trace=f"frame {minute}")
        await ingestor.record_error(project.token, details, NOW + timedelta(minutes=minute))

    keep = Retention(count=10_000, age=timedelta(days=30), stored_bytes=3_500)
    assert await prune_reports(NOW + timedelta(hours=1), keep) == 7

    kept = await ErrorReport.filter(project_id=project.id).order_by("received_at")
    assert [r.stack_trace for r in kept] == ["frame 7", "frame 8", "frame 9"]
    assert (await ErrorGroup.get(project_id=project.id)).times_seen == 10
