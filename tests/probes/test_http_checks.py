"""HTTP checks against a real local site: what a user is told when it answers, fails, stalls,
or says the wrong thing."""

import asyncio

import orjson
import pytest
from aiohttp import web

from services.probes.outcome import BODY_LIMIT_BYTES, Failure, Outcome, Probe
from services.probes.prober import Prober
from tests.probes.conftest import Site, ok


async def test_a_site_that_answers_passes(prober: Prober, site: Site) -> None:
    outcome = await prober.probe(Probe(site.url()))
    assert outcome == Outcome(None, {}, status=200, elapsed_ms=outcome.elapsed_ms)
    assert 0 <= outcome.elapsed_ms < 5000


@pytest.mark.parametrize("status", [500, 503, 404, 400])
async def test_an_error_status_fails_naming_the_status(
    prober: Prober, site: Site, status: int
) -> None:
    site.answer = lambda request: ok("down", status=status)
    outcome = await prober.probe(Probe(site.url()))
    assert (outcome.failure, outcome.detail, outcome.status) == (
        Failure.HTTP_STATUS,
        {"status": str(status)},
        status,
    )


@pytest.mark.parametrize(
    ("status", "expected", "passes"),
    [
        (399, (200, 399), True),
        (204, (200, 399), True),
        (200, (200, 200), True),
        (204, (200, 200), False),
        (404, (404, 404), True),
    ],
)
async def test_the_expected_status_range_is_inclusive(
    prober: Prober, site: Site, status: int, expected: tuple[int, int], passes: bool
) -> None:
    site.answer = lambda request: ok("", status=status)
    outcome = await prober.probe(Probe(site.url(), expected_status=expected))
    assert outcome.ok is passes


async def test_a_site_slower_than_the_timeout_fails_with_a_timeout(
    prober: Prober, site: Site
) -> None:
    site.answer = site.hang
    outcome = await prober.probe(Probe(site.url(), timeout=0.5))
    assert (outcome.failure, outcome.detail) == (Failure.TIMEOUT, {"seconds": "0.5"})
    assert outcome.elapsed_ms >= 500


async def test_a_body_that_stalls_midway_fails_with_a_timeout_after_its_status(
    prober: Prober, site: Site
) -> None:
    site.answer = site.hang_mid_body
    outcome = await prober.probe(Probe(site.url(), timeout=0.5))
    assert (outcome.failure, outcome.detail, outcome.status) == (
        Failure.TIMEOUT,
        {"seconds": "0.5"},
        200,
    )


async def test_a_hanging_target_does_not_hold_up_another_probe(
    prober: Prober, serve, site: Site
) -> None:
    site.answer = site.hang
    fast_site = await serve()
    slow = asyncio.create_task(prober.probe(Probe(site.url(), timeout=30)))
    fast = asyncio.create_task(prober.probe(Probe(fast_site.url(), timeout=30)))
    done, _ = await asyncio.wait({slow, fast}, return_when=asyncio.FIRST_COMPLETED)
    assert done == {fast} and fast.result().ok
    site.release.set()
    assert (await slow).ok


async def test_a_probe_waiting_for_a_slot_does_not_spend_its_timeout_waiting(
    make_prober, serve
) -> None:
    prober = make_prober(max_in_flight=1)
    slow_site, fast_site = await serve(), await serve()

    async def slow_answer(request: web.Request) -> web.StreamResponse:
        await asyncio.sleep(0.6)
        return await ok("slow but fine")

    slow_site.answer = slow_answer
    slow = asyncio.create_task(prober.probe(Probe(slow_site.url(), timeout=5)))
    await asyncio.sleep(0)  # the slow probe takes the only slot first
    fast = await prober.probe(Probe(fast_site.url(), timeout=0.5))
    assert fast.ok and (await slow).ok


@pytest.mark.parametrize(
    ("keyword", "absent", "failure"),
    [
        ("Welcome", False, None),
        ("Goodbye", False, Failure.KEYWORD_MISSING),
        ("Goodbye", True, None),
        ("Welcome", True, Failure.KEYWORD_FOUND),
    ],
)
async def test_a_keyword_must_appear_or_must_not(
    prober: Prober, site: Site, keyword: str, absent: bool, failure: Failure | None
) -> None:
    site.answer = lambda request: ok("<h1>Welcome home</h1>", content_type="text/html")
    outcome = await prober.probe(Probe(site.url(), keyword=keyword, keyword_absent=absent))
    assert outcome.failure is failure
    assert outcome.detail == ({"keyword": keyword} if failure else {})


async def test_a_keyword_is_found_in_the_pages_own_charset(prober: Prober, site: Site) -> None:
    page = "<p>Добро пожаловать</p>".encode("cp1251")
    site.answer = lambda request: ok(
        body=page, headers={"Content-Type": "text/html; charset=windows-1251"}
    )
    outcome = await prober.probe(Probe(site.url(), keyword="Добро пожаловать"))
    assert outcome.ok


async def test_a_keyword_past_the_body_limit_is_not_seen(prober: Prober, site: Site) -> None:
    page = b"x" * BODY_LIMIT_BYTES + b"Welcome"
    site.answer = lambda request: ok(body=page, content_type="text/plain")
    outcome = await prober.probe(Probe(site.url(), keyword="Welcome"))
    assert (outcome.failure, outcome.detail) == (Failure.KEYWORD_MISSING, {"keyword": "Welcome"})


