"""The real app (`python main.py ...`) in a child process, as a user runs it."""

import asyncio
import os
import random
import signal
import socket
import sys
import time
from pathlib import Path
from typing import Any

import aiohttp
import orjson

ROOT = Path(__file__).resolve().parents[2]
MAIN = ROOT / "main.py"
BOT_TOKEN = "123456789:TEST-token_for_the_double"


def free_port() -> int:
    """A free port below the ephemeral range: outgoing connections (which take ephemeral
    ports) can then never grab it between this check and the app's bind."""
    low, _ = (int(n) for n in Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split())
    for _ in range(100):
        port = random.randint(10_000, low - 1)
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port found below the ephemeral range")


class AppProcess:
    def __init__(self, workdir: Path, database_url: str, telegram_url: str, **env: str) -> None:
        self.workdir = workdir
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("TEST_")},
            "BOT_TOKEN": BOT_TOKEN,
            "DATABASE_URL": database_url,
            "TELEGRAM_API_URL": telegram_url,
            "API_HOST": "127.0.0.1",
            "API_PORT": str(self.port),
            "PUBLIC_URL": self.base_url,
            "DEFAULT_LOCALE": "ru",
            "LOG_LEVEL": "INFO",
            **env,
        }
        self.process: asyncio.subprocess.Process | None = None
        self.log_path = workdir / "app.log"

    async def start(self, timeout: float = 30.0) -> None:
        log = self.log_path.open("ab")
        self.process = await asyncio.create_subprocess_exec(
            sys.executable,
            str(MAIN),
            "run",
            cwd=self.workdir,
            env=self.env,
            stdout=log,
            stderr=asyncio.subprocess.STDOUT,
        )
        log.close()
        await self.wait_healthy(timeout)

    async def wait_healthy(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        async with aiohttp.ClientSession() as session:
            while time.monotonic() < deadline:
                assert self.process and self.process.returncode is None, self.log()
                try:
                    async with session.get(f"{self.base_url}/api/v1/health") as answer:
                        if answer.status == 200:
                            return
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.1)
        raise AssertionError(f"the app did not become healthy in {timeout} s\n{self.log()}")

    def kill(self) -> None:
        """kill -9: no cleanup at all."""
        assert self.process
        self.process.send_signal(signal.SIGKILL)

    async def wait_exit(self, timeout: float = 10.0) -> int:
        assert self.process
        return await asyncio.wait_for(self.process.wait(), timeout)

    async def terminate(self) -> tuple[int, float]:
        """SIGTERM; returns the exit code and how long the process took to exit."""
        assert self.process
        started = time.monotonic()
        self.process.send_signal(signal.SIGTERM)
        code = await self.wait_exit(timeout=15)
        return code, time.monotonic() - started

    async def stop(self) -> None:
        if self.process and self.process.returncode is None:
            self.process.send_signal(signal.SIGKILL)
            await self.process.wait()

    async def cli(self, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
        child = await asyncio.create_subprocess_exec(
            sys.executable,
            str(MAIN),
            *args,
            cwd=self.workdir,
            env=env or self.env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, err = await asyncio.wait_for(child.communicate(), 60)
        assert child.returncode is not None
        return child.returncode, out.decode(), err.decode()

    async def add_project(
        self, name: str, timeout: str = "1h", type_: str = "bot"
    ) -> dict[str, Any]:
        code, out, err = await self.cli(
            "add-project",
            "--name",
            name,
            "--type",
            type_,
            "--url",
            "https://example.com",
            "--timeout",
            timeout,
            "--json",
        )
        assert code == 0, err
        return dict(orjson.loads(out))

    async def subscribe(self, chat_id: int, project: str) -> None:
        code, _, err = await self.cli("subscribe", "--chat-id", str(chat_id), "--project", project)
        assert code == 0, err

    async def post(self, path: str, body: Any) -> tuple[int, dict[str, Any]]:
        async with aiohttp.ClientSession() as session:
            async with session.post(f"{self.base_url}{path}", json=body) as answer:
                return answer.status, await answer.json()

    async def health(self) -> dict[str, Any]:
        async with aiohttp.ClientSession() as session:
            async with session.get(f"{self.base_url}/api/v1/health") as answer:
                return dict(await answer.json())

    async def wait_outbox_empty(self, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while (await self.health())["outbox_pending"]:
            assert time.monotonic() < deadline, "the outbox did not drain in time"
            await asyncio.sleep(0.05)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-5000:] if self.log_path.exists() else ""
