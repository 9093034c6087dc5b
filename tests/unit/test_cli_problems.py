"""How the CLI words a refusal: in DEFAULT_LOCALE when the error has a translated reason."""

import pytest

from cli.commands import _app_problem, _refusal_translator
from services.core.errors import AppError, InvalidInput, RateLimited


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("ru", "Название не может быть пустым."), ("en", "The name cannot be empty.")],
)
def test_a_coded_error_is_worded_in_the_operators_language(locale: str, expected: str) -> None:
    assert (
        _app_problem(
            InvalidInput("name must not be empty", "name-empty"),
            _refusal_translator(locale),
            locale,
        )
        == expected
    )


def test_an_error_without_a_translated_reason_keeps_its_own_text() -> None:
    tr = _refusal_translator("ru")
    assert _app_problem(AppError("EVENT_LOOP=uvloop, but uvloop is not installed"), tr, "ru") == (
        "EVENT_LOOP=uvloop, but uvloop is not installed"
    )
    # An API-only code has no text for people: the message stands, nothing is raised.
    assert _app_problem(RateLimited("rate limit of 10/min exceeded", 6), tr, "ru") == (
        "rate limit of 10/min exceeded"
    )
