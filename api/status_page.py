"""The public status page: `GET|HEAD /status/<slug>[?lang=ru|en]`, server-rendered HTML.

services/public/page.py decides what the page shows (nothing private); this door picks the
language (`?lang=`, else Accept-Language, else English), renders the template
(api/templates/status_page.html: Jinja2 with autoescape, every word from
locales/*/status_page.ftl) and answers with a short public cache. The page has no script and
loads nothing from another host, which the Content-Security-Policy also tells the browser.

An unknown slug is a 404 page in the visitor's language, not the JSON error of the API
doors: people, not programs, open this door. A database outage still answers the
middleware's JSON 503 (api/middleware.py), as every door does."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from math import floor
from typing import Any

from aiogram_i18n.cores import FluentRuntimeCore
from aiohttp import web
from jinja2 import Environment, PackageLoader, Template, select_autoescape

from services.public.page import CheckView, DayBar, Incident, PageView, page_view
from services.text import render
from services.text.i18n import SUPPORTED_LOCALES, create_translator, translate

STATUS_PAGE_PATH = "/status/{slug}"
DEFAULT_LOCALE = "en"
# Short enough that a recovery shows within a minute or so, long enough that a crowd opening
# the page during an outage costs a few renders, not one per visitor (behind a cache).
CACHE_CONTROL = "public, max-age=30"
# The page's own promise, enforced by the browser: no script, nothing from another host.
SECURITY_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)
LONGEST_SLUG = 64  # models.StatusPage.slug
PARTIAL_BELOW = 0.95  # a day with more downtime than 5% is drawn as a major outage
TIME_FORMAT = "%Y-%m-%d %H:%M"


class StatusPages:
    """The template and the translations, loaded once for the app."""

    def __init__(self) -> None:
        self.translator: FluentRuntimeCore = create_translator(DEFAULT_LOCALE)
        environment = Environment(
            loader=PackageLoader("api", "templates"),
            autoescape=select_autoescape(["html"]),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.template: Template = environment.get_template("status_page.html")

    async def load(self, app: web.Application) -> None:
        await self.translator.startup()  # reads the Fluent files

    def render(self, locale: str, page: PageView | None) -> str:
        return self.template.render(_Words(self.translator, locale).context(page))


STATUS_PAGES = web.AppKey("status_pages", StatusPages)


def add_status_page_routes(app: web.Application) -> None:
    app[STATUS_PAGES] = StatusPages()
    app.on_startup.append(app[STATUS_PAGES].load)
    app.router.add_get(STATUS_PAGE_PATH, get_status_page)  # HEAD too


async def get_status_page(request: web.Request) -> web.Response:
    locale = page_locale(request.query.get("lang"), request.headers.get("Accept-Language", ""))
    slug = request.match_info["slug"]
    page = await page_view(slug, datetime.now(UTC)) if _may_exist(slug) else None
    html = request.app[STATUS_PAGES].render(locale, page)
    answer = web.Response(text=html, content_type="text/html", status=200 if page else 404)
    answer.headers.update(
        {
            "Cache-Control": CACHE_CONTROL,
            "Content-Language": locale,
            "Vary": "Accept-Language",
            "Content-Security-Policy": SECURITY_POLICY,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
        }
    )
    return answer


def _may_exist(slug: str) -> bool:
    """Slugs no page can have are not looked up (PostgreSQL refuses a NUL in a string)."""
    return len(slug) <= LONGEST_SLUG and slug.isprintable()


def page_locale(asked: str | None, accept_language: str) -> str:
    """`?lang=` when it is ru or en, else the first of those the browser prefers
    (Accept-Language, by its q-values), else English."""
    if asked in SUPPORTED_LOCALES:
        return asked
    preferred = sorted(_languages(accept_language), key=lambda pair: -pair[1])
    return next((tag for tag, _ in preferred if tag in SUPPORTED_LOCALES), DEFAULT_LOCALE)


def _languages(header: str) -> list[tuple[str, float]]:
    found = []
    for part in header.split(",")[:20]:
        tag, _, parameters = part.partition(";")
        quality = parameters.strip().removeprefix("q=")
        try:
            weight = float(quality) if parameters else 1.0
        except ValueError:
            weight = 0.0
        found.append((tag.strip()[:2].lower(), weight))
    return found


def percent(share: float) -> str:
    """Rounded down: a day with any downtime never reads 100%."""
    return f"{floor(share * 10_000) / 100:.2f}%"


def bar_class(uptime: float | None) -> str:
    if uptime is None:
        return "b-none"
    if uptime >= 1:
        return "b-up"
    return "b-partial" if uptime >= PARTIAL_BELOW else "b-major"


class _Words:
    """What the template calls to say things in one language."""

    def __init__(self, translator: FluentRuntimeCore, locale: str) -> None:
        self.translator = translator
        self.locale = locale

    def context(self, page: PageView | None) -> dict[str, Any]:
        title = page.title if page else self.t("status-page-not-found-title")
        helpers: dict[str, Callable[..., Any]] = {
            "t": self.t,
            "percent": percent,
            "bar_class": bar_class,
            "day_title": self.day_title,
            "check_label": self.check_label,
            "check_figures": self.check_figures,
            "incident_title": self.incident_title,
            "when": self.when,
            "duration": lambda incident: self.duration(incident, page),
        }
        return {"page": page, "title": title, **helpers}

    def t(self, key: str, **values: str | int | float) -> str:
        return translate(self.translator, key, self.locale, **values)

    def day_title(self, bar: DayBar) -> str:
        uptime = self.t("status-page-day-no-data") if bar.uptime is None else percent(bar.uptime)
        day = bar.day.isoformat()
        if bar.errors is None:
            return self.t("status-page-day", day=day, uptime=uptime)
        return self.t("status-page-day-errors", day=day, uptime=uptime, errors=bar.errors)

    def check_label(self, check: CheckView) -> str:
        return check.name or self.t("status-page-check-numbered", number=check.number)

    def check_figures(self, check: CheckView) -> list[str]:
        parts = []
        if check.last_ms is not None:
            parts.append(self.t("status-page-check-last", ms=check.last_ms))
        if check.average_ms is not None:
            parts.append(self.t("status-page-check-average", ms=round(check.average_ms)))
        if check.uptime is not None:
            parts.append(self.t("status-page-check-uptime", percent=percent(check.uptime)))
        return parts

    def incident_title(self, incident: Incident) -> str:
        if incident.check is None:
            return self.t("status-page-incident-silent", project=incident.project)
        check = self.check_label(incident.check)
        return self.t("status-page-incident-check", project=incident.project, check=check)

    def when(self, at: datetime) -> str:
        return at.astimezone(UTC).strftime(TIME_FORMAT)

    def duration(self, incident: Incident, page: PageView | None) -> str:
        now = page.now if page else datetime.now(UTC)
        length = max(incident.duration(now), timedelta(0))
        return render.humanize_duration(self.translator, self.locale, length)
