"""`monitor.capture()`: a decorator and (async) context manager that reports and re-raises."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])
ReportException = Callable[[BaseException, Any, Any], object]


class Capture:
    """Reports an `Exception` that escapes the block or the decorated function (sync or
    async), then lets it propagate unchanged. BaseExceptions that are not errors
    (KeyboardInterrupt, SystemExit, asyncio.CancelledError, GeneratorExit) pass unreported.
    Reusable and re-entrant: it keeps no state between uses."""

    def __init__(
        self, report: ReportException, context: Mapping[str, Any] | None, severity: str
    ) -> None:
        self._report = report
        self._context = context
        self._severity = severity

    def __enter__(self) -> Capture:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if isinstance(error, Exception):
            self._report(error, self._context, self._severity)

    async def __aenter__(self) -> Capture:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.__exit__(kind, error, tb)

    def __call__(self, func: F) -> F:
        if inspect.iscoroutinefunction(func):

            @functools.wraps(func)
            async def async_wrapper(*args: Any, **kwargs: Any) -> Any:
                with self:
                    return await func(*args, **kwargs)

            return async_wrapper  # type: ignore[return-value]

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with self:
                return func(*args, **kwargs)

        return wrapper  # type: ignore[return-value]
