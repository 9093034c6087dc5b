"""Group commit: the writes of concurrent requests share one transaction, so a burst pays for
one durable commit instead of one per request. Each request's work runs in its own savepoint
(tortoise nests `in_transaction` as savepoints): a request that fails rolls back alone, the
others commit. Writes of one kind that can be done together (steady heartbeats) are handed to
one call that writes them all, in one savepoint when writes of other kinds share the
transaction (alone, its failure rolls the transaction back). A caller gets its result only
after the shared transaction has committed, so a 2xx still means "stored".

Every write path opens its transactions and savepoints with `atomic()`, which also keeps what
this process must undo if they roll back (`on_rollback`: rate-limit counts). When the database
undoes a whole transaction by itself (SQLite on a full disk or an I/O error), no write that
shared it may go on or be answered as stored: the failure reaches the batch, and each of its
callers gets it."""

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable, Sequence
from contextlib import asynccontextmanager, nullcontext
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeVar

from tortoise.transactions import in_transaction

from services.storage.db import transaction_undone

log = logging.getLogger(__name__)
T = TypeVar("T")
Work = Callable[[], Awaitable[Any]]
# Writes a batch of items with as few statements as it can; a result per item, in order (an
# exception instance is raised to that item's caller).
BatchWrite = Callable[[Sequence[Any]], Awaitable[Sequence[Any]]]
MAX_BATCH = 64


class Queued(NamedTuple):
    write: BatchWrite
    item: Any
    future: asyncio.Future[Any]
    wakes: bool
    key: Hashable  # writes of one key (a project's token) are applied in arrival order


Kinds = dict[BatchWrite, list[Queued]]  # a round's writes by kind, kinds in order of arrival


class GroupCommitter:
    """`shares_transactions`: a batch's writes share one transaction (group commit); else each
    write of the batch commits by itself (PostgreSQL's many connections run transactions side
    by side, and a shared one would hold many projects' row locks), in the same order."""

    def __init__(
        self,
        max_batch: int = MAX_BATCH,
        after_commit: Callable[[], None] = lambda: None,
        shares_transactions: bool = True,
    ):
        self.max_batch = max_batch
        self.after_commit = after_commit  # e.g. wake the outbox sender
        self.shares_transactions = shares_transactions
        self._queue: list[Queued] = []
        self._flusher: asyncio.Task[None] | None = None

    @property
    def queued(self) -> int:
        """Writes waiting for the next batch (the one committing now not counted)."""
        return len(self._queue)

    async def run(self, work: Callable[[], Awaitable[T]], key: Hashable = None) -> T:
        """Run `work` in the next shared transaction; its result once that has committed."""
        result: T = await self.run_together(one_by_one, work, wakes=True, key=key)
        return result

    async def run_together(
        self, write: BatchWrite, item: Any, wakes: bool = False, key: Hashable = None
    ) -> Any:
        """Hand `item` to the call of `write` that takes all such items of the next shared
        transaction; the item's result once that has committed. `wakes`: the write may queue
        notifications, so its commit wakes the outbox sender (`after_commit`). Writes with the
        same `key` are applied in the order they came, whatever their kinds (None: no order
        to keep with any other write)."""
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._queue.append(Queued(write, item, future, wakes, object() if key is None else key))
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush_all(), name="group-commit")
        return await future

    async def _flush_all(self) -> None:
        # Requests that arrive while a batch commits wait for the next one: that wait is
        # what gathers them into a batch, with no timer to tune.
        while self._queue:
            batch, self._queue = self._queue[: self.max_batch], self._queue[self.max_batch :]
            await self._flush(batch)

    async def _flush(self, batch: list[Queued]) -> None:
        outcomes: list[tuple[asyncio.Future[Any], Any]] = []
        rounds = _in_rounds(batch)
        alone = len(rounds) == 1 and len(rounds[0]) == 1
        try:
            if alone and getattr(next(iter(rounds[0])), "commits_itself", False):
                await _write(rounds[0], outcomes, alone)  # no shared transaction needed
            elif not self.shares_transactions:
                for kinds in rounds:  # each write commits by itself, in order
                    await _write(kinds, outcomes, alone, shared=False)
            else:
                async with atomic():
                    for kinds in rounds:
                        await _write(kinds, outcomes, alone)
        except Exception as error:  # the commit (or a write alone without one) failed: none stored
            log.warning("group commit of %d requests failed: %s", len(batch), error)
            # A commit on a connection that a request's query already found dead says only
            # "connection closed"; that earlier error tells callers why (an outage: 503).
            failures = [result for _, result in outcomes if isinstance(result, BaseException)]
            if error.__cause__ is None and failures:
                error.__cause__ = failures[0]
            for queued in batch:
                if not queued.future.done():
                    queued.future.set_exception(error)
            return
        for future, result in outcomes:
            if future.done():
                continue  # the client went away; its work is committed anyway
            if isinstance(result, BaseException):
                future.set_exception(result)
            else:
                future.set_result(result)
        if any(queued.wakes for queued in batch):
            self.after_commit()


