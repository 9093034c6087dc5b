"""Keeps the sender under Telegram's flood limits: about 30 messages a second overall, one a
second per chat, 20 a minute per group. Pure bookkeeping over a monotonic clock."""

from collections import deque
from dataclasses import dataclass, field

# Telegram's "retry after N" up to this is waited out where the call is made (bot/retry.py),
# in at most this many attempts; longer pauses are left to the caller (the outbox reschedules).
FLOOD_WAIT_SECONDS = 5
SEND_ATTEMPTS = 3


@dataclass
class TelegramPacer:
    per_second_overall: int = 30
    private_interval: float = 1.0
    group_interval: float = 3.0  # 20 a minute
    _chat_ready_at: dict[int, float] = field(default_factory=dict)
    _recent: deque[float] = field(default_factory=deque)

    def chat_delay(self, chat_id: int, now: float) -> float:
        """Seconds until this chat may get another message."""
        return max(0.0, self._chat_ready_at.get(chat_id, 0.0) - now)

    def overall_delay(self, now: float) -> float:
        while self._recent and self._recent[0] <= now - 1.0:
            self._recent.popleft()
        if len(self._recent) < self.per_second_overall:
            return 0.0
        return self._recent[0] + 1.0 - now

    def record(self, chat_id: int, now: float) -> None:
        interval = self.group_interval if chat_id < 0 else self.private_interval
        self._chat_ready_at[chat_id] = now + interval
        self._recent.append(now)

    def hold(self, chat_id: int, now: float, seconds: float) -> None:
        """Telegram said "retry after": respect it for that chat."""
        self._chat_ready_at[chat_id] = max(self._chat_ready_at.get(chat_id, 0.0), now + seconds)
