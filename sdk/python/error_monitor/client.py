"""ErrorMonitor: the one object an application talks to."""

from __future__ import annotations

import asyncio
import atexit
import logging
import sys
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any

from error_monitor._asyncio_bridge import settled
from error_monitor._outbox import Outbox, Overflow, RetryPolicy
from error_monitor._payload import (
    DEFAULT_MAX_BODY_BYTES,
    error_body,
    exception_parts,
    fitted,
    heartbeat_body,
    safe_str,
)
from error_monitor._transport import Answer, build_opener, post_json
from error_monitor.capture import Capture
from error_monitor.delivery import Delivery, DeliveryStats, Outcome
from error_monitor.heartbeat import HeartbeatLoop
from error_monitor.hooks import ExceptHooks, install_asyncio_handler

DEFAULT_API_URL = "http://localhost:8000/api/v1"
REPORTED = "__error_monitor_reported__"

log = logging.getLogger("error_monitor")


class ErrorMonitor:
    """Sends heartbeats and error reports to an Error Monitor server.

    Promise: no method raises into your program because of the monitor (server down, slow,
    refusing, a context that is not JSON). Only misuse raises: invalid settings here or a
    non-positive heartbeat interval (ValueError), `install_asyncio_handler()` without a loop
    outside a running one (RuntimeError).
    Reports go into a bounded in-memory queue and a daemon thread delivers them in order, with
    a `timeout` per attempt and up to `max_retries` retries with exponential backoff after
    network errors, 408, 429 and 5xx (Retry-After is honoured, up to `max_backoff`); other 4xx
    are not retried. When `queue_size` reports wait, `overflow` drops the oldest waiting one
    ("drop_oldest") or the new one ("drop_newest"); `stats` counts what was dropped. At
    interpreter exit, up to `flush_at_exit` seconds are spent delivering what is queued.

    An empty `project_token` (e.g. an unset environment variable) disables the monitor with
    a warning: every call then returns at once and sends nothing.
    """

    def __init__(
        self,
        project_token: str | None,
        api_url: str = DEFAULT_API_URL,
        *,
        timeout: float = 5.0,
        max_retries: int = 3,
        backoff: float = 0.5,
        max_backoff: float = 30.0,
        queue_size: int = 1000,
        overflow: Overflow = "drop_oldest",
        max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
        flush_at_exit: float = 2.0,
    ) -> None:
        _check_settings(api_url, timeout, max_retries, queue_size, overflow)
        self.project_token = (project_token or "").strip()
        self.api_url = api_url.rstrip("/")
        self.enabled = bool(self.project_token)
        if not self.enabled:
            log.warning("ErrorMonitor has no project token: nothing will be sent")
        self.timeout = timeout
        self.max_body_bytes = max_body_bytes
        self._opener = build_opener()
        policy = RetryPolicy(timeout, max_retries, backoff, max_backoff)
        self._outbox = Outbox(self._post, policy, queue_size, overflow)
        self._heartbeat: HeartbeatLoop | None = None
        self._hooks = ExceptHooks(self._report_uncaught)
        self._flush_at_exit = flush_at_exit
        if flush_at_exit > 0:
            atexit.register(self._at_exit)

    def __repr__(self) -> str:
        return f"<ErrorMonitor {self.api_url} enabled={self.enabled}>"

    # -- asyncio -------------------------------------------------------------------------

    async def send_heartbeat(
        self,
        status: str = "alive",
        version: str | None = None,
        additional_data: Mapping[str, Any] | None = None,
        *,
        wait: float | None = None,
    ) -> bool:
        """Queue a heartbeat (`additional_data` is sent as `metadata`) and wait, without
        blocking the event loop, at most `wait` seconds (default: `timeout`) for its first
        answer.

        Returns True once the server has stored it; False as soon as it is refused, dropped,
        or the server is unreachable or overloaded (it then stays queued and is retried in the
        background), or when `wait` runs out. `wait=0` only queues. Never raises; cancelling
        the await does not cancel the delivery.
        """
        return await self._await(self.heartbeat(status, version, additional_data), wait)

    async def send_error(
        self,
        error: BaseException,
        context: Mapping[str, Any] | None = None,
        severity: str = "error",
        *,
        wait: float | None = None,
    ) -> bool:
        """Queue a report of `error` (type name, str(error), Python's traceback) with `context`
        and `severity` (debug, info, warning, error, critical; aliases warn and fatal). Waits
        and answers exactly like `send_heartbeat`. Never raises."""
        return await self._await(self.capture_exception(error, context, severity), wait)

    async def _await(self, delivery: Delivery, wait: float | None) -> bool:
        try:
            return await settled(delivery, self.timeout if wait is None else wait)
        except Exception:
            log.exception("waiting for a %s report failed", delivery.kind)
            return False

    # -- synchronous ---------------------------------------------------------------------

    def heartbeat(
        self,
        status: str = "alive",
        version: str | None = None,
        additional_data: Mapping[str, Any] | None = None,
    ) -> Delivery:
        """Queue a heartbeat and return at once; `Delivery.wait(timeout)` blocks until it is
        delivered or given up. Never raises."""
        return self._submit(
            "heartbeat",
            "/heartbeat",
            lambda: heartbeat_body(self.project_token, status, version, additional_data),
        )

    def capture_exception(
        self,
        error: BaseException | None = None,
        context: Mapping[str, Any] | None = None,
        severity: str = "error",
    ) -> Delivery:
        """Queue a report of `error` (default: the exception being handled, as in an `except`
        block) and return at once. Something that is not an exception is reported with type
        "Error" and its str() as the message. Never raises."""
        if error is None:
            error = sys.exc_info()[1]
        if error is None:
            log.warning("capture_exception() without an exception outside an except block")
            return _dropped("error")
        _mark_reported(error)
        if isinstance(error, BaseException):
            return self._submit_error(lambda: exception_parts(error), severity, context)
        return self.report_error("Error", safe_str(error), severity=severity, context=context)

    def report_error(
        self,
        error_type: str,
        message: str,
        *,
        stack_trace: str | None = None,
        severity: str = "error",
        context: Mapping[str, Any] | None = None,
    ) -> Delivery:
        """Queue an error report with exactly these fields (for errors that are not Python
        exceptions) and return at once. Never raises."""
        return self._submit_error(lambda: (error_type, message, stack_trace), severity, context)

    def _submit_error(
        self,
        parts: Callable[[], tuple[str, str, str | None]],
        severity: str,
        context: Mapping[str, Any] | None,
    ) -> Delivery:
        return self._submit(
            "error",
            "/log",
            lambda: error_body(self.project_token, parts(), severity, context),
        )

    def _submit(self, kind: str, path: str, body: Callable[[], dict[str, Any]]) -> Delivery:
        if not self.enabled:
            return _dropped(kind)
        try:
            delivery = Delivery(kind, self.api_url + path, fitted(body(), self.max_body_bytes))
            self._outbox.put(delivery)
        except Exception:
            log.exception("could not queue a %s report", kind)
            return _dropped(kind)
        return delivery

    def _post(self, delivery: Delivery, timeout: float) -> Answer:
        return post_json(self._opener, delivery.url, delivery.data, timeout)

    # -- background heartbeats -----------------------------------------------------------

    def start_heartbeat(
        self,
        interval: float = 60.0,
        version: str | None = None,
        additional_data: Mapping[str, Any] | None = None,
        status: str = "alive",
    ) -> None:
        """Send a heartbeat now and then every `interval` seconds from a daemon thread (no
        event loop needed), until `stop_heartbeat()` or `close()`. Starting again replaces the
        running loop. Raises ValueError if `interval` is not positive."""
        loop = HeartbeatLoop(lambda: self.heartbeat(status, version, additional_data), interval)
        self.stop_heartbeat()
        self._heartbeat = loop
        loop.start()

    def stop_heartbeat(self, timeout: float | None = 1.0) -> None:
        """Stop the heartbeat loop, if one runs; a heartbeat already queued is still sent."""
        if self._heartbeat is not None:
            self._heartbeat.stop(timeout)
            self._heartbeat = None

    # -- uncaught exceptions -------------------------------------------------------------

    def install_excepthooks(self) -> None:
        """Report exceptions nobody caught, with severity "critical": in the main thread
        (`sys.excepthook`) and in other threads (`threading.excepthook`). The previous hooks
        still run after ours (so tracebacks are still printed). KeyboardInterrupt is not
        reported, nor an exception already reported by this monitor. Idempotent."""
        self._hooks.install()

    def uninstall_excepthooks(self) -> None:
        """Restore the hooks replaced by `install_excepthooks`."""
        self._hooks.uninstall()

    def install_asyncio_handler(self, loop: asyncio.AbstractEventLoop | None = None) -> None:
        """Report what reaches `loop`'s exception handler (e.g. "Task exception was never
        retrieved"), with severity "error", then call the handler it had. `loop` defaults to
        the running loop (then call it from a coroutine: RuntimeError if none runs)."""
        install_asyncio_handler(
            loop or asyncio.get_running_loop(), self._report_uncaught, self._report_asyncio
        )

    def _report_uncaught(
        self, error: BaseException, severity: str, context: dict[str, Any]
    ) -> None:
        if not getattr(error, REPORTED, False):
            self.capture_exception(error, context, severity)

    def _report_asyncio(self, message: str, context: dict[str, Any]) -> None:
        self.report_error("AsyncioError", message, context=context)

    # -- decorator and context manager ---------------------------------------------------

    def capture(
        self, context: Mapping[str, Any] | None = None, severity: str = "error"
    ) -> Capture:
        """`@monitor.capture()` on a function or coroutine function, or `with
        monitor.capture():` / `async with monitor.capture():` around a block: an Exception
        that escapes is reported, then re-raised unchanged."""
        return Capture(self.capture_exception, context, severity)

    # -- delivery ------------------------------------------------------------------------

    @property
    def stats(self) -> DeliveryStats:
        """A snapshot of what was queued, delivered, refused, given up and dropped."""
        return self._outbox.stats()

    def flush(self, timeout: float = 5.0) -> bool:
        """Block until everything queued so far is delivered or given up, at most `timeout`
        seconds. True if the queue emptied in time. Blocks the event loop if called from a
        coroutine: there, use `await asyncio.to_thread(monitor.flush, timeout)`."""
        return self._outbox.flush(timeout)

    def close(self, timeout: float = 2.0) -> bool:
        """Stop the heartbeat loop and the hooks, flush for at most `timeout` seconds, then
        drop what is left. Later reports are dropped. True if everything was flushed."""
        self.stop_heartbeat()
        self.uninstall_excepthooks()
        if self._flush_at_exit > 0:
            atexit.unregister(self._at_exit)
        return self._outbox.close(timeout)

    def __enter__(self) -> ErrorMonitor:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _at_exit(self) -> None:
        self.stop_heartbeat(timeout=0)
        self._outbox.close(self._flush_at_exit)


def _check_settings(
    api_url: str, timeout: float, max_retries: int, queue_size: int, overflow: str
) -> None:
    if not api_url.startswith(("http://", "https://")):
        raise ValueError(f"api_url must start with http:// or https://, not {api_url!r}")
    if not timeout > 0 or max_retries < 0 or queue_size < 1:
        raise ValueError("timeout must be > 0, max_retries >= 0 and queue_size >= 1")
    if overflow not in ("drop_oldest", "drop_newest"):
        raise ValueError(f"overflow must be 'drop_oldest' or 'drop_newest', not {overflow!r}")


def _dropped(kind: str) -> Delivery:
    delivery = Delivery(kind, "", b"")
    delivery.finish(Outcome.DROPPED)
    return delivery


def _mark_reported(error: object) -> None:
    try:
        setattr(error, REPORTED, True)
    except Exception:  # exceptions with __slots__ or read-only attributes
        pass