DOCUMENT = {
    "status": "ok",
    "data": {"items": [{"status": "green", "count": 3, "ratio": 0.5, "live": True}]},
}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("status", "ok"),
        ("data.items.0.status", "green"),
        ("data.items.0.count", "3"),
        ("data.items.0.ratio", "0.5"),
        ("data.items.0.live", "true"),
        ("data.items.0.status", None),  # only that it is there
    ],
)
async def test_a_json_field_equal_to_the_value_passes(
    prober: Prober, site: Site, field: str, value: str | None
) -> None:
    site.answer = lambda request: ok(body=orjson.dumps(DOCUMENT), content_type="text/json")
    outcome = await prober.probe(Probe(site.url(), json_field=field, json_value=value))
    assert outcome.ok, outcome.detail


@pytest.mark.parametrize(
    ("field", "value", "problem", "found"),
    [
        ("data.items.0.status", "red", "different", "green"),
        ("data.items.0.live", "True", "different", "true"),
        ("data.items.0.count", "three", "different", "3"),
        ("data.items.1.status", "green", "missing", ""),
        ("data.items.status", "green", "missing", ""),
        ("status.code", "ok", "missing", ""),
    ],
)
async def test_a_json_field_that_differs_or_is_missing_fails_saying_what_was_found(
    prober: Prober, site: Site, field: str, value: str, problem: str, found: str
) -> None:
    site.answer = lambda request: ok(body=orjson.dumps(DOCUMENT), content_type="text/json")
    outcome = await prober.probe(Probe(site.url(), json_field=field, json_value=value))
    assert outcome.failure is Failure.JSON_MISMATCH
    assert outcome.detail == {
        "field": field,
        "expected": value,
        "found": found,
        "problem": problem,
    }


async def test_an_answer_that_is_not_json_fails_the_json_check(prober: Prober, site: Site) -> None:
    site.answer = lambda request: ok("<html>maintenance</html>", content_type="text/html")
    outcome = await prober.probe(Probe(site.url(), json_field="status", json_value="ok"))
    assert (outcome.failure, outcome.detail["problem"]) == (Failure.JSON_MISMATCH, "not_json")


@pytest.mark.parametrize("hops", [1, 5])
async def test_redirects_are_followed_up_to_five(prober: Prober, site: Site, hops: int) -> None:
    outcome = await prober.probe(Probe(site.url(f"/redirect/{hops}"), keyword="arrived"))
    assert (outcome.failure, outcome.status) == (None, 200)


async def test_six_redirects_fail_as_too_many(prober: Prober, site: Site) -> None:
    outcome = await prober.probe(Probe(site.url("/redirect/6")))
    assert (outcome.failure, outcome.detail) == (Failure.TOO_MANY_REDIRECTS, {"limit": "5"})


async def test_a_post_answered_with_see_other_is_followed_with_a_get(
    prober: Prober, site: Site
) -> None:
    url = site.url(f"/to?status=303&url={site.url('/echo')}")
    outcome = await prober.probe(Probe(url, method="POST", body=b"x=1", keyword="method=GET"))
    assert outcome.ok


async def test_a_secret_header_does_not_follow_a_redirect_to_another_origin(
    prober: Prober, site: Site, serve
) -> None:
    other = await serve()
    headers = {"Authorization": "Bearer s3cret"}
    same_origin = site.url(f"/to?url={site.url('/echo')}")
    other_origin = site.url(f"/to?url={other.url('/echo')}")
    kept = await prober.probe(Probe(same_origin, headers=headers, keyword="Bearer s3cret"))
    dropped = await prober.probe(
        Probe(other_origin, headers=headers, keyword="authorization=none")
    )
    assert kept.ok and dropped.ok


async def test_a_redirect_to_an_unsupported_scheme_fails_as_a_connection_problem(
    prober: Prober, site: Site
) -> None:
    outcome = await prober.probe(Probe(site.url("/to?url=ftp://files.example/")))
    assert (outcome.failure, outcome.detail) == (Failure.CONNECTION, {"detail": "bad_redirect"})


async def test_a_closed_port_fails_as_refused(prober: Prober, closed_port: int) -> None:
    outcome = await prober.probe(Probe(f"http://127.0.0.1:{closed_port}/"))
    assert (outcome.failure, outcome.detail, outcome.status) == (Failure.REFUSED, {}, None)


async def test_a_name_that_does_not_exist_fails_as_dns(prober: Prober) -> None:
    # .invalid never resolves (RFC 6761); the 2 s bound tells a slow resolver from a wrong
    # answer: a timeout here would say the machine's DNS hangs.
    outcome = await prober.probe(Probe("http://nothing.invalid/", timeout=2))
    assert (outcome.failure, outcome.detail) == (Failure.DNS, {})


async def test_a_server_that_closes_without_answering_fails_as_disconnected(
    prober: Prober,
) -> None:
    async def hang_up(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.close()

    server = await asyncio.start_server(hang_up, "127.0.0.1", 0)
    async with server:
        port = server.sockets[0].getsockname()[1]
        outcome = await prober.probe(Probe(f"http://127.0.0.1:{port}/"))
    assert (outcome.failure, outcome.detail) == (Failure.CONNECTION, {"detail": "disconnected"})


@pytest.mark.parametrize("url", ["ftp://example.com/", "not a url", "http:///nohost"])
async def test_a_url_that_cannot_be_checked_fails_without_raising(
    prober: Prober, url: str
) -> None:
    outcome = await prober.probe(Probe(url))
    assert (outcome.failure, outcome.detail) == (Failure.CONNECTION, {"detail": "bad_url"})
