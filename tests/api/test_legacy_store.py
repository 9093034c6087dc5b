"""Legacy Sentry clients on `/store/`: raven for Node (the real package, from sdk/js's
devDependencies) sends base64 text of a zlib stream; old raven-js base64 of plain JSON. Both are
taken; a base64'd deflate bomb is refused without being inflated past the cap."""

import asyncio
import base64
import os
import shutil
import zlib

import orjson
import pytest

from models import ErrorReport, OutboxMessage
from services.core.errors import BodyTooLarge, InvalidInput
from services.core.settings import Settings
from services.formats.sentry import legacy_store_body
from tests.api.conftest import Client
from tests.bombs import MB
from tests.conftest import make_project, make_subscriber, make_subscription
from tests.e2e.app_process import ROOT

SDK = ROOT / "sdk" / "js"
RAVEN = SDK / "node_modules" / "raven"
NODE_TIMEOUT = 60
# raven 2.x as a Node service uses it: a client on the DSN, one exception captured and sent.
RAVEN_SCRIPT = """
const Raven = require('raven');
const client = new Raven.Client(process.env.DSN, {captureUnhandledRejections: false});
client.on('error', (e) => { console.error('raven error', e.statusCode, e.message); });
client.captureException(new TypeError('cart total is NaN'), (err, id) => {
  if (err) { console.error('not sent:', err.message); process.exit(1); }
  console.log('sent', id);
  process.exit(0);
});
"""
EVENT = {
    "event_id": "fc6d8c0c43fc4630ad850ee518f1b9d0",
    "message": "checkout failed",
    "level": "error",
    "platform": "javascript",
}


def require_raven() -> None:
    if shutil.which("node") is None:
        pytest.fail("`node` is not on PATH: the legacy raven test needs Node.js")
    if not RAVEN.is_dir():
        pytest.fail("sdk/js/node_modules/raven is missing: run `cd sdk/js && npm ci` (make test)")


async def run_raven(dsn: str) -> tuple[int, str]:
    child = await asyncio.create_subprocess_exec(
        "node",
        "--input-type=commonjs",
        "-e",
        RAVEN_SCRIPT,
        cwd=SDK,
        env={**os.environ, "DSN": dsn},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(child.communicate(), NODE_TIMEOUT)
    assert child.returncode is not None
    return child.returncode, output.decode(errors="replace")


async def test_raven_for_node_reports_an_exception_that_reaches_the_chat(api: Client) -> None:
    require_raven()
    project = await make_project()
    await make_subscription(project, await make_subscriber(telegram_id=91))
    dsn = f"http://{project.token}@127.0.0.1:{api.port}/{project.id}"
    code, output = await run_raven(dsn)
    assert code == 0, output
    report = await ErrorReport.get(project_id=project.id)
    assert (report.type, report.message) == ("TypeError", "cart total is NaN")
    alert = (await OutboxMessage.get(chat_id=91)).text
    assert "Тип: TypeError" in alert and "cart total is NaN" in alert


async def test_base64_of_plain_json_is_taken_as_old_raven_js_sends_it(api: Client) -> None:
    project = await make_project()
    body = base64.b64encode(orjson.dumps(EVENT))
    answer = await api.post(f"/api/{project.id}/store/?sentry_key={project.token}", data=body)
    assert (answer.status, await answer.json()) == (200, {"id": EVENT["event_id"]})
    assert (await ErrorReport.get(project_id=project.id)).message == "checkout failed"


async def test_a_base64_deflate_bomb_is_refused_not_inflated(api: Client) -> None:
    project = await make_project()
    bomb = zlib.compress(b"{" + b" " * (16 * MB), 9)  # 16 MB of JSON text in about 16 KB
    body = base64.b64encode(bomb)
    answer = await api.post(f"/api/{project.id}/store/?sentry_key={project.token}", data=body)
    assert answer.status == 413
    assert "inflated" in (await answer.json())["error"]
    assert await ErrorReport.filter(project_id=project.id).count() == 0


@pytest.mark.parametrize(
    "body",
    [
        b"this is not base64!",
        base64.b64encode(b"\x00\x01 neither json nor zlib"),
        base64.b64encode(zlib.compress(orjson.dumps(EVENT)))[:-8],  # cut short
        base64.b64encode(zlib.compress(b"[1, 2]")),
    ],
)
async def test_bodies_that_do_not_decode_are_refused_with_400(api: Client, body: bytes) -> None:
    project = await make_project()
    answer = await api.post(f"/api/{project.id}/store/?sentry_key={project.token}", data=body)
    assert answer.status == 400
    assert (await answer.json())["ok"] is False
    assert await ErrorReport.filter(project_id=project.id).count() == 0


def test_the_decoder_stops_at_the_cap() -> None:
    limit = Settings(_env_file=None).max_body_bytes
    with pytest.raises(BodyTooLarge):
        legacy_store_body(base64.b64encode(zlib.compress(b" " * (limit + 1))), limit)
    event = orjson.dumps(EVENT)
    assert legacy_store_body(base64.b64encode(zlib.compress(event)), limit) == event
    assert legacy_store_body(event, limit) == event
    with pytest.raises(InvalidInput):
        legacy_store_body(b"@@@", limit)
