"""`error-monitor <command>` (or `python main.py <command>`; cli/console.py): run, migrate,
add-project, subscribe, add-admin, remove-admin, list-projects, add-check, list-checks,
delete-check; set-schedule, maintenance, depends and escalation (issue 28's rules:
cli/schedules.py, maintenance.py, dependencies.py, escalation.py). They replace the seed's
init_db.py, run_migrate.py, run_api.py, run_bot.py and add_project.py."""

import argparse
import asyncio
import os
import sys
from collections.abc import Awaitable, Callable, Coroutine
from datetime import UTC, datetime
from typing import Any

import orjson
from aiogram_i18n.exceptions import KeyNotFoundError
from pydantic import ValidationError

from cli import api_keys, escalation, schedules
from cli import status_pages as status_page_cli
from cli.backup import add_backup_parsers, backup, export, import_, restore
from cli.dependencies import add_depends_parser, depends
from cli.maintenance import add_maintenance_parser, maintenance_command
from models import Check, HeartbeatMode, Project, ProjectType, Severity
from services.accounts import access, badges, checks, projects, subscribers
from services.core.errors import AppError
from services.core.logs import configure_logging
from services.core.settings import MissingSetting, Settings
from services.notify.notifier import Notifier
from services.storage.db import apply_migrations, close_orm, database_unavailable, init_orm
from services.text import snippets
from services.text.i18n import SUPPORTED_LOCALES, Translator, create_translator
from services.text.render import format_time

Runner = Callable[[Settings], Awaitable[None]]
USAGE_ERROR = 2
UNAVAILABLE = 1


ORIGINS_HELP = (
    "pages allowed to report from a browser: https://shop.example,https://*.shop.example"
)


def build_parser(prog: str = "error-monitor") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, description="Error Monitor")
    # The hints a command prints ("Add one: error-monitor add-project …") name it as typed.
    parser.set_defaults(prog=prog)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="migrate, then serve the API, the bot and the workers")
    commands.add_parser("migrate", help="apply pending database migrations")
    add = commands.add_parser("add-project", help="create a project and print its token")
    add.add_argument("--name", required=True)
    add.add_argument("--type", choices=[t.value for t in ProjectType], default="other")
    add.add_argument("--url")
    add.add_argument("--timeout", default="1h", help="silence timeout: 90s, 5m, 1h, 1d, '15 мин'")
    add.add_argument("--json", action="store_true", help="print one JSON object")
    add.add_argument("--origins", help=ORIGINS_HELP)
    schedules.add_schedule_arguments(add)
    schedules.add_set_schedule_parser(commands)
    origins = commands.add_parser(
        "set-origins", help="which web pages may report for a project from a browser"
    )
    origins.add_argument("--project", required=True, help="project id or name")
    origins.add_argument("--origins", required=True, help=ORIGINS_HELP + "; '' or any: every page")
    sub = commands.add_parser("subscribe", help="subscribe a Telegram chat to a project")
    sub.add_argument("--chat-id", type=int, required=True)
    sub.add_argument("--project", required=True, help="project id or name")
    sub.add_argument(
        "--min-severity",
        choices=[s.value for s in Severity],
        help="send errors at or above this severity (default: all)",
    )
    sub.add_argument(
        "--heartbeats",
        choices=[m.value for m in HeartbeatMode],
        help="heartbeat notifications: every one, on changes (default) or off",
    )
    admin = commands.add_parser("add-admin", help="make a Telegram user an admin")
    admin.add_argument("--telegram-id", type=int, required=True)
    former = commands.add_parser(
        "remove-admin",
        help="take admin rights away; subscriptions this person made stop unless they still "
        "have access to the project",
    )
    former.add_argument("--telegram-id", type=int, required=True)
    listing = commands.add_parser("list-projects", help="list projects")
    listing.add_argument("--json", action="store_true")
    add_check_parser(commands)
    list_checks = commands.add_parser("list-checks", help="list active checks")
    list_checks.add_argument("--project", help="project id or name (default: all)")
    list_checks.add_argument("--json", action="store_true", help="print one JSON array")
    delete = commands.add_parser("delete-check", help="delete an active check")
    delete.add_argument("--id", type=int, required=True)
    add_maintenance_parser(commands)
    add_depends_parser(commands)
    escalation.add_parser(commands)
    status_page_cli.add_parser(commands)  # issue 29: status pages
    api_keys.add_parsers(commands)  # issue 29: the management API's keys
    add_backup_parsers(commands)  # issue 29: export, import, backup, restore (cli/backup.py)
    return parser


