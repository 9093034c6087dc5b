"""The one settings object, read from the environment and `.env`."""

import re
from ipaddress import ip_network
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import Field, IPvAnyNetwork, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from services.core.ratelimit import DEFAULT_IN_FLIGHT_PER_PROJECT, DEFAULT_IN_FLIGHT_TOTAL

BOT_TOKEN_PATTERN = re.compile(r"^\d{1,20}:[A-Za-z0-9_-]{10,}$")
DEFAULT_DATABASE_URL = "sqlite://data/error_monitor.sqlite3"
# Values under keys made of any of these as whole word parts are filtered from error reports
# (services/formats/scrub.py says how keys are read).
DEFAULT_SCRUB_KEYS = (
    "password",
    "passwd",
    "pwd",
    "secret",
    "token",
    "api_key",
    "apikey",
    "authorization",
    "cookie",
    "session",
    "jsessionid",  # Java's and PHP's session cookies, one word each
    "phpsessid",
    "csrf",
    "xsrf",
    "card",
    "cvv",
    "private_key",
    "credential",
)


# Where a check (services/probes) may never connect, whoever sets its URL: link-local addresses,
# among them the cloud metadata services that hand out credentials (AWS, GCP, Azure, Oracle,
# DigitalOcean at 169.254.169.254; AWS's IPv6 one), and Alibaba Cloud's, which is not
# link-local. IPv4-mapped IPv6 forms (::ffff:169.254.169.254) are checked as their IPv4 address.
DEFAULT_CHECK_DENIED_NETWORKS = (
    "169.254.0.0/16",
    "fe80::/10",
    "fd00:ec2::254/128",
    "100.100.100.200/32",
)


class MissingSetting(ValueError):
    """A setting this command needs is not set."""

    def __init__(self, name: str) -> None:
        super().__init__(f"{name} is not set")
        self.name = name


