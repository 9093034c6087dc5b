"""An https:// check whose certificate expires in five days, end to end: a real HTTPS site with
a certificate the test makes, the real prober and check runner, and the chat's warning
delivered by the real sender to the Telegram double, once."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import trustme
from aiogram import Bot
from aiogram_i18n.cores import FluentRuntimeCore

from services.accounts.checks import NewCheck, add_check
from services.delivery.pacing import TelegramPacer
from services.delivery.sender import CLAIM_LEASE, OutboxSender
from services.letters.outbox import OutboxSignal
from services.notify.incidents import IncidentComposer
from services.notify.live import LiveAlerts
from services.notify.notifier import Notifier
from services.probes.prober import Prober
from services.watch.probing import CheckRunner
from tests.conftest import make_project, make_subscriber, make_subscription
from tests.probes.test_tls_checks import Serve, days_from_now, https_site
from tests.telegram_double import TelegramDouble

CHAT = 7301


async def test_a_certificate_expiring_in_five_days_is_announced_once(
    db: str,
    serve: Serve,
    ca: trustme.CA,
    make_prober: Callable[..., Prober],
    telegram: TelegramDouble,
    bot: Bot,
    translator: FluentRuntimeCore,
) -> None:
    expires = days_from_now(5)
    site = await https_site(serve, ca.issue_cert("localhost", not_after=expires))
    telegram.add_user(CHAT)
    telegram.enforce_flood_limits = False
    project = await make_project(name="Shop", type="website")
    await make_subscription(project, await make_subscriber(telegram_id=CHAT, language="en"))
    now = datetime.now(UTC)
    await add_check(project, NewCheck(url=site.url(), interval="1m"), now)
    notifier = Notifier(translator, "en")
    runner = CheckRunner(make_prober(), notifier, OutboxSignal(), clock=lambda: now)
    sender = OutboxSender(
        bot,
        OutboxSignal(),
        TelegramPacer(private_interval=0),
        IncidentComposer(LiveAlerts(notifier, OutboxSignal()), CLAIM_LEASE),
    )

    for _ in range(2):  # the first probe, then the next one: the warning is given once
        assert await runner.tick(now) == 1
        await runner.settled()
        await runner.flush()
        await sender.drain_once()
        now += timedelta(minutes=1)

    (warning,) = telegram.messages_to(CHAT)
    assert "Certificate expires soon" in warning.visible_text
    assert (
        f"certificate expires in 4 days ({expires.date().isoformat()})" in (warning.visible_text)
        or f"certificate expires in 5 days ({expires.date().isoformat()})" in warning.visible_text
    )
