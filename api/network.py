"""Who may send to the ingestion API: the client's address, told apart from a proxy's, checked
against API_ALLOWED_NETWORKS. Pure functions; api/middleware.py applies them."""

from collections.abc import Sequence
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address

Address = IPv4Address | IPv6Address
Network = IPv4Network | IPv6Network


def client_address(
    peer: str | None, forwarded_for: Sequence[str], trusted_proxies: Sequence[Network]
) -> Address | None:
    """The direct peer's address; if the peer is a trusted proxy, the address it says it got the
    request from (X-Forwarded-For, read from the right: each trusted proxy appended the address
    it saw, anything left of the first untrusted one may be forged by the client). None when an
    address cannot be read."""
    address = _parse(peer)
    hops = [hop.strip() for header in forwarded_for for hop in header.split(",")]
    while address is not None and _within(address, trusted_proxies) and hops:
        address = _parse(hops.pop())
    return address


def is_allowed(address: Address | None, networks: Sequence[Network]) -> bool:
    """Everyone when no network is listed; otherwise only a readable address inside one."""
    if not networks:
        return True
    return address is not None and _within(address, networks)


def _within(address: Address, networks: Sequence[Network]) -> bool:
    return any(address.version == net.version and address in net for net in networks)


def _parse(text: str | None) -> Address | None:
    try:
        address = ip_address((text or "").strip())
    except ValueError:
        return None
    # An IPv4 client on a dual-stack socket arrives as ::ffff:a.b.c.d.
    if isinstance(address, IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address