def add_check_parser(commands: Any) -> None:
    check = commands.add_parser(
        "add-check", help="probe a website, an API or a port every interval"
    )
    check.add_argument("--project", required=True, help="project id or name")
    check.add_argument("--url", required=True, help="http(s)://… or tcp://host:port")
    check.add_argument("--interval", default="60s", help="5s to 24h (default 60s)")
    check.add_argument("--timeout", default="10s", help="1s to 60s (default 10s)")
    check.add_argument("--keyword", help="text the page must contain")
    check.add_argument(
        "--keyword-absent", action="store_true", help="the keyword must NOT be on the page"
    )
    check.add_argument(
        "--expect-status", default="200-399", help="a status or a range (default 200-399)"
    )
    check.add_argument(
        "--confirm", type=int, default=2, help="failures in a row that mean down (default 2)"
    )
    check.add_argument("--method", default="GET", help="HTTP method (default GET)")
    check.add_argument(
        "--header", action="append", default=[], help="'Name: value', as often as needed"
    )
    check.add_argument("--body", help="request body (with --method POST, say)")
    check.add_argument("--json-field", help="a field of the JSON answer: data.status")
    check.add_argument("--json-value", help="what that field must equal")
    check.add_argument(
        "--degraded-after", help="answers slower than this (1s-60s) are shown as slow"
    )
    check.add_argument("--json", action="store_true", help="print one JSON object")


def main(argv: list[str], run: Runner, prog: str = "error-monitor") -> int:
    args = build_parser(prog).parse_args(argv)
    try:
        settings = Settings()
        if args.command == "run":
            settings.require_bot_token()
    except (ValidationError, ValueError) as error:
        locale = _environment_locale()
        tr = _refusal_translator(locale)
        return _fail(tr, locale, _settings_problem(error, tr, locale), USAGE_ERROR)
    configure_logging(settings.log_level, settings.log_format, settings.secret_values())
    locale = settings.default_locale
    try:
        with asyncio.Runner(loop_factory=_loop_factory(settings)) as runner:
            runner.run(_dispatch(args, settings, run))
    except AppError as error:
        tr = _refusal_translator(locale)
        return _fail(tr, locale, _app_problem(error, tr, locale), USAGE_ERROR)
    except KeyboardInterrupt:
        pass
    except DatabaseUnavailable as error:
        tr = _refusal_translator(locale)
        problem = tr.get("cli-database-unavailable", locale, detail=str(error))
        return _fail(tr, locale, problem, UNAVAILABLE)
    return 0


def _fail(tr: Translator, locale: str, problem: str, code: int) -> int:
    """One line on stderr, in the operator's language, and the exit code."""
    print(tr.get("cli-error", locale, problem=problem), file=sys.stderr)
    return code


def _refusal_translator(locale: str) -> Translator:
    """Loaded only to word a refusal (`run` keeps no copy of it while it serves); no event
    loop is running here."""
    core = create_translator(locale)
    asyncio.run(core.startup())  # reads the Fluent files
    return core


def _environment_locale() -> str:
    """The language for a refusal of the settings themselves: DEFAULT_LOCALE if it is one we
    speak, else the setting's default."""
    wanted = os.environ.get("DEFAULT_LOCALE", "").strip().lower()
    default = Settings.model_fields["default_locale"].default
    return wanted if wanted in SUPPORTED_LOCALES else str(default)


