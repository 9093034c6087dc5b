"""GET /metrics through HTTP: answers counted per door and status class, the outbox's depth read
at scrape time, and a registry per app."""

import re

from prometheus_client.parser import text_string_to_metric_families

from api.app import create_api_app
from api.keys import METRICS
from services.core.settings import Settings
from services.ingest.ingestor import Ingestor
from services.letters.outbox import OutboxSignal
from services.notify.notifier import Notifier
from tests.api.conftest import Client
from tests.conftest import make_project, make_subscriber, make_subscription

ANSWERS = "error_monitor_http_requests_total"


async def scrape(api: Client) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    answer = await api.get("/metrics")
    assert answer.status == 200
    assert answer.content_type == "text/plain"
    samples = {}
    for family in text_string_to_metric_families(await answer.text()):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def answers(door: str, status_class: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    labels = (("door", door), ("status_class", status_class))
    return (ANSWERS, labels)


async def test_accepted_and_rejected_events_are_counted_per_door(api: Client) -> None:
    project = await make_project()
    await api.post("/api/v1/heartbeat", json={"project_token": project.token})
    await api.post("/api/v1/heartbeat", json={"project_token": "not-a-token"})
    await api.post("/api/v1/log", data=b"not json")
    await api.get(f"/ping/{project.token}/start")
    await api.get("/no/such/door")
    samples = await scrape(api)
    assert samples[answers("heartbeat", "2xx")] == 1
    assert samples[answers("heartbeat", "4xx")] == 1
    assert samples[answers("log", "4xx")] == 1
    assert samples[answers("ping", "2xx")] == 1
    assert samples[answers("unmatched", "4xx")] == 1


async def test_outbox_depth_is_read_when_scraped(api: Client) -> None:
    project = await make_project()
    await make_subscription(project, await make_subscriber(telegram_id=41))
    assert (await scrape(api))[("error_monitor_outbox_pending", ())] == 0
    await api.post("/api/v1/heartbeat", json={"project_token": project.token})
    samples = await scrape(api)
    assert samples[("error_monitor_outbox_pending", ())] == 1
    assert samples[("error_monitor_database_up", ())] == 1


async def test_the_exposition_names_every_metric_family(api: Client) -> None:
    text = await (await api.get("/metrics")).text()
    for name in (
        "error_monitor_http_requests_total",
        "error_monitor_outbox_pending",
        "error_monitor_telegram_request_seconds",
        "error_monitor_telegram_errors_total",
        "error_monitor_job_runs_total",
        "error_monitor_job_seconds",
    ):
        assert re.search(rf"^# TYPE {name} ", text, re.M), name


async def test_two_apps_in_one_process_count_separately(db: str, translator) -> None:
    settings = Settings(_env_file=None, database_url=db)
    first, second = (
        create_api_app(settings, Ingestor(Notifier(translator, "ru"), OutboxSignal()))
        for _ in range(2)
    )
    first[METRICS].answers.tally["log", 2] += 1
    labels = {"door": "log", "status_class": "2xx"}
    assert first[METRICS].registry.get_sample_value(ANSWERS, labels) == 1
    assert second[METRICS].registry.get_sample_value(ANSWERS, labels) is None
