"""Each request gets an id: in the answer's X-Request-ID and on what is logged meanwhile."""

import logging

import pytest
from tortoise import connections

from services.core.logs import RequestIdFilter
from tests.api.conftest import Client, sqlite_threads_done
from tests.conftest import make_project


async def test_every_answer_carries_a_generated_request_id(api: Client) -> None:
    first = await api.get("/api/v1/health")
    second = await api.post("/api/v1/log", data=b"not json")
    ids = [first.headers["X-Request-ID"], second.headers["X-Request-ID"]]
    assert all(len(one) == 32 for one in ids)
    assert ids[0] != ids[1]


async def test_a_sane_incoming_request_id_is_returned(api: Client) -> None:
    answer = await api.get("/no/such/door", headers={"X-Request-ID": "edge-42"})
    assert answer.status == 404
    assert answer.headers["X-Request-ID"] == "edge-42"


async def test_an_insane_incoming_request_id_is_replaced(api: Client) -> None:
    answer = await api.get("/api/v1/health", headers={"X-Request-ID": "a b " * 100})
    assert len(answer.headers["X-Request-ID"]) == 32


async def test_a_warning_logged_while_handling_carries_the_request_id(
    api: Client, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.handler.addFilter(RequestIdFilter())
    project = await make_project()
    await connections.get("default").close()
    connection = connections.get("default")
    if hasattr(connection, "filename"):  # the database goes away: the door logs a warning
        connection.filename = "/"
    else:
        connection.port = 1
    with caplog.at_level(logging.WARNING, "api.app"):
        answer = await api.post(
            "/api/v1/heartbeat",
            json={"project_token": project.token},
            headers={"X-Request-ID": "outage-1"},
        )
    await sqlite_threads_done()
    assert answer.status == 503
    warnings = [r for r in caplog.records if "database unavailable" in r.getMessage()]
    assert [r.request_id for r in warnings] == ["outage-1"]  # type: ignore[attr-defined]
