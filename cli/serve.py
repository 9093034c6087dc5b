"""`run`: wires settings, the ORM, the bot, the API and the workers, and runs them. Imported by
`run` alone (cli/console.py), so every other command starts without these modules."""

from aiohttp import web

from api.app import create_api_app
from bot.factory import create_bot, create_dispatcher
from bot.runtime import BotRuntime
from cli.lifecycle import serve_until_signal
from cli.workers import Workers
from services.core.settings import Settings
from services.ingest.ingestor import create_ingestor
from services.letters.outbox import OutboxSignal
from services.metrics import Metrics
from services.notify.notifier import Notifier
from services.storage.db import apply_migrations, close_orm, init_orm
from services.text.i18n import create_translator


async def run(settings: Settings) -> None:
    """`error-monitor run`: migrate, then bot + API + scheduler + sender in one process."""
    await apply_migrations(settings.database_url)
    await init_orm(settings.database_url)  # before any task: tortoise keeps state in a contextvar
    try:
        translator = create_translator(settings.default_locale)
        await translator.startup()
        signal, notifier = (
            OutboxSignal(),
            Notifier(translator, settings.default_locale, settings.admin_ids),
        )
        metrics = Metrics()
        bot = create_bot(settings, metrics)
        updates = BotRuntime(bot, create_dispatcher(settings, translator), settings)
        ingestor = create_ingestor(settings, notifier, signal)
        app: web.Application = create_api_app(settings, ingestor, metrics)
        if settings.webhook_mode:
            updates.attach_webhook(app)
        workers = Workers(bot, updates, notifier, signal, metrics, ingestor.in_flight, settings)
        await serve_until_signal(
            app, settings.api_host, settings.api_port, workers.start, workers.stop
        )
    finally:
        await close_orm()
