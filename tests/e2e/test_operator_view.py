"""What an operator sees of the running app: /metrics filled by the API, the bot and the jobs,
and JSON log lines that carry request ids."""

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import orjson
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.e2e.app_process import AppProcess
from tests.telegram_double import TelegramDouble


@pytest.fixture
async def json_app(
    database_url: str, telegram: TelegramDouble, tmp_path: Path
) -> AsyncIterator[AppProcess]:
    process = AppProcess(tmp_path, database_url, telegram.url, LOG_FORMAT="json")
    await process.start()
    try:
        yield process
    finally:
        await process.stop()


async def scrape(app: AppProcess) -> dict[str, float]:
    """Sample values keyed as `name{label="value",...}`, labels in order."""
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{app.base_url}/metrics") as answer:
            text = await answer.text()
    samples = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            labels = ",".join(f'{k}="{v}"' for k, v in sorted(sample.labels.items()))
            samples[f"{sample.name}{{{labels}}}"] = sample.value
    return samples


async def wait_for_sample(app: AppProcess, key: str, timeout: float = 10.0) -> float:
    deadline = time.monotonic() + timeout
    while (value := (await scrape(app)).get(key)) is None:
        assert time.monotonic() < deadline, f"{key} never appeared in /metrics"
        await asyncio.sleep(0.1)
    return value


def log_entries(app: AppProcess) -> list[dict]:
    return [orjson.loads(line) for line in app.log_path.read_text().splitlines() if line]


async def test_metrics_show_silence_checks_telegram_calls_and_answers(
    json_app: AppProcess,
) -> None:
    silence_checks = 'error_monitor_job_runs_total{job="check_silence",outcome="ok"}'
    assert await wait_for_sample(json_app, silence_checks) >= 1
    telegram_calls = 'error_monitor_telegram_request_seconds_count{method="getMe"}'
    assert await wait_for_sample(json_app, telegram_calls) >= 1
    samples = await scrape(json_app)
    assert samples['error_monitor_http_requests_total{door="health",status_class="2xx"}'] >= 1
    assert samples["error_monitor_outbox_pending{}"] == 0


async def test_log_lines_are_json_and_the_access_line_names_the_request(
    json_app: AppProcess,
) -> None:
    async with aiohttp.ClientSession() as session:
        url = f"{json_app.base_url}/ping/secret-token-123/fail"
        async with session.get(url, headers={"X-Request-ID": "cron-7"}) as answer:
            assert answer.status == 401
            assert answer.headers["X-Request-ID"] == "cron-7"
    deadline = time.monotonic() + 10
    while not [e for e in log_entries(json_app) if e["request_id"] == "cron-7"]:
        assert time.monotonic() < deadline, json_app.log()
        await asyncio.sleep(0.05)
    [access] = [e for e in log_entries(json_app) if e["request_id"] == "cron-7"]
    assert access["logger"] == "aiohttp.access"
    assert '"GET /ping/***/fail" 401' in access["message"]
    assert "secret-token-123" not in json_app.log()
