"""A load generator that leaves the machine to the app: prebuilt HTTP/1.1 requests on
keep-alive connections, answers read by their Content-Length. aiohttp's client, the bench's
earlier generator, spent about 0.3 ms of the same two cores on each request, as much as the app
spends on a heartbeat, so the bench measured the generator nearly as much as the app (and the
bare ceiling mostly the generator). This one spends about 0.03–0.05 ms (docs/BENCHMARKS.md)."""

import asyncio
from urllib.parse import urlsplit


def post_request(base_url: str, path: str, body: bytes) -> bytes:
    """The bytes of one POST of `body` (JSON) to `path`, ready to be written again and again."""
    host = urlsplit(base_url).netloc
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


class KeepAliveConnection:
    """One connection that sends requests one after another and reads each answer whole."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer

    @classmethod
    async def open(cls, base_url: str) -> "KeepAliveConnection":
        address = urlsplit(base_url)
        assert address.hostname and address.port, base_url
        return cls(*await asyncio.open_connection(address.hostname, address.port))

    async def send(self, request: bytes) -> tuple[int, bytes]:
        """The answer's status and body."""
        self.writer.write(request)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status_line, *headers = head.decode("latin-1").split("\r\n")
        status = int(status_line.split(" ", 2)[1])
        fields = dict(line.lower().split(": ", 1) for line in headers if line)
        length = fields.get("content-length")
        if length is None:  # the app always answers with a length; anything else is a bug here
            raise ValueError(f"an answer without Content-Length: {status_line}")
        return status, await self.reader.readexactly(int(length))

    def close(self) -> None:
        self.writer.close()
