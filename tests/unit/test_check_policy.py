"""Where active checks may connect (CHECK_ALLOWED_NETWORKS, CHECK_DENIED_NETWORKS), table-driven,
and how the settings read them."""

from ipaddress import ip_network

import pytest
from pydantic import ValidationError

from services.core.settings import Settings
from services.probes.network import DeniedAddress, NetworkPolicy

DEFAULT = NetworkPolicy()
INTRANET_ONLY = NetworkPolicy(allowed=(ip_network("10.0.0.0/8"), ip_network("fd00::/8")))
NO_LOOPBACK = NetworkPolicy(denied=(ip_network("127.0.0.0/8"),))


@pytest.mark.parametrize(
    ("policy", "address", "permitted"),
    [
        (DEFAULT, "203.0.113.7", True),
        (DEFAULT, "10.1.2.3", True),  # an intranet is fine to monitor
        (DEFAULT, "127.0.0.1", True),
        (DEFAULT, "2001:db8::1", True),
        (DEFAULT, "169.254.169.254", False),  # AWS, GCP, Azure, Oracle metadata
        (DEFAULT, "169.254.0.1", False),
        (DEFAULT, "169.253.255.255", True),
        (DEFAULT, "169.255.0.0", True),
        (DEFAULT, "100.100.100.200", False),  # Alibaba Cloud metadata
        (DEFAULT, "100.100.100.201", True),
        (DEFAULT, "fd00:ec2::254", False),  # AWS metadata over IPv6
        (DEFAULT, "fd00:ec2::253", True),
        (DEFAULT, "fe80::1", False),
        (DEFAULT, "fe80::1%eth0", False),
        (DEFAULT, "::ffff:169.254.169.254", False),  # IPv4-mapped: reaches the IPv4 address
        (DEFAULT, "::ffff:203.0.113.7", True),
        (DEFAULT, "0.0.0.0", False),  # reaches this machine
        (DEFAULT, "::", False),
        (DEFAULT, "not an address", False),
        (INTRANET_ONLY, "10.20.30.40", True),
        (INTRANET_ONLY, "::ffff:10.20.30.40", True),
        (INTRANET_ONLY, "fd12::1", True),
        (INTRANET_ONLY, "203.0.113.7", False),
        (INTRANET_ONLY, "127.0.0.1", False),
        (NO_LOOPBACK, "127.0.0.1", False),
        (NO_LOOPBACK, "127.255.0.9", False),
        (NO_LOOPBACK, "::ffff:127.0.0.1", False),
        (NO_LOOPBACK, "169.254.169.254", True),  # the list replaces the defaults
        (
            NetworkPolicy(
                allowed=(ip_network("10.0.0.0/8"),), denied=(ip_network("10.9.0.0/16"),)
            ),
            "10.9.0.1",
            False,
        ),
    ],
)
def test_an_address_is_permitted_inside_the_allowed_and_outside_the_denied_networks(
    policy: NetworkPolicy, address: str, permitted: bool
) -> None:
    assert policy.permits(address) is permitted


@pytest.mark.parametrize(
    ("host", "refused"),
    [
        ("169.254.169.254", True),
        ("::ffff:a9fe:a9fe", True),
        ("2130706433", True),  # 127.0.0.1 in a spelling getaddrinfo takes: not vetted, refused
        ("127.1", True),
        ("203.0.113.7", False),
        ("metadata.google.internal", False),  # a name: its addresses are vetted on lookup
        ("1password.com", False),
    ],
)
def test_a_host_is_vetted_when_it_is_an_address_and_passed_on_when_a_name(
    host: str, refused: bool
) -> None:
    if refused:
        with pytest.raises(DeniedAddress):
            DEFAULT.vet_host(host)
    else:
        DEFAULT.vet_host(host)


def test_the_policy_comes_from_the_settings() -> None:
    settings = Settings(
        _env_file=None,
        check_allowed_networks="10.0.0.0/8, 2001:db8::/32",
        check_denied_networks="10.9.0.0/16",
    )
    policy = NetworkPolicy.from_settings(settings)
    assert policy == NetworkPolicy(
        allowed=(ip_network("10.0.0.0/8"), ip_network("2001:db8::/32")),
        denied=(ip_network("10.9.0.0/16"),),
    )


def test_the_default_settings_deny_what_the_default_policy_denies() -> None:
    assert NetworkPolicy.from_settings(Settings(_env_file=None)) == NetworkPolicy()


@pytest.mark.parametrize(
    ("value", "complaint"),
    [
        ("10.0.0.1/8", "'10.0.0.1/8' is not a network in CIDR form"),
        ("10.0.0.0/8,nonsense", "'nonsense' is not a network in CIDR form"),
        ("169.254.0.0/33", "'169.254.0.0/33' is not a network in CIDR form"),
    ],
)
def test_a_network_that_does_not_read_as_cidr_is_named_in_the_error(
    value: str, complaint: str
) -> None:
    with pytest.raises(ValidationError, match=complaint):
        Settings(_env_file=None, check_denied_networks=value)
