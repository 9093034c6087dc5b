"""Scrubbing secrets and personal data out of error reports, table-driven."""

import time
from typing import Any

import pytest

from services.core.settings import DEFAULT_SCRUB_KEYS, Settings
from services.formats.reports import ErrorDetails
from services.formats.scrub import (
    FILTERED,
    MAX_REMEMBERED_TEXT,
    Scrubber,
    passes_luhn,
    scrub_error,
    scrub_text,
)

SCRUBBER = Scrubber(DEFAULT_SCRUB_KEYS)
F = FILTERED


@pytest.mark.parametrize(
    ("context", "scrubbed"),
    [
        ({"password": "hunter2"}, {"password": F}),
        ({"PASSWORD": "hunter2", "user_id": 7}, {"PASSWORD": F, "user_id": 7}),
        ({"db_passwd": 1234}, {"db_passwd": F}),
        ({"client_secret": {"nested": "object"}}, {"client_secret": F}),
        ({"access_token": None}, {"access_token": F}),
        ({"X-Api-Key": "k"}, {"X-Api-Key": F}),
        ({"apiKey": "k"}, {"apiKey": F}),
        ({"Authorization": "Bearer abc"}, {"Authorization": F}),
        ({"sessionid": "s", "csrftoken": "c"}, {"sessionid": F, "csrftoken": F}),
        ({"credit_card": "x", "cvv": "123"}, {"credit_card": F, "cvv": F}),
        ({"action": "checkout", "count": 3}, {"action": "checkout", "count": 3}),
        # Sentry event context: extra, tags (an object or [name, value] pairs), contexts, user.
        ({"extra": {"deep": {"password": "p"}}}, {"extra": {"deep": {"password": F}}}),
        ({"tags": {"session": "s", "env": "prod"}}, {"tags": {"session": F, "env": "prod"}}),
        (
            {"tags": [["session", "s"], ["env", "prod"]]},
            {"tags": [["session", F], ["env", "prod"]]},
        ),
        (
            {"contexts": {"app": {"secret_key": "k", "name": "shop"}}},
            {"contexts": {"app": {"secret_key": F, "name": "shop"}}},
        ),
        ({"user": {"id": 1, "session": "s"}}, {"user": {"id": 1, "session": F}}),
        (
            {"request": {"headers": {"Cookie": "a=b", "Accept": "*/*"}, "cookies": "a=b"}},
            {"request": {"headers": {"Cookie": F, "Accept": "*/*"}, "cookies": F}},
        ),
        (
            {"request": {"headers": [["Authorization", "Basic eA=="], ["Host", "x"]]}},
            {"request": {"headers": [["Authorization", F], ["Host", "x"]]}},
        ),
        ({"list": [{"token": "t"}, "plain"]}, {"list": [{"token": F}, "plain"]}),
        ({"card_number_note": "see 4111 1111 1111 1111"}, {"card_number_note": F}),
        ({"note": "paid with 4111 1111 1111 1111"}, {"note": f"paid with {F}"}),
    ],
)
def test_values_under_sensitive_keys_are_filtered(
    context: dict[str, Any], scrubbed: dict[str, Any]
) -> None:
    assert SCRUBBER.value(context) == scrubbed


