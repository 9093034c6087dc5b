"""A project's escalation chain, as people set it (the bot's project settings, `main.py
escalation`): steps "if nobody is on an outage within N minutes of its alert, alert chat X,
mentioning these people". Checked here, once, for both doors; the chain is followed by services/
monitors/escalation.py and services/watch/escalation.py."""

from dataclasses import dataclass
from datetime import datetime

from models import EscalationStep, Monitor, Project, Subscriber
from services.accounts.projects import duration_seconds
from services.core.errors import InvalidInput, NotFound
from services.monitors import escalation

MIN_AFTER_SECONDS = 60  # the escalator looks every few seconds; less would be no escalation
MAX_AFTER_SECONDS = 7 * 24 * 3600
MAX_STEPS = 10
MAX_MENTION = 256
# Telegram's chat ids: a person's up to 2^40, a group's negative (-100… for supergroups).
MAX_CHAT_ID = 10**13


@dataclass(frozen=True)
class NewStep:
    """A step as typed: a delay (`15m`), a chat id (`-1001234567890`), maybe who to mention."""

    after: str
    chat_id: str
    mention: str | None = None


def parse_after(text: str) -> int:
    seconds = duration_seconds(text.strip())
    if seconds is None:
        raise InvalidInput(
            f"after {text!r} is not a duration like 90s, 15m or 1h", "escalation-after-invalid"
        )
    if not MIN_AFTER_SECONDS <= seconds <= MAX_AFTER_SECONDS:
        raise InvalidInput(
            "a step comes 1 minute to 7 days after the alert", "escalation-after-range"
        )
    return seconds


def parse_chat_id(text: str) -> int:
    """A Telegram chat id: an integer, negative for a group, never 0."""
    try:
        chat_id = int(text.strip())
    except ValueError:
        chat_id = 0
    if chat_id == 0 or abs(chat_id) >= MAX_CHAT_ID:
        raise InvalidInput(
            f"chat id {text!r} is not a Telegram chat id (an integer, negative for a group)",
            "escalation-chat-invalid",
        )
    return chat_id


def parse_mention(text: str | None) -> str | None:
    mention = (text or "").strip()
    if len(mention) > MAX_MENTION:
        raise InvalidInput(
            f"the mention must be at most {MAX_MENTION} characters", "escalation-mention-too-long"
        )
    return mention or None


async def add_step(project: Project, step: NewStep) -> EscalationStep:
    """Add a step to the project's chain (the chain is ordered by delay, whatever the order of
    adding). Steps are at most MAX_STEPS."""
    after, chat_id = parse_after(step.after), parse_chat_id(step.chat_id)
    mention = parse_mention(step.mention)
    if await EscalationStep.filter(project_id=project.id).count() >= MAX_STEPS:
        raise InvalidInput(f"a chain has at most {MAX_STEPS} steps", "escalation-too-many")
    return await EscalationStep.create(
        project_id=project.id, after_seconds=after, chat_id=chat_id, mention=mention
    )


async def clear_steps(project: Project) -> int:
    """Remove the project's chain; how many steps it had. An outage escalating now stops at its
    next due step (nothing left to send)."""
    return await EscalationStep.filter(project_id=project.id).delete()


async def chain(project: Project) -> list[EscalationStep]:
    """The project's steps, in the order they come due."""
    return await escalation.steps_of(project.id)


async def escalation_chat(chat_id: int) -> Subscriber:
    """The chat a step alerts, as the outbox knows chats: made if it never wrote to the bot.
    Not a subscription: it hears of the project's outages only through the chain."""
    chat, _ = await Subscriber.get_or_create(telegram_id=chat_id)
    return chat


async def project_of(monitor_id: int) -> int:
    """The project an outage's monitor belongs to (whose access a press is checked against)."""
    rows = await Monitor.filter(id=monitor_id).values_list("project_id", flat=True)
    if not rows:
        raise NotFound("this monitor no longer exists")
    return int(str(rows[0]))


async def acknowledge(monitor_id: int, by: str, now: datetime) -> bool:
    """ "I'm on it" for the monitor's open outage (services/monitors/escalation.acknowledged):
    False when there is none, or someone was first."""
    return await escalation.acknowledged(monitor_id, by, now)
