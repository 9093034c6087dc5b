"""The ways reports reach the monitor: capture(), hooks for uncaught exceptions, the logging
handler, the heartbeat thread and the flush at interpreter exit."""

from __future__ import annotations

import asyncio
import logging
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from error_monitor import ErrorMonitor, ErrorMonitorHandler
from sdk_server import TOKEN, Recorder

MakeMonitor = Callable[..., ErrorMonitor]


@pytest.fixture
def monitor(server: Recorder, make_monitor: MakeMonitor) -> ErrorMonitor:
    return make_monitor(server.url)


def errors(server: Recorder, monitor: ErrorMonitor) -> list[dict[str, Any]]:
    assert monitor.flush(5)
    return [body["error"] for body in server.bodies() if "error" in body]


# -- capture() ------------------------------------------------------------------------------


def test_capture_as_a_decorator_reports_and_reraises(
    server: Recorder, monitor: ErrorMonitor
) -> None:
    @monitor.capture(context={"job": "import"}, severity="critical")
    def job(fail: bool) -> str:
        if fail:
            raise ValueError("bad row")
        return "done"

    assert job(False) == "done"
    with pytest.raises(ValueError, match="bad row"):
        job(True)
    [error] = errors(server, monitor)
    assert (error["type"], error["severity"], error["context"]) == (
        "ValueError",
        "critical",
        {"job": "import"},
    )
    assert job.__name__ == "job"


def test_capture_decorates_coroutine_functions(server: Recorder, monitor: ErrorMonitor) -> None:
    @monitor.capture()
    async def handler() -> None:
        raise KeyError("user")

    with pytest.raises(KeyError):
        asyncio.run(handler())
    assert errors(server, monitor)[0]["type"] == "KeyError"


def test_capture_as_a_context_manager(server: Recorder, monitor: ErrorMonitor) -> None:
    with pytest.raises(ZeroDivisionError), monitor.capture(context={"step": 2}):
        1 / 0  # noqa: B018
    with monitor.capture():
        pass
    [error] = errors(server, monitor)
    assert error["context"] == {"step": 2}


def test_capture_lets_keyboard_interrupt_through_unreported(
    server: Recorder, monitor: ErrorMonitor
) -> None:
    with pytest.raises(KeyboardInterrupt), monitor.capture():
        raise KeyboardInterrupt
    assert errors(server, monitor) == []


# -- uncaught exceptions --------------------------------------------------------------------


def test_sys_excepthook_reports_then_calls_the_previous_hook(
    server: Recorder, monitor: ErrorMonitor, monkeypatch: pytest.MonkeyPatch
) -> None:
    previous_calls: list[type[BaseException]] = []
    monkeypatch.setattr(sys, "excepthook", lambda kind, error, tb: previous_calls.append(kind))
    monitor.install_excepthooks()
    monitor.install_excepthooks()  # idempotent
    error = ValueError("crash")
    sys.excepthook(ValueError, error, None)
    sys.excepthook(KeyboardInterrupt, KeyboardInterrupt(), None)
    assert previous_calls == [ValueError, KeyboardInterrupt]
    [report] = errors(server, monitor)
    assert (report["type"], report["severity"]) == ("ValueError", "critical")
    monitor.uninstall_excepthooks()
    assert sys.excepthook is not None and sys.excepthook.__name__ == "<lambda>"


def test_threading_excepthook_reports_a_dying_thread(
    server: Recorder, monitor: ErrorMonitor, monkeypatch: pytest.MonkeyPatch
) -> None:
    previous_calls: list[str] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: previous_calls.append("called"))
    monitor.install_excepthooks()

    def work() -> None:
        raise RuntimeError("worker died")

    thread = threading.Thread(target=work, name="worker-1")
    thread.start()
    thread.join()
    monitor.uninstall_excepthooks()
    assert previous_calls == ["called"]
    [report] = errors(server, monitor)
    assert report["message"] == "worker died"
    assert report["context"] == {"uncaught": "thread worker-1"}


def test_an_exception_already_reported_is_not_reported_again_by_the_hooks(
    server: Recorder, monitor: ErrorMonitor, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "excepthook", lambda *args: None)
    monitor.install_excepthooks()
    try:
        with monitor.capture():
            raise ValueError("once")
    except ValueError as error:
        sys.excepthook(ValueError, error, error.__traceback__)
    monitor.uninstall_excepthooks()
    assert len(errors(server, monitor)) == 1


@pytest.fixture
def loop() -> Iterator[asyncio.AbstractEventLoop]:
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


def test_asyncio_handler_reports_then_calls_the_previous_handler(
    server: Recorder, monitor: ErrorMonitor, loop: asyncio.AbstractEventLoop
) -> None:
    seen: list[str] = []
    loop.set_exception_handler(lambda loop, context: seen.append(context["message"]))
    monitor.install_asyncio_handler(loop)
    monitor.install_asyncio_handler(loop)  # idempotent
    lost = ValueError("lost")
    loop.call_exception_handler(
        {"message": "Task exception was never retrieved", "exception": lost}
    )
    loop.call_exception_handler({"message": "socket.send() raised exception."})
    assert seen == ["Task exception was never retrieved", "socket.send() raised exception."]
    first, second = errors(server, monitor)
    assert (first["type"], first["severity"]) == ("ValueError", "error")
    assert first["context"]["asyncio_message"] == "Task exception was never retrieved"
    assert (second["type"], second["message"]) == (
        "AsyncioError",
        "socket.send() raised exception.",
    )