def commits_itself(write: BatchWrite) -> BatchWrite:
    """Marks a batch write that commits what it writes by itself, each item whole or not at all (a
    transaction of its own when none is open). A batch of it alone then needs no shared transaction
    around it: on SQLite that saves BEGIN's and COMMIT's statements, and a trip to the driver's
    thread (docs/BENCHMARKS.md). With other kinds of write it shares theirs as any write does."""
    write.commits_itself = True  # type: ignore[attr-defined]
    return write


async def _write(
    kinds: Kinds,
    outcomes: list[tuple[asyncio.Future[Any], Any]],
    alone: bool,
    shared: bool = True,
) -> None:
    for write, queued in kinds.items():
        items = [each.item for each in queued]
        # Alone in the batch, a write that fails fails it all (each of its callers gets its
        # error, as from _attempt): no savepoint needed.
        results = await (write(items) if alone else _attempt(write, items, shared))
        outcomes += zip([each.future for each in queued], results, strict=True)


def _in_rounds(batch: list[Queued]) -> list[Kinds]:
    """The batch's writes grouped by kind, in as few rounds as keep each key's writes in the
    order they came: a write whose key's previous write is of another kind goes a round later.
    Within a kind, a batch write keeps the order of its items. Usually one round."""
    rounds: list[Kinds] = []
    latest: dict[Hashable, tuple[int, BatchWrite]] = {}  # key → its latest write's round, kind
    for queued in batch:
        round_ = 0
        if queued.key in latest:
            previous, kind = latest[queued.key]
            round_ = previous if kind == queued.write else previous + 1  # bound methods: ==
        latest[queued.key] = (round_, queued.write)
        if round_ == len(rounds):
            rounds.append({})
        rounds[round_].setdefault(queued.write, []).append(queued)
    return rounds


async def _attempt(write: BatchWrite, items: list[Any], shared: bool) -> Sequence[Any]:
    """The batch's results; if the write fails, every item gets the error, while the rest of
    the batch goes on: in a shared transaction, the write's savepoint rolls back."""
    try:
        async with atomic() if shared else nullcontext():  # a savepoint, or commits itself
            return await write(items)
    except Exception as error:
        return [failed_alone(error)] * len(items)


async def one_by_one(works: Sequence[Work]) -> list[Any]:
    """Independent works: each in a savepoint of its own (in a transaction of its own when none
    is open), so one that fails rolls back alone."""
    results = []
    for work in works:
        try:
            async with atomic():
                results.append(await work())
        except Exception as error:
            results.append(failed_alone(error))
    return results


@dataclass
class _Scope:
    """A transaction or savepoint opened by `atomic`, and what to undo in this process if it
    rolls back."""

    undo: list[Callable[[], None]] = field(default_factory=list)


_scope: ContextVar[_Scope | None] = ContextVar("transaction_scope", default=None)


@asynccontextmanager
async def atomic() -> AsyncIterator[None]:
    """tortoise's `in_transaction` (a savepoint inside another), with the undo actions that what
    runs inside registers (`on_rollback`): run if it rolls back or fails to commit; handed to
    the enclosing transaction if it is a savepoint that was released (that one may still roll
    back); forgotten once a transaction has committed."""
    enclosing = _scope.get()
    scope = _Scope()
    token = _scope.set(scope)
    try:
        async with in_transaction():
            yield
    except BaseException:
        for undo in reversed(scope.undo):
            undo()
        raise
    finally:
        _scope.reset(token)
    if enclosing is not None:
        enclosing.undo += scope.undo


def on_rollback(undo: Callable[[], None]) -> None:
    """Call `undo` if the transaction written in now rolls back (nothing outside `atomic`:
    what was written there has committed already)."""
    scope = _scope.get()
    if scope is not None:
        scope.undo.append(undo)


def failed_alone(error: Exception) -> Exception:
    """`error` as the result of the one write that failed (its savepoint or transaction rolled
    back, the rest goes on), or raised again when the database undid the enclosing transaction
    by itself (SQLite on a full disk): then every write that shared it is gone too, and the
    statements that followed would run outside any transaction, each committing by itself."""
    if _scope.get() is not None and transaction_undone(error):
        raise error
    return error
