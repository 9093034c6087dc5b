"""A tiny recording HTTP server in a thread, standing in for the Error Monitor server."""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

TOKEN = "test-token"


@dataclass
class Recorded:
    path: str
    headers: dict[str, str]
    body: Any
    at: float


@dataclass
class Scripted:
    status: int
    headers: dict[str, str] = field(default_factory=dict)


class Recorder:
    """Records every request; answers 200 (heartbeat) or 201 (log) unless told otherwise.
    `hold()` makes requests wait until `release()`."""

    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self.script: deque[Scripted] = deque()
        self.gate = threading.Event()
        self.gate.set()
        self.lock = threading.Condition()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/api/v1"

    def answer(self, status: int, count: int = 1, **headers: str) -> None:
        self.script.extend(Scripted(status, headers) for _ in range(count))

    def hold(self) -> None:
        self.gate.clear()

    def release(self) -> None:
        self.gate.set()

    def record(self, path: str, headers: dict[str, str], raw: bytes) -> Scripted:
        with self.lock:
            body = json.loads(raw) if raw else None
            self.requests.append(Recorded(path, headers, body, time.monotonic()))
            self.lock.notify_all()
            if self.script:
                return self.script.popleft()
        return Scripted(201 if path.endswith("/log") else 200)

    def wait_for(self, count: int, timeout: float = 5.0) -> list[Recorded]:
        """The first `count` requests, waiting for them at most `timeout` seconds."""
        deadline = time.monotonic() + timeout
        with self.lock:
            while len(self.requests) < count:
                remaining = deadline - time.monotonic()
                assert remaining > 0, f"{len(self.requests)} requests, expected {count}"
                self.lock.wait(remaining)
            return self.requests[:count]

    def bodies(self) -> list[Any]:
        with self.lock:
            return [request.body for request in self.requests]


def _handler(recorder: Recorder) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            scripted = recorder.record(self.path, dict(self.headers), raw)
            recorder.gate.wait(30)
            payload = json.dumps({"ok": 200 <= scripted.status < 300}).encode()
            self.send_response(scripted.status)
            for name, value in {**scripted.headers, "Content-Type": "application/json"}.items():
                self.send_header(name.replace("_", "-"), value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler
