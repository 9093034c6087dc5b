"""The management API over HTTP (docs/management-api.md): an API key manages a project end to
end, a read-only key reads and is refused every write, a project key sees nothing of another
project (404: it learns nothing about it), and a revoked key or one whose maker lost the right
to it is 401."""

import asyncio
import logging
from datetime import UTC, datetime
from typing import Any

import pytest
from prometheus_client.parser import text_string_to_metric_families

from models import ApiKey, ErrorGroup, ProjectAccess, Role
from services.accounts import access, api_keys, subscribers
from services.core.logs import Redactor, TextFormatter
from tests.api.conftest import Client
from tests.conftest import make_project

M = "/api/v1/manage"
SQLITE_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
ERROR = {"type": "ValueError", "message": "bad input", "severity": "error"}


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


async def new_key(
    read_only: bool = False, project_id: int | None = None, by: int | None = None
) -> str:
    return (await api_keys.create_key("ci", read_only, project_id, by))[1]


async def call(
    api: Client, method: str, path: str, key: str, status: int, json: Any = None
) -> dict[str, Any]:
    answer = await api.request(method, M + path, headers=bearer(key), json=json)
    payload = await answer.json()
    assert answer.status == status, payload
    return payload


async def test_an_api_key_manages_a_project_end_to_end(api: Client) -> None:
    key = await new_key()
    # create, read, update
    created = await call(api, "POST", "/projects", key, 201, {"name": "shop", "timeout": "5m"})
    project = created["project"]
    pid, old_token = project["id"], project["token"]
    assert (project["name"], project["timeout_seconds"], project["health"]) == ("shop", 300, "new")
    await call(api, "POST", "/projects", key, 409, {"name": "shop"})
    read = (await call(api, "GET", f"/projects/{pid}", key, 200))["project"]
    assert read["name"] == "shop" and "token" not in read
    changes = {"name": "shop-2", "url": "https://shop.example", "timeout": "10m"}
    changed = (await call(api, "PATCH", f"/projects/{pid}", key, 200, changes))["project"]
    assert (changed["name"], changed["url"], changed["timeout_seconds"]) == (
        "shop-2",
        "https://shop.example",
        600,
    )
    scheduled = {"schedule": {"expression": "0 3 * * *", "tz": "Europe/Moscow"}}
    changed = (await call(api, "PATCH", f"/projects/{pid}", key, 200, scheduled))["project"]
    assert changed["schedule"]["tz"] == "Europe/Moscow"
    # a check
    check = (
        await call(
            api,
            "POST",
            f"/projects/{pid}/checks",
            key,
            201,
            {"url": "https://shop.example/health", "interval": "5m"},
        )
    )["check"]
    assert (check["kind"], check["interval_seconds"]) == ("http", 300)
    paused = await call(api, "POST", f"/projects/{pid}/checks/{check['id']}/pause", key, 200)
    assert paused["check"]["paused"] is True
    listed = (await call(api, "GET", f"/projects/{pid}/checks", key, 200))["checks"]
    assert [c["id"] for c in listed] == [check["id"]]
    # a chat
    subscription = {"chat_id": -1001, "min_severity": "critical", "heartbeats": "off"}
    await call(api, "POST", f"/projects/{pid}/subscriptions", key, 201, subscription)
    chats = (await call(api, "GET", f"/projects/{pid}/subscriptions", key, 200))["subscriptions"]
    assert [(c["chat_id"], c["min_severity"], c["heartbeats"]) for c in chats] == [
        (-1001, "critical", "off")
    ]
    # maintenance on and off
    on = await call(api, "POST", f"/projects/{pid}/maintenance", key, 201, {"minutes": 30})
    assert on["maintenance"]["on"] is True
    off = await call(api, "POST", f"/projects/{pid}/maintenance/end", key, 200)
    assert (off["ended"], off["maintenance"]["on"]) == (1, False)
    # pause, resume
    assert (await call(api, "POST", f"/projects/{pid}/pause", key, 200))["project"]["paused"]
    resumed = (await call(api, "POST", f"/projects/{pid}/resume", key, 200))["project"]
    assert resumed["paused"] is False
    # rotate: the new token reports, the old one is refused
    new_token = (await call(api, "POST", f"/projects/{pid}/rotate-token", key, 200))["project"][
        "token"
    ]
    assert new_token != old_token
    beat = await api.post("/api/v1/heartbeat", json={"project_token": new_token})
    assert beat.status == 200
    refused = await api.post("/api/v1/heartbeat", json={"project_token": old_token})
    assert refused.status == 401
    # an error group from the real error door: listed, resolved, muted
    logged = await api.post("/api/v1/log", json={"project_token": new_token, "error": ERROR})
    assert logged.status == 201
    groups = await call(api, "GET", f"/projects/{pid}/error-groups?status=open", key, 200)
    [group] = groups["groups"]
    assert (group["message"], groups["next_offset"]) == ("bad input", None)
    gid = group["id"]
    resolved = await call(api, "POST", f"/projects/{pid}/error-groups/{gid}/resolve", key, 200)
    assert resolved["group"]["status"] == "resolved"
    assert (await call(api, "GET", f"/projects/{pid}/error-groups?status=open", key, 200))[
        "groups"
    ] == []
    muted = await call(
        api, "POST", f"/projects/{pid}/error-groups/{gid}/mute", key, 200, {"duration": "1d"}
    )
    assert (muted["group"]["status"], muted["group"]["muted_until"] is not None) == (
        "muted",
        True,
    )
    # unsubscribe, delete the check, delete the project
    await call(api, "DELETE", f"/projects/{pid}/subscriptions/-1001", key, 200)
    await call(api, "DELETE", f"/projects/{pid}/checks/{check['id']}", key, 200)
    await call(api, "DELETE", f"/projects/{pid}", key, 200)
    await call(api, "GET", f"/projects/{pid}", key, 404)
    assert (await api.post("/api/v1/heartbeat", json={"project_token": new_token})).status == 401


