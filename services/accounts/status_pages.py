"""Setting up public status pages (`/status/<slug>`; services/public/ renders them): make,
change, list, find and delete them, and who may.

Who may: the operator from the shell (`by=None`), an admin, or a person with access to every
project on the page (services/accounts/access.py: any level, as seeing a project is what they
put on show). A page is public by design once made: it shows what its projects are, whoever
made it. If its maker later loses access to a project, the page goes on showing it; the maker
can no longer change the page (every change asks for access to all of its projects again),
and an admin or the operator may change or delete it (docs/status-page-setup.md)."""

import re
from collections.abc import Collection, Sequence

from tortoise.exceptions import IntegrityError

from models import Project, StatusPage, StatusPageProject
from services.accounts import access
from services.core.errors import AccessDenied, Conflict, InvalidInput, NotFound
from services.storage.transaction import transaction

SLUG_MIN = 2
SLUG_MAX = 64
TITLE_MAX = 200
MAX_PROJECTS = 50  # a page is read on a phone: more than this is a dashboard, not a status page
_SLUG = re.compile(r"^[a-z0-9-]+$")


def validate_slug(slug: str) -> str:
    """The page's address: 2 to 64 of lowercase a-z, 0-9 and '-'; InvalidInput says what is
    wrong with it."""
    if not SLUG_MIN <= len(slug) <= SLUG_MAX:
        raise InvalidInput(
            f"slug {slug[:80]!r} must be {SLUG_MIN} to {SLUG_MAX} characters long",
            "slug-length",
        )
    if not _SLUG.match(slug):
        raise InvalidInput(
            f"slug {slug!r} may hold only lowercase letters a-z, digits and '-'", "slug-invalid"
        )
    return slug


