"""The served OpenAPI description: it names every route the app has, and regressions the
schemathesis pass (tests/e2e/test_openapi_conformance.py) found."""

from aiohttp import web

from api.openapi import OPENAPI_PATH
from tests.api.conftest import Client
from tests.conftest import make_project

# aiohttp adds HEAD to every GET route by itself; the description lists it only for the pings.
UNDESCRIBED_METHODS = {"HEAD", "OPTIONS"}


async def test_the_description_is_served_as_openapi_3(api: Client) -> None:
    answer = await api.get(OPENAPI_PATH)
    assert answer.status == 200
    assert answer.content_type == "application/json"
    document = await answer.json()
    assert document["openapi"].startswith("3.")
    assert document["servers"] == [{"url": "http://localhost:8000"}]


async def test_every_route_of_the_app_is_described(api: Client) -> None:
    described = (await (await api.get(OPENAPI_PATH)).json())["paths"]
    routes = {
        (route.resource.canonical, route.method.lower())
        for route in _routes(api.app)
        if route.method not in UNDESCRIBED_METHODS
    }
    missing = {route for route in routes if route[1] not in described.get(route[0], {})}
    assert not missing


async def test_the_error_body_shape_is_required_by_the_description(api: Client) -> None:
    document = await (await api.get(OPENAPI_PATH)).json()
    error = document["components"]["schemas"]["Error"]
    answer = await api.post("/api/v1/log", data=b"not json")
    assert answer.status == 400
    assert set(error["required"]) == set(await answer.json()) == {"ok", "error"}


async def test_a_sentry_event_id_that_is_not_a_string_is_not_echoed(api: Client) -> None:
    # Found by the schemathesis pass: {"event_id": 5} came back as {"id": 5}; SDKs read a string.
    project = await make_project()
    answer = await api.post(
        f"/api/{project.id}/store/?sentry_key={project.token}",
        json={"event_id": 5, "message": "boom"},
    )
    assert answer.status == 200
    assert await answer.json() == {"id": None}


async def test_a_sentry_event_id_string_is_echoed(api: Client) -> None:
    project = await make_project()
    answer = await api.post(
        f"/api/{project.id}/store/?sentry_key={project.token}",
        json={"event_id": "0123456789abcdef0123456789abcdef", "message": "boom"},
    )
    assert await answer.json() == {"id": "0123456789abcdef0123456789abcdef"}


def _routes(app: web.Application) -> list[web.AbstractRoute]:
    return [route for route in app.router.routes() if route.resource is not None]
