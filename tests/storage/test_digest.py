"""The daily digest arrives once a day at the chosen hour of the chat's time zone."""

import asyncio
import zoneinfo
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from models import OutboxMessage
from services.formats.reports import ErrorDetails, HeartbeatReport
from services.ingest.ingestor import Ingestor
from services.letters.outbox import OutboxSignal
from services.notify.notifier import Notifier
from services.watch.digest import DigestSender
from tests.conftest import make_project, make_subscriber, make_subscription

NINE_IN_MOSCOW = datetime(2026, 11, 27, 6, 0, tzinfo=UTC)


async def test_the_digest_sums_up_the_day_once_at_the_chosen_local_hour(
    db: str, translator
) -> None:
    notifier = Notifier(translator, "ru")
    project = await make_project(name="Shop")
    chat = await make_subscriber(telegram_id=77, language="en", timezone="Europe/Moscow")
    await make_subscription(project, chat, digest_hour=9)
    ingestor = Ingestor(notifier, OutboxSignal())
    earlier = NINE_IN_MOSCOW - timedelta(hours=2)
    await ingestor.record_heartbeat(project.token, HeartbeatReport(), earlier)
    for n in range(3):
        details = ErrorDetails(type="KeyError", message=f"sku {n}", severity="error")
        await ingestor.record_error(project.token, details, earlier + timedelta(minutes=n))
    critical = ErrorDetails(type="Crash", message="down", severity="critical")
    await ingestor.record_error(project.token, critical, earlier)
    await OutboxMessage.all().delete()  # the alerts themselves are not the point here

    senders = [DigestSender(notifier, OutboxSignal()) for _ in range(2)]
    queued = await asyncio.gather(*(s.run(NINE_IN_MOSCOW) for s in senders))
    assert sorted(queued) == [0, 1]
    (digest,) = await OutboxMessage.filter(chat_id=77)
    assert digest.kind == "digest"
    assert "📰 Daily digest — Shop" in digest.text
    assert "Uptime, 24 h: 100.00%" in digest.text
    assert "Errors, 24 h: error: 3, critical: 1" in digest.text
    assert "New error groups: 2" in digest.text
    assert "1. ×3 KeyError: sku" in digest.text

    assert await senders[0].run(NINE_IN_MOSCOW + timedelta(minutes=30)) == 0
    assert await senders[0].run(NINE_IN_MOSCOW + timedelta(hours=1)) == 0
    assert await senders[0].run(NINE_IN_MOSCOW + timedelta(days=1)) == 1


@pytest.fixture
def only_tzdata() -> Iterator[None]:
    """zoneinfo as on a machine without /usr/share/zoneinfo (a slim container, Windows): no
    search path, so every zone comes from the tzdata package or not at all."""
    zoneinfo.reset_tzpath(to=[])
    ZoneInfo.clear_cache()
    yield
    zoneinfo.reset_tzpath()
    ZoneInfo.clear_cache()


async def test_a_chat_in_kolkata_gets_its_digest_at_its_local_hour_from_tzdata_alone(
    db: str, translator, only_tzdata: None, caplog: pytest.LogCaptureFixture
) -> None:
    assert zoneinfo.TZPATH == ()
    notifier = Notifier(translator, "en")
    project = await make_project(name="Shop")
    for telegram_id, zone in ((81, "Asia/Kolkata"), (82, "UTC+05:30"), (83, "Mars/Olympus")):
        chat = await make_subscriber(telegram_id=telegram_id, language="en", timezone=zone)
        await make_subscription(project, chat, digest_hour=9)
    sender = DigestSender(notifier, OutboxSignal())
    nine_utc = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
    assert await sender.run(nine_utc) == 0  # nobody's zone is UTC, none counts as UTC
    assert "digest of chat 83 not sent: time zone 'Mars/Olympus' cannot be loaded" in caplog.text
    nine_in_kolkata = datetime(2026, 11, 27, 3, 30, tzinfo=UTC)
    assert await sender.run(nine_in_kolkata - timedelta(minutes=1)) == 0
    assert await sender.run(nine_in_kolkata) == 2
    sent = await OutboxMessage.filter(kind="digest").values_list("chat_id", flat=True)
    assert sorted(sent) == [81, 82]
