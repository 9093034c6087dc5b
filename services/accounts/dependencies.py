"""Which project another stands behind (a router, a database, a server): while the parent is
down, the dependant's outages are held and listed on the parent's alert
(services/monitors/holds.py). Set and cleared here, for both doors: never on itself, never in
a cycle (A behind B behind A, or longer), and in the bot only by a maintainer of the dependant
who can see the parent."""

from collections.abc import Collection

from models import Project
from services.accounts.access import Level, require, visible_projects
from services.core.errors import InvalidInput
from services.storage import sql
from services.storage.transaction import transaction

# Changes of dependencies take turns across instances (PostgreSQL; SQLite has one writer at a
# time): two changes at once, A behind B and B behind A, would each find no cycle in what the
# other has not committed yet. A transaction-level advisory lock, freed at commit.
ONE_AT_A_TIME = "SELECT pg_advisory_xact_lock(28005)"


async def depend(project: Project, parent: Project | None) -> None:
    """`project` stands behind `parent` from now on (None: behind nothing). InvalidInput if it
    would depend on itself, or on a project that depends on it (through any chain). An outage
    of `project` held for its old parent is judged afresh by the silence watcher once nothing
    holds it (holds.released)."""
    async with transaction() as connection:
        if sql.postgres(connection):
            await sql.query(ONE_AT_A_TIME)
        if parent is not None:
            await _refuse_cycle(project, parent)
        parent_id = parent.id if parent else None
        await Project.filter(id=project.id).update(depends_on_id=parent_id)
    project.depends_on_id = parent.id if parent else None


async def _refuse_cycle(project: Project, parent: Project) -> None:
    if parent.id == project.id:
        raise InvalidInput("a project cannot depend on itself", "depends-self")
    if project.id in await _chain_above(parent.id):
        raise InvalidInput(
            f"{parent.name!r} already depends on {project.name!r}: that would be a cycle",
            "depends-cycle",
        )


async def _chain_above(project_id: int) -> list[int]:
    """The project and those it stands behind, its parent first, up to the top (stored
    dependencies have no cycle; a guard stops all the same)."""
    chain: list[int] = []
    current: int | None = project_id
    while current is not None and current not in chain:
        chain.append(current)
        row = await Project.get_or_none(id=current)
        current = row.depends_on_id if row else None
    return chain


async def parent_of(project: Project) -> Project | None:
    """The project this one stands behind, or None."""
    if project.depends_on_id is None:
        return None
    return await Project.get_or_none(id=project.depends_on_id)


async def may_depend(
    user_id: int, project_id: int, parent_id: int | None, admins: Collection[int]
) -> tuple[Project, Project | None]:
    """The two projects, if this person may make the first stand behind the second: a
    maintainer of the dependant who can see the parent (they learn its state from the
    dependant's alerts). Else AccessDenied, as for any project one may not see."""
    project = await require(user_id, project_id, admins, Level.MAINTAINER)
    if parent_id is None:
        return project, None
    return project, await require(user_id, parent_id, admins, Level.VIEWER)


async def possible_parents(
    user_id: int, project: Project, admins: Collection[int]
) -> list[Project]:
    """The projects this person may make `project` stand behind, by name: those they can see,
    less itself and those behind it (a cycle)."""
    below = await _below(project.id)
    visible = await visible_projects(user_id, admins)
    return [p for p in visible if p.id != project.id and p.id not in below]


async def _below(project_id: int) -> set[int]:
    """The projects that stand behind this one, directly or through others."""
    found: set[int] = set()
    parents = [project_id]
    while parents:
        children = await Project.filter(depends_on_id__in=parents).exclude(id__in=found)
        parents = [child.id for child in children if child.id != project_id]
        found.update(parents)
    return found