@pytest.mark.parametrize(
    ("text", "scrubbed"),
    [
        ("card 4111111111111111 declined", f"card {F} declined"),
        ("card 4111-1111-1111-1111 declined", f"card {F} declined"),
        ("amex 3782 822463 10005", f"amex {F}"),
        ("mastercard 5555555555554444.", f"mastercard {F}."),
        ("19 digits 6011000990139424000", "19 digits 6011000990139424000"),  # fails Luhn
        ("fails Luhn 4111111111111112", "fails Luhn 4111111111111112"),
        ("timestamp 1732690000000 ms", "timestamp 1732690000000 ms"),
        ("12 digits 411111111111", "12 digits 411111111111"),
        ("20 digits 41111111111111111111", "20 digits 41111111111111111111"),
        ("hex a4111111111111111b", "hex a4111111111111111b"),
        ("4111111111111111 at the very start", f"{F} at the very start"),
        ("inside a word x4111111111111111", "inside a word x4111111111111111"),
        ("after a digit run 94111 1111 1111 1111", "after a digit run 94111 1111 1111 1111"),
        ("X-Api-Key=abc", f"X-Api-Key={F}"),  # the word is only there once normalised
        ("order 12 4111 1111 1111 1111", f"order 12 {F}"),
        ("GET /pay?token=abc&page=2", f"GET /pay?token={F}&page=2"),
        ("sessionid=abc; theme=dark", f"sessionid={F}; theme=dark"),
        ("connect failed: password = hunter2", f"connect failed: password = {F}"),
        ("x=1 y=2", "x=1 y=2"),
        ("no secrets here", "no secrets here"),
        # The key before each `=` is found backwards from it, also when it is long, far from
        # its `=` or one of many.
        ("x" * 200 + "_password=hunter2", f"{'x' * 200}_password={F}"),
        ("token" + " " * 200 + "= abc", f"token{' ' * 200}= {F}"),
        ("a=1 " * 40 + "token=abc", "a=1 " * 40 + f"token={F}"),
        ("x=1 && password=hunter2 && y=2", f"x=1 && password={F} && y=2"),
        ("пароль=секрет", "пароль=секрет"),  # a word the list does not have
        ("карта 4111111111111111 отклонена", f"карта {F} отклонена"),  # not ASCII
    ],
)
def test_card_numbers_and_secret_assignments_are_masked_in_text(text: str, scrubbed: str) -> None:
    assert SCRUBBER.text(text) == scrubbed


@pytest.mark.parametrize(
    ("digits", "valid"),
    [("4111111111111111", True), ("4111111111111112", False), ("378282246310005", True)],
)
def test_luhn_checksum(digits: str, valid: bool) -> None:
    assert passes_luhn(digits) is valid


def test_a_report_is_scrubbed_in_message_stack_trace_and_context() -> None:
    details = ErrorDetails(
        type="PaymentError",
        message="card 4111111111111111 declined",
        stack_trace='File "pay.py", line 3\n    charge(card="5555555555554444", password=pw)',
        context={"password": "hunter2", "order": 5},
    )
    scrubbed = scrub_error(details, Settings(_env_file=None))
    assert scrubbed.message == f"card {F} declined"
    assert scrubbed.stack_trace == f'File "pay.py", line 3\n    charge(card="{F}", password={F})'
    assert scrubbed.context == {"password": F, "order": 5}
    assert details.context == {"password": "hunter2", "order": 5}  # the input is untouched


def test_scrubbing_can_be_turned_off() -> None:
    details = ErrorDetails(type="E", message="m", context={"password": "hunter2"})
    settings = Settings(_env_file=None, scrub_enabled=False)
    assert scrub_error(details, settings) == details
    assert scrub_text("token=abc", settings) == "token=abc"


def test_the_key_list_comes_from_a_comma_separated_setting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SCRUB_KEYS", "email, ip_address")
    settings = Settings(_env_file=None)
    assert settings.scrub_keys == ["email", "ip_address"]
    details = ErrorDetails(type="E", message="m", context={"email": "a@b.c", "password": "p"})
    assert scrub_error(details, settings).context == {"email": F, "password": "p"}


def test_a_hostile_long_word_is_scrubbed_in_linear_time() -> None:
    text = "a" * 262_144 + " token=x " + "9" * 100_000
    assert SCRUBBER.text(text).endswith(f"token={F} " + "9" * 100_000)


def test_long_keys_are_judged_but_not_remembered() -> None:
    # A hostile `word=` can be huge: only short keys' answers are kept.
    scrubber = Scrubber(["password"])
    long_secret = "x" * 100_000 + "password"
    assert scrubber.text(f"{long_secret}=hunter2") == f"{long_secret}=[Filtered]"
    assert scrubber.text("db_password=hunter2") == "db_password=[Filtered]"
    assert scrubber._remembered.cache_info().currsize == 1  # only the short one


def test_a_repeated_text_is_scrubbed_every_time_and_only_short_texts_are_remembered() -> None:
    # A storm of one error repeats its stack trace: the scrubbed form is remembered, within
    # bounds (a long text could hold the memory of many short ones).
    scrubber = Scrubber(["password"])
    short = "login failed: password=hunter2"
    long_text = "x" * MAX_REMEMBERED_TEXT + " password=hunter2"
    for _ in range(2):
        assert scrubber.text(short) == f"login failed: password={F}"
        assert scrubber.text(long_text) == "x" * MAX_REMEMBERED_TEXT + f" password={F}"
    remembered = scrubber._remembered_text.cache_info()
    assert (remembered.currsize, remembered.hits) == (1, 1)


