"""Runs probes: one HTTP(S) request (redirects followed by hand) or one TCP connect each, judged
against what the probe expects, every failure an Outcome that says why.

Choices that are not obvious:
- No keep-alive (`force_close`): an answer on a pooled connection proves nothing about whether
  the server still accepts new ones, and idle connections to thousands of hosts would hold file
  descriptors. Each probe pays its own connect and TLS handshake, as a new visitor does.
- Redirects are followed here, not by aiohttp, so each hop's host is vetted by the network policy
  (address literals never reach the resolver), a secret header does not follow to another
  origin, and the limit is ours (MAX_REDIRECTS).
- The peer certificate is read from the TLS session the connection used (`_WatchedContext`):
  aiohttp hands a connection back as soon as a small body has arrived, often before the caller
  sees the response, so `response.connection` is not there to ask.
- A probe's timeout covers everything (the wait for a lookup, connect, TLS, headers, body, a
  second handshake to date an expired certificate). Probes wait for a slot (`max_in_flight`)
  before their clock starts, so a crowd of slow targets cannot eat another probe's time.
- The shared session keeps no cookies and reads no proxy settings from the environment: checks
  of different projects share nothing, and every connection goes where the policy saw it go."""

import asyncio
import codecs
import socket
import ssl
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime

import aiohttp
import orjson
from aiohttp.abc import AbstractResolver
from cryptography import x509
from multidict import CIMultiDict
from yarl import URL

from services.probes.network import (
    DeniedAddress,
    NetworkPolicy,
    PolicyResolver,
    is_address_literal,
)
from services.probes.outcome import (
    BODY_LIMIT_BYTES,
    MAX_REDIRECTS,
    Certificate,
    Failure,
    Outcome,
    Probe,
)

USER_AGENT = "error-monitor-check/0.1"
DEFAULT_MAX_IN_FLIGHT = 500
HTTP_SCHEMES = frozenset({"http", "https"})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# Headers that carry a secret of the check's own site: not sent on to another origin.
ORIGIN_SECRETS = ("Authorization", "Cookie", "Proxy-Authorization")
# OpenSSL's X509_V_ERR_* codes (x509_vfy.h) that have a failure of their own; other codes are
# CERTIFICATE_INVALID with the verifier's words.
VERIFY_FAILURES = {
    10: Failure.CERTIFICATE_EXPIRED,  # CERT_HAS_EXPIRED
    18: Failure.CERTIFICATE_SELF_SIGNED,  # DEPTH_ZERO_SELF_SIGNED_CERT
    19: Failure.CERTIFICATE_SELF_SIGNED,  # SELF_SIGNED_CERT_IN_CHAIN
    62: Failure.CERTIFICATE_HOSTNAME,  # HOSTNAME_MISMATCH
    64: Failure.CERTIFICATE_HOSTNAME,  # IP_ADDRESS_MISMATCH
}
# What a CONNECTION failure's detail says when aiohttp or TLS knows what went wrong: a code the
# locales word; otherwise the system's own words.
CONNECTION_CODES: tuple[tuple[type[BaseException], str], ...] = (
    (aiohttp.ServerDisconnectedError, "disconnected"),
    (aiohttp.ClientPayloadError, "incomplete_body"),
    (aiohttp.ClientResponseError, "bad_http"),
    (aiohttp.InvalidURL, "bad_url"),
    (ssl.SSLError, "tls_handshake"),
)
FOUND_SHOWN_CHARS = 200  # of a JSON value that differs, in the failure's detail

Verdict = tuple[Failure | None, dict[str, str]]
PASSED: Verdict = (None, {})
_MISSING = object()

_tls_sessions: ContextVar[list[ssl.SSLObject] | None] = ContextVar(
    "probe_tls_sessions", default=None
)


class _UnusableURL(Exception):
    """A URL a probe cannot follow; `code` is the CONNECTION detail (`bad_url`, `bad_redirect`)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass
class _Attempt:
    """What a probe learned on its way, kept when it fails later (a body that times out still
    had a status, a certificate)."""

    status: int | None = None
    certificate: Certificate | None = None


@dataclass(frozen=True)
class _Request:
    method: str
    url: URL
    headers: CIMultiDict[str]
    body: bytes | None

    def redirected(self, status: int, target: URL) -> "_Request":
        """The request a browser makes next: 303 (and 301/302 after POST) turn into a GET
        without a body; the site's secrets stay with its origin."""
        method, body, headers = self.method, self.body, self.headers.copy()
        if (status == 303 and method != "HEAD") or (status in (301, 302) and method == "POST"):
            method, body = "GET", None
            for name in ("Content-Type", "Content-Length"):
                headers.popall(name, None)
        if target.origin() != self.url.origin():
            for name in ORIGIN_SECRETS:
                headers.popall(name, None)
        return _Request(method, target, headers, body)