WRITES = [
    ("POST", "/projects", {"name": "nope"}),
    ("PATCH", "/projects/{pid}", {"name": "renamed"}),
    ("POST", "/projects/{pid}/pause", None),
    ("POST", "/projects/{pid}/resume", None),
    ("POST", "/projects/{pid}/rotate-token", None),
    ("POST", "/projects/{pid}/checks", {"url": "https://example.com"}),
    ("POST", "/projects/{pid}/subscriptions", {"chat_id": 5}),
    ("DELETE", "/projects/{pid}/subscriptions/5", None),
    ("POST", "/projects/{pid}/maintenance", {"minutes": 5}),
    ("POST", "/projects/{pid}/maintenance/end", None),
    ("POST", "/projects/{pid}/error-groups/{gid}/resolve", None),
    ("POST", "/projects/{pid}/error-groups/{gid}/mute", {"duration": "1h"}),
    ("DELETE", "/projects/{pid}", None),
]
READS = [
    "/projects/{pid}",
    "/projects/{pid}/checks",
    "/projects/{pid}/subscriptions",
    "/projects/{pid}/maintenance",
    "/projects/{pid}/error-groups",
]


@SQLITE_ONLY
async def test_a_read_only_key_reads_and_is_refused_every_write(api: Client) -> None:
    project = await make_project(name="kept")
    logged = await api.post("/api/v1/log", json={"project_token": project.token, "error": ERROR})
    assert logged.status == 201
    group = await ErrorGroup.get(project_id=project.id)
    key = await new_key(read_only=True)
    for method, path, body in WRITES:
        where = path.format(pid=project.id, gid=group.id)
        payload = await call(api, method, where, key, 403, body)
        assert payload["ok"] is False and "read-only" in payload["error"]
    for path in READS:
        await call(api, "GET", path.format(pid=project.id), key, 200)
    listed = (await call(api, "GET", "/projects", key, 200))["projects"]
    assert [p["name"] for p in listed] == ["kept"]
    after = (await call(api, "GET", f"/projects/{project.id}", key, 200))["project"]
    assert (after["name"], after["paused"]) == ("kept", False)
    assert (await ErrorGroup.get(id=group.id)).status == "open"


@SQLITE_ONLY
async def test_a_project_key_sees_only_its_project(api: Client) -> None:
    mine, other = await make_project(name="mine"), await make_project(name="other")
    key = await new_key(project_id=mine.id)
    listed = (await call(api, "GET", "/projects", key, 200))["projects"]
    assert [p["name"] for p in listed] == ["mine"]
    for path in READS:
        payload = await call(api, "GET", path.format(pid=other.id), key, 404)
        assert payload == {"ok": False, "error": f"no project with id {other.id}"}
    await call(api, "POST", f"/projects/{other.id}/pause", key, 404)
    await call(api, "POST", "/projects", key, 403, {"name": "more"})
    paused = await call(api, "POST", f"/projects/{mine.id}/pause", key, 200)
    assert paused["project"]["paused"] is True


@SQLITE_ONLY
async def test_no_key_a_wrong_key_and_a_revoked_key_are_401(api: Client) -> None:
    key = await new_key()
    assert (await api.get(f"{M}/projects")).status == 401
    payload = await call(api, "GET", "/projects", "em_" + "x" * 40, 401)
    assert payload == {"ok": False, "error": "unknown or revoked API key"}
    await call(api, "GET", "/projects", key, 200)
    [row] = await ApiKey.all()
    await api_keys.revoke_key(row.id, datetime.now(UTC))
    await call(api, "GET", "/projects", key, 401)


