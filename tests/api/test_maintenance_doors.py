"""Maintenance by URL, as a deploy script uses it: a window from now (15 minutes unless
`minutes` says), ended early by /maintenance/end, which alerts an outage it held at once."""

from datetime import UTC, datetime, timedelta

import pytest

from models import MaintenanceWindow, OutboxMessage, Project
from services.accounts import maintenance
from services.letters.outbox import OutboxSignal
from services.notify.notifier import Notifier
from services.watch.silence import SilenceWatcher
from tests.api.conftest import Client
from tests.conftest import listened_until, make_project, make_subscriber, make_subscription


def minutes_of(window: MaintenanceWindow) -> float:
    assert window.starts_at is not None and window.ends_at is not None
    return (window.ends_at - window.starts_at) / timedelta(minutes=1)


async def test_a_window_lasts_fifteen_minutes_unless_the_url_says(api: Client) -> None:
    project = await make_project()
    answer = await api.get(f"/ping/{project.token}/maintenance")
    assert (answer.status, await answer.text()) == (200, "OK")
    (window,) = await MaintenanceWindow.filter(project_id=project.id)
    assert minutes_of(window) == 15

    assert (await api.post(f"/ping/{project.token}/maintenance?minutes=90")).status == 200
    on = await MaintenanceWindow.filter(project_id=project.id).order_by("id")
    assert [minutes_of(window) for window in on][-1] == 90
    assert on[0].ends_at is not None and on[0].ends_at <= on[1].starts_at  # replaced


@pytest.mark.parametrize("minutes", ["0", "1441", "soon", "-5", "1.5", ""])
async def test_bad_minutes_are_refused_naming_the_problem(api: Client, minutes: str) -> None:
    project = await make_project()
    answer = await api.get(f"/ping/{project.token}/maintenance?minutes={minutes}")
    assert answer.status == 400
    assert "minutes must be a whole number from 1 to 1440" in (await answer.json())["error"]
    assert not await MaintenanceWindow.exists(project_id=project.id)


async def test_minutes_with_thousands_of_digits_are_refused_not_a_crash(api: Client) -> None:
    project = await make_project()
    answer = await api.get(f"/ping/{project.token}/maintenance?minutes={'9' * 5000}")
    assert answer.status == 400
    assert "minutes must be a whole number from 1 to 1440" in (await answer.json())["error"]
    assert not await MaintenanceWindow.exists(project_id=project.id)


async def test_unknown_tokens_are_refused_as_by_the_other_ping_doors(api: Client) -> None:
    assert (await api.get("/ping/nope/maintenance")).status == 401
    assert (await api.post("/ping/nope/maintenance/end")).status == 401


async def test_ending_a_window_by_url_alerts_the_outage_it_held(api: Client, translator) -> None:
    project = await make_project(timeout_seconds=60)
    await make_subscription(project, await make_subscriber(telegram_id=64, language="en"))
    assert (await api.get(f"/ping/{project.token}")).status == 200
    assert (await api.get(f"/ping/{project.token}/maintenance?minutes=60")).status == 200
    watcher = SilenceWatcher(Notifier(translator, "en"), OutboxSignal())
    later = datetime.now(UTC) + timedelta(minutes=2)
    await listened_until(later)
    assert await watcher.check(later) == 1  # down, held: nothing said
    assert not await OutboxMessage.exists(chat_id=64, kind="silence")

    assert (await api.get(f"/ping/{project.token}/maintenance/end")).status == 200
    (alert,) = await OutboxMessage.filter(chat_id=64, kind="silence")
    assert "Project is not responding" in alert.text
    assert (await Project.get(id=project.id)).health == "down"
    assert (await api.get(f"/ping/{project.token}/maintenance/end")).status == 200  # no-op
    assert await OutboxMessage.filter(chat_id=64, kind="silence").count() == 1


async def test_the_urls_leave_a_window_a_person_began_and_weekly_ones_alone(
    api: Client, translator
) -> None:
    """Ops began maintenance for a migration (`🔧 until I end it`); CI's deploy script calls
    both URLs meanwhile: the outage stays held until a person ends the maintenance."""
    project = await make_project(timeout_seconds=60)
    await make_subscription(project, await make_subscriber(telegram_id=65, language="en"))
    assert (await api.get(f"/ping/{project.token}")).status == 200
    now = datetime.now(UTC)
    await maintenance.start(project, now, "Ann", None)
    today = maintenance.WEEKDAYS[now.weekday()]
    await maintenance.add_weekly(project, today, f"{now:%H}:00", "3h", "UTC", "Ann")
    watcher = SilenceWatcher(Notifier(translator, "en"), OutboxSignal())
    later = now + timedelta(minutes=2)
    await listened_until(later)
    assert await watcher.check(later) == 1  # down, held

    assert (await api.get(f"/ping/{project.token}/maintenance?minutes=5")).status == 200
    assert (await api.post(f"/ping/{project.token}/maintenance?minutes=5")).status == 200
    assert (await api.get(f"/ping/{project.token}/maintenance/end")).status == 200
    assert not await OutboxMessage.exists(chat_id=65, kind="silence")
    kinds = await MaintenanceWindow.filter(
        project_id=project.id, ends_at__isnull=True
    ).values_list("kind", flat=True)
    assert sorted(kinds) == ["one_off", "weekly"]  # Ann's and the weekly one go on
    assert await MaintenanceWindow.filter(project_id=project.id, kind="deploy").count() == 2
