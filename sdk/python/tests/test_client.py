"""Delivery against a local recording server: bodies, retries, the queue, outages."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any

import pytest
from error_monitor import ErrorMonitor, Outcome
from sdk_server import TOKEN, Recorder

MakeMonitor = Callable[..., ErrorMonitor]


def test_the_original_async_usage_sends_a_heartbeat_and_an_error(
    server: Recorder, make_monitor: MakeMonitor
) -> None:
    monitor = make_monitor(server.url)

    async def main() -> tuple[bool, bool]:
        beat = await monitor.send_heartbeat(version="1.0.0", additional_data={"env": "production"})
        try:
            raise ValueError("boom")
        except Exception as e:
            sent = await monitor.send_error(e, context={"important": "data"})
        return beat, sent

    assert asyncio.run(main()) == (True, True)
    heartbeat, log = server.wait_for(2)
    assert heartbeat.path == "/api/v1/heartbeat"
    assert heartbeat.body == {
        "project_token": TOKEN,
        "status": "alive",
        "version": "1.0.0",
        "metadata": {"env": "production"},
    }
    assert log.path == "/api/v1/log"
    assert log.body["project_token"] == TOKEN
    error = log.body["error"]
    assert set(error) == {"type", "message", "stack_trace", "severity", "context"}
    assert (error["type"], error["message"], error["severity"]) == ("ValueError", "boom", "error")
    assert error["context"] == {"important": "data"}
    assert 'raise ValueError("boom")' in error["stack_trace"]
    assert log.headers["Content-Type"] == "application/json"


def test_sync_calls_queue_and_deliver_in_order(
    server: Recorder, make_monitor: MakeMonitor
) -> None:
    monitor = make_monitor(server.url)
    first = monitor.heartbeat(version="2.0")
    second = monitor.capture_exception(KeyError("k"), severity="critical")
    third = monitor.report_error("Timeout", "upstream slow", severity="warn")
    assert monitor.flush(5)
    assert [first.outcome, second.outcome, third.outcome] == [Outcome.DELIVERED] * 3
    bodies = server.bodies()
    assert bodies[0]["version"] == "2.0"
    assert bodies[1]["error"]["severity"] == "critical"
    assert bodies[2]["error"] == {
        "type": "Timeout",
        "message": "upstream slow",
        "severity": "warning",
    }
    assert monitor.stats.delivered == 3


def test_capture_exception_defaults_to_the_exception_being_handled(
    server: Recorder, make_monitor: MakeMonitor
) -> None:
    monitor = make_monitor(server.url)
    orders: dict[str, int] = {}
    try:
        orders["missing"]
    except KeyError:
        assert monitor.capture_exception().wait(5)
    assert server.bodies()[0]["error"]["type"] == "KeyError"


def test_capture_exception_outside_an_except_block_sends_nothing(
    server: Recorder, make_monitor: MakeMonitor
) -> None:
    monitor = make_monitor(server.url)
    assert monitor.capture_exception().outcome is Outcome.DROPPED
    assert server.requests == []


def test_a_4xx_is_not_retried(server: Recorder, make_monitor: MakeMonitor) -> None:
    monitor = make_monitor(server.url)
    server.answer(401)
    delivery = monitor.heartbeat()
    assert not delivery.wait(5)
    assert delivery.outcome is Outcome.REJECTED
    assert monitor.flush(1)
    assert len(server.requests) == 1


def test_5xx_is_retried_until_it_succeeds(server: Recorder, make_monitor: MakeMonitor) -> None:
    monitor = make_monitor(server.url)
    server.answer(503, count=2)
    assert monitor.heartbeat().wait(5)
    assert len(server.requests) == 3
    assert monitor.stats.retries == 2


def test_retries_give_up_after_max_retries(server: Recorder, make_monitor: MakeMonitor) -> None:
    monitor = make_monitor(server.url, max_retries=2)
    server.answer(500, count=10)
    delivery = monitor.heartbeat()
    delivery.wait(5)
    assert delivery.outcome is Outcome.FAILED
    assert len(server.requests) == 3
    assert monitor.stats.failed == 1


def test_a_429_waits_for_retry_after(server: Recorder, make_monitor: MakeMonitor) -> None:
    monitor = make_monitor(server.url)
    server.answer(429, Retry_After="1")
    assert monitor.heartbeat().wait(5)
    first, second = server.wait_for(2)
    assert second.at - first.at >= 0.95


def test_a_redirect_is_not_followed(server: Recorder, make_monitor: MakeMonitor) -> None:
    monitor = make_monitor(server.url)
    server.answer(302, Location="http://127.0.0.1:1/elsewhere")
    assert monitor.heartbeat().wait(5) is False
    assert len(server.requests) == 1


def test_awaiting_does_not_block_the_event_loop(
    server: Recorder, make_monitor: MakeMonitor
) -> None:
    monitor = make_monitor(server.url)
    server.hold()
    ticks: list[float] = []

    async def ticker() -> None:
        while True:
            ticks.append(time.monotonic())
            await asyncio.sleep(0.01)

    async def main() -> bool:
        task = asyncio.ensure_future(ticker())
        try:
            return await monitor.send_heartbeat(wait=0.3)
        finally:
            task.cancel()

    started = time.monotonic()
    assert asyncio.run(main()) is False
    assert 0.25 <= time.monotonic() - started < 2
    assert len(ticks) >= 10
    server.release()
    assert monitor.flush(5)
    assert monitor.stats.delivered == 1


def test_a_server_that_refuses_connections_never_raises_and_answers_fast(
    closed_port_url: str, make_monitor: MakeMonitor
) -> None:
    monitor = make_monitor(closed_port_url, backoff=0.2)

    async def main() -> list[bool]:
        beat = await monitor.send_heartbeat(version="1")
        error = await monitor.send_error(ValueError("x"))
        with pytest.raises(ValueError):
            async with monitor.capture():
                raise ValueError("y")
        return [beat, error]

    started = time.monotonic()
    assert asyncio.run(main()) == [False, False]
    assert monitor.capture_exception(ValueError("z")).outcome is None
    assert time.monotonic() - started < 1.5
    started = time.monotonic()
    assert monitor.flush(0.3) is False
    assert time.monotonic() - started < 0.5


def test_a_server_that_hangs_costs_at_most_the_timeout(
    server: Recorder, make_monitor: MakeMonitor
) -> None:
    monitor = make_monitor(server.url, timeout=0.2, max_retries=0)
    server.hold()
    started = time.monotonic()
    delivery = monitor.heartbeat()
    assert not delivery.wait(3)
    assert delivery.outcome is Outcome.FAILED
    assert time.monotonic() - started < 1


@pytest.mark.parametrize(
    ("overflow", "lost"), [("drop_oldest", "second"), ("drop_newest", "fourth")]
)
def test_a_full_queue_drops_and_counts(
    server: Recorder, make_monitor: MakeMonitor, overflow: str, lost: str
) -> None:
    monitor = make_monitor(server.url, queue_size=2, overflow=overflow)
    server.hold()
    names = ["first", "second", "third", "fourth"]
    deliveries = {name: monitor.heartbeat(status=name) for name in names[:1]}
    server.wait_for(1)  # "first" is being sent now, the queue is empty
    deliveries.update((name, monitor.heartbeat(status=name)) for name in names[1:])
    assert deliveries[lost].outcome is Outcome.DROPPED
    server.release()
    assert monitor.flush(5)
    assert [body["status"] for body in server.bodies()] == [n for n in names if n != lost]
    assert monitor.stats.dropped == 1


def test_close_flushes_then_drops_what_comes_later(
    server: Recorder, make_monitor: MakeMonitor
) -> None:
    monitor = make_monitor(server.url)
    monitor.heartbeat()
    assert monitor.close(5)
    assert len(server.requests) == 1
    assert monitor.heartbeat().outcome is Outcome.DROPPED


def test_a_missing_token_disables_the_monitor(
    server: Recorder, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, "error_monitor"):
        monitor = ErrorMonitor(None, server.url, flush_at_exit=0)
    assert "no project token" in caplog.text
    assert monitor.heartbeat().outcome is Outcome.DROPPED
    assert asyncio.run(monitor.send_error(ValueError("x"))) is False
    assert monitor.flush(1)
    assert server.requests == []


@pytest.mark.parametrize(
    "settings",
    [
        {"api_url": "localhost:8000/api/v1"},
        {"timeout": 0},
        {"queue_size": 0},
        {"overflow": "drop_random"},
    ],
)
def test_invalid_settings_raise_at_once(settings: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        ErrorMonitor(TOKEN, **settings)


def test_a_context_that_is_not_json_is_still_delivered(
    server: Recorder, make_monitor: MakeMonitor
) -> None:
    monitor = make_monitor(server.url)
    context = {"obj": object(), "n": float("inf")}
    assert monitor.capture_exception(ValueError("x"), context=context).wait(5)
    assert server.bodies()[0]["error"]["context"]["n"] == "inf"


def test_a_trailing_slash_in_the_api_url_is_fine(
    server: Recorder, make_monitor: MakeMonitor
) -> None:
    monitor = make_monitor(server.url + "/")
    assert monitor.heartbeat().wait(5)
    assert server.requests[0].path == "/api/v1/heartbeat"
