"""The work beside the HTTP server in `main.py run`: the scheduler's jobs, the outbox sender, the
active checks' prober and the bot's updates (long polling, or nothing to start in webhook mode)."""

import asyncio

from aiogram import Bot

from bot.runtime import BotRuntime
from services.core.settings import Settings
from services.delivery.sender import CLAIM_LEASE, OutboxSender
from services.letters.outbox import OutboxSignal
from services.metrics import Metrics
from services.notify.incidents import IncidentComposer
from services.notify.live import LiveAlerts
from services.notify.notifier import Notifier
from services.probes.network import NetworkPolicy
from services.probes.prober import Prober
from services.scheduler import create_scheduler
from services.watch.digest import DigestSender
from services.watch.escalation import Escalator
from services.watch.held import HeldReleaser
from services.watch.in_flight import InFlight
from services.watch.probing import CheckRunner
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
        settings: Settings,
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
            held=HeldReleaser(notifier, signal),
            escalator=Escalator(notifier, signal),
        )
        # Inside the running loop: the prober's HTTP session belongs to it.
        self.prober = Prober(
            NetworkPolicy.from_settings(settings), max_in_flight=settings.check_concurrency
        )
        self.checks = CheckRunner(
            self.prober,
            notifier,
            signal,
            in_flight=settings.check_concurrency,
            on_lag=metrics.check_lag_seconds.observe,
            warn_days=tuple(settings.check_certificate_warn_days),
        )
        self._sending: asyncio.Task[None] | None = None
        self._probing: asyncio.Task[None] | None = None

    def start(self) -> None:
        self.scheduler.start()
        self._sending = asyncio.create_task(self.sender.run(), name="outbox-sender")
        self._probing = asyncio.create_task(self.checks.run(), name="check-runner")
        self.updates.start()

    async def stop(self) -> None:
        self.scheduler.shutdown(wait=False)
        self.sender.stop()
        await self.checks.stop()
        await self.updates.stop()
        running = [task for task in (self._sending, self._probing) if task is not None]
        await asyncio.gather(*running, return_exceptions=True)
        await self.prober.close()
        await self.bot.session.close()
