"""Every way a check fails has words in both languages, filled from the outcome's detail."""

import pytest
from aiogram_i18n.cores import FluentRuntimeCore

from services.probes.outcome import Failure

# A detail each failure can carry, as the prober fills it.
DETAILS: dict[Failure, dict[str, str]] = {
    Failure.HTTP_STATUS: {"status": "503"},
    Failure.TIMEOUT: {"seconds": "10"},
    Failure.REFUSED: {},
    Failure.DNS: {},
    Failure.CONNECTION: {"detail": "Connection reset by peer"},
    Failure.KEYWORD_MISSING: {"keyword": "Welcome"},
    Failure.KEYWORD_FOUND: {"keyword": "Error"},
    Failure.JSON_MISMATCH: {
        "field": "data.status",
        "expected": "ok",
        "found": "degraded",
        "problem": "different",
    },
    Failure.TOO_MANY_REDIRECTS: {"limit": "5"},
    Failure.DENIED_ADDRESS: {"address": "169.254.169.254"},
    Failure.CERTIFICATE_EXPIRED: {"expired_on": "2027-01-03"},
    Failure.CERTIFICATE_SELF_SIGNED: {},
    Failure.CERTIFICATE_HOSTNAME: {"host": "shop.example"},
    Failure.CERTIFICATE_INVALID: {"detail": "unable to get local issuer certificate"},
}


def test_every_failure_has_an_example_detail() -> None:
    assert set(DETAILS) == set(Failure)


@pytest.mark.parametrize("locale", ["en", "ru"])
@pytest.mark.parametrize("failure", list(Failure))
def test_every_failure_reads_as_words_with_its_detail_filled_in(
    translator: FluentRuntimeCore, locale: str, failure: Failure
) -> None:
    text = translator.get(f"check-failure-{failure.value}", locale, **DETAILS[failure])
    assert text and f"check-failure-{failure.value}" not in text
    for value in DETAILS[failure].values():
        if failure is not Failure.JSON_MISMATCH or value != "different":
            assert value in text


@pytest.mark.parametrize(
    ("failure", "detail", "text"),
    [
        (Failure.HTTP_STATUS, {"status": "503"}, "HTTP 503"),
        (Failure.TIMEOUT, {"seconds": "10"}, "timeout after 10 s"),
        (Failure.TIMEOUT, {"seconds": "2.5"}, "timeout after 2.5 s"),
        (Failure.REFUSED, {}, "connection refused"),
        (Failure.DNS, {}, "DNS: name not found"),
        (Failure.KEYWORD_MISSING, {"keyword": "Welcome"}, 'keyword "Welcome" missing'),
        (Failure.CONNECTION, {"detail": "disconnected"}, "the server closed the connection"),
        (
            Failure.CONNECTION,
            {"detail": "No route to host"},
            "connection failed: No route to host",
        ),
        (
            Failure.JSON_MISMATCH,
            {"field": "status", "expected": "ok", "found": "", "problem": "missing"},
            "JSON field status missing",
        ),
    ],
)
def test_failures_read_as_the_issue_words_them(
    translator: FluentRuntimeCore, failure: Failure, detail: dict[str, str], text: str
) -> None:
    assert text in _plain(translator.get(f"check-failure-{failure.value}", "en", **detail))


@pytest.mark.parametrize(
    ("locale", "days", "text"),
    [
        ("en", 6, "certificate expires in 6 days (2027-01-03)"),
        ("en", 1, "certificate expires in 1 day (2027-01-03)"),
        ("en", 0, "certificate expires today (2027-01-03)"),
        ("ru", 1, "сертификат истекает через 1 день (2027-01-03)"),
        ("ru", 3, "сертификат истекает через 3 дня (2027-01-03)"),
        ("ru", 6, "сертификат истекает через 6 дней (2027-01-03)"),
        ("ru", 21, "сертификат истекает через 21 день (2027-01-03)"),
    ],
)
def test_a_coming_certificate_expiry_counts_its_days(
    translator: FluentRuntimeCore, locale: str, days: int, text: str
) -> None:
    said = translator.get("check-certificate-expires", locale, days=days, date="2027-01-03")
    assert _plain(said) == text


def _plain(text: str) -> str:
    """Without Fluent's bidi isolation marks around placeables, if the core adds them."""
    return text.replace("\u2068", "").replace("\u2069", "")
