"""Errors are grouped: one alert per problem, edited in place with the exact count; a resolved
error that comes back is one regression alert. HTTP in, the real sender out to the double."""

import asyncio
from datetime import UTC, datetime, timedelta

from aiogram import Bot

from models import ErrorGroup, ErrorReport, OutboxMessage, Project
from services.delivery.pacing import TelegramPacer
from services.delivery.sender import OutboxSender
from services.ingest.error_batches import REFRESH_EVERY
from services.letters.outbox import OutboxSignal
from services.notify.alerts import GroupAction, act_on_group
from services.notify.live import LiveAlerts
from services.notify.notifier import Notifier
from tests.api.conftest import Client
from tests.conftest import make_project, make_subscriber, make_subscription
from tests.telegram_double import TelegramDouble

ERROR = {"type": "TimeoutError", "message": "upstream 10.0.0.7 timed out after 30 s"}


class Chats:
    """Two subscribed chats (ru and en) and everything they receive."""

    def __init__(self, telegram: TelegramDouble, bot: Bot, translator: object) -> None:
        self.telegram = telegram
        telegram.enforce_flood_limits = False  # pacing is tested elsewhere; here: what is sent
        self.sender = OutboxSender(bot, OutboxSignal(), TelegramPacer(private_interval=0))
        self.live = LiveAlerts(Notifier(translator, "ru"), OutboxSignal())  # type: ignore[arg-type]

    async def subscribe(self, project: Project) -> None:
        for chat_id, language in ((501, "ru"), (502, "en")):
            self.telegram.add_user(chat_id, language_code=language)
            chat = await make_subscriber(telegram_id=chat_id, language=language)
            await make_subscription(project, chat)

    async def deliver(self, edits_due_at: datetime | None = None) -> None:
        """Send what is queued; with a time, first queue the alert edits due by then."""
        await self.sender.drain_once()
        if edits_due_at is not None:
            await self.live.refresh(edits_due_at)
            # The edits were queued "at" that later time; the test does not wait for it.
            await OutboxMessage.filter(state="pending").update(next_attempt_at=datetime.now(UTC))
            await self.sender.drain_once()

    def messages(self, chat_id: int) -> int:
        """What a chat got: new messages and edits, each a notification Telegram delivers."""
        edits = [
            c
            for c in self.telegram.calls_to("editMessageText")
            if c.params["chat_id"] == str(chat_id)
        ]
        return len(self.telegram.messages_to(chat_id)) + len(edits)


async def post_errors(api: Client, token: str, errors: list[dict[str, str]]) -> None:
    for start in range(0, len(errors), 50):
        answers = await asyncio.gather(
            *(
                api.post("/api/v1/log", json={"project_token": token, "error": error})
                for error in errors[start : start + 50]
            )
        )
        assert {answer.status for answer in answers} == {201}


async def test_a_thousand_identical_errors_are_one_alert_edited_with_the_exact_count(
    api: Client, telegram: TelegramDouble, bot: Bot, translator: object
) -> None:
    chats = Chats(telegram, bot, translator)
    project = await make_project()
    await chats.subscribe(project)
    await post_errors(api, project.token, [ERROR] * 1000)
    await chats.deliver(edits_due_at=datetime.now(UTC) + REFRESH_EVERY)

    group = await ErrorGroup.get(project_id=project.id)
    assert group.times_seen == 1000
    assert await ErrorReport.filter(group_id=group.id).count() == 1000
    for chat_id, count in ((501, "×1\u00a0000"), (502, "×1,000")):
        assert 1 <= chats.messages(chat_id) <= 3
        (alert,) = telegram.messages_to(chat_id)
        assert count in alert.visible_text
        assert "TimeoutError" in alert.visible_text


async def test_twenty_distinct_errors_are_twenty_alerts(
    api: Client, telegram: TelegramDouble, bot: Bot, translator: object
) -> None:
    chats = Chats(telegram, bot, translator)
    project = await make_project()
    await chats.subscribe(project)
    errors = [{"type": f"Error{n}", "message": "broken"} for n in range(20)]
    await post_errors(api, project.token, errors)
    await chats.deliver()
    assert len(telegram.messages_to(501)) == len(telegram.messages_to(502)) == 20
    assert await ErrorGroup.filter(project_id=project.id).count() == 20


async def test_a_resolved_error_seen_again_is_one_regression_alert(
    api: Client, telegram: TelegramDouble, bot: Bot, translator: object
) -> None:
    chats = Chats(telegram, bot, translator)
    project = await make_project()
    await chats.subscribe(project)
    await post_errors(api, project.token, [ERROR])
    await chats.deliver()
    group = await ErrorGroup.get(project_id=project.id)
    await act_on_group(group, GroupAction.RESOLVE, "Anna", datetime.now(UTC))
    await post_errors(api, project.token, [ERROR] * 3)
    await chats.deliver()

    _, regression = telegram.messages_to(502)
    assert regression.visible_text.startswith("🔁 Regression")
    assert "🔁" in telegram.messages_to(501)[1].visible_text
    assert (await ErrorGroup.get(id=group.id)).status == "open"


async def test_a_muted_error_stays_silent_until_the_mute_ends(
    api: Client, telegram: TelegramDouble, bot: Bot, translator: object
) -> None:
    chats = Chats(telegram, bot, translator)
    project = await make_project()
    await chats.subscribe(project)
    await post_errors(api, project.token, [ERROR])
    group = await ErrorGroup.get(project_id=project.id)
    await act_on_group(
        group, GroupAction.MUTE_HOUR, "Anna", datetime.now(UTC) - timedelta(hours=2)
    )
    await post_errors(api, project.token, [ERROR])  # the hour is over: back with a sound
    await act_on_group(group, GroupAction.IGNORE, "Anna", datetime.now(UTC))
    await post_errors(api, project.token, [ERROR] * 5)
    await chats.deliver()
    texts = [m.visible_text for m in telegram.messages_to(502)]
    assert len(texts) == 2
    assert texts[1].startswith("🔔 The mute is over")
    assert (await ErrorGroup.get(id=group.id)).times_seen == 7
