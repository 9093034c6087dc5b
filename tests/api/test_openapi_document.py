"""The served OpenAPI description: it names every route the app has, and regressions the
schemathesis pass (tests/e2e/test_openapi_conformance.py) found."""

from aiohttp import web
from openapi_spec_validator import OpenAPIV31SpecValidator, validate

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


# Issue 30: the served document against the OpenAPI 3.1 specification (its JSON Schema, every
# $ref resolved, path parameters declared, operation ids unique), as a client generator reads it.
async def test_the_served_description_is_valid_openapi_3_1(api: Client) -> None:
    document = await (await api.get(OPENAPI_PATH)).json()
    assert document["openapi"] == "3.1.0"
    validate(document, cls=OpenAPIV31SpecValidator)  # raises, naming the place, when not


async def test_every_security_requirement_names_a_scheme_the_description_defines(
    api: Client,
) -> None:
    # The validator leaves this to the reader: a name nowhere defined is an error for clients.
    document = await (await api.get(OPENAPI_PATH)).json()
    defined = set(document["components"]["securitySchemes"])
    named = {
        (path, method, scheme)
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        for requirement in operation.get("security", [])
        for scheme in requirement
    }
    assert named, "no operation names a scheme: the check would pass on anything"
    assert {entry for entry in named if entry[2] not in defined} == set()
