"""The management API reads durations and zones as the bot and the shell do
(services/text/durations.py, zones.py)."""

from tests.api.conftest import Client
from tests.api.test_manage_api import SQLITE_ONLY, call, new_key


@SQLITE_ONLY
async def test_a_project_is_created_with_15_minutes_in_russian_and_an_offset_zone(
    api: Client,
) -> None:
    key = await new_key()
    spec = {
        "name": "shop",
        "timeout": "15 мин",
        "schedule": {"expression": "0 9 * * *", "tz": "+5:30", "grace": "1 час 30 минут"},
    }
    project = (await call(api, "POST", "/projects", key, 201, spec))["project"]
    assert project["timeout_seconds"] == 900
    assert (project["schedule"]["tz"], project["schedule"]["grace_seconds"]) == (
        "UTC+05:30",
        5400,
    )
    refused = await call(api, "POST", "/projects", key, 400, {"name": "b", "timeout": "soon"})
    assert refused["ok"] is False
    assert "'soon' is not a duration like 90s, 15m" in refused["error"]
    assert "15 мин" in refused["error"]
    zone = {"name": "c", "schedule": {"expression": "@daily", "tz": "Mars/Olympus"}}
    refused = await call(api, "POST", "/projects", key, 400, zone)
    assert "time zone 'Mars/Olympus' is not an IANA name" in refused["error"]
