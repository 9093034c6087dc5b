"""Group commit: the writes of concurrent requests share one transaction, so a burst pays for
one durable commit instead of one per request. Each request's work runs in its own savepoint
(`storage.transaction` nests as savepoints): a request that fails rolls back alone, the
others commit. Writes of one kind that can be done together (steady heartbeats) are handed to
one call that writes them all, in one savepoint when writes of other kinds share the
transaction (alone, its failure rolls the transaction back). A caller gets its result only
after the shared transaction has committed, so a 2xx still means "stored".

Every write path opens its transactions and savepoints with `atomic()`, which also keeps what
this process must undo if they roll back (`on_rollback`: rate-limit counts). When the database
undoes a whole transaction by itself (SQLite on a full disk or an I/O error), no write that
shared it may go on or be answered as stored: the failure reaches the batch, and each of its
callers gets it.

A batch write answers each of its items with an `Outcome`: `Stored(value, announced)` or
`Refused(error)` (raised to that caller). A batch whose statements are a step (services/storage/
steps.py) is kept whole by `kept_whole`, which also takes its rate-limit counts (`counted`):
given back if it fails, or if the transaction it wrote in rolls back later."""

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager, nullcontext
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Generic, NamedTuple, Protocol, TypeVar, cast

from services.core.ratelimit import RateLimiter
from services.storage import sql
from services.storage.db import transaction_undone
from services.storage.steps import CannotAwait, Steps
from services.storage.transaction import transaction

log = logging.getLogger(__name__)
T = TypeVar("T")
I = TypeVar("I")  # noqa: E741  (the item a batch write takes)
R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)
MAX_BATCH = 64


@dataclass(frozen=True, slots=True)
class Stored(Generic[R_co]):
    """A write's result once committed. `announced`: it may have queued a notification, so the
    outbox sender should look."""

    value: R_co
    announced: bool = False


@dataclass(frozen=True, slots=True)
class Refused:
    """A write that was not stored; `error` is raised to its caller."""

    error: Exception


Outcome = Stored[R_co] | Refused
# Writes a batch of items with as few statements as it can; an outcome per item, in order.
BatchWrite = Callable[[Sequence[I]], Awaitable[Sequence[Outcome[R]]]]
Work = Callable[[], Awaitable[T]]


class _Settled(NamedTuple):
    """An outcome ready to hand to its caller once the batch has committed."""

    hand_out: Callable[[], None]
    error: Exception | None


class _Pending(Protocol):
    """A queued write of any kind, as the batch sees it."""

    @property
    def kind(self) -> Hashable: ...
    @property
    def key(self) -> Hashable: ...
    @property
    def wakes(self) -> bool: ...
    @property
    def commits_itself(self) -> bool: ...
    def fail(self, error: Exception) -> None: ...
    async def write_all(self, kind: Sequence["_Pending"]) -> list[_Settled]: ...


@dataclass(slots=True)
class _Queued(Generic[I, R]):
    kind: BatchWrite[I, R]
    item: I
    future: asyncio.Future[Stored[R]]
    wakes: bool
    commits_itself: bool
    key: Hashable  # writes of one key (a project's token) are applied in arrival order

    async def write_all(self, kind: Sequence[_Pending]) -> list[_Settled]:
        """The items of `kind`, this one's kind (the batch groups them by `kind`), written by
        one call."""
        same = cast("Sequence[_Queued[I, R]]", kind)
        outcomes = await self.kind([queued.item for queued in same])
        return [
            _Settled(partial(queued.hand_out, outcome), _error(outcome))
            for queued, outcome in zip(same, outcomes, strict=True)
        ]

    def hand_out(self, outcome: Outcome[R]) -> None:
        if self.future.done():
            return  # the client went away; its work is committed anyway
        if isinstance(outcome, Refused):
            self.future.set_exception(outcome.error)
        else:
            self.future.set_result(outcome)

    def fail(self, error: Exception) -> None:
        if not self.future.done():
            self.future.set_exception(error)


