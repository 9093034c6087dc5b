"""The OpenAPI description against the running app: schemathesis generates requests for every
door from the served description, valid and invalid ones, and every answer must be one the
description documents (status, content type, headers, body) and none a 5xx."""

import asyncio
import json
from dataclasses import dataclass
from typing import Any

import orjson
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import Case, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from models import ApiKey
from services.accounts import badges
from services.accounts.api_keys import create_key
from tests.conftest import make_project, make_subscriber, make_subscription
from tests.e2e.app_process import AppProcess
from tests.e2e.conftest import RUSSIAN_CHAT
from tests.telegram_double import TelegramDouble

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
# Bounded by the number of examples, not by time: 10-20 s per database on a 2-core machine.
EXAMPLES = {GenerationMode.POSITIVE: 25, GenerationMode.NEGATIVE: 15}
# The management API has many small operations of one shape (api/manage/): fewer each.
MANAGE = "/api/v1/manage/"
MANAGE_EXAMPLES = {GenerationMode.POSITIVE: 8, GenerationMode.NEGATIVE: 5}
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


@st.composite
def sentry_envelopes(draw: st.DrawFn) -> bytes:
    """What Sentry SDKs send, and what they never would: a header line, then items with or
    without a length (right or wrong), whose payloads are events, check-ins, or anything."""
    lines = [orjson.dumps(draw(st.dictionaries(st.sampled_from(["event_id", "dsn"]), st.text())))]
    for _ in range(draw(st.integers(0, 3))):
        payload = draw(
            st.fixed_dictionaries(
                {},
                optional={
                    "exception": st.fixed_dictionaries(
                        {"values": st.lists(st.dictionaries(st.text(), JSON_VALUES), max_size=2)}
                    ),
                    "status": st.sampled_from(["in_progress", "ok", "error", "?"]),
                    "level": st.sampled_from(["fatal", "error", "info", "?"]),
                    "extra": st.dictionaries(st.text(), JSON_VALUES, max_size=3),
                    "duration": JSON_VALUES,
                },
            )
            | JSON_VALUES
        )
        body = json.dumps(payload).encode()  # not orjson: integers past 64 bits must pass
        header: dict[str, Any] = {"type": draw(st.sampled_from(["event", "check_in", "other"]))}
        if draw(st.booleans()):
            header["length"] = len(body) + draw(st.sampled_from([0, 0, 0, -1, 5]))
        lines += [orjson.dumps(header), body]
    return b"\n".join(lines) if draw(st.booleans()) else draw(st.binary(max_size=64))


schemathesis.openapi.media_type("application/x-sentry-envelope", sentry_envelopes())


@dataclass(frozen=True)
class RealProject:
    token: str
    id: int
    badge_key: str = ""
    # The management API's: a key for every project, a project it may change (its pauses,
    # rotations and windows leave the other doors' project alone), one it may delete.
    api_key: str = ""
    managed_id: int = 0
    doomed_id: int = 0

    def authorise(self, case: Case) -> None:
        """Give a generated request the real token, so it reaches past authentication."""
        if case.path.startswith(MANAGE):
            self.authorise_management(case)
            return
        if "token" in (case.path_parameters or {}):
            case.path_parameters["token"] = self.token
        if "badge_key" in (case.path_parameters or {}):  # issue 29: badges
            case.path_parameters["badge_key"] = self.badge_key
        if "project_id" in (case.path_parameters or {}):
            case.path_parameters["project_id"] = self.id
            case.headers["X-Sentry-Auth"] = f"Sentry sentry_key={self.token}"
        if case.path.startswith("/api/v1/"):
            case.headers["Authorization"] = f"Bearer {self.token}"
            if isinstance(case.body, dict) and "project_token" in case.body:
                case.body["project_token"] = self.token

    def authorise_management(self, case: Case) -> None:
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {self.api_key}"}
        if "project_id" in (case.path_parameters or {}):
            deleted = case.method.upper() == "DELETE" and case.path.endswith("{project_id}")
            case.path_parameters["project_id"] = self.doomed_id if deleted else self.managed_id


async def test_every_door_answers_as_described_and_never_with_a_5xx(
    db: str, app: AppProcess, telegram: TelegramDouble
) -> None:
    # Made here, not through the CLI (seconds per call): `db` is the app's own database.
    # A subscribed chat, so error reports are rendered while the request is handled.
    telegram.add_user(RUSSIAN_CHAT, first_name="Анна", language_code="ru")
    row = await make_project()
    await make_subscription(row, await make_subscriber(telegram_id=RUSSIAN_CHAT))
    managed, doomed = await make_project(), await make_project()
    made, key = await create_key("schemathesis", False, None, None)
    badge_key = await badges.badge_key_of(row)
    project = RealProject(row.token, row.id, badge_key, key, managed.id, doomed.id)
    failures = await asyncio.to_thread(fuzz_every_door, app.base_url, project)
    assert not failures, "\n\n".join(failures)
    # The management doors were reached with the key, not only refused without one.
    assert (await ApiKey.get(id=made.id)).last_used_at is not None
    assert (await app.health())["ok"] is True
    assert "unhandled error" not in app.log()


def fuzz_every_door(base_url: str, project: RealProject) -> list[str]:
    schema = schemathesis.openapi.from_url(f"{base_url}/api/v1/openapi.json")
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        counts = MANAGE_EXAMPLES if operation.path.startswith(MANAGE) else EXAMPLES
        for mode, examples in counts.items():
            if mode is GenerationMode.NEGATIVE and not operation.body:
                continue  # only a path or no parameter at all: nothing to make invalid
            try:
                fuzz(operation, mode, examples, base_url, project)
            # schemathesis reports its failures as a BaseExceptionGroup, with a curl line.
            except (Exception, BaseExceptionGroup) as error:
                failures.append(f"{operation.label} ({mode.value}): {error}")
    return failures


def fuzz(
    operation: Any, mode: GenerationMode, examples: int, base_url: str, project: RealProject
) -> None:
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],  # no shrinking: the run stays bounded
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode), real_token=st.booleans())
    def one_request(case: Case, real_token: bool) -> None:
        if real_token:
            project.authorise(case)
        case.call_and_validate(base_url=base_url, checks=CHECKS, timeout=10)

    one_request()
