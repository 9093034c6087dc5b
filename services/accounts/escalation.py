"""A project's escalation chain, as people set it (the bot's project settings, `main.py
escalation`): steps "if nobody is on an outage within N minutes of its alert, alert chat X,
mentioning these people". Checked here, once, for both doors; the chain is followed by services/
monitors/escalation.py and services/watch/escalation.py.

A step's chat hears of the project's outages only while it may (`may_hear`), as a subscription
does: a person while they see the project, a group while whoever added the step does."""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from models import EscalationStep, Monitor, Project, Subscriber
from services.accounts import subscribers
from services.accounts.access import with_access
from services.core.errors import InvalidInput, NotFound
from services.monitors import escalation
from services.text.durations import read_duration

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
    # Who adds it (a Telegram user id); None: the operator, from the shell.
    by: int | None = None


def parse_after(text: str) -> int:
    seconds = read_duration(text, "after", "escalation-after-invalid")
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


async def allowed_chat(
    project: Project, text: str, by: int | None, admins: Collection[int]
) -> int:
    """The chat a step may alert: a person who sees the project (else a step would tell a
    stranger of its outages); a group the bot is in and knows, when a person adds it (else a
    maintainer could make the bot post into any group it is in); any group from the shell (the
    operator's word). `by`: who adds it (None: the shell)."""
    chat_id = parse_chat_id(text)
    if chat_id > 0 and not await _person_hears(chat_id, project.id, admins):
        raise InvalidInput(
            f"chat {chat_id} is not a person who sees the project", "escalation-chat-stranger"
        )
    if chat_id < 0 and by is not None and not await _bot_is_in(chat_id):
        raise InvalidInput(
            f"the bot is not in group {chat_id}, or never heard from it",
            "escalation-chat-unknown-group",
        )
    return chat_id


async def _person_hears(chat_id: int, project_id: int, admins: Collection[int]) -> bool:
    """A person's chat may hear of the project: they see it, or their chat hears it now (a
    subscription the operator made, or one whose maker still sees it: subscribers.audience)."""
    if await with_access([chat_id], project_id, admins):
        return True
    heard = (await subscribers.audience(project_id, admins)).heard
    return any(row.subscriber.telegram_id == chat_id for row in heard)


async def _bot_is_in(chat_id: int) -> bool:
    return await Subscriber.filter(telegram_id=chat_id, is_active=True).exists()


async def add_step(
    project: Project, step: NewStep, now: datetime, admins: Collection[int] = ()
) -> EscalationStep:
    """Add a step to the project's chain (the chain is ordered by delay, whatever the order of
    adding), remembering who added it. Steps are at most MAX_STEPS. The first steps of a chain
    apply to the project's outages already announced that nobody is on, from now."""
    after = parse_after(step.after)
    chat_id = await allowed_chat(project, step.chat_id, step.by, admins)
    mention = parse_mention(step.mention)
    had = await EscalationStep.filter(project_id=project.id).count()
    if had >= MAX_STEPS:
        raise InvalidInput(f"a chain has at most {MAX_STEPS} steps", "escalation-too-many")
    # The outbox sends to the chats it knows: the shell's group, or a person who never wrote.
    await Subscriber.get_or_create(telegram_id=chat_id)
    added = await EscalationStep.create(
        project_id=project.id,
        after_seconds=after,
        chat_id=chat_id,
        mention=mention,
        created_by=step.by,
    )
    if had == 0:
        await escalation.chain_begun(project.id, now)
    return added


async def clear_steps(project: Project) -> int:
    """Remove the project's chain; how many steps it had. An outage escalating now stops at its
    next due step (nothing left to send)."""
    return await EscalationStep.filter(project_id=project.id).delete()


async def chain(project: Project) -> list[EscalationStep]:
    """The project's steps, in the order they come due."""
    return await escalation.steps_of(project.id)


async def may_hear(step: EscalationStep, admins: Collection[int]) -> Subscriber | None:
    """The step's chat, if it may hear of the project's outages now (None: it may not, so the
    step sends nothing): the chat is one the bot still reaches (not blocked, not removed), and
    a person still sees the project or their chat still hears it, or, for a group, whoever added
    the step still sees it (None: the operator, trusted). THE one rule of who an escalation
    reaches."""
    chat = await Subscriber.get_or_none(telegram_id=step.chat_id, is_active=True)
    if chat is None:
        return None
    if step.chat_id > 0:
        return chat if await _person_hears(step.chat_id, step.project_id, admins) else None
    maker = step.created_by
    if maker is None or await with_access([maker], step.project_id, admins):
        return chat
    return None


async def chats_hearing(project_id: int, admins: Collection[int]) -> set[int]:
    """The chats (Telegram ids) a step of the project's chain may reach now: those an
    escalation's message is still edited in, and its letters still sent to. A chat no step
    names any more (the chain cleared) hears nothing new either."""
    heard = set()
    for step in await escalation.steps_of(project_id):
        if step.chat_id not in heard and await may_hear(step, admins) is not None:
            heard.add(step.chat_id)
    return heard


async def project_of(monitor_id: int) -> int:
    """The project an outage's monitor belongs to (whose access a press is checked against)."""
    rows = await Monitor.filter(id=monitor_id).values_list("project_id", flat=True)
    if not rows:
        raise NotFound("this monitor no longer exists")
    return int(str(rows[0]))


async def acknowledge(
    monitor_id: int, since: int, by: str, now: datetime
) -> escalation.Acknowledged:
    """ "I'm on it" for the monitor's outage that began at `since` (whole epoch seconds, as its
    button says): services/monitors/escalation.acknowledged."""
    return await escalation.acknowledged(monitor_id, since, by, now)
