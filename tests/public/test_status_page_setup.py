"""Setting up status pages: the slug's rules, who may make and change a page, the projects and
their order, and `main.py status-page` / `list-projects --json` as the operator sees them
(the commands' functions in this process, on a real database)."""

import argparse
from typing import Any

import orjson
import pytest

from cli import commands
from cli import status_pages as status_page_cli
from models import ProjectAccess, StatusPage
from services.accounts import status_pages
from services.accounts.status_pages import create_page, find_page, page_projects, update_page
from services.core.errors import AccessDenied, Conflict, InvalidInput, NotFound
from services.core.settings import Settings
from services.text.i18n import create_translator
from tests.conftest import make_project

ADMIN, MEMBER, STRANGER = 100, 200, 300
ADMINS = [ADMIN]


@pytest.mark.parametrize(
    ("slug", "code"),
    [
        ("a", "slug-length"),
        ("x" * 65, "slug-length"),
        ("", "slug-length"),
        ("Shop", "slug-invalid"),
        ("shop status", "slug-invalid"),
        ("shop_status", "slug-invalid"),
        ("магазин", "slug-invalid"),
        ("shop/../x", "slug-invalid"),
    ],
)
def test_a_slug_outside_the_rules_is_refused_naming_why(slug: str, code: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        status_pages.validate_slug(slug)
    assert refused.value.code == code


@pytest.mark.parametrize("slug", ["ab", "x" * 64, "shop-status-2", "42"])
def test_a_slug_within_the_rules_is_kept(slug: str) -> None:
    assert status_pages.validate_slug(slug) == slug


async def test_a_page_keeps_its_projects_in_order_and_a_list_replaces_them(db: str) -> None:
    shop, api, cron = await make_project(), await make_project(), await make_project()
    page = await create_page("shop", None, [api.id, shop.id, api.id])
    assert (page.title, page.show_error_counts, page.created_by) == ("shop", False, None)
    assert [p.id for p in await page_projects(page)] == [api.id, shop.id]

    page = await update_page(page, None, (), "Shop status", [cron.id, shop.id], True)
    assert (page.title, page.show_error_counts) == ("Shop status", True)
    assert [p.id for p in await page_projects(page)] == [cron.id, shop.id]

    with pytest.raises(Conflict):
        await create_page("shop", "Again", [shop.id])
    with pytest.raises(InvalidInput) as empty:
        await create_page("empty", "Empty", [])
    assert empty.value.code == "page-no-projects"
    with pytest.raises(NotFound):
        await create_page("ghost", "Ghost", [shop.id, 99999])
    assert await StatusPage.all().count() == 1

    await status_pages.delete_page(page, None)
    with pytest.raises(NotFound):
        await find_page("shop")


async def test_only_admins_and_people_who_see_every_project_make_and_change_pages(
    db: str,
) -> None:
    shop, secret = await make_project(), await make_project()
    await ProjectAccess.create(project=shop, user_id=MEMBER, role="viewer", granted_by=ADMIN)

    with pytest.raises(AccessDenied):
        await create_page("both", None, [shop.id, secret.id], created_by=MEMBER, admins=ADMINS)
    with pytest.raises(AccessDenied):
        await create_page("stranger", None, [shop.id], created_by=STRANGER, admins=ADMINS)
    mine = await create_page("mine", None, [shop.id], created_by=MEMBER, admins=ADMINS)
    await create_page("admins", None, [shop.id, secret.id], created_by=ADMIN, admins=ADMINS)

    assert [p.slug for p in await status_pages.list_pages(MEMBER, ADMINS)] == ["mine"]
    assert [p.slug for p in await status_pages.list_pages(ADMIN, ADMINS)] == ["admins", "mine"]
    assert await status_pages.list_pages(STRANGER, ADMINS) == []
    with pytest.raises(AccessDenied):  # they may not add what they do not see
        await update_page(mine, MEMBER, ADMINS, project_ids=[shop.id, secret.id])
    with pytest.raises(AccessDenied):
        await status_pages.delete_page(mine, STRANGER, ADMINS)

    # Access lost: the page goes on showing the project; its maker may no longer change it.
    await ProjectAccess.filter(user_id=MEMBER).delete()
    assert [p.id for p in await page_projects(mine)] == [shop.id]
    with pytest.raises(AccessDenied):
        await update_page(mine, MEMBER, ADMINS, show_error_counts=True)
    await status_pages.delete_page(mine, ADMIN, ADMINS)  # an admin still may


def cli(*argv: str) -> argparse.Namespace:
    return commands.build_parser().parse_args(list(argv))


@pytest.fixture
async def operator(db: str) -> tuple[Settings, Any]:
    settings = Settings(
        _env_file=None, database_url=db, public_url="https://mon.example", default_locale="en"
    )
    translator = create_translator("en")
    await translator.startup()
    return settings, translator


async def test_the_shell_makes_changes_lists_and_deletes_a_page(
    operator: tuple[Settings, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    settings, tr = operator
    shop, api = await make_project(name="Shop"), await make_project(name="API")
    args = cli("status-page", "--slug", "shop", "--project", "Shop", "--title", "Shop status")
    await status_page_cli.run(args, settings, tr)
    assert capsys.readouterr().out == (
        'Status page "shop" is made: https://mon.example/status/shop\n'
    )
    args = cli("status-page", "--slug", "shop", "--project", str(api.id), "--project", "Shop")
    await status_page_cli.run(args, settings, tr)
    assert "is changed: https://mon.example/status/shop" in capsys.readouterr().out

    await status_page_cli.run(cli("status-page", "--list", "--json"), settings, tr)
    (page,) = orjson.loads(capsys.readouterr().out)
    assert page == {
        "slug": "shop",
        "title": "Shop status",  # kept: no --title this time
        "url": "https://mon.example/status/shop",
        "show_error_counts": False,
        "projects": [{"id": api.id, "name": "API"}, {"id": shop.id, "name": "Shop"}],
    }
    await status_page_cli.run(cli("status-page", "--slug", "shop", "--delete"), settings, tr)
    assert capsys.readouterr().out == 'Status page "shop" is deleted.\n'
    await status_page_cli.run(cli("status-page", "--list"), settings, tr)
    assert capsys.readouterr().out == "No status pages yet.\n"


async def test_projects_in_json_carry_their_badge_urls(
    operator: tuple[Settings, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    settings, tr = operator
    seeded = await make_project(name="Seeded")  # as the seed's INSERT: no badge key yet
    await commands.add_project(cli("add-project", "--name", "New", "--json"), settings, tr)
    made = orjson.loads(capsys.readouterr().out)
    await commands.list_projects(cli("list-projects", "--json"), settings, tr)
    listed = {p["name"]: p for p in orjson.loads(capsys.readouterr().out)}

    key = (await type(seeded).get(id=seeded.id)).badge_key
    assert key and key != seeded.token
    assert listed["Seeded"]["badge_url"] == f"https://mon.example/badge/{key}.svg"
    assert (
        listed["Seeded"]["uptime_badge_url"] == f"https://mon.example/badge/{key}/uptime-30d.svg"
    )
    assert listed["New"]["badge_url"] == made["badge_url"]
    assert made["token"] not in made["badge_url"]
