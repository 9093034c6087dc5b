"""Fixtures: the recording server, a refused port, monitors that are closed after each test."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest
from error_monitor import ErrorMonitor
from sdk_server import TOKEN, Recorder


@pytest.fixture
def server() -> Iterator[Recorder]:
    recorder = Recorder()
    recorder.thread.start()
    try:
        yield recorder
    finally:
        recorder.release()
        recorder.server.shutdown()
        recorder.server.server_close()


@pytest.fixture
def closed_port_url() -> str:
    """An API URL where nothing listens: connections are refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/api/v1"


@pytest.fixture
def make_monitor() -> Iterator[Any]:
    """Builds monitors with fast retries; closes them after the test."""
    made: list[ErrorMonitor] = []

    def make(url: str, **settings: Any) -> ErrorMonitor:
        defaults: dict[str, Any] = {"backoff": 0.01, "flush_at_exit": 0}
        monitor = ErrorMonitor(TOKEN, url, **{**defaults, **settings})
        made.append(monitor)
        return monitor

    yield make
    for monitor in made:
        monitor.close(timeout=0)