def _error(outcome: Outcome[object]) -> Exception | None:
    return outcome.error if isinstance(outcome, Refused) else None


Kinds = dict[Hashable, list[_Pending]]  # a round's writes by kind, kinds in order of arrival


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
        self._queue: list[_Pending] = []
        self._flusher: asyncio.Task[None] | None = None

    @property
    def queued(self) -> int:
        """Writes waiting for the next batch (the one committing now not counted)."""
        return len(self._queue)

    async def run(self, work: Work[T], key: Hashable = None) -> T:
        """Run `work` in the next shared transaction; its result once that has committed."""
        stored = await self.run_together(one_by_one, work, wakes=True, key=key)
        return stored.value

    async def run_together(
        self,
        write: BatchWrite[I, R],
        item: I,
        wakes: bool = False,
        key: Hashable = None,
        commits_itself: bool = False,
    ) -> Stored[R]:
        """Hand `item` to the call of `write` that takes all such items of the next shared
        transaction; the item's outcome once that has committed (a refusal is raised).
        `wakes`: the write may queue notifications, so its commit wakes the outbox sender
        (`after_commit`). Writes with the same `key` are applied in the order they came,
        whatever their kinds (None: no order to keep with any other write).
        `commits_itself`: `write` commits what it writes by itself, each item whole or not at
        all (a transaction of its own when none is open). A batch of it alone then needs no
        shared transaction around it: on SQLite that saves BEGIN's and COMMIT's statements, and
        a trip to the database's thread (docs/BENCHMARKS.md). With other kinds of write it
        shares theirs as any write does."""
        future: asyncio.Future[Stored[R]] = asyncio.get_running_loop().create_future()
        order = object() if key is None else key
        self._queue.append(_Queued(write, item, future, wakes, commits_itself, order))
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush_all(), name="group-commit")
        return await future

    async def _flush_all(self) -> None:
        # Requests that arrive while a batch commits wait for the next one: that wait is
        # what gathers them into a batch, with no timer to tune.
        while self._queue:
            batch, self._queue = self._queue[: self.max_batch], self._queue[self.max_batch :]
            await self._flush(batch)

    async def _flush(self, batch: list[_Pending]) -> None:
        settled: list[_Settled] = []
        rounds = _in_rounds(batch)
        alone = len(rounds) == 1 and len(rounds[0]) == 1
        try:
            if alone and batch[0].commits_itself:
                await _write(rounds[0], settled, alone)  # no shared transaction needed
            elif not self.shares_transactions:
                for kinds in rounds:  # each write commits by itself, in order
                    await _write(kinds, settled, alone, shared=False)
            else:
                async with atomic():
                    for kinds in rounds:
                        await _write(kinds, settled, alone)
        except Exception as error:  # the commit (or a write alone without one) failed: none stored
            log.warning("group commit of %d requests failed: %s", len(batch), error)
            # A commit on a connection that a request's query already found dead says only
            # "connection closed"; that earlier error tells callers why (an outage: 503).
            failures = [each.error for each in settled if each.error is not None]
            if error.__cause__ is None and failures:
                error.__cause__ = failures[0]
            for queued in batch:
                queued.fail(error)
            return
        for each in settled:
            each.hand_out()
        if any(queued.wakes for queued in batch):
            self.after_commit()


async def _write(kinds: Kinds, settled: list[_Settled], alone: bool, shared: bool = True) -> None:
    for queued in kinds.values():
        # Alone in the batch, a write that fails fails it all (each of its callers gets its
        # error, as from _attempt): no savepoint needed.
        first = queued[0]
        settled += await (first.write_all(queued) if alone else _attempt(first, queued, shared))


def _in_rounds(batch: list[_Pending]) -> list[Kinds]:
    """The batch's writes grouped by kind, in as few rounds as keep each key's writes in the
    order they came: a write whose key's previous write is of another kind goes a round later.
    Within a kind, a batch write keeps the order of its items. Usually one round."""
    rounds: list[Kinds] = []
    latest: dict[Hashable, tuple[int, Hashable]] = {}  # key → its latest write's round, kind
    for queued in batch:
        round_ = 0
        if queued.key in latest:
            previous, kind = latest[queued.key]
            round_ = previous if kind == queued.kind else previous + 1  # bound methods: ==
        latest[queued.key] = (round_, queued.kind)
        if round_ == len(rounds):
            rounds.append({})
        rounds[round_].setdefault(queued.kind, []).append(queued)
    return rounds


