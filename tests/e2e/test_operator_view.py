"""What an operator sees of the running app: /metrics filled by the API, the bot and the jobs."""

import asyncio
import time

import aiohttp
from prometheus_client.parser import text_string_to_metric_families

from tests.e2e.app_process import AppProcess


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


async def test_metrics_show_silence_checks_telegram_calls_and_answers(app: AppProcess) -> None:
    await app.health()
    assert (
        await wait_for_sample(
            app, 'error_monitor_job_runs_total{job="check_silence",outcome="ok"}'
        )
        >= 1
    )
    telegram_calls = 'error_monitor_telegram_request_seconds_count{method="getMe"}'
    assert await wait_for_sample(app, telegram_calls) >= 1
    samples = await scrape(app)
    assert samples['error_monitor_http_requests_total{door="health",status_class="2xx"}'] >= 1
    assert samples["error_monitor_outbox_pending{}"] == 0
