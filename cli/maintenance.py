"""`python main.py maintenance`: a project's maintenance windows from the shell.

--project P --for 30m                       one window from now
--project P --until 2026-12-31T18:00 [--tz Europe/Moscow]   until then (UTC unless --tz, or an
                                            offset in the time: 2026-12-31T18:00+03:00)
--project P --end                           end it now (an outage it held is alerted now)
--project P --weekly mon-fri --at 02:00 --for 2h [--tz Europe/Moscow]   every week
--project P --list                          what is on now and the weekly windows
--project P --remove-weekly ID              remove a weekly window
--project P --errors alert|quiet            whether errors alert during maintenance"""

import argparse
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from models import Project
from services.accounts import maintenance, projects
from services.core.errors import InvalidInput
from services.core.settings import Settings
from services.letters.outbox import OutboxSignal
from services.notify.notifier import Notifier
from services.text.i18n import Translator
from services.text.render import format_time
from services.watch.held import HeldReleaser

ACTIONS = ("for_", "until", "end", "weekly", "list", "remove_weekly", "errors")


def add_maintenance_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "maintenance",
        help="a maintenance window: outages and failed runs are not alerted meanwhile",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--project", required=True, help="project id or name")
    parser.add_argument("--for", dest="for_", help="how long: 30m, 2h, '2 ч' (at most 30 days)")
    parser.add_argument("--until", help="until then: 2026-12-31T18:00 (in --tz, default UTC)")
    parser.add_argument("--tz", default="UTC", help="zone of --until, --weekly: UTC, +5:30")
    parser.add_argument("--end", action="store_true", help="end the maintenance now")
    parser.add_argument("--weekly", help="days of a weekly window: mon,wed or mon-fri, daily")
    parser.add_argument("--at", help="local start time of the weekly window: 02:00")
    parser.add_argument("--list", action="store_true", help="what is on, and weekly windows")
    parser.add_argument("--remove-weekly", type=int, metavar="ID", help="remove a weekly window")
    parser.add_argument(
        "--errors", choices=["alert", "quiet"], help="whether errors alert during maintenance"
    )


Say = Callable[..., None]
Action = Callable[..., Awaitable[None]]


async def maintenance_command(
    args: argparse.Namespace, settings: Settings, tr: Translator
) -> None:
    action = _action(args)
    project = await projects.find_by_reference(args.project)
    await action(args, project, datetime.now(UTC), _speaker(tr, settings), settings, tr)


def _action(args: argparse.Namespace) -> Action:
    chosen = [name for name in ACTIONS if getattr(args, name) not in (None, False)]
    if args.weekly is not None:  # --for is the weekly window's length
        chosen = [name for name in chosen if name != "for_"]
    if len(chosen) != 1:
        raise InvalidInput(
            "say one of --for, --until, --end, --weekly, --list, --remove-weekly, --errors",
            "maintenance-one-action",
        )
    return HANDLERS[chosen[0]]


async def _start(
    args: argparse.Namespace, project: Project, now: datetime, say: Say, *_: object
) -> None:
    if args.for_:
        until = now + maintenance.parse_length(args.for_)
    else:
        until = maintenance.parse_until(args.until, args.tz)
    await maintenance.start(project, now, "", until)
    say("cli-maintenance-started", name=project.name, until=format_time(until))


async def _end(
    args: argparse.Namespace,
    project: Project,
    now: datetime,
    say: Say,
    settings: Settings,
    tr: Translator,
) -> None:
    notifier = Notifier(tr, settings.default_locale, settings.admin_ids)
    ended = await HeldReleaser(notifier, OutboxSignal()).end_maintenance(project, now)
    say("cli-maintenance-ended" if ended else "cli-maintenance-none", name=project.name)


async def _weekly(
    args: argparse.Namespace, project: Project, now: datetime, say: Say, *_: object
) -> None:
    if not args.at or not args.for_:
        raise InvalidInput("--weekly needs --at and --for", "maintenance-weekly-needs")
    window = await maintenance.add_weekly(project, args.weekly, args.at, args.for_, args.tz, "")
    say("cli-maintenance-weekly-added", id=str(window.id), name=project.name)


async def _remove_weekly(
    args: argparse.Namespace, project: Project, now: datetime, say: Say, *_: object
) -> None:
    await maintenance.remove_weekly(project, args.remove_weekly)
    say("cli-maintenance-weekly-removed", id=str(args.remove_weekly), name=project.name)


async def _errors(
    args: argparse.Namespace, project: Project, now: datetime, say: Say, *_: object
) -> None:
    await maintenance.set_errors_alert(project, args.errors == "alert")
    say(f"cli-maintenance-errors-{args.errors}", name=project.name)


async def _list(
    args: argparse.Namespace, project: Project, now: datetime, say: Say, *_: object
) -> None:
    on = await maintenance.current(project, now)
    if on is None:
        say("cli-maintenance-none", name=project.name)
    elif on.until is None:
        say("cli-maintenance-on-open", name=project.name)
    else:
        say("cli-maintenance-on", name=project.name, until=format_time(on.until))
    for window in await maintenance.weekly_windows(project):
        say(
            "cli-maintenance-weekly-line",
            id=str(window.id),
            days=maintenance.days_text(window.weekdays or 0),
            at=f"{(window.start_minute or 0) // 60:02d}:{(window.start_minute or 0) % 60:02d}",
            minutes=str(window.duration_minutes),
            tz=window.timezone or "UTC",
        )
    key = "alert" if project.errors_alert_in_maintenance else "quiet"
    say(f"cli-maintenance-errors-{key}", name=project.name)


HANDLERS: dict[str, Action] = {
    "for_": _start,
    "until": _start,
    "end": _end,
    "weekly": _weekly,
    "list": _list,
    "remove_weekly": _remove_weekly,
    "errors": _errors,
}


def _speaker(tr: Translator, settings: Settings) -> Say:
    def say(key: str, **values: str) -> None:
        print(tr.get(key, settings.default_locale, **values))

    return say
