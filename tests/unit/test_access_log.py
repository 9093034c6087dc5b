import pytest

from api.access_log import redact


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        ("/ping/s3cr3t-token", "/ping/***"),
        ("/ping/s3cr3t-token/fail", "/ping/***/fail"),
        (
            "/api/7/envelope/?sentry_key=s3cr3t&sentry_version=7",
            "/api/7/envelope/?sentry_key=***&sentry_version=7",
        ),
        ("/telegram/webhook", "/telegram/***"),
        ("/api/v1/heartbeat", "/api/v1/heartbeat"),
    ],
)
def test_tokens_never_reach_the_access_log(path: str, shown: str) -> None:
    assert redact(path) == shown
