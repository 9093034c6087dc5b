"""Log lines a job sends while it runs (`/ping/<token>/log`), kept without changing any state and
shown with the failure of their run. Bounded: each line at LINE_LIMIT characters (the door
clips it), at most KEPT_PER_PROJECT lines per project (the oldest go as new ones come)."""

from datetime import datetime

from models import RunLog
from services.formats.scrub import JOB_TEXT_LIMIT

LINE_LIMIT = JOB_TEXT_LIMIT
KEPT_PER_PROJECT = 1000
# How many of its lines a failed run's alert shows (the alert clips them further to fit).
SHOWN_WITH_FAILURE = 20


async def keep_line(project_id: int, text: str, rid: str | None, now: datetime) -> None:
    """Store a line (already scrubbed and clipped), then drop the project's lines beyond the
    newest KEPT_PER_PROJECT. In the caller's transaction."""
    await RunLog.create(project_id=project_id, rid=rid, text=text[:LINE_LIMIT], received_at=now)
    beyond = (
        await RunLog.filter(project_id=project_id)
        .order_by("-id")
        .offset(KEPT_PER_PROJECT)
        .limit(1)
        .values_list("id", flat=True)
    )
    if beyond:
        await RunLog.filter(project_id=project_id, id__lte=beyond[0]).delete()


async def lines_of_run(project_id: int, rid: str | None, since: datetime | None) -> list[str]:
    """The last SHOWN_WITH_FAILURE lines of a run, oldest first: those sent with its run id, or
    for a run without one the project's latest lines sent without one; none before `since`
    (when the run began, or the last success: older lines belong to runs gone by)."""
    rows = RunLog.filter(project_id=project_id, rid=rid)
    if since is not None:
        rows = rows.filter(received_at__gte=since)
    texts = await rows.order_by("-id").limit(SHOWN_WITH_FAILURE).values_list("text", flat=True)
    return [str(text) for text in reversed(texts)]