@pytest.mark.parametrize(
    "key",
    [
        "password",
        "db_password",
        "DB_PASSWORD",
        "PGPASSWORD",
        "passwd",
        "MYSQL_PWD",
        "api_key",
        "x-api-key",
        "X-Api-Key",
        "apiKey",
        "APIKEY",
        "access_token",
        "auth_token",
        "refreshToken",
        "X-CSRFToken",
        "csrftoken",
        "sessionid",
        "session_id",
        "secret_key",
        "SECRET_KEY",
        "client_secret",
        "privateKey",
        "private_key",
        "Set-Cookie",
        "cookies",
        "credentials",
        "api_keys",
        "card_number",
        "cardNumber",
        "cvv2",
        "Proxy-Authorization",
    ],
)
def test_keys_naming_a_secret_are_filtered(key: str) -> None:
    assert SCRUBBER.value({key: "s3cret"}) == {key: F}
    assert SCRUBBER.text(f"{key}=s3cret") == f"{key}={F}"


@pytest.mark.parametrize(
    "key",
    [
        "discard",
        "tokens_used",
        "tokensUsed",
        "keyboard",
        "monkey",
        "tokenizer",
        "secretary",
        "cardinality",
        "wildcard",
        "passwordless",
        "TokenError",
        "card_error",
    ],
)
def test_ordinary_words_that_merely_contain_a_secret_word_are_kept(key: str) -> None:
    assert SCRUBBER.value({key: "value"}) == {key: "value"}
    assert SCRUBBER.text(f"{key}=value") == f"{key}=value"
    assert SCRUBBER.text(f"{key}: value") == f"{key}: value"


@pytest.mark.parametrize(
    ("text", "scrubbed"),
    [
        # The whole value, whatever it holds, quoted or not.
        ("Authorization=Bearer eyJhbGciOi.eyJzdWIi.c2lnbmF0", f"Authorization=Bearer {F}"),
        ("authorization=Basic dXNlcjpwYXNz", f"authorization=Basic {F}"),
        ('password = "correct horse battery staple"', f'password = "{F}"'),
        ("password='correct horse' user='bob'", f"password='{F}' user='bob'"),
        ('password="say \\"cheese\\" twice" next', f'password="{F}" next'),
        ("password=p@ss;w0rd", f"password={F}"),
        ("password=(hunter2)", f"password={F}"),
        ("token=[tok-99]", f"token={F}"),
        ("secret={abc}, next=1", f"secret={F}, next=1"),
        ("secret=a(b)c", f"secret={F}"),
        ("charge(password=pw)", f"charge(password={F})"),
        ("sessionid=abc; theme=dark", f"sessionid={F}; theme=dark"),
        ("sessionid=abc;theme=dark", f"sessionid={F}"),  # one value, as far as one can tell
        ("GET /pay?token=abc&page=2", f"GET /pay?token={F}&page=2"),
        ("$password => 'x y'", f"$password => '{F}'"),
        ('password := "x y"', f'password := "{F}"'),
        ("token==expected", "token==expected"),  # a comparison, not an assignment
        # `Key: value`: a header line loses the rest of its line, elsewhere the value goes.
        ("Authorization: Bearer abc.def", f"Authorization: Bearer {F}"),
        (
            "POST /pay HTTP/1.1\nHost: shop\nX-Api-Key: abc123\nCookie: sid=s1; csrftoken=c1\n"
            "Accept: */*",
            f"POST /pay HTTP/1.1\nHost: shop\nX-Api-Key: {F}\nCookie: {F}\nAccept: */*",
        ),
        ("  password: correct horse\nuser: bob", f"  password: {F}\nuser: bob"),
        (
            "login failed, Invalid token: abc123 (expired)",
            f"login failed, Invalid token: {F} (expired)",
        ),
        ("PASSWORD: x, Password=y", f"PASSWORD: {F}"),
        ("login PASSWORD: x, Password=y", f"login PASSWORD: {F}, Password={F}"),
        # JSON (and Python reprs) written as text inside a message.
        ('body {"password": "x y", "user": "bob"}', f'body {{"password": "{F}", "user": "bob"}}'),
        ("kwargs {'api_key': 'k-1', 'n': 2}", f"kwargs {{'api_key': '{F}', 'n': 2}}"),
        ('{\\"password\\": \\"x y\\", \\"n\\": 1}', f'{{\\"password\\": \\"{F}\\", \\"n\\": 1}}'),
        ('{"auth":{"token":"t-1"}}', f'{{"auth":{{"token":"{F}"}}}}'),
        # Credentials in URLs: the user stays, the password goes.
        ("postgres://user:pass@host/db", f"postgres://user:{F}@host/db"),
        ("dsn=redis://:s3cret@cache:6379/0 down", f"dsn=redis://:{F}@cache:6379/0 down"),
        ("mysql://u:p@ss@db:3306/shop", f"mysql://u:{F}@db:3306/shop"),
        ('url="https://bob:hunter2@example.com/x"', f'url="https://bob:{F}@example.com/x"'),
        # An unterminated quote: the rest of its line goes (up to a bound), not the next line.
        ('password="correct horse\nnext line', f'password="{F}\nnext line'),
    ],
)
def test_real_world_secrets_in_text_lose_their_whole_value(text: str, scrubbed: str) -> None:
    assert SCRUBBER.text(text) == scrubbed


