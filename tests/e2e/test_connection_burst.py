"""Many clients connecting at once to a busy app are queued by the kernel, not turned away."""

import asyncio
import signal
from pathlib import Path

from tests.e2e.app_process import AppProcess

# Well past aiohttp's default listen backlog (128), which made a burst wait a second per
# dropped connection attempt; within the app's LISTEN_BACKLOG.
BURST = 600


def listen_overflows() -> int:
    """Connection attempts the kernel has dropped because a listen queue was full."""
    names, values = Path("/proc/net/netstat").read_text().splitlines()[:2]
    return int(values.split()[names.split().index("ListenOverflows")])


async def test_a_burst_of_connections_to_a_busy_app_is_queued_not_dropped(
    app: AppProcess,
) -> None:
    assert app.process
    before = listen_overflows()
    app.process.send_signal(signal.SIGSTOP)  # as busy as can be: it accepts nothing
    try:
        connects = [
            asyncio.ensure_future(asyncio.open_connection("127.0.0.1", app.port))
            for _ in range(BURST)
        ]
        # Queued ones complete at once; a dropped one would only be retried after a second.
        await asyncio.wait(connects, timeout=10)
        dropped = listen_overflows() - before
    finally:
        app.process.send_signal(signal.SIGCONT)
    connections = await asyncio.gather(*connects)
    try:
        assert dropped == 0
        reader, writer = connections[-1]  # the last in the queue is served too
        writer.write(b"GET /api/v1/health HTTP/1.1\r\nHost: app\r\n\r\n")
        status_line = await asyncio.wait_for(reader.readline(), timeout=30)
        assert status_line.startswith(b"HTTP/1.1 200"), status_line
    finally:
        for _, writer in connections:
            writer.close()