class Settings(BaseSettings):
    # Empty values (BOT_TOKEN= in a copied .env.example) mean "not set", not "set to empty".
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", env_ignore_empty=True)

    bot_token: SecretStr | None = Field(
        default=None,
        description="The bot's token from @BotFather, like `123456789:AAH...`. Required for "
        "`run`; the other commands work without it.",
    )
    database_url: str = Field(
        default=DEFAULT_DATABASE_URL,
        description="Tortoise database URL: the SQLite file, or "
        "`postgres://user:password@host:5432/error_monitor` in production. SQLite runs in WAL "
        "mode with a durable commit per batch, its WAL kept at about 4 MB "
        "(`journal_size_limit` 64 MiB); SQLite pragmas may be added as query parameters, "
        "e.g. `?busy_timeout=5000`.",
    )
    redis_url: str | None = Field(
        default=None,
        description="Redis for the bot's dialog state, so it survives restarts and is shared "
        "by several instances. Empty: the state is kept in memory.",
    )
    api_host: str = Field(default="0.0.0.0", description="Address the HTTP server listens on.")
    api_port: int = Field(
        default=8000, ge=1, le=65535, description="Port of the HTTP server (API and webhook)."
    )
    public_url: str = Field(
        default="http://localhost:8000",
        description="How projects reach this server: the base of the URLs and DSNs shown in "
        "snippets and in the OpenAPI description.",
    )
    webhook_url: str | None = Field(
        default=None,
        description="Public HTTPS URL Telegram calls in webhook mode; the app registers it at "
        "start and serves its path on its own port. Empty: long polling.",
    )
    webhook_secret: SecretStr | None = Field(
        default=None,
        description="Secret Telegram sends back with every webhook request; required with "
        "`WEBHOOK_URL` (the app refuses to start without it). Wrong or missing: 401.",
    )
    telegram_api_url: str | None = Field(
        default=None,
        description="Another Bot API server: a self-hosted `telegram-bot-api`, or the test "
        "double. Empty: Telegram's.",
    )
    admin_ids: Annotated[list[int], NoDecode] = Field(
        default_factory=list,
        description="Comma-separated Telegram user ids of admins (more with `add-admin`). A "
        "change takes effect at the next start.",
    )
    default_locale: Literal["ru", "en"] = Field(
        default="ru",
        description="Language (`ru` or `en`) for chats whose Telegram language is neither, and "
        "for the command line's output.",
    )
    max_body_bytes: int = Field(
        default=1024 * 1024,
        ge=1024,
        description="Largest request body accepted, as sent and once inflated; bigger gets 413.",
    )
    rate_limit_per_minute: int = Field(
        default=6000,
        ge=1,
        description="Events one project may send each minute, counted per process; beyond "
        "it every door answers 429 with `Retry-After`.",
    )
    in_flight_per_project: int = Field(
        default=DEFAULT_IN_FLIGHT_PER_PROJECT,
        ge=1,
        description="Spike protection: requests of one project waiting for the database at "
        "once; more get 429 with `Retry-After: 1` before any database work.",
    )
    in_flight_total: int = Field(
        default=DEFAULT_IN_FLIGHT_TOTAL,
        ge=1,
        description="Requests of all projects waiting for the database at once (tokens not "
        "seen to work yet: half of it); more get 503 with `Retry-After: 1`.",
    )
    # A slow or stalled sender would otherwise hold a connection and a request for as long as
    # it likes: aiohttp's server has no read timeout.
    request_body_timeout: float = Field(
        default=60.0,
        gt=0,
        description="Seconds a client may take to send a request's body; a slower one gets 408 "
        "and its connection is closed.",
    )
    # Off for PostgreSQL: its connections run in parallel, and a shared transaction would hold
    # several projects' row locks.
    group_commit: Literal["auto", "on", "off"] = Field(
        default="auto",
        description="`on`: concurrent requests' writes share one transaction, one durable "
        "commit per burst, each request answered after it and rolled back alone if it fails; "
        "`auto`: on for SQLite, off for PostgreSQL. Heartbeats and error reports are batched "
        "either way.",
    )
    log_level: str = Field(
        default="INFO", description="Logging level: `DEBUG`, `INFO`, `WARNING`, `ERROR`."
    )
    log_format: Literal["text", "json"] = Field(
        default="text",
        description="`text`, or `json`: one object a line (`time`, `level`, `logger`, "
        "`message`, `request_id`, `exception`, `stack`), redacted as text lines are.",
    )
    event_loop: Literal["auto", "uvloop", "asyncio"] = Field(
        default="auto",
        description="`auto`: uvloop where it is installed (everywhere but Windows), else "
        "asyncio's own loop; `uvloop` or `asyncio` to insist.",
    )
    scrub_enabled: bool = Field(
        default=True,
        description="Scrub secrets and card numbers out of error reports, ping logs and "
        "heartbeat metadata before they are stored (docs/operations.md, Security).",
    )
    scrub_keys: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: list(DEFAULT_SCRUB_KEYS),
        description="Comma-separated words: a value under a key made of one of them as whole "
        "word parts (case-insensitive) is filtered. Setting it replaces the whole list.",
    )
    api_allowed_networks: Annotated[list[IPvAnyNetwork], NoDecode] = Field(
        default_factory=list,
        description="Comma-separated CIDRs (`10.0.0.0/8,2001:db8::/32`) that may use the "
        "ingestion doors; others get 403. Empty: every network.",
    )
    trusted_proxies: Annotated[list[IPvAnyNetwork], NoDecode] = Field(
        default_factory=list,
        description="CIDRs of reverse proxies whose `X-Forwarded-For` is believed (read from "
        "the right); from anyone else the header is ignored.",
    )

    # Who may scrape /metrics (issue 30): a bearer token, a network allow-list, or both.
    metrics_token: SecretStr | None = Field(
        default=None,
        description="A secret every scrape of `/metrics` must send as `Authorization: Bearer "
        "<token>` (compared in constant time, never logged); a missing or wrong one gets 401. "
        "Printable ASCII without spaces. Empty: `/metrics` asks for no token.",
    )
    metrics_allowed_networks: Annotated[list[IPvAnyNetwork], NoDecode] = Field(
        default_factory=list,
        description="Comma-separated CIDRs that may scrape `/metrics`; others get 403 (behind "
        "a reverse proxy, list it in `TRUSTED_PROXIES`). Empty: every network.",
    )

    check_allowed_networks: Annotated[list[IPvAnyNetwork], NoDecode] = Field(
        default_factory=list,
        description="Comma-separated CIDRs that active checks (HTTP, TCP) may connect to, "
        "checked on the addresses a name resolves to, on every redirect and every connection. "
        "Empty: every address but the denied ones (an intranet is fine to monitor).",
    )
    check_denied_networks: Annotated[list[IPvAnyNetwork], NoDecode] = Field(
        default_factory=lambda: [ip_network(cidr) for cidr in DEFAULT_CHECK_DENIED_NETWORKS],
        description="Comma-separated CIDRs that active checks never connect to, even when "
        "allowed: by default link-local and cloud metadata addresses, so a check's URL cannot "
        "read the host's cloud credentials. IPv4-mapped IPv6 addresses count as their IPv4 "
        "address; `0.0.0.0` and `::` are always refused. Setting it replaces the whole list "
        "(add `127.0.0.0/8,::1/128` to keep checks off this machine).",
    )
    check_certificate_warn_days: Annotated[list[int], NoDecode] = Field(
        default_factory=lambda: [14, 7, 1],
        description="Comma-separated days before an https:// check's certificate expires on "
        "which its chats are told (once each, for each certificate).",
    )
    check_concurrency: int = Field(
        default=200,
        ge=1,
        le=5000,
        description="Active checks probed at once by this instance: a slow or hanging target "
        "holds one place until its timeout, and due checks wait for a free one.",
    )

    @field_validator("bot_token")
    @classmethod
    def _token_looks_like_telegram(cls, token: SecretStr | None) -> SecretStr | None:
        if token is not None and not BOT_TOKEN_PATTERN.match(token.get_secret_value()):
            raise ValueError("must look like 123456789:AAH... (digits, a colon, then the secret)")
        return token

    @field_validator(
        "admin_ids", "scrub_keys", "api_allowed_networks", "trusted_proxies", mode="before"
    )
    @classmethod
    def _split_comma_list(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("check_certificate_warn_days", mode="before")
    @classmethod
    def _day_list(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("check_certificate_warn_days")
    @classmethod
    def _days_ahead(cls, days: list[int]) -> list[int]:
        if any(not 0 <= day <= 365 for day in days):
            raise ValueError("each day must be between 0 and 365")
        return sorted(set(days), reverse=True)

    @field_validator(
        "check_allowed_networks",
        "check_denied_networks",
        "metrics_allowed_networks",
        mode="before",
    )
    @classmethod
    def _cidr_list(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        return [_network(part.strip()) for part in value.split(",") if part.strip()]

    @field_validator("metrics_token")
    @classmethod
    def _token_fits_a_header(cls, token: SecretStr | None) -> SecretStr | None:
        # It travels in an HTTP header, where other characters do not arrive as sent.
        if token is not None and not re.fullmatch(r"[!-~]+", token.get_secret_value()):
            raise ValueError("must be printable ASCII without spaces")
        return token

    @field_validator("public_url", "webhook_url", "telegram_api_url")
    @classmethod
    def _strip_trailing_slash(cls, url: str | None) -> str | None:
        return url.rstrip("/") if url else url

    @model_validator(mode="after")
    def _webhook_needs_a_secret(self) -> "Settings":
        # Without it anyone could post forged updates to the public webhook path.
        if self.webhook_url and not self.webhook_secret:
            raise ValueError("WEBHOOK_SECRET must be set when WEBHOOK_URL is")
        return self

    @property
    def uses_group_commit(self) -> bool:
        if self.group_commit == "auto":
            return self.database_url.startswith("sqlite")
        return self.group_commit == "on"

    @property
    def webhook_mode(self) -> bool:
        return bool(self.webhook_url)

    def secret_values(self) -> list[str]:
        """The secrets set here (the bot token, the webhook secret, the metrics token, the
        databases' passwords, and the webhook's path, which may be a secret of its own: the
        access log writes every request's path), for the log to take out wherever they appear
        (services/core/logs.py)."""
        tokens = (self.bot_token, self.webhook_secret, self.metrics_token)
        values = [s.get_secret_value() for s in tokens if s]
        for url in (self.database_url, self.redis_url):
            password = urlsplit(url).password if url else None
            values += [password] if password else []
        webhook_path = urlsplit(self.webhook_url).path if self.webhook_url else ""
        return values + ([webhook_path] if webhook_path.strip("/") else [])

    def require_bot_token(self) -> str:
        if self.bot_token is None:
            raise MissingSetting("BOT_TOKEN")
        return self.bot_token.get_secret_value()


def _network(cidr: str) -> IPvAnyNetwork:
    try:
        return ip_network(cidr)
    except ValueError as error:
        # ip_network's own words name the problem ("has host bits set"); say what is expected.
        raise ValueError(
            f"{cidr!r} is not a network in CIDR form like 10.0.0.0/8 or fd00::/8 ({error})"
        ) from None
