"""The escalator: sends the due steps of the escalation chains of outages nobody is on. Reads
only due rows (the index on `monitors.escalate_at`); safe to run in several processes at once:
each step of an outage is sent once (services/monitors/escalation.py)."""

import logging
from datetime import UTC, datetime

from services.letters.outbox import OutboxSignal
from services.monitors import escalation
from services.notify.notifier import Notifier

log = logging.getLogger(__name__)
BATCH = 100
ESCALATION_CHECK_SECONDS = 5


class Escalator:
    def __init__(self, notifier: Notifier, signal: OutboxSignal) -> None:
        self.notifier = notifier
        self.signal = signal

    async def tick(self) -> None:
        """The scheduler's job (cli/workers.py): a pass at the wall clock's now."""
        await self.run(datetime.now(UTC))

    async def run(self, now: datetime) -> int:
        """Send every step due by `now`; how many were sent here. One pass sends an outage one
        step: two steps due at once go on consecutive passes, each once."""
        sent = 0
        for outage in await escalation.due(now, BATCH):
            if await escalation.escalate(outage, now, self.notifier):
                sent += 1
                step = outage.escalated_steps + 1
                log.info("outage of monitor %s escalated: step %s", outage.id, step)
        if sent:
            self.signal.notify()
        return sent