def _app_problem(error: AppError, tr: Translator, locale: str) -> str:
    """The translated reason when the error has one (the bot's `error-<code>`); else the
    error's own text, which names the value."""
    try:
        return tr.get(f"error-{error.code}", locale) if error.code != "generic" else str(error)
    except KeyNotFoundError:  # a code only the API answers with (rate-limited, overloaded)
        return str(error)


def _loop_factory(settings: Settings) -> Callable[[], asyncio.AbstractEventLoop] | None:
    """EVENT_LOOP: uvloop is a dependency everywhere but Windows, where it does not exist."""
    if settings.event_loop == "asyncio":
        return None
    try:
        import uvloop
    except ImportError:
        if settings.event_loop == "uvloop":
            raise AppError("EVENT_LOOP=uvloop, but uvloop is not installed") from None
        return None
    return uvloop.new_event_loop


def _settings_problem(error: Exception, tr: Translator, locale: str) -> str:
    if isinstance(error, ValidationError):
        first = error.errors(include_url=False)[0]
        field = ".".join(str(part) for part in first["loc"]).upper()
        return f"{field} {first['msg'].removeprefix('Value error, ')}"
    if isinstance(error, MissingSetting):
        return tr.get("cli-setting-missing", locale, name=error.name)
    return str(error)


class DatabaseUnavailable(Exception):
    """Down, unreachable, or locked by another writer for longer than the busy timeout."""


async def _dispatch(args: argparse.Namespace, settings: Settings, run: Runner) -> None:
    if args.command == "run":
        await run(settings)
        return
    try:
        await _command(args, settings)
    except Exception as error:
        # Only the database is reached over a network here; a closed stdout is not it.
        if isinstance(error, BrokenPipeError) or not database_unavailable(error):
            raise
        raise DatabaseUnavailable(str(error)) from error


async def _command(args: argparse.Namespace, settings: Settings) -> None:
    tr = await _translator(settings)
    if args.command == "migrate":
        applied = await apply_migrations(settings.database_url)
        _print(tr, settings, "cli-migrated", names=", ".join(applied)) if applied else _print(
            tr, settings, "cli-nothing-to-migrate"
        )
        return
    await apply_migrations(settings.database_url)
    await init_orm(settings.database_url)
    try:
        await COMMANDS[args.command](args, settings, tr)
    finally:
        await close_orm()


async def _translator(settings: Settings) -> Translator:
    core = create_translator(settings.default_locale)
    await core.startup()
    return core


def _print(tr: Translator, settings: Settings, key: str, **kwargs: Any) -> None:
    print(tr.get(key, settings.default_locale, **kwargs))


async def add_project(args: argparse.Namespace, settings: Settings, tr: Translator) -> None:
    spec = projects.NewProject(
        name=args.name,
        type=ProjectType(args.type),
        url=args.url,
        timeout_seconds=projects.parse_timeout(args.timeout),
        allowed_origins=args.origins,
        schedule=schedules.schedule_from(args),
    )
    project = await projects.create_project(spec)
    code = snippets.all_snippets(project, settings.public_url)
    if args.json:
        shown = {**_project_json(project), **_badge_json(project, settings.public_url)}
        print(orjson.dumps({**shown, "snippets": code}).decode())
        return
    # A scheduled project is watched by its schedule: its timeout only limits a run's length.
    watched = (
        {"schedule": schedules.describe(tr, settings.default_locale, project)}
        if spec.schedule
        else {"timeout": str(project.timeout_seconds)}
    )
    _print(
        tr,
        settings,
        "cli-project-created-scheduled" if spec.schedule else "cli-project-created",
        name=project.name,
        id=str(project.id),
        type=project.type,
        token=project.token,
        **watched,
    )
    for key, text in code.items():
        print()
        _print(tr, settings, f"cli-snippet-{key.replace('_', '-')}")
        print(text)


