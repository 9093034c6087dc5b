"""Per-project rate limits: at most N events a minute per project, counted in this process."""

import math
from dataclasses import dataclass, field
from datetime import datetime

from services.errors import RateLimited

WINDOW_SECONDS = 60


@dataclass
class RateLimiter:
    per_minute: int
    _windows: dict[int, tuple[int, int]] = field(default_factory=dict)  # id → (window, count)

    def admit(self, project_id: int, now: datetime) -> None:
        """Count one event; RateLimited when the project is over its limit this minute."""
        window = int(now.timestamp()) // WINDOW_SECONDS
        current, count = self._windows.get(project_id, (window, 0))
        if current != window:
            count = 0
        if count >= self.per_minute:
            retry_after = math.ceil((window + 1) * WINDOW_SECONDS - now.timestamp())
            raise RateLimited(f"over {self.per_minute} events a minute", max(1, retry_after))
        self._windows[project_id] = (window, count + 1)
