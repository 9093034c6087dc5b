"""What a probe is asked to check and what it found."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

DEFAULT_TIMEOUT_SECONDS = 10.0
DEFAULT_EXPECTED_STATUS = (200, 399)
MAX_REDIRECTS = 5
BODY_LIMIT_BYTES = 1024 * 1024  # what a keyword or JSON check reads at most


class Failure(StrEnum):
    """Why a probe failed. Each has a text in locales/*/checks.ftl, `check-failure-<value>`,
    whose arguments are the outcome's `detail`."""

    HTTP_STATUS = "http_status"  # status: the code answered
    TIMEOUT = "timeout"  # seconds
    REFUSED = "refused"  # connection refused
    DNS = "dns"  # the name is not found (or the lookup failed)
    # reset, unreachable, closed early…; detail: a code the locales word (disconnected,
    # incomplete_body, bad_http, bad_url, bad_redirect, tls_handshake) or the system's words
    CONNECTION = "connection"
    KEYWORD_MISSING = "keyword_missing"  # keyword
    KEYWORD_FOUND = "keyword_found"  # keyword (that must not appear)
    JSON_MISMATCH = (
        "json_mismatch"  # field, expected, found; problem: different, missing, not_json
    )
    TOO_MANY_REDIRECTS = "too_many_redirects"  # limit
    DENIED_ADDRESS = "denied_address"  # address: refused by CHECK_ALLOWED/DENIED_NETWORKS
    CERTIFICATE_EXPIRED = "certificate_expired"  # expired_on
    CERTIFICATE_SELF_SIGNED = "certificate_self_signed"
    CERTIFICATE_HOSTNAME = "certificate_hostname"  # host: the name it does not cover
    CERTIFICATE_INVALID = "certificate_invalid"  # detail: the verifier's words


@dataclass(frozen=True)
class Probe:
    """One check to run: `url` is http(s)://… or tcp://host:port."""

    url: str
    method: str = "GET"
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes | None = None
    timeout: float = DEFAULT_TIMEOUT_SECONDS
    expected_status: tuple[int, int] = DEFAULT_EXPECTED_STATUS  # inclusive range
    keyword: str | None = None
    keyword_absent: bool = False  # the keyword must NOT appear
    json_field: str | None = None  # a dotted path into the JSON body: "data.status"
    json_value: str | None = None  # what it must equal (compared as text)
    allow_self_signed: bool = False


@dataclass(frozen=True)
class Certificate:
    """The server's certificate, as seen on an https:// probe."""

    expires_at: datetime  # aware, UTC


@dataclass(frozen=True)
class Outcome:
    """What a probe found. `failure` None: it answered as expected."""

    failure: Failure | None
    detail: Mapping[str, str] = field(default_factory=dict)
    status: int | None = None  # the HTTP status of the last response, if any
    elapsed_ms: int = 0  # from the first connect to the end of what was read
    certificate: Certificate | None = None

    @property
    def ok(self) -> bool:
        return self.failure is None
