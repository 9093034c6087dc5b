"""Allowed origins as people type them, and which pages they let in."""

import pytest

from services.accounts.origins import allows, parse_origins
from services.core.errors import InvalidInput


def test_a_list_is_normalised() -> None:
    typed = " https://Shop.Example/ ,https://*.shop.example\nhttp://localhost:8080,https://shop.example:443"
    assert parse_origins(typed) == (
        "https://shop.example,https://*.shop.example,http://localhost:8080"
    )


@pytest.mark.parametrize("typed", ["", "  ", "-", "any", "*", None])
def test_nothing_means_any_origin(typed: str | None) -> None:
    assert parse_origins(typed) is None
    assert allows(parse_origins(typed), "https://anything.example")


@pytest.mark.parametrize(
    "typed",
    [
        "shop.example",
        "ftp://shop.example",
        "https://shop.example/path",
        "https://user:pw@shop.example",
        "https://shop.*.example",
        "https://*",
        "https://shop.example?x=1",
    ],
)
def test_what_is_not_an_origin_is_refused_by_name(typed: str) -> None:
    with pytest.raises(InvalidInput, match="is not an origin"):
        parse_origins(f"https://ok.example, {typed}")


def test_a_wildcard_is_any_subdomain_not_the_domain_itself() -> None:
    listed = parse_origins("https://*.shop.example")
    assert allows(listed, "https://eu.shop.example")
    assert not allows(listed, "https://shop.example")
    assert not allows(listed, "https://evilshop.example")


def test_ipv6_and_ports_as_browsers_write_them() -> None:
    listed = parse_origins("http://[::1]:8080")
    assert listed == "http://[::1]:8080"
    assert allows(listed, "http://[::1]:8080")
    assert not allows(listed, "http://[::1]:8081")


def test_a_name_in_another_script_is_kept_as_browsers_send_it() -> None:
    listed = parse_origins("https://шоп.example, https://*.магазин.example")
    assert listed == "https://xn--n1acz.example,https://*.xn--80aairftm.example"
    assert allows(listed, "https://xn--n1acz.example")
    assert allows(listed, "https://eu.xn--80aairftm.example")


@pytest.mark.parametrize(
    "typed", ["https://*.com", "https://shop.example:0", "https://" + "a" * 254 + ".example"]
)
def test_too_wide_or_impossible_origins_are_refused(typed: str) -> None:
    with pytest.raises(InvalidInput):
        parse_origins(typed)