async def subscribe(args: argparse.Namespace, settings: Settings, tr: Translator) -> None:
    project = await projects.find_by_reference(args.project)
    options = subscribers.SubscriptionOptions(args.min_severity, args.heartbeats)
    _, created = await subscribers.subscribe(args.chat_id, project, options)
    key = "cli-subscribed" if created else "cli-already-subscribed"
    _print(tr, settings, key, chat_id=str(args.chat_id), name=project.name)


async def add_admin(args: argparse.Namespace, settings: Settings, tr: Translator) -> None:
    await subscribers.add_admin(args.telegram_id)
    _print(tr, settings, "cli-admin-added", telegram_id=str(args.telegram_id))


async def set_origins(args: argparse.Namespace, settings: Settings, tr: Translator) -> None:
    project = await projects.find_by_reference(args.project)
    await projects.change_origins(project, args.origins)
    listed = project.allowed_origins
    if listed is None:
        _print(tr, settings, "cli-origins-any", name=project.name)
    else:
        _print(tr, settings, "cli-origins-set", name=project.name, origins=listed)


async def remove_admin(args: argparse.Namespace, settings: Settings, tr: Translator) -> None:
    removed = await subscribers.remove_admin(args.telegram_id)
    user = str(args.telegram_id)
    if args.telegram_id in settings.admin_ids:  # the setting wins: nothing else changes
        _print(tr, settings, "cli-admin-in-settings", telegram_id=user)
        return
    now = datetime.now(UTC)
    await access.cancel_links_made_by(args.telegram_id, now)  # refused when opened anyway
    stopped = await Notifier(tr, settings.default_locale, settings.admin_ids).admin_removed(
        args.telegram_id, now
    )
    key = "cli-admin-removed" if removed else "cli-admin-was-not"
    _print(tr, settings, key, telegram_id=user, stopped=str(stopped))


async def list_projects(args: argparse.Namespace, settings: Settings, tr: Translator) -> None:
    rows = await projects.list_projects()
    if args.json:
        names: dict[int | None, str] = {p.id: p.name for p in rows}  # parents are listed too
        for project in rows:  # the seed's rows get their badge key here
            await badges.badge_key_of(project)
        shown = [
            {**_project_json(p, names.get(p.depends_on_id)), **_badge_json(p, settings.public_url)}
            for p in rows
        ]
        print(orjson.dumps(shown).decode())
    elif not rows:
        _print(tr, settings, "cli-no-projects", command=args.prog)
    for project in [] if args.json else rows:
        last = project.last_heartbeat_at
        _print(
            tr,
            settings,
            "cli-project-line",
            id=str(project.id),
            name=project.name,
            type=project.type,
            health=project.health,
            last_seen=format_time(last) if last else tr.get("cli-never", settings.default_locale),
        )


async def add_check(args: argparse.Namespace, settings: Settings, tr: Translator) -> None:
    project = await projects.find_by_reference(args.project)
    spec = checks.NewCheck(
        url=args.url,
        interval=args.interval,
        timeout=args.timeout,
        keyword=args.keyword,
        keyword_absent=args.keyword_absent,
        expected_status=args.expect_status,
        confirm=args.confirm,
        method=args.method,
        headers=tuple(args.header),
        body=args.body,
        json_field=args.json_field,
        json_value=args.json_value,
        degraded_after=args.degraded_after,
    )
    check = await checks.add_check(project, spec, datetime.now(UTC))
    if args.json:
        print(orjson.dumps(_check_json(await checks.check_by_id(check.id))).decode())
        return
    _print(
        tr,
        settings,
        "cli-check-added",
        id=str(check.id),
        url=check.url,
        name=project.name,
        interval=str(check.interval_seconds),
    )


