"""A bounded in-memory queue of reports and the background thread that delivers them."""

from __future__ import annotations

import logging
import os
import threading
import time
import weakref
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from error_monitor._transport import Answer, Verdict, retry_delay, verdict
from error_monitor.delivery import Delivery, DeliveryStats, Outcome

log = logging.getLogger("error_monitor")

Overflow = Literal["drop_oldest", "drop_newest"]
Sender = Callable[[Delivery, float], Answer]


@dataclass(frozen=True)
class RetryPolicy:
    """`timeout` per attempt; up to `max_retries` retries after the first attempt, waiting
    `backoff` seconds doubled each time (or the server's Retry-After), at most `max_backoff`."""

    timeout: float = 5.0
    max_retries: int = 3
    backoff: float = 0.5
    max_backoff: float = 30.0


class Outbox:
    """Reports in order, delivered one at a time by a daemon thread started on demand.

    At most `capacity` reports wait; when full, `overflow` drops the oldest waiting report or
    the new one (counted as dropped). A forked child starts with an empty queue: the parent
    delivers what was queued before the fork.
    """

    def __init__(
        self, send: Sender, policy: RetryPolicy, capacity: int, overflow: Overflow
    ) -> None:
        self._send = send
        self._policy = policy
        self._capacity = capacity
        self._overflow = overflow
        self._counts: Counter[str] = Counter()
        self._closed = False
        self._unavailable = False
        self._reset()
        if hasattr(os, "register_at_fork"):
            os.register_at_fork(after_in_child=_reset_in_child(weakref.ref(self)))

    def _reset(self) -> None:
        self._cond = threading.Condition()
        self._queue: deque[Delivery] = deque()
        self._busy: Delivery | None = None
        self._thread: threading.Thread | None = None
        self._abort = threading.Event()

    def put(self, delivery: Delivery) -> None:
        """Queue `delivery` (or drop it, see the class) and make sure the thread runs."""
        with self._cond:
            dropped = [delivery] if self._closed else self._make_room(delivery)
            if delivery not in dropped:
                self._queue.append(delivery)
                self._cond.notify_all()
            unavailable = self._unavailable
        for victim in dropped:
            self._finish(victim, Outcome.DROPPED)
        if unavailable:
            delivery.settle()
        self._ensure_worker()

    def _make_room(self, delivery: Delivery) -> list[Delivery]:
        if len(self._queue) < self._capacity:
            return []
        if self._overflow == "drop_newest":
            return [delivery]
        return [self._queue.popleft()]

    def stats(self) -> DeliveryStats:
        with self._cond:
            waiting = len(self._queue) + (self._busy is not None)
            return DeliveryStats(queued=waiting, **{k: self._counts[k] for k in _COUNTED})

    def flush(self, timeout: float) -> bool:
        """Wait until nothing is queued or being sent, at most `timeout` seconds. Where no
        thread can be started (interpreter shutdown), deliver in the calling thread instead.
        True if everything queued got its outcome in time."""
        deadline = time.monotonic() + max(timeout, 0.0)
        with self._cond:
            pending = bool(self._queue)
        if pending and not self._ensure_worker():
            self._drain_here(deadline)
        with self._cond:
            while self._queue or self._busy is not None:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._cond.wait(remaining)
        return True

    def close(self, timeout: float) -> bool:
        """Flush for at most `timeout` seconds, then stop: what is still queued is dropped, a
        report being retried is given up, later reports are dropped. True if all was flushed."""
        flushed = self.flush(timeout)
        with self._cond:
            self._closed = True
            leftovers = list(self._queue)
            self._queue.clear()
            self._cond.notify_all()
        self._abort.set()
        for delivery in leftovers:
            self._finish(delivery, Outcome.DROPPED)
        return flushed

    def _ensure_worker(self) -> bool:
        with self._cond:
            if self._thread is not None and self._thread.is_alive():
                return True
            if self._closed:
                return False
            thread = threading.Thread(target=self._run, name="error-monitor-sender", daemon=True)
            try:
                thread.start()
            except RuntimeError:  # "can't create new thread at interpreter shutdown"
                return False
            self._thread = thread
            return True

    def _run(self) -> None:
        while True:
            delivery = self._take()
            if delivery is None:
                return
            self._finish(delivery, self._attempts(delivery, None))

    def _take(self) -> Delivery | None:
        with self._cond:
            while not self._queue and not self._closed:
                self._cond.wait()
            if not self._queue:
                return None
            self._busy = self._queue.popleft()
            return self._busy

    def _drain_here(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            with self._cond:
                if not self._queue or self._busy is not None:
                    return
                delivery = self._busy = self._queue.popleft()
            self._finish(delivery, self._attempts(delivery, deadline))

    def _finish(self, delivery: Delivery, outcome: Outcome) -> None:
        delivery.finish(outcome)
        with self._cond:
            self._counts[outcome.value] += 1
            if self._busy is delivery:
                self._busy = None
            self._cond.notify_all()

    def _attempts(self, delivery: Delivery, deadline: float | None) -> Outcome:
        """Send with retries; `deadline` (monotonic) bounds the whole thing when set."""
        answer = Answer(None)
        for retry in range(-1, self._policy.max_retries):
            if retry >= 0 and not self._pause(retry, answer, deadline):
                break
            answer = self._send(delivery, self._attempt_timeout(deadline))
            outcome = self._judge(delivery, answer)
            if outcome is not None:
                return outcome
        log.warning("giving up on a %s report: %s", delivery.kind, _describe(answer))
        return Outcome.FAILED

    def _pause(self, retry: int, answer: Answer, deadline: float | None) -> bool:
        policy = self._policy
        delay = retry_delay(retry, answer.retry_after, policy.backoff, policy.max_backoff)
        if deadline is not None and time.monotonic() + delay >= deadline:
            return False
        with self._cond:
            self._counts["retries"] += 1
        return not self._abort.wait(delay)

    def _attempt_timeout(self, deadline: float | None) -> float:
        if deadline is None:
            return self._policy.timeout
        return max(min(self._policy.timeout, deadline - time.monotonic()), 0.001)

    def _judge(self, delivery: Delivery, answer: Answer) -> Outcome | None:
        """The outcome of one attempt, or None to try again."""
        result = verdict(answer)
        self._set_available(result is not Verdict.RETRY, answer)
        if result is Verdict.DELIVERED:
            return Outcome.DELIVERED
        if result is Verdict.REJECTED:
            log.warning("the server refused a %s report: %s", delivery.kind, _describe(answer))
            return Outcome.REJECTED
        return None

    def _set_available(self, available: bool, answer: Answer) -> None:
        """Track whether the server answers; while it does not, every waiting report is
        settled so that `await send_...()` callers are not held up."""
        with self._cond:
            changed = self._unavailable == available
            self._unavailable = not available
            waiting = [] if available else [self._busy, *self._queue]
        if changed:
            if available:
                log.info("the Error Monitor server answers again")
            else:
                log.warning(
                    "the Error Monitor server is unavailable (%s); reports are kept "
                    "queued and retried",
                    _describe(answer),
                )
        for delivery in waiting:
            if delivery is not None:
                delivery.settle()


_COUNTED = ("delivered", "rejected", "failed", "dropped", "retries")


def _describe(answer: Answer) -> str:
    if answer.status is None:
        return answer.problem or "no answer"
    return f"HTTP {answer.status} {answer.problem}".strip()


def _reset_in_child(ref: weakref.ReferenceType[Outbox]) -> Callable[[], None]:
    def reset() -> None:
        outbox = ref()
        if outbox is not None:
            outbox._reset()

    return reset