@SQLITE_ONLY
async def test_a_key_stops_working_when_its_maker_is_no_longer_an_admin(api: Client) -> None:
    admin, member = 7001, 7002
    await subscribers.add_admin(admin)
    key = await new_key(by=admin)
    project = await make_project()
    await call(api, "GET", "/projects", key, 200)
    await subscribers.remove_admin(admin)
    await call(api, "GET", "/projects", key, 401)
    await call(api, "GET", f"/projects/{project.id}", key, 401)
    # a project key follows its maker's access to the project
    await subscribers.add_admin(member)
    project_key = await new_key(project_id=project.id, by=member)
    await call(api, "GET", f"/projects/{project.id}", project_key, 200)
    await subscribers.remove_admin(member)
    await call(api, "GET", f"/projects/{project.id}", project_key, 401)


@SQLITE_ONLY
async def test_bad_input_names_the_field(api: Client) -> None:
    key = await new_key()
    project = await make_project()
    payload = await call(api, "POST", "/projects", key, 400, {"name": 5})
    assert payload["error"].startswith("name:")
    payload = await call(api, "POST", "/projects", key, 400, {"name": "x", "colour": "red"})
    assert payload["error"].startswith("colour:")
    payload = await call(api, "POST", f"/projects/{project.id}/maintenance", key, 400, {})
    assert payload["error"].startswith("minutes:")
    answer = await api.get(f"{M}/projects/{project.id}/error-groups?limit=0", headers=bearer(key))
    assert (answer.status, (await answer.json())["error"]) == (
        400,
        "limit: must be a whole number from 1 to 200",
    )
    await call(api, "DELETE", f"/projects/{project.id}/checks/99", key, 404)


@SQLITE_ONLY
async def test_last_used_is_written_at_most_once_a_minute(api: Client) -> None:
    key = await new_key()
    await call(api, "GET", "/projects", key, 200)
    [row] = await ApiKey.all()
    first = row.last_used_at
    assert first is not None
    await call(api, "GET", "/projects", key, 200)
    assert (await ApiKey.get(id=row.id)).last_used_at == first


@SQLITE_ONLY
async def test_only_the_hash_of_a_key_is_stored(api: Client) -> None:
    key, plain = await api_keys.create_key("deploy", False, None, None)
    assert plain.startswith("em_") and len(plain) == 43
    assert plain not in (key.key_hash, key.prefix) and plain.startswith(key.prefix)
    assert key.key_hash == api_keys.hash_key(plain)


