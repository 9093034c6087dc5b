"""A TCP forwarder the test owns, standing between the app and a shared server (PostgreSQL,
Redis): `cut()` is what the app sees when that server restarts or its network goes away,
without touching the server other tests and CI use."""

import asyncio
import contextlib

from tests.e2e.app_process import free_port


class TcpProxy:
    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.port = free_port()
        self._server: asyncio.Server | None = None
        self._open: set[asyncio.StreamWriter] = set()
        self._flowing = asyncio.Event()
        self._flowing.set()
        self._hold_marker: bytes | None = None
        self.held = bytearray()  # what clients sent while held

    async def __aenter__(self) -> "TcpProxy":
        await self.accept()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.cut()

    async def accept(self) -> None:
        """Listen (again) on the same port and forward every connection."""
        if self._server is None:
            self._server = await asyncio.start_server(self._forward, "127.0.0.1", self.port)

    def hold_from(self, marker: bytes) -> None:
        """From the first client data containing `marker` on, stop forwarding what clients send
        (kept in `held`): that query, and any sent after it, is in flight until `cut()`."""
        self._hold_marker = marker

    async def cut(self) -> None:
        """Drop every forwarded connection and refuse new ones until `accept()`."""
        if self._server is not None:
            self._server.close()
            self._server = None
        for writer in list(self._open):
            writer.transport.abort()  # a reset, as from a server that went away
        self._open.clear()
        self.held.clear()
        self._hold_marker = None
        self._flowing.set()  # held data is dropped with its connection

    async def _forward(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.transport.abort()
            return
        self._open |= {writer, upstream_writer}
        await asyncio.gather(
            self._pipe(reader, upstream_writer, upstream=True),
            self._pipe(upstream_reader, writer, upstream=False),
            return_exceptions=True,
        )
        for end in (writer, upstream_writer):
            self._open.discard(end)
            end.transport.abort()

    async def _pipe(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, upstream: bool
    ) -> None:
        with contextlib.suppress(OSError):
            while data := await reader.read(65536):
                if upstream and self._hold_marker and self._hold_marker in data:
                    self._flowing.clear()
                if upstream and not self._flowing.is_set():
                    self.held += data
                    await self._flowing.wait()
                if writer.is_closing():
                    break
                writer.write(data)
                await writer.drain()
        writer.transport.abort()
