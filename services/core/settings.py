"""The one settings object, read from the environment and `.env`."""

import re
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


class MissingSetting(ValueError):
    """A setting this command needs is not set."""

    def __init__(self, name: str) -> None:
        super().__init__(f"{name} is not set")
        self.name = name


class Settings(BaseSettings):
    # Empty values (BOT_TOKEN= in a copied .env.example) mean "not set", not "set to empty".
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", env_ignore_empty=True)

    bot_token: SecretStr | None = None
    database_url: str = DEFAULT_DATABASE_URL
    redis_url: str | None = None
    api_host: str = "0.0.0.0"
    api_port: int = Field(default=8000, ge=1, le=65535)
    public_url: str = "http://localhost:8000"
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    telegram_api_url: str | None = None
    admin_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    default_locale: Literal["ru", "en"] = "ru"
    max_body_bytes: int = Field(default=1024 * 1024, ge=1024)
    rate_limit_per_minute: int = Field(default=6000, ge=1)
    # Spike protection: one project's requests waiting for the database at once; more get 429.
    in_flight_per_project: int = Field(default=DEFAULT_IN_FLIGHT_PER_PROJECT, ge=1)
    # All projects' requests waiting for the database at once; more get 503.
    in_flight_total: int = Field(default=DEFAULT_IN_FLIGHT_TOTAL, ge=1)
    # Seconds a client may take to send a request's body: a slow or stalled sender is answered
    # 408 and cut off instead of holding a connection and a request for as long as it likes.
    request_body_timeout: float = Field(default=60.0, gt=0)
    # Concurrent requests' writes share one transaction. auto: on for SQLite (one durable
    # commit per burst instead of per request), off for PostgreSQL (parallel connections, and
    # no shared transaction holding several projects' row locks).
    group_commit: Literal["auto", "on", "off"] = "auto"
    log_level: str = "INFO"
    log_format: Literal["text", "json"] = "text"
    # auto: uvloop (libuv, the same program faster) where it is installed, else asyncio's own.
    event_loop: Literal["auto", "uvloop", "asyncio"] = "auto"
    scrub_enabled: bool = True
    scrub_keys: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: list(DEFAULT_SCRUB_KEYS)
    )
    # Empty: every network may send to the ingestion doors.
    api_allowed_networks: Annotated[list[IPvAnyNetwork], NoDecode] = Field(default_factory=list)
    # Proxies whose X-Forwarded-For is believed; without them the header is ignored.
    trusted_proxies: Annotated[list[IPvAnyNetwork], NoDecode] = Field(default_factory=list)

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
        """The secrets set here (the bot token, the webhook secret, the databases' passwords,
        and the webhook's path, which may be a secret of its own: the access log writes every
        request's path), for the log to take out wherever they appear (services/core/logs.py)."""
        values = [s.get_secret_value() for s in (self.bot_token, self.webhook_secret) if s]
        for url in (self.database_url, self.redis_url):
            password = urlsplit(url).password if url else None
            values += [password] if password else []
        webhook_path = urlsplit(self.webhook_url).path if self.webhook_url else ""
        return values + ([webhook_path] if webhook_path.strip("/") else [])

    def require_bot_token(self) -> str:
        if self.bot_token is None:
            raise MissingSetting("BOT_TOKEN")
        return self.bot_token.get_secret_value()
