"""Regression tests for hostile input found in review: each once answered 500 or half-stored."""

import orjson
import pytest

from models import ErrorReport
from tests.api.conftest import Client
from tests.conftest import make_project


def nested(depth: int) -> dict:
    value: dict = {}
    for _ in range(depth):
        value = {"a": value}
    return value


async def test_a_corrupt_gzip_body_gets_400(api: Client) -> None:
    project = await make_project()
    for path in ("/api/v1/log", f"/api/{project.id}/envelope/", f"/ping/{project.token}/fail"):
        # A broken body leaves the connection unusable: each try gets its own.
        headers = {"Content-Encoding": "gzip", "Connection": "close"}
        answer = await api.post(path, data=b"this is not gzip at all", headers=headers)
        assert answer.status == 400, path
        assert "Content-Encoding" in (await answer.json())["error"]


@pytest.mark.parametrize("depth", [65, 300, 5000])
async def test_deeply_nested_json_gets_400(api: Client, depth: int) -> None:
    project = await make_project()
    body = {"project_token": project.token, "metadata": nested(depth)}
    raw = orjson.dumps(body) if depth < 255 else _deep_json(project.token, depth)
    answer = await api.post("/api/v1/heartbeat", data=raw)
    assert answer.status == 400
    assert "nested deeper" in (await answer.json())["error"] or depth > 1000


def _deep_json(token: str, depth: int) -> bytes:
    return (
        b'{"project_token": "'
        + token.encode()
        + b'", "metadata": '
        + b'{"a": ' * depth
        + b"{}"
        + b"}" * depth
        + b"}"
    )


def sentry_envelope(*payloads: dict) -> bytes:
    lines = [b"{}"]
    for payload in payloads:
        lines += [b'{"type": "event"}', orjson.dumps(payload)]
    return b"\n".join(lines)


@pytest.mark.parametrize(
    "event",
    [
        {"exception": 5},
        {"exception": {"values": 5}},
        {"exception": {"values": [{"type": "E", "stacktrace": {"frames": {"a": 1}}}]}},
        {"exception": {"values": [{"type": "E", "stacktrace": {"frames": 7}}]}},
        {
            "exception": {
                "values": [
                    {
                        "type": "E",
                        "stacktrace": {
                            "frames": [
                                {"context_line": "x" * 6000, "lineno": n} for n in range(60)
                            ]
                        },
                    }
                ]
            }
        },
        {"message": "with a NUL \x00 inside"},
        {"extra": nested(100)},
    ],
)
async def test_odd_sentry_events_never_get_a_5xx(api: Client, event: dict) -> None:
    project = await make_project()
    answer = await api.post(
        f"/api/{project.id}/envelope/?sentry_key={project.token}", data=sentry_envelope(event)
    )
    assert answer.status < 500


async def test_an_envelope_with_a_bad_item_stores_nothing(api: Client) -> None:
    project = await make_project()
    body = b"\n".join(
        [
            b"{}",
            b'{"type": "event"}',
            b'{"message": "fine"}',
            b'{"type": "check_in"}',
            b'{"status": "bogus"}',
        ]
    )
    answer = await api.post(f"/api/{project.id}/envelope/?sentry_key={project.token}", data=body)
    assert answer.status == 400
    assert await ErrorReport.all().count() == 0


async def test_a_check_in_with_an_absurd_duration_is_still_accepted(api: Client) -> None:
    project = await make_project()
    body = b"\n".join([b"{}", b'{"type": "check_in"}', b'{"status": "error", "duration": 1e20}'])
    answer = await api.post(f"/api/{project.id}/envelope/?sentry_key={project.token}", data=body)
    assert answer.status == 200


async def test_a_fail_log_sent_in_many_chunks_is_kept_whole(api: Client) -> None:
    project = await make_project()

    async def chunks():  # what curl does with a slow pipe: several writes
        for line in (b"first line\n", b"second line\n", b"third line\n"):
            yield line

    assert (await api.post(f"/ping/{project.token}/fail", data=chunks())).status == 200
    report = await ErrorReport.get(project_id=project.id)
    assert report.context["log"] == "first line\nsecond line\nthird line\n"