def validate_title(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise InvalidInput("the page's title must not be empty", "page-title-empty")
    if len(title) > TITLE_MAX:
        raise InvalidInput(
            f"the page's title must be at most {TITLE_MAX} characters", "page-title-too-long"
        )
    return title


def _validate_projects(project_ids: Sequence[int]) -> list[int]:
    ordered = list(dict.fromkeys(project_ids))  # the first mention sets the order
    if not ordered:
        raise InvalidInput("a status page needs at least one project", "page-no-projects")
    if len(ordered) > MAX_PROJECTS:
        raise InvalidInput(
            f"a status page shows at most {MAX_PROJECTS} projects", "page-too-many-projects"
        )
    return ordered


async def create_page(
    slug: str,
    title: str | None,
    project_ids: Sequence[int],
    show_error_counts: bool = False,
    created_by: int | None = None,
    admins: Collection[int] = (),
) -> StatusPage:
    """A new page at `/status/<slug>` showing these projects in this order; the title is the
    slug unless given. InvalidInput (slug, title, projects), Conflict (slug taken),
    AccessDenied (the maker may not see one of the projects), NotFound (no such project)."""
    slug = await free_slug(slug)
    shown = validate_title(title if title is not None else slug)
    ordered = _validate_projects(project_ids)
    await _may_show(created_by, ordered, admins)
    try:
        async with transaction():
            page = await StatusPage.create(
                slug=slug, title=shown, show_error_counts=show_error_counts, created_by=created_by
            )
            await _set_projects(page, ordered)
    except IntegrityError as error:  # another made the same slug meanwhile
        raise _taken(slug) from error
    return page


async def update_page(
    page: StatusPage,
    by: int | None,
    admins: Collection[int] = (),
    title: str | None = None,
    project_ids: Sequence[int] | None = None,
    show_error_counts: bool | None = None,
) -> StatusPage:
    """Change what is given (None: leave it): the title, the projects and their order (the
    list replaces the old one), whether error counts show."""
    await may_change(page, by, admins)
    changes: dict[str, object] = {}
    if title is not None:
        changes["title"] = validate_title(title)
    if show_error_counts is not None:
        changes["show_error_counts"] = show_error_counts
    ordered = None if project_ids is None else _validate_projects(project_ids)
    if ordered is not None:
        await _may_show(by, ordered, admins)
    async with transaction():
        if changes:
            await StatusPage.filter(id=page.id).update(**changes)
        if ordered is not None:
            await StatusPageProject.filter(page_id=page.id).delete()
            await _set_projects(page, ordered)
    return await StatusPage.get(id=page.id)


async def delete_page(page: StatusPage, by: int | None, admins: Collection[int] = ()) -> None:
    await may_change(page, by, admins)
    await StatusPage.filter(id=page.id).delete()


async def free_slug(slug: str) -> str:
    """The slug, if it is valid and no page has it yet (InvalidInput, Conflict): asked as
    someone types it, before the rest of the page; create_page asks again."""
    slug = validate_slug(slug)
    if await StatusPage.filter(slug=slug).exists():
        raise _taken(slug)
    return slug


async def find_page(slug: str) -> StatusPage:
    page = await StatusPage.get_or_none(slug=slug) if len(slug) <= SLUG_MAX else None
    if page is None:
        raise NotFound(f"no status page at /status/{slug[:80]}", "page-not-found")
    return page


async def list_pages(by: int | None = None, admins: Collection[int] = ()) -> list[StatusPage]:
    """Every page for the operator and admins; for anyone else the pages they may change (their
    own, while they still see every project on them: may_change)."""
    pages = StatusPage.all().order_by("slug")
    if by is not None and not await access.is_admin(by, admins):
        pages = pages.filter(created_by=by)
    return await _changeable(await pages, by, admins)


async def page_projects(page: StatusPage) -> list[Project]:
    """The page's projects, in its order."""
    entries = await StatusPageProject.filter(page_id=page.id).order_by("position", "id")
    found = {p.id: p for p in await Project.filter(id__in=[e.project_id for e in entries])}
    return [found[e.project_id] for e in entries if e.project_id in found]


async def may_change(page: StatusPage, by: int | None, admins: Collection[int] = ()) -> None:
    """The operator and admins change any page; its maker, while they still see every project
    on it; nobody else (AccessDenied, which does not say whether the page exists)."""
    if not await _changeable([page], by, admins):
        raise AccessDenied("no such status page, or it is not yours", "page-not-yours")


async def _changeable(
    pages: Sequence[StatusPage], by: int | None, admins: Collection[int]
) -> list[StatusPage]:
    """Of these pages, those `by` may change: all for the operator and admins; for anyone else
    their own, while they still see every project on them (access follows people: a maker who
    lost a project neither changes the page nor is shown it). Three queries, however many."""
    if by is None or await access.is_admin(by, admins):
        return list(pages)
    own = [page for page in pages if page.created_by == by]
    seen = {project.id for project in await access.visible_projects(by, admins)}
    shown = await StatusPageProject.filter(page_id__in=[page.id for page in own]).values_list(
        "page_id", "project_id"
    )
    lost = {page_id for page_id, project_id in shown if project_id not in seen}
    return [page for page in own if page.id not in lost]


def page_url(public_url: str, slug: str) -> str:
    """The page's address, from PUBLIC_URL."""
    return f"{public_url}/status/{slug}"


async def _may_show(by: int | None, project_ids: list[int], admins: Collection[int]) -> None:
    existing = set(await Project.filter(id__in=project_ids).values_list("id", flat=True))
    missing = [pid for pid in project_ids if pid not in existing]
    if missing:
        raise NotFound(f"no project with id {missing[0]}", "project-not-found")
    if by is None or await access.is_admin(by, admins):
        return
    for project_id in project_ids:
        await access.require(by, project_id, admins, access.Level.VIEWER)


async def _set_projects(page: StatusPage, ordered: list[int]) -> None:
    await StatusPageProject.bulk_create(
        [
            StatusPageProject(page_id=page.id, project_id=project_id, position=position)
            for position, project_id in enumerate(ordered)
        ]
    )


def _taken(slug: str) -> Conflict:
    return Conflict(f"a status page at /status/{slug} exists already", "slug-taken")
