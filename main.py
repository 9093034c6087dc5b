"""Error Monitor: wires settings, the ORM, the bot, the API and the workers, and runs them."""

# isort: split
from bot import lean_types  # first: it changes how aiogram is imported

# isort: split
import asyncio
import sys

from aiohttp import web

from api.app import create_api_app
from bot.factory import create_bot, create_dispatcher
from bot.runtime import BotRuntime
from cli.commands import main
from cli.lifecycle import serve_until_signal
from services.commit import GroupCommitter
from services.db import apply_migrations, close_orm, init_orm
from services.delivery import CLAIM_LEASE, OutboxSender
from services.digest import DigestSender
from services.i18n import create_translator
from services.incidents import IncidentComposer
from services.ingest import Ingestor
from services.live import LiveAlerts
from services.metrics import Metrics
from services.notify import Notifier
from services.outbox import OutboxSignal
from services.ratelimit import RateLimiter, SpikeGuard
from services.scheduler import create_scheduler
from services.settings import Settings
from services.silence import SilenceWatcher


async def run(settings: Settings) -> None:
    """`python main.py run`: migrate, then bot + API + scheduler + sender in one process."""
    lean_types.build_common_types()
    await apply_migrations(settings.database_url)
    await init_orm(settings.database_url)  # before any task: tortoise keeps state in a contextvar
    try:
        translator = create_translator(settings.default_locale)
        await translator.startup()
        signal, notifier = OutboxSignal(), Notifier(translator, settings.default_locale)
        metrics = Metrics()
        bot = create_bot(settings, metrics)
        updates = BotRuntime(bot, create_dispatcher(settings, translator), settings)
        limiter = RateLimiter(settings.rate_limit_per_minute)
        committer = (
            GroupCommitter(after_commit=signal.notify) if settings.uses_group_commit else None
        )
        guard = SpikeGuard(settings.in_flight_per_project, settings.in_flight_total)
        ingestor = Ingestor(notifier, signal, limiter, committer, guard)
        app: web.Application = create_api_app(settings, ingestor, metrics)
        if settings.webhook_mode:
            updates.attach_webhook(app)
        live = LiveAlerts(notifier, signal)
        sender = OutboxSender(bot, signal, incidents=IncidentComposer(live, CLAIM_LEASE))
        scheduler = create_scheduler(
            SilenceWatcher(notifier, signal), live, DigestSender(notifier, signal), metrics
        )
        sender_task: list[asyncio.Task[None]] = []

        def start_workers() -> None:
            scheduler.start()
            sender_task.append(asyncio.create_task(sender.run(), name="outbox-sender"))
            updates.start()

        async def stop_workers() -> None:
            scheduler.shutdown(wait=False)
            sender.stop()
            await updates.stop()
            await asyncio.gather(*sender_task, return_exceptions=True)
            await bot.session.close()

        await serve_until_signal(
            app, settings.api_host, settings.api_port, start_workers, stop_workers
        )
    finally:
        await close_orm()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], run))
