"""`python main.py depends --project B (--on A | --none)`: project B stands behind A (a
router, a database): while A is down, B's outages are listed on A's alert instead of alerted
on their own (services/accounts/dependencies.py)."""

import argparse
from typing import Any

from services.accounts import dependencies, projects
from services.core.settings import Settings
from services.text.i18n import Translator


def add_depends_parser(commands: Any) -> None:
    depends = commands.add_parser(
        "depends",
        help="make a project depend on another: while that one is down, its outages are "
        "listed on that one's alert",
    )
    depends.add_argument("--project", required=True, help="project id or name (the dependant)")
    parent = depends.add_mutually_exclusive_group(required=True)
    parent.add_argument("--on", help="project id or name it depends on")
    parent.add_argument("--none", action="store_true", help="depend on nothing")


async def depends(args: argparse.Namespace, settings: Settings, tr: Translator) -> None:
    project = await projects.find_by_reference(args.project)
    parent = None if args.none else await projects.find_by_reference(args.on)
    await dependencies.depend(project, parent)
    locale = settings.default_locale
    if parent is None:
        print(tr.get("cli-depends-none", locale, name=project.name))
    else:
        print(tr.get("cli-depends-on", locale, name=project.name, parent=parent.name))
