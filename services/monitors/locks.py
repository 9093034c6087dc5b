"""The one lock order of the monitor writers (services/monitors/writer.py, escalation.py)."""

from models import Project


async def lock_project(project_id: int) -> None:
    """Hold the project's row until commit, before any of its monitors: every writer (and the
    heartbeat paths, services/ingest/) locks in this order, so two never wait for each other
    in a cycle (PostgreSQL; SQLite has one writer at a time, and tortoise skips the lock). A
    NO KEY lock, as the heartbeat paths take: rows that refer to the project (its heartbeats,
    reports, letters) may still be inserted meanwhile."""
    await Project.select_for_update(no_key=True).filter(id=project_id).first()