def test_asyncio_handler_defaults_to_the_running_loop(
    server: Recorder, monitor: ErrorMonitor, caplog: pytest.LogCaptureFixture
) -> None:
    async def main() -> None:
        monitor.install_asyncio_handler()
        asyncio.get_running_loop().call_exception_handler(
            {"message": "oops", "exception": OSError("pipe")}
        )

    asyncio.run(main())
    assert errors(server, monitor)[0]["type"] == "OSError"
    assert "oops" in caplog.text  # the loop's default handler still logged it


# -- logging --------------------------------------------------------------------------------


@pytest.fixture
def app_log(monitor: ErrorMonitor) -> Iterator[logging.Logger]:
    logger = logging.getLogger("myapp.payments")
    handler = ErrorMonitorHandler(monitor)
    logger.addHandler(handler)
    yield logger
    logger.removeHandler(handler)


def test_log_records_at_or_above_error_are_reported(
    server: Recorder, monitor: ErrorMonitor, app_log: logging.Logger
) -> None:
    app_log.warning("just a warning")
    app_log.error("charge %s failed", 42, extra={"context": {"order": 7}})
    [error] = errors(server, monitor)
    assert (error["type"], error["message"], error["severity"]) == (
        "myapp.payments",
        "charge 42 failed",
        "error",
    )
    assert error["context"]["order"] == 7
    assert error["context"]["logger"] == "myapp.payments"
    assert "stack_trace" not in error


def test_logged_exceptions_carry_their_type_and_stack_trace(
    server: Recorder, monitor: ErrorMonitor, app_log: logging.Logger
) -> None:
    try:
        raise ValueError("boom")
    except ValueError:
        app_log.exception("payment failed")
    app_log.critical("disk full")
    first, second = errors(server, monitor)
    assert (first["type"], first["message"]) == ("ValueError", "payment failed")
    assert first["stack_trace"].endswith("ValueError: boom\n")
    assert second["severity"] == "critical"


def test_the_sdks_own_log_is_never_reported(server: Recorder, monitor: ErrorMonitor) -> None:
    root = logging.getLogger()
    handler = ErrorMonitorHandler(monitor, level=logging.WARNING)
    root.addHandler(handler)
    try:
        logging.getLogger("error_monitor").error("the server is unavailable")
        logging.getLogger("other").warning("a real warning")
    finally:
        root.removeHandler(handler)
    [error] = errors(server, monitor)
    assert (error["message"], error["severity"]) == ("a real warning", "warning")


# -- background heartbeats ------------------------------------------------------------------


def heartbeat_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "error-monitor-heartbeat"]


def test_heartbeat_loop_beats_at_once_and_then_every_interval(
    server: Recorder, monitor: ErrorMonitor
) -> None:
    monitor.start_heartbeat(interval=0.05, version="3.1", additional_data={"pid": 1})
    beats = server.wait_for(3)
    monitor.stop_heartbeat()
    assert heartbeat_threads() == []
    assert all(beat.body["version"] == "3.1" for beat in beats)
    assert beats[2].at - beats[0].at >= 0.09


def test_heartbeats_do_not_pile_up_while_the_server_hangs(
    server: Recorder, monitor: ErrorMonitor
) -> None:
    server.hold()
    monitor.start_heartbeat(interval=0.01)
    server.wait_for(1)
    time.sleep(0.2)  # twenty ticks pass while the first heartbeat is in flight
    assert monitor.stats.queued == 1
    monitor.stop_heartbeat()


def test_starting_the_heartbeat_again_replaces_the_loop(
    server: Recorder, monitor: ErrorMonitor
) -> None:
    monitor.start_heartbeat(interval=60, version="1")
    monitor.start_heartbeat(interval=60, version="2")
    assert len(heartbeat_threads()) == 1
    monitor.close(5)
    assert heartbeat_threads() == []
    assert [body["version"] for body in server.bodies()] == ["1", "2"]


def test_a_non_positive_interval_is_refused(monitor: ErrorMonitor) -> None:
    with pytest.raises(ValueError):
        monitor.start_heartbeat(interval=0)


# -- interpreter exit -----------------------------------------------------------------------


def run_script(code: str, url: str) -> subprocess.CompletedProcess[str]:
    script = f"from error_monitor import ErrorMonitor\nTOKEN, URL = {TOKEN!r}, {url!r}\n"
    return subprocess.run(
        [sys.executable, "-c", script + textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=30,
    )


def test_what_is_queued_is_delivered_at_exit(server: Recorder) -> None:
    result = run_script(
        """
        monitor = ErrorMonitor(TOKEN, URL)
        monitor.heartbeat(version="exit")
        """,
        server.url,
    )
    assert result.returncode == 0, result.stderr
    assert server.wait_for(1)[0].body["version"] == "exit"


def test_an_uncaught_exception_is_reported_and_still_printed(server: Recorder) -> None:
    result = run_script(
        """
        monitor = ErrorMonitor(TOKEN, URL)
        monitor.install_excepthooks()
        raise SystemError("the end")
        """,
        server.url,
    )
    assert result.returncode == 1
    assert "SystemError: the end" in result.stderr
    report = server.wait_for(1)[0].body["error"]
    assert (report["type"], report["severity"]) == ("SystemError", "critical")


def test_exit_waits_at_most_flush_at_exit_when_the_server_is_down(closed_port_url: str) -> None:
    started = time.monotonic()
    result = run_script(
        """
        monitor = ErrorMonitor(TOKEN, URL, flush_at_exit=0.5)
        for number in range(5):
            monitor.report_error("E", str(number))
        """,
        closed_port_url,
    )
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - started < 5
