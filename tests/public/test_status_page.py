"""The public status page over real HTTP (`/status/<slug>`), on SQLite and PostgreSQL: each
project's state, its 90 daily bars, its checks, the incidents on now and over, the language,
and nothing private on it, whatever the database holds."""

import logging
import re
from datetime import UTC, datetime, timedelta

from api.app import create_api_app
from models import (
    Check,
    CheckHour,
    Health,
    HealthTransition,
    MaintenanceKind,
    MaintenanceWindow,
    Monitor,
    MonitorKind,
    Project,
)
from models.enums import PublicState
from services.core.settings import Settings
from services.ingest.ingestor import Ingestor
from services.letters.outbox import OutboxSignal
from services.monitors import writer
from services.notify.notifier import Notifier
from services.public.page import DAYS, page_view
from services.stats import latency
from tests.api.conftest import Client
from tests.conftest import make_project, make_subscriber, make_subscription
from tests.public.pages import make_page, went_silent

NOW = datetime(2026, 3, 10, 12, 30, tzinfo=UTC)
SECRET_URL = "https://deploy:hunter2@api.example.com/internal/health?key=SECRETKEY123"
SECRET_ERROR = {
    "type": "SecretTypeError",
    "message": "password=SECRET-ERROR-MESSAGE for db-7.internal",
    "stack_trace": 'File "/srv/app/SECRET_TRACE.py", line 3',
}


async def page(api: Client, slug: str, **headers: str) -> str:
    answer = await api.get(f"/status/{slug}", headers=headers)
    assert answer.status == 200, await answer.text()
    assert answer.content_type == "text/html"
    return await answer.text()


def states(html: str) -> list[tuple[str, str]]:
    """(project, state class) of each project card, in the page's order."""
    return re.findall(r'class="name">([^<]+)</span>\s*<span class="state s-(\w+)">', html)


def bar_classes(html: str, card: int = 1) -> list[str]:
    section = html.split(f'id="project-{card}"')[1].split("</ol>")[0]
    return re.findall(r'<li class="(b-\w+)" title=', section)


async def beat(api: Client, project: Project) -> None:
    answer = await api.post("/api/v1/heartbeat", json={"project_token": project.token})
    assert answer.status == 200


async def test_unknown_slug_is_a_404_page_in_the_visitors_language(api: Client) -> None:
    answer = await api.get("/status/no-such-page")
    assert (answer.status, answer.content_type) == (404, "text/html")
    assert "Status page not found" in await answer.text()
    russian = await api.get("/status/no-such-page", headers={"Accept-Language": "ru-RU,ru"})
    assert (russian.status, russian.content_type) == (404, "text/html")
    assert "Страница статуса не найдена" in await russian.text()
    for odd in ("%00", "x" * 300, "%F0%9F%98%80"):  # a NUL, too long, an emoji
        assert (await api.get(f"/status/{odd}")).status == 404


async def test_each_project_shows_its_state_in_the_pages_order(api: Client, translator) -> None:
    down = await make_project(name="Payments")
    up = await make_project(name="Website")
    new = await make_project(name="Reports")
    paused = await make_project(name="Legacy")
    serviced = await make_project(name="Search")
    for project in (down, up, paused, serviced):
        await beat(api, project)
    await went_silent(down, translator)
    await writer.set_paused(paused, True, datetime.now(UTC), by="Anna")
    await MaintenanceWindow.create(
        project=serviced, kind=MaintenanceKind.ONE_OFF, starts_at=datetime.now(UTC)
    )
    await make_page("shop", [down, up, new, paused, serviced])

    html = await page(api, "shop")

    assert states(html) == [
        ("Payments", "down"),
        ("Website", "up"),
        ("Reports", "new"),
        ("Legacy", "paused"),
        ("Search", "maintenance"),
    ]
    for word in ("Down", "Operational", "No data yet", "Monitoring paused", "Maintenance"):
        assert word in html
    assert 'id="overall">Some systems are down<' in html
    opened = html.split('id="open-incidents"')[1].split("</ul>")[0]
    assert "Payments: no signal" in opened
    assert "Website" not in opened
    assert all(len(bar_classes(html, card)) == DAYS for card in range(1, 6))


