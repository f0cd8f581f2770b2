"""Deliveries seen lately: Slack and the Bot Framework retry a message they think was lost, and a retry of
one already taken must be acknowledged, not answered a second time.

One Rasa process remembers them itself. Replicas behind a load balancer (`make run-cluster`) must share the
memory, since a retry can reach another replica than the first delivery did: with APPRENTICE_REDIS_URL set,
a delivery is claimed in Redis (SET key NX EX), atomically across replicas. If Redis does not answer, the
process's own memory decides, and the log says so: a retry might then be answered twice, never dropped.
"""

from __future__ import annotations

import logging
import os
import time
from collections import OrderedDict

import redis

logger = logging.getLogger(__name__)

MEMORY_SECONDS = 3600.0  # both services retry within minutes; an hour is ample
MEMORY_SIZE = 10_000
REDIS_URL_VARIABLE = "APPRENTICE_REDIS_URL"
KEY_PREFIX = "apprentice:delivery:"


class Deliveries:
    """The deliveries seen lately, so that a retry of one already taken is acknowledged and not answered."""

    def __init__(self, seconds: float = MEMORY_SECONDS, size: int = MEMORY_SIZE, redis_url: str | None = None) -> None:
        self.seconds, self.size = seconds, size
        self._seen: OrderedDict[str, float] = OrderedDict()
        url = os.environ.get(REDIS_URL_VARIABLE, "") if redis_url is None else redis_url
        self._redis = redis.Redis.from_url(url, socket_timeout=1.0, socket_connect_timeout=1.0) if url else None

    def first_time(self, key: str) -> bool:
        if self._redis is not None:
            try:
                return bool(self._redis.set(KEY_PREFIX + key, b"1", nx=True, ex=int(self.seconds)))
            except redis.RedisError as exc:
                logger.warning("Redis not answering (%s): deliveries remembered by this process only", exc)
        return self._remembered_here(key)

    def _remembered_here(self, key: str) -> bool:
        now = time.monotonic()
        while self._seen and (len(self._seen) >= self.size or next(iter(self._seen.values())) < now - self.seconds):
            self._seen.popitem(last=False)
        if key in self._seen:
            return False
        self._seen[key] = now
        return True
