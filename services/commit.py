"""Group commit: the writes of concurrent requests share one transaction, so a burst pays for
one durable commit instead of one per request. Each request's work runs in its own savepoint
(tortoise nests `in_transaction` as savepoints): a request that fails rolls back alone, the
others commit. A caller gets its result only after the shared transaction has committed, so a
2xx still means "stored"."""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from tortoise.transactions import in_transaction

log = logging.getLogger(__name__)
T = TypeVar("T")
Work = Callable[[], Awaitable[Any]]
MAX_BATCH = 64


class GroupCommitter:
    def __init__(
        self, max_batch: int = MAX_BATCH, after_commit: Callable[[], None] = lambda: None
    ):
        self.max_batch = max_batch
        self.after_commit = after_commit  # e.g. wake the outbox sender
        self._queue: list[tuple[Work, asyncio.Future[Any]]] = []
        self._flusher: asyncio.Task[None] | None = None

    async def run(self, work: Callable[[], Awaitable[T]]) -> T:
        """Run `work` in the next shared transaction; its result once that has committed."""
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._queue.append((work, future))
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush_all(), name="group-commit")
        return await future

    async def _flush_all(self) -> None:
        # Requests that arrive while a batch commits wait for the next one: that wait is
        # what gathers them into a batch, with no timer to tune.
        while self._queue:
            batch, self._queue = self._queue[: self.max_batch], self._queue[self.max_batch :]
            await self._flush(batch)

    async def _flush(self, batch: list[tuple[Work, asyncio.Future[Any]]]) -> None:
        outcomes: list[tuple[asyncio.Future[Any], Any, BaseException | None]] = []
        try:
            async with in_transaction():
                for work, future in batch:
                    outcomes.append(await _attempt(work, future))
        except Exception as error:  # the commit itself failed: nothing in the batch is stored
            log.warning("group commit of %d requests failed: %s", len(batch), error)
            for _, future in batch:
                if not future.done():
                    future.set_exception(error)
            return
        for future, result, error in outcomes:
            if future.done():
                continue  # the client went away; its work is committed anyway
            if error is None:
                future.set_result(result)
            else:
                future.set_exception(error)
        self.after_commit()


async def _attempt(
    work: Work, future: asyncio.Future[Any]
) -> tuple[asyncio.Future[Any], Any, BaseException | None]:
    try:
        async with in_transaction():  # a savepoint inside the shared transaction
            return future, await work(), None
    except Exception as error:
        return future, None, error
