"""Whether Redis answers, for /api/v1/health. Only the bot's dialog state lives there (when
REDIS_URL is set): ingestion and alerts go on without it, so its state is reported, never a
reason to call the service unhealthy."""

import asyncio
from enum import StrEnum

from redis.asyncio import Redis
from redis.exceptions import RedisError

PROBE_TIMEOUT_SECONDS = 1.0


class RedisState(StrEnum):
    OK = "ok"
    UNAVAILABLE = "unavailable"
    NOT_CONFIGURED = "not configured"


class RedisProbe:
    def __init__(self, redis_url: str | None) -> None:
        # A connection is opened on the first ping, not here.
        self._client = Redis.from_url(redis_url) if redis_url else None

    async def state(self) -> RedisState:
        """A PING within a second: `ok`, else `unavailable` (refused, timed out, any error)."""
        if self._client is None:
            return RedisState.NOT_CONFIGURED
        try:
            # A bound on the whole probe, retries included: a black-holed address must not
            # hold the health check for redis' own (longer) timeouts.
            await asyncio.wait_for(self._client.ping(), PROBE_TIMEOUT_SECONDS)
        except (RedisError, OSError):  # TimeoutError is an OSError
            return RedisState.UNAVAILABLE
        return RedisState.OK

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()
