"""The client's address behind proxies, and the allow-list decision, table-driven."""

from ipaddress import ip_address, ip_network

import pytest

from api.network import client_address, is_allowed

PROXY = [ip_network("10.0.0.0/8")]


@pytest.mark.parametrize(
    ("peer", "forwarded_for", "trusted", "client"),
    [
        ("203.0.113.5", [], [], "203.0.113.5"),
        # An untrusted peer's header is ignored: anyone can write it.
        ("203.0.113.5", ["198.51.100.1"], [], "203.0.113.5"),
        ("203.0.113.5", ["198.51.100.1"], PROXY, "203.0.113.5"),
        ("10.0.0.2", ["198.51.100.1"], PROXY, "198.51.100.1"),
        ("10.0.0.2", [], PROXY, "10.0.0.2"),
        # Read from the right: the client may have forged everything left of its own address.
        ("10.0.0.2", ["192.0.2.9, 198.51.100.1"], PROXY, "198.51.100.1"),
        ("10.0.0.2", ["198.51.100.1, 10.0.0.3"], PROXY, "198.51.100.1"),
        ("10.0.0.2", ["198.51.100.1", "10.0.0.3"], PROXY, "198.51.100.1"),
        ("10.0.0.2", ["10.0.0.4, 10.0.0.3"], PROXY, "10.0.0.4"),
        ("::ffff:203.0.113.5", [], [], "203.0.113.5"),
        ("2001:db8::1", [], [], "2001:db8::1"),
        ("10.0.0.2", ["not-an-address"], PROXY, None),
        (None, [], [], None),
    ],
)
def test_the_client_address_is_the_peer_or_what_a_trusted_proxy_saw(
    peer: str | None, forwarded_for: list[str], trusted: list, client: str | None
) -> None:
    expected = ip_address(client) if client else None
    assert client_address(peer, forwarded_for, trusted) == expected


@pytest.mark.parametrize(
    ("address", "networks", "allowed"),
    [
        ("203.0.113.5", [], True),
        (None, [], True),
        ("203.0.113.5", ["203.0.113.0/24"], True),
        ("203.0.113.5", ["198.51.100.0/24"], False),
        ("203.0.113.5", ["198.51.100.0/24", "203.0.113.5/32"], True),
        ("2001:db8::1", ["2001:db8::/32"], True),
        ("2001:db8::1", ["0.0.0.0/0"], False),
        (None, ["0.0.0.0/0"], False),
    ],
)
def test_only_addresses_inside_a_listed_network_are_allowed(
    address: str | None, networks: list[str], allowed: bool
) -> None:
    parsed = ip_address(address) if address else None
    assert is_allowed(parsed, [ip_network(net) for net in networks]) is allowed
