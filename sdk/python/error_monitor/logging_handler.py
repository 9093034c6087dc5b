"""A `logging.Handler` that reports log records as errors."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from error_monitor._payload import safe_str, severity_for_level

if TYPE_CHECKING:
    from error_monitor.client import ErrorMonitor

SDK_LOGGER = "error_monitor"


class ErrorMonitorHandler(logging.Handler):
    """Reports every record at or above `level` (default ERROR) through `monitor`.

    - With exception info (`log.exception(...)`, `exc_info=True`): type is the exception's
      class name, the stack trace Python's rendering of it.
    - Without: type is the logger's name; `stack_info=True` gives the stack trace.
    - Message: the formatted log message. Severity: from the level (WARNING → "warning", …).
    - Context: logger, level, location, function, thread; plus a mapping passed as
      `extra={"context": {...}}`.

    Records of the SDK's own `error_monitor` logger are ignored, so a monitoring outage cannot
    feed itself. `emit` queues the report and returns; it never raises.
    """

    def __init__(self, monitor: ErrorMonitor, level: int = logging.ERROR) -> None:
        super().__init__(level)
        self.monitor = monitor

    def emit(self, record: logging.LogRecord) -> None:
        if record.name == SDK_LOGGER or record.name.startswith(SDK_LOGGER + "."):
            return
        try:
            error_type, stack_trace = _type_and_stack(record)
            self.monitor.report_error(
                error_type,
                record.getMessage(),
                stack_trace=stack_trace,
                severity=severity_for_level(record.levelno),
                context=_context(record),
            )
        except Exception:
            self.handleError(record)


def _type_and_stack(record: logging.LogRecord) -> tuple[str, str | None]:
    if record.exc_info and record.exc_info[1] is not None:
        kind, error, tb = record.exc_info
        stack_trace = "".join(traceback.format_exception(kind, error, tb))
        return type(error).__name__, stack_trace
    return record.name, record.stack_info


def _context(record: logging.LogRecord) -> dict[str, Any]:
    context: dict[str, Any] = {
        "logger": record.name,
        "level": record.levelname,
        "location": f"{record.pathname}:{record.lineno}",
        "function": record.funcName,
        "thread": record.threadName,
    }
    extra = getattr(record, "context", None)
    if isinstance(extra, Mapping):
        context.update((safe_str(key), value) for key, value in extra.items())
    return context
