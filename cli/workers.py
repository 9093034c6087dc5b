"""The work beside the HTTP server in `main.py run`: the scheduler's jobs, the outbox sender and
the bot's updates (long polling, or nothing to start in webhook mode)."""

import asyncio

from aiogram import Bot

from bot.runtime import BotRuntime
from services.delivery.sender import CLAIM_LEASE, OutboxSender
from services.letters.outbox import OutboxSignal
from services.metrics import Metrics
from services.notify.incidents import IncidentComposer
from services.notify.live import LiveAlerts
from services.notify.notifier import Notifier
from services.scheduler import create_scheduler
from services.watch.digest import DigestSender
from services.watch.in_flight import InFlight
from services.watch.silence import SilenceWatcher


class Workers:
    def __init__(
        self,
        bot: Bot,
        updates: BotRuntime,
        notifier: Notifier,
        signal: OutboxSignal,
        metrics: Metrics,
        in_flight: InFlight,
    ) -> None:
        live = LiveAlerts(notifier, signal)
        self.bot = bot
        self.updates = updates
        incidents = IncidentComposer(live, CLAIM_LEASE)
        self.sender = OutboxSender(bot, signal, incidents=incidents, hearing=notifier)
        self.scheduler = create_scheduler(
            SilenceWatcher(notifier, signal, in_flight),
            live,
            DigestSender(notifier, signal),
            metrics,
        )
        self._sending: asyncio.Task[None] | None = None

    def start(self) -> None:
        self.scheduler.start()
        self._sending = asyncio.create_task(self.sender.run(), name="outbox-sender")
        self.updates.start()

    async def stop(self) -> None:
        self.scheduler.shutdown(wait=False)
        self.sender.stop()
        await self.updates.stop()
        if self._sending is not None:
            await asyncio.gather(self._sending, return_exceptions=True)
        await self.bot.session.close()
