"""Servers the bench runs in child processes of their own (the bare ceiling, the floor, the
checks' target site), and what it reads of a process: its CPU time and its memory."""

import asyncio
import contextlib
import os
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp

from tests.e2e.app_process import free_port

TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Child:
    base_url: str
    pid: int


@contextlib.asynccontextmanager
async def child_server(program: list[str], *args: str) -> AsyncIterator[Child]:
    """`python <program> <free port> <args>` in a child process, once it answers a POST."""
    port = free_port()
    child = await asyncio.create_subprocess_exec(sys.executable, *program, str(port), *args)
    base = f"http://127.0.0.1:{port}"
    try:
        async with aiohttp.ClientSession() as session:
            for _ in range(100):
                try:
                    async with session.post(f"{base}/ready"):
                        break
                except aiohttp.ClientError:
                    await asyncio.sleep(0.1)
        yield Child(base, child.pid)
    finally:
        child.kill()
        await child.wait()


@contextlib.asynccontextmanager
async def child_app(program: list[str], *args: str) -> AsyncIterator[str]:
    """`child_server`'s address alone."""
    async with child_server(program, *args) as child:
        yield child.base_url


def cpu_seconds(pid: int) -> float:
    """User and system CPU time the process has used so far, all its threads."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime: fields 14 and 15


def memory_mb(pid: int, field: str) -> float:
    """`VmRSS` (now) or `VmHWM` (the peak so far) of the process, in MB."""
    status = Path(f"/proc/{pid}/status").read_text()
    kilobytes = next(line.split()[1] for line in status.splitlines() if line.startswith(field))
    return int(kilobytes) / 1024
