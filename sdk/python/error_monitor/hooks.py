"""Reporting exceptions nobody caught: sys.excepthook, threading.excepthook and an asyncio
loop's exception handler. Each hook reports, then hands over to the hook it replaced."""

from __future__ import annotations

import asyncio
import sys
import threading
from collections.abc import Callable
from types import TracebackType
from typing import Any

# (exception, severity, context) -> None; never raises.
ReportException = Callable[[BaseException, str, dict[str, Any]], None]
# (message, context) -> None, for asyncio errors that carry no exception; never raises.
ReportMessage = Callable[[str, dict[str, Any]], None]
SysHook = Callable[..., Any]


class ExceptHooks:
    """Installs reporting `sys.excepthook` and `threading.excepthook`; uncaught exceptions are
    reported with severity "critical". KeyboardInterrupt and SystemExit are not errors and are
    only passed on."""

    def __init__(self, report: ReportException) -> None:
        self._report = report
        self._previous_sys: SysHook | None = None
        self._previous_thread: Callable[[Any], Any] | None = None

    @property
    def installed(self) -> bool:
        return self._previous_sys is not None

    def install(self) -> None:
        """Idempotent: a second call changes nothing."""
        if self.installed:
            return
        self._previous_sys, sys.excepthook = sys.excepthook, self._sys_hook
        self._previous_thread, threading.excepthook = threading.excepthook, self._thread_hook

    def uninstall(self) -> None:
        """Put the previous hooks back, unless someone replaced ours since."""
        if self._previous_sys is not None and sys.excepthook == self._sys_hook:
            sys.excepthook = self._previous_sys
        if self._previous_thread is not None and threading.excepthook == self._thread_hook:
            threading.excepthook = self._previous_thread
        self._previous_sys = self._previous_thread = None

    def _sys_hook(
        self, kind: type[BaseException], error: BaseException, tb: TracebackType | None
    ) -> None:
        try:
            if not issubclass(kind, (KeyboardInterrupt, SystemExit)):
                self._report(error, "critical", {"uncaught": "main thread"})
        finally:
            (self._previous_sys or sys.__excepthook__)(kind, error, tb)

    def _thread_hook(self, args: Any) -> None:
        try:
            if args.exc_value is not None and not issubclass(args.exc_type, SystemExit):
                name = args.thread.name if args.thread is not None else "?"
                self._report(args.exc_value, "critical", {"uncaught": f"thread {name}"})
        finally:
            (self._previous_thread or threading.__excepthook__)(args)


def install_asyncio_handler(
    loop: asyncio.AbstractEventLoop, report: ReportException, report_message: ReportMessage
) -> None:
    """Make `loop`'s exception handler report (severity "error"), then call the handler it
    had, or the loop's default one. Installing twice on one loop changes nothing."""
    previous = loop.get_exception_handler()
    if getattr(previous, "error_monitor_handler", False):
        return

    def handler(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        _report_asyncio(context, report, report_message)
        if previous is not None:
            previous(loop, context)
        else:
            loop.default_exception_handler(context)

    handler.error_monitor_handler = True  # type: ignore[attr-defined]
    loop.set_exception_handler(handler)


def _report_asyncio(
    context: dict[str, Any], report: ReportException, report_message: ReportMessage
) -> None:
    message = str(context.get("message") or "asyncio error")
    error = context.get("exception")
    if isinstance(error, BaseException):
        report(error, "error", {"uncaught": "asyncio", "asyncio_message": message})
    else:
        report_message(message, {"uncaught": "asyncio"})