async def test_a_page_of_paused_projects_says_so_in_its_headline(api: Client) -> None:
    projects = [await make_project(name=name) for name in ("Legacy", "Archive")]
    for project in projects:
        await beat(api, project)
        await writer.set_paused(project, True, datetime.now(UTC), by="Anna")
    await make_page("shop", projects)

    html = await page(api, "shop")
    russian = await page(api, "shop?lang=ru")

    assert states(html) == [("Legacy", "paused"), ("Archive", "paused")]
    assert 'id="overall">Monitoring paused<' in html
    assert 'id="overall">Мониторинг приостановлен<' in russian


async def test_a_project_that_went_down_and_up_has_a_past_incident(
    api: Client, translator
) -> None:
    project = await make_project(name="Payments")
    await make_page("shop", [project])
    await beat(api, project)
    await went_silent(project, translator)
    assert states(await page(api, "shop")) == [("Payments", "down")]

    await beat(api, project)

    html = await page(api, "shop")
    assert states(html) == [("Payments", "up")]
    assert 'id="overall">All systems operational<' in html
    assert "No ongoing incidents" in html
    resolved = html.split('id="resolved-incidents"')[1].split("</ul>")[0]
    assert "Payments: no signal" in resolved
    bars = bar_classes(html)
    assert bars[:-1] == ["b-none"] * (DAYS - 1)  # the project is new today
    assert bars[-1] in ("b-partial", "b-major")


async def test_days_checks_and_incidents_are_read_from_the_history(db: str) -> None:
    project = await make_project(name="Payments", health=Health.UP)
    await _transitions(
        project,
        (NOW - timedelta(days=120), Health.NEW, Health.UP),
        (datetime(2026, 3, 7, 12, tzinfo=UTC), Health.UP, Health.DOWN),
        (datetime(2026, 3, 7, 18, tzinfo=UTC), Health.DOWN, Health.UP),
    )
    monitor = await writer.check_added(project.id, MonitorKind.HTTP, NOW - timedelta(days=2))
    check = await Check.create(monitor=monitor, project=project, url=SECRET_URL, last_ms=87)
    counts = latency.counted([150, 150, 150, 250])  # middles 140 (100-180) and 250 (180-320)
    buckets = dict(zip(latency.COLUMNS, counts, strict=True))
    await CheckHour.create(check=check, hour=NOW.replace(minute=0), probes=4, **buckets)
    await CheckHour.create(check=check, hour=NOW - timedelta(days=2), probes=1, b15=1)  # old
    await make_page("shop", [project])

    view = await page_view("shop", NOW)

    assert view is not None
    (shown,) = view.projects
    assert [bar.day.isoformat() for bar in shown.days[:1] + shown.days[-1:]] == [
        "2025-12-11",
        "2026-03-10",
    ]
    uptimes = {bar.day.isoformat(): bar.uptime for bar in shown.days}
    assert uptimes["2026-03-07"] == 0.75  # down 6 h of 24
    assert uptimes["2026-03-06"] == uptimes["2026-03-10"] == 1.0
    assert shown.errors_24h is None and all(bar.errors is None for bar in shown.days)
    (check_view,) = shown.checks
    assert (check_view.name, check_view.last_ms) == ("api.example.com", 87)
    assert check_view.average_ms == (3 * 140 + 250) / 4
    assert check_view.state == PublicState.NEW
    (incident,) = view.resolved
    assert (incident.start, incident.end, incident.check) == (
        datetime(2026, 3, 7, 12, tzinfo=UTC),
        datetime(2026, 3, 7, 18, tzinfo=UTC),
        None,
    )
    assert incident.duration(NOW) == timedelta(hours=6)


