"""`set-schedule`, and the schedule options of `add-project`: a project expected on a cron
schedule in a time zone with a grace time, or back on a plain silence timeout."""

import argparse
from datetime import UTC, datetime
from typing import Any

from models import Project
from services.accounts import projects, schedules
from services.core.errors import InvalidInput
from services.monitors.health import project_schedule
from services.monitors.schedule import Schedule
from services.text.i18n import Translator
from services.text.render import humanize_duration, humanize_timeout

SCHEDULE_HELP = 'cron expression (5 fields, or @hourly, @daily…): "0 3 * * *"'
TZ_HELP = "time zone of the schedule (default UTC): Europe/Moscow, +5:30"
GRACE_HELP = "how late a run may report (default 1h): 90s, 30m, 1h30m, '30 мин'"
RUN_FORMAT = "%Y-%m-%d %H:%M %Z"


def add_schedule_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--schedule", help=SCHEDULE_HELP)
    parser.add_argument("--tz", help=TZ_HELP)
    parser.add_argument("--grace", help=GRACE_HELP)


def add_set_schedule_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "set-schedule", help="expect a project on a cron schedule, or on a plain timeout again"
    )
    parser.add_argument("--project", required=True, help="project id or name")
    rule = parser.add_mutually_exclusive_group(required=True)
    rule.add_argument("--schedule", help=SCHEDULE_HELP)
    rule.add_argument("--timeout", help="back to a plain silence timeout: 90s, 5m, 1h, 1d")
    parser.add_argument("--tz", help=TZ_HELP)
    parser.add_argument("--grace", help=GRACE_HELP)


def schedule_from(args: argparse.Namespace) -> Schedule | None:
    """The schedule the options ask for; None without --schedule (--tz or --grace alone are
    refused: they would be silently ignored)."""
    if args.schedule is None:
        if args.tz is not None or args.grace is not None:
            raise InvalidInput("--tz and --grace need --schedule", "schedule-options")
        return None
    return schedules.read_schedule(args.schedule, args.tz, args.grace)


async def set_schedule(args: argparse.Namespace, settings: Any, tr: Translator) -> None:
    project = await projects.find_by_reference(args.project)
    schedule = schedule_from(args)
    if schedule is None:
        await schedules.set_plain_timeout(project, projects.parse_timeout(args.timeout))
    else:
        await schedules.set_schedule(project, schedule)
    print(describe(tr, settings.default_locale, project))


def describe(tr: Translator, locale: str, project: Project) -> str:
    """What the project is expected on, in a line: its schedule with the next runs, or its
    timeout."""
    schedule = project_schedule(project)
    if schedule is None:
        timeout = humanize_timeout(tr, locale, project.timeout_seconds)
        return tr.get("cli-timeout-set", locale, name=project.name, timeout=timeout)
    runs = schedules.upcoming(schedule, datetime.now(UTC))
    return tr.get(
        "cli-schedule-set",
        locale,
        name=project.name,
        schedule=schedule.expression,
        tz=schedule.tz,
        grace=humanize_duration(tr, locale, schedule.grace),
        runs=", ".join(run.strftime(RUN_FORMAT) for run in runs),
    )


def schedule_json(project: Project) -> dict[str, Any]:
    return {
        "schedule": project.schedule,
        "schedule_tz": project.schedule_tz,
        "grace_seconds": project.grace_seconds,
    }