async def _attempt(first: _Pending, kind: list[_Pending], shared: bool) -> list[_Settled]:
    """The kind's outcomes; if the write fails, every item gets the error, while the rest of
    the batch goes on: in a shared transaction, the write's savepoint rolls back."""
    try:
        async with atomic() if shared else nullcontext():  # a savepoint, or commits itself
            return await first.write_all(kind)
    except Exception as error:
        refused = failed_alone(error)
        return [_Settled(partial(queued.fail, refused), refused) for queued in kind]


async def one_by_one(works: Sequence[Work[T]]) -> list[Outcome[T]]:
    """Independent works: each in a savepoint of its own (in a transaction of its own when none
    is open), so one that fails rolls back alone."""
    outcomes: list[Outcome[T]] = []
    for work in works:
        try:
            async with atomic():
                outcomes.append(Stored(await work()))
        except Exception as error:
            outcomes.append(Refused(failed_alone(error)))
    return outcomes


class Counts:
    """Rate-limit counts taken for what a batch writes (`counted`)."""

    def __init__(self, limiter: RateLimiter) -> None:
        self.limiter = limiter
        self._taken: list[tuple[int, datetime]] = []

    def admit(self, project_id: int, at: datetime) -> None:
        """Count one against the project's limit (RateLimited beyond it)."""
        self.limiter.admit(project_id, at)
        self._taken.append((project_id, at))

    def give_back(self, project_id: int, at: datetime) -> None:
        """One count taken here that is not needed after all (the write went another way)."""
        self._taken.remove((project_id, at))
        self.limiter.refund(project_id, at)

    def give_all_back(self) -> None:
        taken, self._taken = self._taken, []
        for project_id, at in taken:
            self.limiter.refund(project_id, at)


@contextmanager
def counted(limiter: RateLimiter) -> Iterator[Counts]:
    """Counts taken inside are given back if the block fails (nothing of it is stored), or,
    if it ends well, when the transaction it wrote in rolls back or fails to commit."""
    counts = Counts(limiter)
    try:
        yield counts
    except BaseException:
        counts.give_all_back()
        raise
    on_rollback(counts.give_all_back)


async def kept_whole(steps: Callable[[Counts], Steps[T]], limiter: RateLimiter) -> T:
    """The steps written whole or not at all, with the rate-limit counts they take: in one trip
    on SQLite when no transaction is open (`sql.in_one_trip`), else statement by
    statement in `atomic()` (a savepoint of the caller's transaction, or one of its own). Steps
    that must await something (`Awaiting`: an alert) give the trip up, undone, and run the
    second way. `steps` is called once per attempt: a generator runs once."""
    trip = sql.one_trip()
    if trip is not None:
        try:
            with counted(limiter) as counts:
                return await sql.in_one_trip(trip, steps(counts))
        except CannotAwait:
            pass
    async with atomic():
        with counted(limiter) as counts:
            return await sql.run(steps(counts))


@dataclass
class _Scope:
    """A transaction or savepoint opened by `atomic`, and what to undo in this process if it
    rolls back."""

    undo: list[Callable[[], None]] = field(default_factory=list)


_scope: ContextVar[_Scope | None] = ContextVar("transaction_scope", default=None)


@asynccontextmanager
async def atomic() -> AsyncIterator[None]:
    """`storage.transaction` (a savepoint inside another), with the undo actions that what
    runs inside registers (`on_rollback`): run if it rolls back or fails to commit; handed to
    the enclosing transaction if it is a savepoint that was released (that one may still roll
    back); forgotten once a transaction has committed."""
    enclosing = _scope.get()
    scope = _Scope()
    token = _scope.set(scope)
    try:
        async with transaction():
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