async def test_nothing_private_is_on_the_page(api: Client) -> None:
    project = await make_project(name="Payments")
    await make_subscription(project, await make_subscriber(full_name="Private Ops Chat"))
    monitor = await writer.check_added(project.id, MonitorKind.HTTP, datetime.now(UTC))
    await Check.create(monitor=monitor, project=project, url=SECRET_URL, last_ms=42)
    await Check.create(
        monitor=await writer.check_added(project.id, MonitorKind.TCP, datetime.now(UTC)),
        project=project,
        url="not a url",
    )
    await beat(api, project)
    sent = {"project_token": project.token, "error": SECRET_ERROR}
    assert (await api.post("/api/v1/log", json=sent)).status == 201
    page_row = await make_page("shop", [project])

    hidden = await page(api, "shop")
    await page_row.filter(id=page_row.id).update(show_error_counts=True)
    counted = await page(api, "shop")

    for html in (hidden, counted):
        assert "api.example.com" in html and "Check 2" in html
        assert "last response 42 ms" in html
        for secret in (
            project.token,
            "hunter2",
            "deploy",
            "SECRETKEY123",
            "/internal/health",
            "SECRET-ERROR-MESSAGE",
            "SecretTypeError",
            "SECRET_TRACE",
            "db-7.internal",
            "Private Ops Chat",
            "://",  # no address at all: nothing to load, no check URL
        ):
            assert secret not in html, secret
    assert "Errors in the last 24 h" not in hidden and "errors:" not in hidden
    assert "Errors in the last 24 h: 1" in counted
    assert bar_classes(counted)[-1] == "b-up"
    assert re.search(r'title="\d{4}-\d\d-\d\d: 100\.00%, errors: 1"', counted)


async def test_the_language_comes_from_the_link_then_the_browser(api: Client) -> None:
    project = await make_project(name="Payments")
    await beat(api, project)
    await make_page("shop", [project])

    english = await page(api, "shop")
    russian = await page(api, "shop", **{"Accept-Language": "de;q=1, ru;q=0.8, en;q=0.5"})
    chosen = await page(api, "shop?lang=en", **{"Accept-Language": "ru"})

    assert '<html lang="en">' in english and "Operational" in english
    assert 'href="?lang=ru"' in english and ">Русский<" in english
    assert '<html lang="ru">' in russian and "Работает" in russian
    assert "Все системы работают" in russian and "Доступность за 90 дней: 100.00%" in russian
    assert 'href="?lang=en"' in russian and ">English<" in russian
    assert '<html lang="en">' in chosen


async def test_answers_are_cacheable_and_promise_to_load_nothing(api: Client) -> None:
    await make_page("shop", [await make_project(name="Payments")])

    answer = await api.get("/status/shop")
    head = await api.head("/status/shop")
    missing = await api.get("/status/nope")

    assert answer.headers["Cache-Control"] == "public, max-age=30"
    assert "default-src 'none'" in answer.headers["Content-Security-Policy"]
    assert "script-src" not in answer.headers["Content-Security-Policy"]
    assert (head.status, await head.read()) == (200, b"")
    assert missing.headers["Cache-Control"] == "public, max-age=30"
    html = await answer.text()
    assert '<meta http-equiv="refresh" content="60">' in html
    assert '<meta name="viewport"' in html
    assert "<script" not in html


async def test_a_page_title_is_escaped(api: Client) -> None:
    project = await make_project(name="<b>Shop</b>")
    await make_page("shop", [project], title='<script>alert("x")</script>')
    html = await page(api, "shop")
    assert "<script" not in html and "<b>Shop" not in html
    assert "&lt;script&gt;" in html and "&lt;b&gt;Shop&lt;/b&gt;" in html


async def _transitions(
    project: Project, *changes: tuple[datetime, Health, Health]
) -> list[HealthTransition]:
    return [
        await HealthTransition.create(project=project, old=old, new=new, reason="test", at=at)
        for at, old, new in changes
    ]


