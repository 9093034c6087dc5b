"""The daily digest: per subscription that asked for one, at its chosen hour in the chat's time
zone: uptime, errors by severity, new error groups and the most frequent ones over 24 hours.
Safe in several processes: each digest is taken with a compare-and-set on `digest_sent_at`."""

import logging
from datetime import datetime, timedelta

from models import ErrorGroup, Subscription
from services.accounts.routing import digest_due
from services.letters.outbox import OutboxSignal, as_recipient
from services.notify.notifier import DigestFigures, Notifier
from services.stats.figures import Period, window_stats
from services.storage.transaction import transaction
from services.text.zones import ZoneUnavailable

log = logging.getLogger(__name__)


class DigestSender:
    def __init__(self, notifier: Notifier, signal: OutboxSignal) -> None:
        self.notifier = notifier
        self.signal = signal

    async def run(self, now: datetime) -> int:
        """Queue the digests whose hour has come; returns how many."""
        wanted = await Subscription.filter(
            digest_hour__isnull=False, subscriber__is_active=True, stopped_at__isnull=True
        ).select_related("subscriber", "project")
        queued = 0
        for subscription in wanted:
            if self._due(subscription, now):
                queued += await self._queue(subscription, now)
        if queued:
            self.signal.notify()
        return queued

    @staticmethod
    def _due(subscription: Subscription, now: datetime) -> bool:
        """Whether its local hour has come. A chat whose zone cannot be loaded here gets no
        digest at a guessed hour: the operator is told, each run, until the zone database is
        installed (the zone was checked when the chat chose it)."""
        chat = subscription.subscriber
        try:
            return digest_due(
                subscription.digest_hour, chat.timezone, subscription.digest_sent_at, now
            )
        except ZoneUnavailable as error:
            log.error("digest of chat %s not sent: %s", chat.telegram_id, error)
            return False

    async def _queue(self, subscription: Subscription, now: datetime) -> int:
        async with transaction():
            taken = Subscription.filter(
                id=subscription.id, digest_sent_at=subscription.digest_sent_at
            )
            if await taken.update(digest_sent_at=now) != 1:
                return 0  # another process queued it
            project = subscription.project
            if subscription.subscriber.telegram_id not in await self.notifier.heard_in(
                project.id, now
            ):
                return 0  # its maker lost access: stopped now, and told why
            day = await window_stats(project.id, Period.DAY, now)
            new_groups = await ErrorGroup.filter(
                project_id=project.id, first_seen__gte=now - timedelta(days=1)
            ).count()
            figures = DigestFigures(day.uptime, day.errors, new_groups, day.top)
            recipient = as_recipient(
                subscription, subscription.subscriber, self.notifier.default_locale
            )
            await self.notifier.digest(project, recipient, figures, now)
        return 1
