"""A daemon thread that sends heartbeats at a fixed interval."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from error_monitor.delivery import Delivery

log = logging.getLogger("error_monitor")


class HeartbeatLoop:
    """Calls `beat` at once, then every `interval` seconds, until stopped. A tick is skipped
    while the previous heartbeat is still queued, so an outage does not fill the queue with
    heartbeats (and push out error reports)."""

    def __init__(self, beat: Callable[[], Delivery], interval: float) -> None:
        if not interval > 0:
            raise ValueError(f"interval must be a positive number of seconds, not {interval!r}")
        self._beat = beat
        self._interval = interval
        self._stopping = threading.Event()
        self._thread = threading.Thread(
            target=self._run, name="error-monitor-heartbeat", daemon=True
        )

    def start(self) -> None:
        self._thread.start()

    @property
    def running(self) -> bool:
        return self._thread.is_alive() and not self._stopping.is_set()

    def stop(self, timeout: float | None = None) -> None:
        """Stop ticking; waits up to `timeout` seconds for the thread (the heartbeat already
        queued is still delivered by the monitor)."""
        self._stopping.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    def _run(self) -> None:
        last: Delivery | None = None
        while not self._stopping.is_set():
            try:
                if last is None or last.done:
                    last = self._beat()
            except Exception:  # keep beating whatever one tick did
                log.exception("the heartbeat loop failed to queue a heartbeat")
            self._stopping.wait(self._interval)