async def test_other_paths_under_status_get_the_apis_json_answers(api: Client) -> None:
    await make_page("shop", [await make_project(name="Payments")])
    for method, path, status in (
        ("GET", "/status/", 404),
        ("GET", "/status/shop/more", 404),
        ("POST", "/status/shop", 405),
    ):
        answer = await api.request(method, path)
        assert (answer.status, answer.content_type) == (status, "application/json"), path
        assert (await answer.json())["ok"] is False


async def test_the_network_allow_list_does_not_hide_a_status_page(
    db: str, translator, aiohttp_client
) -> None:
    settings = Settings(_env_file=None, database_url=db, api_allowed_networks="198.51.100.0/24")
    ingestor = Ingestor(Notifier(translator, "en"), OutboxSignal())
    api = await aiohttp_client(create_api_app(settings, ingestor))
    project = await make_project(name="Payments")
    await make_page("shop", [project])

    refused = await api.post("/api/v1/heartbeat", json={"project_token": project.token})
    shown = await api.get("/status/shop")

    assert refused.status == 403
    assert shown.status == 200 and "Payments" in await shown.text()
    assert 'door="status_page",status_class="2xx"' in await (await api.get("/metrics")).text()


async def test_a_page_of_many_projects_costs_the_queries_of_one(db: str, caplog) -> None:
    async def queries_for(slug: str, size: int) -> int:
        projects = []
        for n in range(size):
            project = await make_project(name=f"{slug}-{n}", health=Health.UP)
            await _transitions(project, (NOW - timedelta(days=100 - n), Health.NEW, Health.UP))
            monitor = await writer.check_added(project.id, MonitorKind.HTTP, NOW)
            await Check.create(monitor=monitor, project=project, url=f"https://{n}.example")
            projects.append(project)
        await make_page(slug, projects, show_error_counts=True)
        caplog.clear()
        with caplog.at_level(logging.DEBUG, logger="tortoise.db_client"):
            view = await page_view(slug, NOW)
        assert view is not None and len(view.projects) == size
        return len([r for r in caplog.records if r.name == "tortoise.db_client"])

    one = await queries_for("one", 1)
    assert 0 < one <= 14
    assert await queries_for("six", 6) == one


async def test_a_checks_outages_are_incidents_named_by_its_host(db: str) -> None:
    project = await make_project(name="Payments", health=Health.UP)
    await _transitions(project, (NOW - timedelta(days=100), Health.NEW, Health.UP))
    flaky = await writer.check_added(project.id, MonitorKind.HTTP, NOW - timedelta(days=5))
    failing = await writer.check_added(project.id, MonitorKind.TCP, NOW - timedelta(days=5))
    await Check.create(monitor=flaky, project=project, url=SECRET_URL)
    await Check.create(monitor=failing, project=project, url="tcp://db.example.net:5432")
    for monitor_id, at, old, new in (
        (flaky.id, NOW - timedelta(days=5), "new", "up"),
        (flaky.id, NOW - timedelta(days=1, hours=2), "up", "down"),
        (flaky.id, NOW - timedelta(days=1), "down", "up"),
        (failing.id, NOW - timedelta(days=5), "new", "up"),
        (failing.id, NOW - timedelta(minutes=30), "up", "down"),
    ):
        await HealthTransition.create(
            project=project,
            kind="http",
            monitor_id=monitor_id,
            old=old,
            new=new,
            reason="test",
            at=at,
        )
    since = NOW - timedelta(minutes=31)
    await Monitor.filter(id=failing.id).update(state="down", since=since)
    await Monitor.filter(id=flaky.id).update(state="up")
    await make_page("shop", [project])

    view = await page_view("shop", NOW)

    assert view is not None and view.overall == PublicState.DOWN
    assert [c.state for c in view.projects[0].checks] == [PublicState.UP, PublicState.DOWN]
    (on,) = view.open_incidents
    assert (on.check and on.check.name, on.start, on.end) == ("db.example.net", since, None)
    (over,) = view.resolved
    assert over.check is not None and over.check.name == "api.example.com"
    assert over.duration(NOW) == timedelta(hours=2)
