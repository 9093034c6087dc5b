"""`python main.py escalation`: a project's escalation chain from the shell. `--after 15m
--chat-id C [--mention "@ann"]` adds a step, `--clear` removes them all, and with neither the
chain is listed (`--json` for one JSON array)."""

import argparse
from datetime import UTC, datetime
from typing import Any

import orjson

from models import EscalationStep
from services.accounts import escalation, projects
from services.core.errors import InvalidInput
from services.core.settings import Settings
from services.text.i18n import Translator


def add_parser(commands: Any) -> None:
    chain = commands.add_parser(
        "escalation",
        help="who else is alerted when nobody says 👀 I'm on it: add a step, clear, or list",
    )
    chain.add_argument("--project", required=True, help="project id or name")
    chain.add_argument("--after", help="add a step this long after the alert: 90s, 15m, 1h")
    chain.add_argument("--chat-id", help="the Telegram chat the step alerts (groups: negative)")
    chain.add_argument("--mention", help='people to mention in that chat: "@ann @bob"')
    chain.add_argument("--clear", action="store_true", help="remove every step")
    chain.add_argument("--json", action="store_true", help="list as one JSON array")


async def run(args: argparse.Namespace, settings: Settings, tr: Translator) -> None:
    project = await projects.find_by_reference(args.project)
    locale = settings.default_locale
    adding = args.after is not None or args.chat_id is not None or args.mention is not None
    if args.clear and adding:
        raise InvalidInput("--clear goes alone", "escalation-clear-alone")
    if args.clear:
        removed = await escalation.clear_steps(project)
        print(tr.get("cli-escalation-cleared", locale, name=project.name, count=removed))
        return
    if adding:
        if args.after is None or args.chat_id is None:
            raise InvalidInput("a step needs --after and --chat-id", "escalation-step-incomplete")
        new = escalation.NewStep(args.after, args.chat_id, args.mention)
        await escalation.add_step(project, new, datetime.now(UTC), settings.admin_ids)
    steps = await escalation.chain(project)
    if args.json:
        print(orjson.dumps([_step_json(step) for step in steps]).decode())
        return
    if not steps:
        print(tr.get("cli-escalation-none", locale, name=project.name, command=args.prog))
    for number, step in enumerate(steps, start=1):
        print(_line(tr, locale, number, step))


def _line(tr: Translator, locale: str, number: int, step: EscalationStep) -> str:
    return tr.get(
        "cli-escalation-line",
        locale,
        number=str(number),
        after=str(step.after_seconds),
        chat_id=str(step.chat_id),
        mention=step.mention or "—",
    )


def _step_json(step: EscalationStep) -> dict[str, Any]:
    return {
        "id": step.id,
        "after_seconds": step.after_seconds,
        "chat_id": step.chat_id,
        "mention": step.mention,
    }
