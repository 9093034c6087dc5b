"""Real servers for probes to check: an HTTP site whose answer each test switches, HTTPS sites
with certificates trustme makes (or a self-signed one), and Probers that trust the test CA."""

import asyncio
import socket
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

import pytest
import trustme
from aiohttp import web
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from services.probes.network import NetworkPolicy
from services.probes.prober import Prober

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class ServerCertificate(Protocol):
    def configure_cert(self, context: ssl.SSLContext) -> None: ...


class Site:
    """A local server. `answer` handles every path but these: `/redirect/<n>` redirects n times
    before answering "arrived", `/to?url=…` redirects once to that URL (with `status`, 302 by
    default), `/echo` answers with the request's method and Authorization header. Handlers that
    hang wait for `release`, which the fixture sets before the server stops."""

    def __init__(self, host: str) -> None:
        self.host = host
        self.scheme = "http"
        self.port = 0
        self.answer: Handler = lambda request: ok("hello")
        self.release = asyncio.Event()

    def url(self, path: str = "/", *, host: str | None = None) -> str:
        return f"{self.scheme}://{host or self.host}:{self.port}{path}"

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get(r"/redirect/{hops:\d+}", self._redirect)
        app.router.add_route("*", "/to", self._to)
        app.router.add_route("*", "/echo", self._echo)
        app.router.add_route("*", "/{tail:.*}", self._answer)
        return app

    async def hang(self, request: web.Request) -> web.StreamResponse:
        await self.release.wait()
        return web.Response(text="too late")

    async def hang_mid_body(self, request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/plain"})
        response.content_length = 1000
        await response.prepare(request)
        await response.write(b"the first part of the page")
        await self.release.wait()
        return response

    async def _answer(self, request: web.Request) -> web.StreamResponse:
        return await self.answer(request)

    async def _redirect(self, request: web.Request) -> web.StreamResponse:
        hops = int(request.match_info["hops"])
        if hops == 0:
            return web.Response(text="arrived")
        raise web.HTTPFound(f"/redirect/{hops - 1}")

    async def _to(self, request: web.Request) -> web.StreamResponse:
        status = int(request.query.get("status", "302"))
        return web.Response(status=status, headers={"Location": request.query["url"]})

    async def _echo(self, request: web.Request) -> web.StreamResponse:
        authorization = request.headers.get("Authorization", "none")
        return web.Response(text=f"method={request.method} authorization={authorization}")


async def ok(text: str | None = None, **kwargs: Any) -> web.StreamResponse:
    return web.Response(text=text, **kwargs)


class SelfSigned:
    """A certificate signed by its own key, for `localhost`, as trustme makes none."""

    def __init__(self, directory: Path, not_after: datetime) -> None:
        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
        now = datetime.now(UTC)
        certificate = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(min(now, not_after) - timedelta(days=30))
            .not_valid_after(not_after)
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), False)
            .sign(key, hashes.SHA256())
        )
        self.not_after = certificate.not_valid_after_utc
        self.cert_file = directory / "self-signed.pem"
        self.key_file = directory / "self-signed.key"
        self.cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
        self.key_file.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )

    def configure_cert(self, context: ssl.SSLContext) -> None:
        context.load_cert_chain(self.cert_file, self.key_file)


async def start_site(
    host: str = "127.0.0.1", certificate: ServerCertificate | None = None
) -> tuple[Site, web.AppRunner]:
    """A site listening on a free port of `host`; HTTPS with a certificate."""
    site = Site(host)
    runner = web.AppRunner(site.app(), shutdown_timeout=0.1)
    await runner.setup()
    context = None
    if certificate is not None:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        certificate.configure_cert(context)
        site.scheme = "https"
    await web.TCPSite(runner, host, 0, ssl_context=context).start()
    site.port = runner.addresses[0][1]
    return site, runner


async def stop_site(site: Site, runner: web.AppRunner) -> None:
    site.release.set()
    await runner.cleanup()


@pytest.fixture
async def serve() -> AsyncIterator[Callable[..., Awaitable[Site]]]:
    """Starts sites for the test: `await serve(host="127.0.0.1", certificate=None)`."""
    started: list[tuple[Site, web.AppRunner]] = []

    async def start(host: str = "127.0.0.1", certificate: ServerCertificate | None = None) -> Site:
        started.append(await start_site(host, certificate))
        return started[-1][0]

    yield start
    for site, runner in started:
        await stop_site(site, runner)


@pytest.fixture
async def site(serve: Callable[..., Awaitable[Site]]) -> Site:
    return await serve()


@pytest.fixture(scope="session")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def ca_file(ca: trustme.CA, tmp_path: Path) -> str:
    path = tmp_path / "test-ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return str(path)


@pytest.fixture
async def make_prober(ca_file: str) -> AsyncIterator[Callable[..., Prober]]:
    """Probers that trust the test CA, closed after the test; the default network policy
    unless one is given."""
    probers: list[Prober] = []

    def make(policy: NetworkPolicy | None = None, **kwargs: Any) -> Prober:
        kwargs.setdefault("ca_file", ca_file)
        probers.append(Prober(policy or NetworkPolicy(), **kwargs))
        return probers[-1]

    yield make
    for prober in probers:
        await prober.close()


@pytest.fixture
async def prober(make_prober: Callable[..., Prober]) -> Prober:
    return make_prober()


@pytest.fixture
def closed_port() -> int:
    """A port nothing listens on: bound, then let go."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