class _WatchedContext(ssl.SSLContext):
    """An SSL context that shows the running probe the TLS sessions it opens. asyncio and uvloop
    create a client connection's TLS object with `wrap_bio`, in the connecting task or in a
    callback that inherits its context, so the probe's list in `_tls_sessions` receives it."""

    def wrap_bio(
        self,
        incoming: ssl.MemoryBIO,
        outgoing: ssl.MemoryBIO,
        server_side: bool = False,
        server_hostname: str | bytes | None = None,
        session: ssl.SSLSession | None = None,
    ) -> ssl.SSLObject:
        tls = super().wrap_bio(incoming, outgoing, server_side, server_hostname, session)
        sessions = _tls_sessions.get()
        if sessions is not None:
            sessions.append(tls)
        return tls


class Prober:
    """Runs probes over one shared aiohttp session. Create it in the running loop; `close()` it
    at shutdown. `probe()` never raises for anything the target or the network does.

    `ca_file`: a PEM file of CAs to trust besides the system's (an intranet's own CA).
    `resolver`: the lookup under the network policy (aiohttp's default when None).
    `max_in_flight`: probes running at once; more wait, their clock not yet started. Each holds
    one socket at a time, so keep it well under the process's file limit."""

    def __init__(
        self,
        policy: NetworkPolicy,
        *,
        ca_file: str | None = None,
        resolver: AbstractResolver | None = None,
        max_in_flight: int = DEFAULT_MAX_IN_FLIGHT,
    ) -> None:
        self._policy = policy
        self._resolver = PolicyResolver(policy, resolver)
        self._verifying = _verifying_context(ca_file)
        self._lenient = _lenient_context()
        self._slots = asyncio.Semaphore(max_in_flight)
        self._session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(
                resolver=self._resolver, force_close=True, limit=0, limit_per_host=0
            ),
            cookie_jar=aiohttp.DummyCookieJar(),
            headers={"User-Agent": USER_AGENT},
            timeout=aiohttp.ClientTimeout(),  # the probe's own timeout covers it all
            trust_env=False,
        )

    async def probe(self, probe: Probe) -> Outcome:
        """Runs `probe` within its timeout. A success may still carry the certificate's expiry
        for the caller to watch; a failure carries the status and certificate seen so far."""
        async with self._slots:
            attempt = _Attempt()
            started = time.monotonic()
            failure, detail = await self._timed(probe, attempt)
            elapsed_ms = int((time.monotonic() - started) * 1000)
            return Outcome(failure, detail, attempt.status, elapsed_ms, attempt.certificate)

    async def close(self) -> None:
        await self._session.close()
        await self._resolver.close()

    async def _timed(self, probe: Probe, attempt: _Attempt) -> Verdict:
        deadline = asyncio.timeout(probe.timeout)
        try:
            async with deadline:
                return await self._run(probe, attempt)
        except (aiohttp.ClientError, OSError, _UnusableURL) as error:
            if deadline.expired():
                return Failure.TIMEOUT, {"seconds": f"{probe.timeout:g}"}
            return _failure_of(error)

    async def _run(self, probe: Probe, attempt: _Attempt) -> Verdict:
        url = _parsed(probe.url)
        if url.scheme == "tcp":
            return await self._connect(url)
        if url.scheme not in HTTP_SCHEMES or not url.raw_host:
            raise _UnusableURL("bad_url")
        headers = CIMultiDict(probe.headers)
        request = _Request(probe.method.upper(), url, headers, probe.body)
        return await self._follow(probe, request, attempt)

    async def _connect(self, url: URL) -> Verdict:
        """A TCP probe: some address of the host accepts a connection, which is closed at once."""
        if not url.raw_host or url.explicit_port is None:
            raise _UnusableURL("bad_url")
        error: OSError = OSError("no address")
        for address in await self._addresses(url.raw_host, url.explicit_port):
            try:
                transport, _ = await asyncio.get_running_loop().create_connection(
                    asyncio.Protocol, address, url.explicit_port
                )
            except OSError as refused:
                error = refused
                continue
            transport.close()
            return PASSED
        raise error

    async def _addresses(self, host: str, port: int) -> list[str]:
        if is_address_literal(host):
            self._policy.vet_host(host)
            return [host]
        found = await self._resolver.resolve(host, port, socket.AF_UNSPEC)
        return [result["host"] for result in found]

    async def _follow(self, probe: Probe, request: _Request, attempt: _Attempt) -> Verdict:
        """Sends the request and follows up to MAX_REDIRECTS redirects; the last answer is
        judged. `allow_self_signed` applies to the check's own host only."""
        home = request.url.host
        for hop in range(MAX_REDIRECTS + 1):
            self._policy.vet_host(request.url.raw_host or "")
            lenient = probe.allow_self_signed and request.url.host == home
            try:
                async with self._exchange(request, lenient) as (response, certificate):
                    attempt.status = response.status
                    if hop == 0:
                        attempt.certificate = certificate
                    if lenient and certificate and certificate.expires_at <= _now():
                        return _expired(certificate)
                    target = _redirect_target(response)
                    if target is None:
                        return await _judged(probe, response)
            except aiohttp.ClientConnectorCertificateError as error:
                verdict, seen = await self._refused_certificate(error.certificate_error, request)
                if hop == 0:
                    attempt.certificate = seen
                return verdict
            if hop == MAX_REDIRECTS:
                return Failure.TOO_MANY_REDIRECTS, {"limit": str(MAX_REDIRECTS)}
            request = request.redirected(response.status, target)
        raise AssertionError("unreachable: the last hop returns")

    @asynccontextmanager
    async def _exchange(
        self, request: _Request, lenient: bool
    ) -> AsyncIterator[tuple[aiohttp.ClientResponse, Certificate | None]]:
        """The response to one request (headers read), with the certificate its server showed
        (None over plain HTTP)."""
        with _watching_tls() as sessions:
            async with self._session.request(
                request.method,
                request.url,
                headers=request.headers,
                data=request.body,
                allow_redirects=False,
                ssl=self._lenient if lenient else self._verifying,
            ) as response:
                yield response, _peer_certificate(sessions)

    async def _refused_certificate(
        self, error: Exception, request: _Request
    ) -> tuple[Verdict, Certificate | None]:
        """Why the verifier refused the server's certificate, and the certificate when it had
        to be read (an expired one, for its date)."""
        code = getattr(error, "verify_code", None)
        failure = VERIFY_FAILURES.get(code or 0, Failure.CERTIFICATE_INVALID)
        if failure is Failure.CERTIFICATE_HOSTNAME:
            return (failure, {"host": request.url.host or ""}), None
        if failure is Failure.CERTIFICATE_SELF_SIGNED:
            return (failure, {}), None
        certificate = None
        if failure is Failure.CERTIFICATE_EXPIRED:
            # The verifier says "expired" but not when; the server's own certificate says it,
            # read over a handshake that does not verify. An expired intermediate leaves the
            # server's certificate valid: then it is the verifier's words.
            certificate = await self._certificate_anyway(request.url)
            if certificate and certificate.expires_at <= _now():
                return _expired(certificate), certificate
        words = getattr(error, "verify_message", None) or str(error)
        return (Failure.CERTIFICATE_INVALID, {"detail": words}), certificate

    async def _certificate_anyway(self, url: URL) -> Certificate | None:
        with _watching_tls() as sessions:
            # Only the handshake matters; what the server answers after it does not.
            with suppress(aiohttp.ClientError, OSError):
                async with self._session.head(url, allow_redirects=False, ssl=self._lenient):
                    pass
            return _peer_certificate(sessions)


