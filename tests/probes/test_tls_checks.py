"""HTTPS checks against local servers with certificates the tests make: the certificate's
expiry is reported, and one a browser would refuse fails the check at once, saying why."""

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import trustme
from cryptography import x509

from services.probes.network import NetworkPolicy
from services.probes.outcome import Failure, Outcome, Probe
from services.probes.prober import Prober
from tests.probes.conftest import SelfSigned, ServerCertificate, Site, start_site, stop_site

Serve = Callable[..., Awaitable[Site]]


def not_after(certificate: trustme.LeafCert) -> datetime:
    pem = certificate.cert_chain_pems[0].bytes()
    return x509.load_pem_x509_certificate(pem).not_valid_after_utc


def days_from_now(days: float) -> datetime:
    return datetime.now(UTC).replace(microsecond=0) + timedelta(days=days)


async def https_site(serve: Serve, certificate: ServerCertificate) -> Site:
    site = await serve(certificate=certificate)
    site.host = "localhost"  # the name the certificates are made for
    return site


async def test_a_valid_certificate_passes_and_reports_its_expiry(
    prober: Prober, serve: Serve, ca: trustme.CA
) -> None:
    certificate = ca.issue_cert("localhost")
    site = await https_site(serve, certificate)
    outcome = await prober.probe(Probe(site.url()))
    assert (outcome.failure, outcome.status) == (None, 200)
    assert outcome.certificate is not None
    assert outcome.certificate.expires_at == not_after(certificate)


async def test_a_certificate_expiring_in_five_days_still_passes_with_its_date(
    prober: Prober, serve: Serve, ca: trustme.CA
) -> None:
    expires = days_from_now(5)
    site = await https_site(serve, ca.issue_cert("localhost", not_after=expires))
    outcome = await prober.probe(Probe(site.url()))
    assert outcome.ok
    assert outcome.certificate is not None and outcome.certificate.expires_at == expires


async def test_an_expired_certificate_fails_with_the_day_it_expired(
    prober: Prober, serve: Serve, ca: trustme.CA
) -> None:
    expired = days_from_now(-2)
    certificate = ca.issue_cert("localhost", not_before=days_from_now(-30), not_after=expired)
    site = await https_site(serve, certificate)
    outcome = await prober.probe(Probe(site.url()))
    assert (outcome.failure, outcome.detail) == (
        Failure.CERTIFICATE_EXPIRED,
        {"expired_on": expired.date().isoformat()},
    )
    assert outcome.certificate is not None and outcome.certificate.expires_at == expired


async def test_a_certificate_for_another_name_fails_naming_the_host(
    prober: Prober, serve: Serve, ca: trustme.CA
) -> None:
    site = await https_site(serve, ca.issue_cert("other.example"))
    outcome = await prober.probe(Probe(site.url()))
    assert (outcome.failure, outcome.detail) == (
        Failure.CERTIFICATE_HOSTNAME,
        {"host": "localhost"},
    )


async def test_a_self_signed_certificate_fails(
    prober: Prober, serve: Serve, tmp_path: Path
) -> None:
    site = await https_site(serve, SelfSigned(tmp_path, days_from_now(90)))
    outcome = await prober.probe(Probe(site.url()))
    assert (outcome.failure, outcome.detail) == (Failure.CERTIFICATE_SELF_SIGNED, {})


async def test_a_self_signed_certificate_passes_when_allowed_and_its_expiry_is_reported(
    prober: Prober, serve: Serve, tmp_path: Path
) -> None:
    certificate = SelfSigned(tmp_path, days_from_now(90))
    site = await https_site(serve, certificate)
    outcome = await prober.probe(Probe(site.url(), allow_self_signed=True, keyword="hello"))
    assert outcome.ok
    assert outcome.certificate is not None
    assert outcome.certificate.expires_at == certificate.not_after


async def test_an_allowed_self_signed_certificate_that_expired_still_fails(
    prober: Prober, serve: Serve, tmp_path: Path
) -> None:
    expired = days_from_now(-1)
    site = await https_site(serve, SelfSigned(tmp_path, expired))
    outcome = await prober.probe(Probe(site.url(), allow_self_signed=True))
    assert (outcome.failure, outcome.detail) == (
        Failure.CERTIFICATE_EXPIRED,
        {"expired_on": expired.date().isoformat()},
    )


async def test_a_certificate_from_an_unknown_authority_fails_in_the_verifiers_words(
    make_prober: Callable[..., Prober], serve: Serve, ca: trustme.CA
) -> None:
    prober = make_prober(ca_file=None)  # the system's authorities only
    site = await https_site(serve, ca.issue_cert("localhost"))
    outcome = await prober.probe(Probe(site.url()))
    assert outcome.failure is Failure.CERTIFICATE_INVALID
    assert outcome.detail == {"detail": "unable to get local issuer certificate"}


async def test_tls_to_a_server_that_speaks_plain_http_fails_as_a_handshake_problem(
    prober: Prober, site: Site
) -> None:
    outcome = await prober.probe(Probe(site.url().replace("http://", "https://")))
    assert (outcome.failure, outcome.detail) == (Failure.CONNECTION, {"detail": "tls_handshake"})


async def test_the_certificate_is_of_the_checks_own_site_not_where_it_redirects(
    prober: Prober, serve: Serve, ca: trustme.CA
) -> None:
    expires = days_from_now(20)
    own = await https_site(serve, ca.issue_cert("localhost", not_after=expires))
    other = await https_site(serve, ca.issue_cert("localhost", not_after=days_from_now(60)))
    outcome = await prober.probe(Probe(own.url(f"/to?url={other.url()}")))
    assert outcome.ok
    assert outcome.certificate is not None and outcome.certificate.expires_at == expires


def test_the_certificate_is_read_under_uvloop_too(ca: trustme.CA, ca_file: str) -> None:
    # uvloop opens TLS sessions in a callback of its own, not in the connecting task.
    uvloop = pytest.importorskip("uvloop")
    expires = days_from_now(7)
    certificate = ca.issue_cert("localhost", not_after=expires)

    async def probe_once() -> Outcome:
        site, runner = await start_site(certificate=certificate)
        site.host = "localhost"
        prober = Prober(NetworkPolicy(), ca_file=ca_file)
        try:
            return await prober.probe(Probe(site.url()))
        finally:
            await prober.close()
            await stop_site(site, runner)

    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        outcome = runner.run(probe_once())
    assert outcome.ok
    assert outcome.certificate is not None and outcome.certificate.expires_at == expires
