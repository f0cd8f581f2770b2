"""Deliveries seen lately: Slack and the Bot Framework retry a message they think was lost, and a retry of
one already taken must be acknowledged, not answered a second time."""

from __future__ import annotations

import time
from collections import OrderedDict

MEMORY_SECONDS = 3600.0  # both services retry within minutes; an hour is ample
MEMORY_SIZE = 10_000


class Deliveries:
    """The deliveries seen lately, so that a retry of one already taken is acknowledged and not answered."""

    def __init__(self, seconds: float = MEMORY_SECONDS, size: int = MEMORY_SIZE) -> None:
        self.seconds, self.size = seconds, size
        self._seen: OrderedDict[str, float] = OrderedDict()

    def first_time(self, key: str) -> bool:
        now = time.monotonic()
        while self._seen and (len(self._seen) >= self.size or next(iter(self._seen.values())) < now - self.seconds):
            self._seen.popitem(last=False)
        if key in self._seen:
            return False
        self._seen[key] = now
        return True