async def _judged(probe: Probe, response: aiohttp.ClientResponse) -> Verdict:
    """The final answer against what the probe expects: status, then keyword, then JSON."""
    low, high = probe.expected_status
    if not low <= response.status <= high:
        return Failure.HTTP_STATUS, {"status": str(response.status)}
    inspects = bool(probe.keyword) or probe.json_field is not None
    body = await _read_capped(response.content, keep=inspects)
    if not inspects:
        return PASSED
    text = body.decode(_charset(response), errors="replace")
    return _keyword_verdict(probe, text) or _json_verdict(probe, text) or PASSED


async def _read_capped(content: aiohttp.StreamReader, *, keep: bool) -> bytes:
    """Reads the body to its end or to BODY_LIMIT_BYTES, whichever comes first, so a server that
    stalls mid-body is caught by the timeout; keeps the bytes only when asked."""
    chunks: list[bytes] = []
    read = 0
    while read < BODY_LIMIT_BYTES:
        chunk = await content.read(BODY_LIMIT_BYTES - read)
        if not chunk:
            break
        read += len(chunk)
        if keep:
            chunks.append(chunk)
    return b"".join(chunks)


def _keyword_verdict(probe: Probe, text: str) -> Verdict | None:
    if not probe.keyword:
        return None
    present = probe.keyword in text
    if probe.keyword_absent and present:
        return Failure.KEYWORD_FOUND, {"keyword": probe.keyword}
    if not probe.keyword_absent and not present:
        return Failure.KEYWORD_MISSING, {"keyword": probe.keyword}
    return None