@pytest.mark.parametrize(
    "text",
    [
        "discard=1 tokens_used=5 keyboard=us monkey=2",
        "at /app/lib/session.js:10:5",  # a path, not a key
        "stripe.error.CardError: Your card was declined.",  # an error's name, not a key
        'Traceback (most recent call last):\n  File "/app/token.py", line 3, in <module>',
        "https://example.com:8443/path?q=1",
        "https://sentry-key@example.com/1",  # a user without a password
        "token expired, session closed",  # no value follows a key
    ],
)
def test_text_that_only_looks_like_a_secret_is_kept(text: str) -> None:
    assert SCRUBBER.text(text) == text


HOSTILE = 262_144


@pytest.mark.parametrize(
    "text",
    [
        'password="' + "x" * HOSTILE,
        "password=(" + "x" * HOSTILE,
        "token=( " * (HOSTILE // 8),
        "token=[" * (HOSTILE // 7),
        'token="\\' * (HOSTILE // 8),
        "token: " * (HOSTILE // 7),
        "token=" * (HOSTILE // 6),
        "://a:" * (HOSTILE // 5),
        "://a:b" + "@" * HOSTILE,
        "password" * (HOSTILE // 8) + "=x",
        "x" * HOSTILE + "_password=x",
        "\n token:" * (HOSTILE // 8),
        "a" * HOSTILE + "=",
        "Token" * (HOSTILE // 5),
    ],
)
def test_hostile_texts_are_scrubbed_in_linear_time(text: str) -> None:
    started = time.perf_counter()
    SCRUBBER.text(text)
    assert time.perf_counter() - started < 2.0  # quadratic work would take minutes


def test_an_unterminated_quote_takes_a_bounded_part_of_a_long_line() -> None:
    rest = "y" * HOSTILE
    scrubbed = SCRUBBER.text('password="secret ' + rest)
    assert scrubbed.startswith(f'password="{F}')
    assert "secret" not in scrubbed
    assert len(scrubbed) > HOSTILE - 2048  # most of the line is kept


@pytest.mark.parametrize("key", ["a_" * 500_000, "password" + "_a" * 200_000, "x" * 1_000_000])
def test_a_hostile_key_is_judged_in_linear_time(key: str) -> None:
    started = time.perf_counter()
    SCRUBBER.value({key: "v", "nested": [{key: 1}]})
    assert time.perf_counter() - started < 2.0  # a split per word per part took seconds


@pytest.mark.parametrize(
    ("text", "scrubbed"),
    [
        ("https://user:pa/ss@host/x", f"https://user:{FILTERED}@host/x"),
        ("postgres://user:pa?ss#x@db:5432/d", f"postgres://user:{FILTERED}@db:5432/d"),
        ("http://host:8080/path?email=a@b.com", "http://host:8080/path?email=a@b.com"),
        ("> Cookie: _ga=1; sid=abc", f"> Cookie: {FILTERED}"),
        ("< Set-Cookie: JSESSIONID=abc; Path=/", f"< Set-Cookie: {FILTERED}"),
        ("JSESSIONID=abc123 PHPSESSID=zz", f"JSESSIONID={FILTERED} PHPSESSID={FILTERED}"),
    ],
)
def test_url_passwords_curl_headers_and_session_cookies(text: str, scrubbed: str) -> None:
    assert SCRUBBER.text(text) == scrubbed
