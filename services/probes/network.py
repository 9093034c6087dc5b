"""Where a check may connect: CHECK_ALLOWED_NETWORKS and CHECK_DENIED_NETWORKS, applied to the
addresses a name resolves to (so a name pointing at a metadata service is caught as surely as
its address) and to address literals, which never reach a resolver.

A maintainer sets a check's URL; without this, a check could read the cloud metadata service's
credentials from the server that runs it, or walk the host's network through redirects."""

import socket
from collections.abc import Iterable
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address, ip_network

from aiohttp import DefaultResolver
from aiohttp.abc import AbstractResolver, ResolveResult

from services.core.settings import DEFAULT_CHECK_DENIED_NETWORKS, Settings

Address = IPv4Address | IPv6Address
Network = IPv4Network | IPv6Network


class DeniedAddress(OSError):
    """A check would connect to `address`, which the network policy refuses. An OSError since
    that is what a resolver may raise: aiohttp reports it as a failed lookup caused by this."""

    def __init__(self, address: str) -> None:
        super().__init__(f"{address} is refused by CHECK_ALLOWED_NETWORKS/CHECK_DENIED_NETWORKS")
        self.address = address


@dataclass(frozen=True)
class NetworkPolicy:
    """An address is permitted when it is in one of `allowed` (empty: any) and in none of
    `denied`; denied wins. An IPv4-mapped IPv6 address (::ffff:169.254.169.254) is judged as
    itself and as its IPv4 address, since connecting to it reaches the IPv4 one. The unspecified
    addresses (0.0.0.0, ::) are always refused: connecting to them reaches this machine."""

    allowed: tuple[Network, ...] = ()
    denied: tuple[Network, ...] = tuple(ip_network(cidr) for cidr in DEFAULT_CHECK_DENIED_NETWORKS)

    @classmethod
    def from_settings(cls, settings: Settings) -> "NetworkPolicy":
        return cls(
            allowed=tuple(settings.check_allowed_networks),
            denied=tuple(settings.check_denied_networks),
        )

    def permits(self, address: str | Address) -> bool:
        """Whether a check may connect to `address`; text that is no address is refused."""
        forms = _forms(address)
        if not forms or any(form.is_unspecified for form in forms):
            return False
        if _inside(forms, self.denied):
            return False
        return not self.allowed or _inside(forms, self.allowed)

    def vet_host(self, host: str) -> None:
        """Raises DeniedAddress when `host` is an address literal the policy refuses, or looks
        like one without being one: such hosts skip the resolver, so this is where they are
        checked. Names pass: PolicyResolver checks what they resolve to."""
        if is_address_literal(host) and not self.permits(host):
            raise DeniedAddress(host)


class PolicyResolver(AbstractResolver):
    """Resolves through `inner` (aiohttp's default resolver when None) and drops the addresses
    the policy refuses, so a connection is only ever tried to a permitted one. When every
    address is refused it raises DeniedAddress naming the first. Create it in a running loop."""

    def __init__(self, policy: NetworkPolicy, inner: AbstractResolver | None = None) -> None:
        self._policy = policy
        self._inner = inner if inner is not None else DefaultResolver()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        found = await self._inner.resolve(host, port, family)
        permitted = [result for result in found if self._policy.permits(result["host"])]
        if found and not permitted:
            raise DeniedAddress(found[0]["host"])
        return permitted

    async def close(self) -> None:
        await self._inner.close()


def is_address_literal(host: str) -> bool:
    """Whether `host` is (or looks like) an address rather than a name: a colon, or only digits
    and dots. aiohttp connects to such hosts without asking its resolver, and getaddrinfo
    reads legacy spellings (2130706433, 127.1) as addresses, so they count here too."""
    return ":" in host or host.rstrip(".").replace(".", "").isdigit()


def _forms(address: str | Address) -> list[Address]:
    try:
        parsed = ip_address(address)
    except ValueError:
        return []
    mapped = parsed.ipv4_mapped if isinstance(parsed, IPv6Address) else None
    return [parsed, mapped] if mapped else [parsed]


def _inside(forms: Iterable[Address], networks: Iterable[Network]) -> bool:
    return any(form in network for network in networks for form in forms)