def _json_verdict(probe: Probe, text: str) -> Verdict | None:
    """The field at the dotted path (list items by index: `data.items.0.status`) must exist and,
    when the probe names a value, equal it as text: strings without quotes, anything else in
    JSON's spelling (`true`, `null`, `1.5`)."""
    if probe.json_field is None:
        return None
    detail = {"field": probe.json_field, "expected": probe.json_value or "", "found": ""}
    try:
        document = orjson.loads(text)
    except orjson.JSONDecodeError:
        return Failure.JSON_MISMATCH, detail | {"problem": "not_json"}
    found = _at_path(document, probe.json_field)
    if found is _MISSING:
        return Failure.JSON_MISMATCH, detail | {"problem": "missing"}
    found_text = _as_text(found)
    if probe.json_value is not None and found_text != probe.json_value:
        shown = found_text[:FOUND_SHOWN_CHARS]
        return Failure.JSON_MISMATCH, detail | {"problem": "different", "found": shown}
    return None


def _at_path(document: object, path: str) -> object:
    node = document
    for part in path.split("."):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return _MISSING
    return node


def _as_text(value: object) -> str:
    return value if isinstance(value, str) else orjson.dumps(value).decode()


def _charset(response: aiohttp.ClientResponse) -> str:
    try:
        return codecs.lookup(response.charset or "utf-8").name
    except LookupError:
        return "utf-8"


def _redirect_target(response: aiohttp.ClientResponse) -> URL | None:
    """Where a redirect points, or None for an answer to judge (a 3xx without a Location is one:
    there is nowhere to go)."""
    location = response.headers.get("Location")
    if response.status not in REDIRECT_STATUSES or not location:
        return None
    try:
        target = response.url.join(URL(location))
    except ValueError:
        raise _UnusableURL("bad_redirect") from None
    if target.scheme not in HTTP_SCHEMES or not target.raw_host:
        raise _UnusableURL("bad_redirect")
    return target


def _parsed(url: str) -> URL:
    try:
        return URL(url)
    except ValueError:
        raise _UnusableURL("bad_url") from None


@contextmanager
def _watching_tls() -> Iterator[list[ssl.SSLObject]]:
    sessions: list[ssl.SSLObject] = []
    token = _tls_sessions.set(sessions)
    try:
        yield sessions
    finally:
        _tls_sessions.reset(token)


def _peer_certificate(sessions: list[ssl.SSLObject]) -> Certificate | None:
    """The certificate of the last session whose handshake finished (several were opened when
    the first addresses of a name failed)."""
    for tls in reversed(sessions):
        # ValueError: a handshake that did not finish, or DER that cryptography finds malformed.
        with suppress(ValueError):
            der = tls.getpeercert(binary_form=True)
            if der:
                return Certificate(x509.load_der_x509_certificate(der).not_valid_after_utc)
    return None


def _verifying_context(ca_file: str | None) -> _WatchedContext:
    context = _WatchedContext(ssl.PROTOCOL_TLS_CLIENT)  # verifies the chain and the host name
    context.load_default_certs()
    if ca_file:
        context.load_verify_locations(cafile=ca_file)
    return context


def _lenient_context() -> _WatchedContext:
    context = _WatchedContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def _expired(certificate: Certificate) -> Verdict:
    return Failure.CERTIFICATE_EXPIRED, {"expired_on": certificate.expires_at.date().isoformat()}


def _now() -> datetime:
    return datetime.now(UTC)


def _failure_of(error: BaseException) -> Verdict:
    """Why a probe could not get an answer, from the error and the errors behind it."""
    causes = _causes(error)
    for cause in causes:
        if isinstance(cause, DeniedAddress):
            return Failure.DENIED_ADDRESS, {"address": cause.address}
    if any(isinstance(c, aiohttp.ClientConnectorDNSError | socket.gaierror) for c in causes):
        return Failure.DNS, {}
    if any(isinstance(cause, ConnectionRefusedError) for cause in causes):
        return Failure.REFUSED, {}
    return Failure.CONNECTION, {"detail": _what_happened(error, causes)}


def _what_happened(error: BaseException, causes: list[BaseException]) -> str:
    """A CONNECTION failure's detail: a code the locales word (`disconnected`, `bad_http`…), or
    the system's own words for what the network did."""
    if isinstance(error, _UnusableURL):
        return error.code
    for kind, code in CONNECTION_CODES:
        if any(isinstance(cause, kind) for cause in causes):
            return code
    for cause in causes:
        if isinstance(cause, OSError) and cause.strerror:
            return cause.strerror
    return str(error) or type(error).__name__


def _causes(error: BaseException) -> list[BaseException]:
    found: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and len(found) < 10 and current not in found:
        found.append(current)
        current = current.__cause__ or current.__context__
    return found
