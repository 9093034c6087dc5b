"""The network policy on real probes: a check's URL never reaches a refused address, whether
it names it, spells it as an address, or is redirected there, and TCP checks alike."""

import socket
from collections.abc import Callable
from ipaddress import ip_network

import pytest
from aiohttp import DefaultResolver
from aiohttp.abc import AbstractResolver, ResolveResult

from services.probes.network import NetworkPolicy, PolicyResolver
from services.probes.outcome import Failure, Outcome, Probe
from services.probes.prober import Prober
from tests.probes.conftest import Site

METADATA = "169.254.169.254"
LOOPBACK_ONE = NetworkPolicy(denied=(ip_network("127.0.0.1/32"),))


class PlantedDNS(AbstractResolver):
    """A DNS that answers the names in `planted` with their addresses (as names planted in a
    real zone would) and asks the system for everything else."""

    def __init__(self, planted: dict[str, list[str]]) -> None:
        self._planted = planted
        self._system = DefaultResolver()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        if host not in self._planted:
            return await self._system.resolve(host, port, family)
        return [
            ResolveResult(hostname=host, host=address, port=port, family=family, proto=0, flags=0)
            for address in self._planted[host]
        ]

    async def close(self) -> None:
        await self._system.close()


def denied(address: str) -> tuple[Failure, dict[str, str]]:
    return Failure.DENIED_ADDRESS, {"address": address}


def told(outcome: Outcome) -> tuple[Failure | None, dict[str, str]]:
    return outcome.failure, dict(outcome.detail)


@pytest.mark.parametrize(
    ("url", "address"),
    [
        (f"http://{METADATA}/latest/meta-data/", METADATA),
        ("http://[::ffff:169.254.169.254]/", "::ffff:a9fe:a9fe"),
        ("http://[fe80::1]/", "fe80::1"),
        ("http://[fd00:ec2::254]/", "fd00:ec2::254"),
        ("http://0.0.0.0/", "0.0.0.0"),
        ("http://2130706433/", "2130706433"),  # 127.0.0.1 in a legacy spelling
        (f"tcp://{METADATA}:80", METADATA),
    ],
)
async def test_a_refused_address_in_the_url_is_never_connected_to(
    prober: Prober, url: str, address: str
) -> None:
    assert told(await prober.probe(Probe(url, timeout=2))) == denied(address)


async def test_a_name_that_resolves_to_the_metadata_service_is_refused(
    make_prober: Callable[..., Prober],
) -> None:
    prober = make_prober(resolver=PlantedDNS({"metadata.test": [METADATA]}))
    assert told(await prober.probe(Probe("http://metadata.test/"))) == denied(METADATA)
    assert told(await prober.probe(Probe("tcp://metadata.test:80"))) == denied(METADATA)


async def test_of_a_names_addresses_only_the_permitted_ones_are_given_to_connect_to() -> None:
    planted = PlantedDNS({"mixed.test": [METADATA, "203.0.113.7", "fe80::1", "2001:db8::7"]})
    resolver = PolicyResolver(NetworkPolicy(), planted)
    found = await resolver.resolve("mixed.test", 443, socket.AF_UNSPEC)
    assert [result["host"] for result in found] == ["203.0.113.7", "2001:db8::7"]
    await resolver.close()


async def test_a_name_that_resolves_to_a_denied_network_is_refused(
    make_prober: Callable[..., Prober], site: Site
) -> None:
    prober = make_prober(NetworkPolicy(denied=(ip_network("127.0.0.0/8"),)))
    outcome = await prober.probe(Probe(site.url(host="localhost")))
    assert told(outcome) == denied("127.0.0.1")


async def test_a_redirect_to_the_metadata_service_is_refused(prober: Prober, site: Site) -> None:
    url = site.url(f"/to?url=http://{METADATA}/latest/meta-data/")
    assert told(await prober.probe(Probe(url))) == denied(METADATA)


async def test_a_redirect_to_a_denied_name_or_address_is_refused(
    make_prober: Callable[..., Prober], serve
) -> None:
    prober = make_prober(LOOPBACK_ONE)
    allowed_site = await serve(host="127.0.0.2")
    inside = await serve(host="127.0.0.1")
    for target in (inside.url("/"), inside.url("/", host="localhost")):
        outcome = await prober.probe(Probe(allowed_site.url(f"/to?url={target}")))
        assert told(outcome) == denied("127.0.0.1")
    assert (await prober.probe(Probe(allowed_site.url()))).ok


async def test_only_allowed_networks_are_reached_when_some_are_listed(
    make_prober: Callable[..., Prober], site: Site
) -> None:
    prober = make_prober(NetworkPolicy(allowed=(ip_network("10.0.0.0/8"),)))
    assert told(await prober.probe(Probe(site.url()))) == denied("127.0.0.1")
    assert told(await prober.probe(Probe(f"tcp://127.0.0.1:{site.port}"))) == denied("127.0.0.1")


async def test_a_tcp_port_that_listens_passes(prober: Prober, site: Site) -> None:
    for host in ("127.0.0.1", "localhost"):
        outcome = await prober.probe(Probe(f"tcp://{host}:{site.port}"))
        assert (outcome.failure, outcome.status) == (None, None)


async def test_a_closed_tcp_port_fails_as_refused(prober: Prober, closed_port: int) -> None:
    assert told(await prober.probe(Probe(f"tcp://127.0.0.1:{closed_port}"))) == (
        Failure.REFUSED,
        {},
    )


async def test_a_tcp_name_that_does_not_exist_fails_as_dns(prober: Prober) -> None:
    assert told(await prober.probe(Probe("tcp://nothing.invalid:22", timeout=2))) == (
        Failure.DNS,
        {},
    )


async def test_a_tcp_url_without_a_port_cannot_be_checked(prober: Prober) -> None:
    assert told(await prober.probe(Probe("tcp://example.com"))) == (
        Failure.CONNECTION,
        {"detail": "bad_url"},
    )