@SQLITE_ONLY
async def test_the_management_doors_answer_no_cors(api: Client) -> None:
    key = await new_key()
    page = {"Origin": "https://evil.example", **bearer(key)}
    answer = await api.get(f"{M}/projects", headers=page)
    assert answer.status == 200 and "Access-Control-Allow-Origin" not in answer.headers
    preflight = await api.options(
        f"{M}/projects",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert preflight.status == 405 and "Access-Control-Allow-Origin" not in preflight.headers


@SQLITE_ONLY
async def test_a_project_key_of_a_viewer_only_reads_and_ends_with_the_access(api: Client) -> None:
    viewer = 7003
    project = await make_project(name="watched")
    await ProjectAccess.create(
        project=project, user_id=viewer, role=Role.VIEWER.value, granted_by=7001
    )
    key = await new_key(project_id=project.id, by=viewer)
    await call(api, "GET", f"/projects/{project.id}", key, 200)
    refused = await call(api, "POST", f"/projects/{project.id}/pause", key, 403)
    assert "may not change this project" in refused["error"]
    await access.revoke(project.id, viewer, datetime.now(UTC))
    await call(api, "GET", f"/projects/{project.id}", key, 401)


@SQLITE_ONLY
async def test_a_key_deletes_a_project_only_while_its_maker_may(api: Client) -> None:
    """In the bot only an admin deletes a project: a project key whose maker is now only a
    maintainer of it (an admin removed, who had been invited) changes it but cannot delete it."""
    maker = 7004
    project = await make_project(name="kept")
    await ProjectAccess.create(
        project=project, user_id=maker, role=Role.MAINTAINER.value, granted_by=7001
    )
    await subscribers.add_admin(maker)
    key = await new_key(project_id=project.id, by=maker)
    await subscribers.remove_admin(maker)
    await call(api, "POST", f"/projects/{project.id}/pause", key, 200)
    refused = await call(api, "DELETE", f"/projects/{project.id}", key, 403)
    assert "may not delete this project" in refused["error"]
    assert (await call(api, "GET", f"/projects/{project.id}", key, 200))["project"]["paused"]


@SQLITE_ONLY
@pytest.mark.parametrize(
    ("field", "value", "refused"),
    [
        ("interval", "9999999999999999999s", "interval '9999999999999999999s' is not a duration"),
        ("timeout", "9999999999999999999s", "timeout '9999999999999999999s' is not a duration"),
        ("interval", "9999999d", "the interval must be between 5 seconds and 24 hours"),
        ("timeout", "9999999d", "a check's timeout must be between 1 and 60 seconds"),
    ],
)
async def test_a_duration_too_long_for_any_clock_is_400(
    api: Client, field: str, value: str, refused: str
) -> None:
    """9,999,999,999,999,999,999 s is beyond what a timedelta holds: no duration at all (the
    reader takes at most 7 digits a unit); the longest it does take is refused by the field's
    range. A bad value naming the field either way, never a 500."""
    key = await new_key()
    project = await make_project()
    check = {"url": "https://shop.example", field: value}
    payload = await call(api, "POST", f"/projects/{project.id}/checks", key, 400, check)
    assert payload["error"].startswith(refused)


@SQLITE_ONLY
async def test_a_project_key_reaches_nothing_of_another_project_by_its_ids(api: Client) -> None:
    """The ids of another project's check, error group and chat, sent under the key's own
    project, are 404 and change nothing there."""
    mine, other = await make_project(name="mine"), await make_project(name="other")
    admin = await new_key()
    url = {"url": "https://other.example"}
    check = (await call(api, "POST", f"/projects/{other.id}/checks", admin, 201, url))["check"]
    await call(api, "POST", f"/projects/{other.id}/subscriptions", admin, 201, {"chat_id": -5})
    logged = await api.post("/api/v1/log", json={"project_token": other.token, "error": ERROR})
    assert logged.status == 201
    group = await ErrorGroup.get(project_id=other.id)
    key = await new_key(project_id=mine.id)
    here = f"/projects/{mine.id}"
    for method, path, body in [
        ("POST", f"{here}/checks/{check['id']}/pause", None),
        ("DELETE", f"{here}/checks/{check['id']}", None),
        ("POST", f"{here}/error-groups/{group.id}/resolve", None),
        ("POST", f"{here}/error-groups/{group.id}/mute", {"duration": "1d"}),
        ("DELETE", f"{here}/subscriptions/-5", None),
    ]:
        await call(api, method, path, key, 404, body)
    theirs = f"/projects/{other.id}"
    [kept] = (await call(api, "GET", f"{theirs}/checks", admin, 200))["checks"]
    assert (kept["id"], kept["paused"]) == (check["id"], False)
    [chat] = (await call(api, "GET", f"{theirs}/subscriptions", admin, 200))["subscriptions"]
    assert (chat["chat_id"], chat["stopped"]) == (-5, False)
    assert (await ErrorGroup.get(id=group.id)).status == "open"


async def test_a_project_key_ends_with_its_project(api: Client) -> None:
    """Deleting a project deletes its keys: none is left to become a key without a project,
    which would be a key for every project."""
    doomed, other = await make_project(name="doomed"), await make_project(name="other")
    key = await new_key(project_id=doomed.id)
    await call(api, "DELETE", f"/projects/{doomed.id}", key, 200)
    await call(api, "GET", "/projects", key, 401)
    await call(api, "GET", f"/projects/{other.id}", key, 401)


@SQLITE_ONLY
async def test_the_management_doors_are_counted_as_manage(api: Client) -> None:
    key = await new_key()
    await call(api, "GET", "/projects", key, 200)
    await call(api, "GET", "/projects", "em_wrong", 401)
    samples = {
        (sample.labels["door"], sample.labels["status_class"]): sample.value
        for family in text_string_to_metric_families(await (await api.get("/metrics")).text())
        for sample in family.samples
        if sample.name == "error_monitor_http_requests_total"
    }
    assert (samples[("manage", "2xx")], samples[("manage", "4xx")]) == (1, 1)


@SQLITE_ONLY
async def test_a_key_sent_where_keys_do_not_go_never_reaches_the_log(
    api: Client, caplog: pytest.LogCaptureFixture
) -> None:
    """A key tried in the query string (`?api_key=`, as other APIs take it) or pasted into the
    path is written by the access log as the request came: the log takes it out by its shape."""
    caplog.set_level(logging.INFO, logger="aiohttp.access")
    key = await new_key()
    await call(api, "GET", f"/projects?api_key={key}", "", 401)
    await call(api, "GET", f"/projects/{key}", key, 404)
    deadline = asyncio.get_running_loop().time() + 10
    while len(access := [r for r in caplog.records if r.name == "aiohttp.access"]) < 2:
        assert asyncio.get_running_loop().time() < deadline, "no access log lines"
        await asyncio.sleep(0.01)
    lines = [TextFormatter(Redactor()).format(record) for record in access]
    assert "/api/v1/manage/projects?api_key=em_***" in lines[0]
    assert all(key not in line and key[3:] not in line for line in lines)
