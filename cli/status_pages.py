"""`python main.py status-page`: public status pages from the shell
(services/accounts/status_pages.py; the page itself: /status/<slug>).

--slug S --project P [--project Q …] [--title T] [--show-error-counts]   make the page, or
                                       change it: the projects listed replace its projects
--slug S --delete                      delete the page
--list                                 every page, with its address
--json                                 print JSON instead of sentences"""

import argparse
from typing import Any

import orjson

from models import StatusPage
from services.accounts import projects, status_pages
from services.core.errors import InvalidInput
from services.core.settings import Settings
from services.text.i18n import Translator


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "status-page",
        help="make, change, list or delete a public status page (/status/<slug>)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--slug", help="its address: /status/<slug> (a-z, 0-9, '-')")
    parser.add_argument(
        "--project", action="append", default=[], help="project id or name, in the page's order"
    )
    parser.add_argument("--title", help="the page's heading (default: the slug)")
    parser.add_argument(
        "--show-error-counts",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show how many errors each project reported (never their text)",
    )
    parser.add_argument("--delete", action="store_true", help="delete the page")
    parser.add_argument("--list", action="store_true", help="list every page")
    parser.add_argument("--json", action="store_true", help="print JSON")


async def run(args: argparse.Namespace, settings: Settings, tr: Translator) -> None:
    if args.list:
        await _list(args, settings, tr)
        return
    if not args.slug:
        raise InvalidInput("say --slug S (or --list)", "status-page-slug-needed")
    if args.delete:
        page = await status_pages.find_page(args.slug)
        await status_pages.delete_page(page, None)
        _say(args, tr, settings, "cli-status-page-deleted", {"deleted": page.slug}, slug=page.slug)
        return
    await _save(args, settings, tr)


async def _save(args: argparse.Namespace, settings: Settings, tr: Translator) -> None:
    ids = [(await projects.find_by_reference(reference)).id for reference in args.project]
    page = await StatusPage.get_or_none(slug=args.slug)
    if page is None:
        page = await status_pages.create_page(
            args.slug, args.title, ids, bool(args.show_error_counts)
        )
        key = "cli-status-page-created"
    else:
        page = await status_pages.update_page(
            page, None, (), args.title, ids or None, args.show_error_counts
        )
        key = "cli-status-page-updated"
    shown = await page_json(page, settings.public_url)
    _say(args, tr, settings, key, shown, slug=page.slug, url=shown["url"])


async def _list(args: argparse.Namespace, settings: Settings, tr: Translator) -> None:
    every = await status_pages.list_pages()
    pages = [await page_json(page, settings.public_url) for page in every]
    if args.json:
        print(orjson.dumps(pages).decode())
        return
    if not pages:
        print(tr.get("cli-status-page-none", settings.default_locale))
    for page in pages:
        names = ", ".join(project["name"] for project in page["projects"])
        print(
            tr.get(
                "cli-status-page-line",
                settings.default_locale,
                url=page["url"],
                title=page["title"],
                projects=names,
            )
        )


async def page_json(page: StatusPage, public_url: str) -> dict[str, Any]:
    shown = await status_pages.page_projects(page)
    return {
        "slug": page.slug,
        "title": page.title,
        "url": status_pages.page_url(public_url, page.slug),
        "show_error_counts": page.show_error_counts,
        "projects": [{"id": project.id, "name": project.name} for project in shown],
    }


def _say(
    args: argparse.Namespace,
    tr: Translator,
    settings: Settings,
    key: str,
    shown: dict[str, Any],
    **values: str,
) -> None:
    if args.json:
        print(orjson.dumps(shown).decode())
    else:
        print(tr.get(key, settings.default_locale, **values))