async def list_checks(args: argparse.Namespace, settings: Settings, tr: Translator) -> None:
    project = await projects.find_by_reference(args.project) if args.project else None
    rows = await checks.project_checks(project.id if project else None)
    if args.json:
        print(orjson.dumps([_check_json(c) for c in rows]).decode())
        return
    if not rows:
        _print(tr, settings, "cli-no-checks", command=args.prog)
    never = tr.get("cli-never", settings.default_locale)
    for check in rows:
        last = check.last_checked_at
        _print(
            tr,
            settings,
            "cli-check-line",
            id=str(check.id),
            name=check.project.name,
            url=check.url,
            interval=str(check.interval_seconds),
            state=check.monitor.state + (" (slow)" if checks.slow(check) else ""),
            last_checked=format_time(last) if last else never,
            last_ms=str(check.last_ms if check.last_ms is not None else "—"),
        )


async def delete_check(args: argparse.Namespace, settings: Settings, tr: Translator) -> None:
    check = await checks.delete_check(args.id)
    _print(tr, settings, "cli-check-deleted", id=str(check.id), url=check.url)


def _check_json(check: Check) -> dict[str, Any]:
    last = check.last_checked_at
    return {
        "id": check.id,
        "project_id": check.project_id,
        "project": check.project.name,
        "url": check.url,
        "kind": check.monitor.kind,
        "interval_seconds": check.interval_seconds,
        "timeout_seconds": check.timeout_ms / 1000,
        "keyword": check.keyword,
        "keyword_absent": check.keyword_absent,
        "expected_status": check.expected_status,
        "confirm": check.confirm,
        "method": check.method,
        "json_field": check.json_field,
        "json_value": check.json_value,
        "degraded_ms": check.degraded_ms,
        "state": check.monitor.state,
        "slow": checks.slow(check),
        "last_checked_at": last.isoformat() if last else None,
        "last_ms": check.last_ms,
        "last_status": check.last_status,
        "last_failure": check.last_failure,
        "certificate_expires_at": (
            check.certificate_expires_at.isoformat() if check.certificate_expires_at else None
        ),
    }


def _project_json(project: Project, depends_on: str | None = None) -> dict[str, Any]:
    last = project.last_heartbeat_at
    return {
        "id": project.id,
        "name": project.name,
        "type": project.type,
        "token": project.token,
        "url": project.url,
        "is_active": project.is_active,
        "timeout_seconds": project.timeout_seconds,
        "allowed_origins": project.allowed_origins.split(",") if project.allowed_origins else [],
        "health": project.health,
        "last_heartbeat_at": last.isoformat() if last else None,
        **schedules.schedule_json(project),
        "depends_on": depends_on,  # the parent's name
    }


def _badge_json(project: Project, public_url: str) -> dict[str, Any]:
    """Issue 29: the project's badge URLs (its badge key given: badges.badge_key_of)."""
    assert project.badge_key
    urls = badges.badge_urls(public_url, project.badge_key)
    return {"badge_url": urls.status, "uptime_badge_url": urls.uptime}


Command = Callable[[argparse.Namespace, Settings, Translator], Coroutine[Any, Any, None]]
COMMANDS: dict[str, Command] = {
    "add-project": add_project,
    "subscribe": subscribe,
    "add-admin": add_admin,
    "remove-admin": remove_admin,
    "set-origins": set_origins,
    "list-projects": list_projects,
    "add-check": add_check,
    "list-checks": list_checks,
    "delete-check": delete_check,
    "set-schedule": schedules.set_schedule,
    "maintenance": maintenance_command,
    "depends": depends,
    "escalation": escalation.run,
    "status-page": status_page_cli.run,  # issue 29
    # issue 29: the management API's keys
    "add-api-key": api_keys.add_api_key,
    "list-api-keys": api_keys.list_api_keys,
    "revoke-api-key": api_keys.revoke_api_key,
    # issue 29, moving house and backups (cli/backup.py)
    "export": export,
    "import": import_,
    "backup": backup,
    "restore": restore,
}
