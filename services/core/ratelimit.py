"""Limits counted in this process: a project's events a minute, a project's requests at once,
all projects' requests at once, and those of tokens not seen to work."""

import itertools
import math
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from services.core.errors import Overloaded, RateLimited, UnknownToken

WINDOW_SECONDS = 60
# High enough for a fleet of workers reporting the same second, low enough that a storm waits
# in a bounded queue.
DEFAULT_IN_FLIGHT_PER_PROJECT = 100
# Storms of many projects at once: the queue, and the memory its requests hold, stay bounded
# (about two thirds of a second of work at the app's rate on SQLite, docs/BENCHMARKS.md).
DEFAULT_IN_FLIGHT_TOTAL = 1000
# Tokens that worked, remembered so that they wait in the known tokens' places (a few MB at
# most); tokens the database refused, remembered for UNKNOWN_TTL seconds so that a flood of one
# made-up token is refused without waiting for it.
KNOWN_TOKENS = 100_000
REFUSED_TOKENS = 10_000
UNKNOWN_TTL = 60.0


@dataclass
class RateLimiter:
    """Safe to call from SQLite's thread too, where steady heartbeats are counted
    (services/ingest/steady_beats.py)."""

    per_minute: int
    _windows: dict[int, tuple[int, int]] = field(default_factory=dict)  # id → (window, count)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def admit(self, project_id: int, now: datetime) -> None:
        """Count one event; RateLimited when the project is over its limit this minute."""
        window = int(now.timestamp()) // WINDOW_SECONDS
        with self._lock:
            current, count = self._windows.get(project_id, (window, 0))
            if current != window:
                count = 0
            if count < self.per_minute:
                self._windows[project_id] = (window, count + 1)
                return
        retry_after = math.ceil((window + 1) * WINDOW_SECONDS - now.timestamp())
        raise RateLimited(f"over {self.per_minute} events a minute", max(1, retry_after))

    def refund(self, project_id: int, now: datetime) -> None:
        """Give back a count taken by `admit` for an event that was not stored after all."""
        window = int(now.timestamp()) // WINDOW_SECONDS
        with self._lock:
            current, count = self._windows.get(project_id, (window, 0))
            if current == window and count:
                self._windows[project_id] = (window, count - 1)


@dataclass
class RecentTokens:
    """What this process learnt of tokens lately, for the spike guard: those that worked
    (`known`, at most KNOWN_TOKENS, the oldest forgotten first) and those the database did not
    know (`refused`, at most REFUSED_TOKENS, each for UNKNOWN_TTL seconds).

    Forgetting a refused token after UNKNOWN_TTL is what lets it work if it is issued later:
    by another instance, or written into the database by hand. Tokens this app issues are 128
    random bits, so a new or rotated one was never sent before and cannot be in `refused`:
    nothing needs clearing when a project is created or its token rotated here."""

    clock: Callable[[], float] = time.monotonic
    _known: dict[str, None] = field(default_factory=dict)
    _refused: dict[str, float] = field(default_factory=dict)  # token → when it is forgotten

    def knows(self, token: str) -> bool:
        return token in self._known

    def refused_lately(self, token: str) -> bool:
        forgotten_at = self._refused.get(token)
        if forgotten_at is None:
            return False
        if forgotten_at > self.clock():
            return True
        del self._refused[token]
        return False

    def worked(self, token: str) -> None:
        if token not in self._known:
            if len(self._known) >= KNOWN_TOKENS:
                del self._known[next(iter(self._known))]
            self._known[token] = None

    def unknown(self, token: str) -> None:
        self._known.pop(token, None)  # rotated or deleted: unknown from now on
        self._refused.pop(token, None)  # to the end: the dict stays in expiry order
        now = self.clock()
        # The oldest go first: those forgotten by now, or one to make room. Two at most per
        # call, so the expired ones never pile up and no call reads them all.
        for oldest, forgotten_at in list(itertools.islice(self._refused.items(), 2)):
            if forgotten_at > now and len(self._refused) < REFUSED_TOKENS:
                break
            del self._refused[oldest]
        self._refused[token] = now + UNKNOWN_TTL


@dataclass
class SpikeGuard:
    """At most `per_project` requests of one project wait for the database at once. A storm
    beyond that is answered 429 before it touches the database, so another project's request
    queues behind at most `per_project` of the storm's instead of all of them. Keyed by token:
    a storm is refused without even looking its project up. Beyond `total` requests of all
    projects, every project's is refused (503) until the queue drains: storms of many projects
    at once cannot grow it, or the memory it holds, without bound.

    Made-up tokens cannot take the real projects' places. A token the database refused lately
    is refused again at once (UnknownToken, 401), without waiting for it (`tokens`). A token
    not seen to work yet (made up, or a project's created since the start) may wait only in a share
    of its own, `unverified` of the `total` places (half by default); beyond it, such requests
    get 503 with Retry-After 1. A flood of distinct random tokens, each new, therefore fills at
    most that share: tokens that have worked keep the other half, whatever the flood does. The
    price: while the share is full, the first request of a project created since the start
    (the app learns existing projects' tokens when it starts, api/app.py)
    is refused like the flood's until the queue drains, and then goes in."""

    per_project: int
    total: int = DEFAULT_IN_FLIGHT_TOTAL
    unverified: int = 0  # 0: half of `total`
    tokens: RecentTokens = field(default_factory=RecentTokens)
    _waiting: Counter[str] = field(default_factory=Counter)
    _all_waiting: int = 0
    _waiting_unverified: Counter[str] = field(default_factory=Counter)
    _all_waiting_unverified: int = 0

    def __post_init__(self) -> None:
        self.unverified = self.unverified or max(1, self.total // 2)

    def enter(self, token: str) -> None:
        """Count a request as waiting for the database, until `leave` (in a `finally`); refused
        with UnknownToken, Overloaded or RateLimited when it may not wait. Two calls rather
        than a context manager: every request passes here, and `with` costs it two more."""
        if self.tokens.refused_lately(token):
            raise UnknownToken("unknown project token")
        if self._all_waiting >= self.total:
            raise Overloaded(
                f"more than {self.total} requests wait for the database; nothing was stored, "
                "retry later",
                1,
            )
        unverified = not self.tokens.knows(token)
        if unverified and self._all_waiting_unverified >= self.unverified:
            raise Overloaded(
                f"more than {self.unverified} requests with tokens not seen to work yet wait "
                "for the database; nothing was stored, retry later",
                1,
            )
        if self._waiting[token] >= self.per_project:
            raise RateLimited(
                f"more than {self.per_project} requests of this project at once; slow down", 1
            )
        self._waiting[token] += 1
        self._all_waiting += 1
        if unverified:
            self._waiting_unverified[token] += 1
            self._all_waiting_unverified += 1

    def leave(self, token: str) -> None:
        self._all_waiting -= 1
        _count_down(self._waiting, token)
        if token in self._waiting_unverified:  # it may have worked meanwhile: still counted
            self._all_waiting_unverified -= 1
            _count_down(self._waiting_unverified, token)

    def worked(self, token: str) -> None:
        """The token's request was answered: it belongs to a project."""
        self.tokens.worked(token)

    def unknown(self, token: str) -> None:
        """The database knows no project with this token (UnknownToken)."""
        self.tokens.unknown(token)


def _count_down(counter: Counter[str], token: str) -> None:
    counter[token] -= 1
    if not counter[token]:
        del counter[token]
