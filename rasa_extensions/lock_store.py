"""The Redis lock store the Rasa replicas share (`make run-cluster`), so that one person's turns run one at a time
whichever replica takes them, made safe for replicas and patient with Redis.

Rasa's RedisLockStore (3.6) issues a ticket by reading the conversation's lock, adding a ticket and writing the
lock back: two replicas taking two messages of one conversation at the same moment can both read the same lock
and hand out the same ticket number, and then both turns run at once. Here every change of a lock is one
optimistic Redis transaction (WATCH the key, change, MULTI/EXEC, again when another replica wrote first).

A waiting turn looks at the lock every WAIT_SECONDS (Rasa polls once a second, which a person sending two
messages quickly feels), and when Redis does not answer (restarted, failing over) a turn waits up to
PATIENCE_SECONDS for it instead of failing at once; after that the error reaches the channel, which apologises
(rasa_extensions/rest.py). A replica killed while it held a lock leaves its ticket behind: the ticket expires
after TICKET_LOCK_LIFETIME seconds (the launcher sets 10; Rasa's default is 60) and the next turn goes on.

endpoints.yml: `lock_store: {type: rasa_extensions.lock_store.SharedRedisLockStore, url, port, db, key_prefix}`.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import time
from collections.abc import AsyncGenerator, Callable
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import redis
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

logger = logging.getLogger(__name__)

WAIT_SECONDS = 0.05
PATIENCE_SECONDS = float(os.environ.get("APPRENTICE_REDIS_PATIENCE", "15"))
REDIS_DOWN = (redis.ConnectionError, redis.TimeoutError)
T = TypeVar("T")


class SharedRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: EndpointConfig | None = None, host: str = "localhost", **kwargs: Any) -> None:
        """Rasa hands a lock store of its own type only the `endpoint_config` (url, port, db, key_prefix...)."""
        if endpoint_config is not None:
            host, kwargs = endpoint_config.url or host, {**endpoint_config.kwargs, **kwargs}
        kwargs.setdefault("socket_timeout", 2.0)
        super().__init__(host=host, **kwargs)

    def _change(self, conversation_id: str, change: Callable[[TicketLock | None], tuple[TicketLock | None, T]]) -> T:
        """Applies `change` to the stored lock atomically: it returns the lock to store (None deletes it) and a
        result. Retried when another replica changed the lock in between."""
        key = self.key_prefix + conversation_id
        with self.red.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(key)
                    stored = pipe.get(key)
                    lock, result = change(TicketLock.from_dict(json.loads(stored)) if stored else None)
                    pipe.multi()
                    if lock is None:
                        pipe.delete(key)
                    else:
                        pipe.set(key, lock.dumps())
                    pipe.execute()
                    return result
                except redis.WatchError:
                    continue

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        def issue(lock: TicketLock | None) -> tuple[TicketLock, int]:
            lock = lock or self.create_lock(conversation_id)
            return lock, lock.issue_ticket(lock_lifetime)

        return self._change(conversation_id, issue)

    def update_lock(self, conversation_id: str) -> None:
        def without_expired(lock: TicketLock | None) -> tuple[TicketLock | None, None]:
            if lock is not None:
                lock.remove_expired_tickets()
            return lock, None

        self._change(conversation_id, without_expired)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        """Removes the ticket, and the lock once nobody waits on it, in one transaction."""

        def finished(lock: TicketLock | None) -> tuple[TicketLock | None, None]:
            if lock is None:
                return None, None
            lock.remove_ticket_for(ticket_number)
            return (lock if lock.is_someone_waiting() else None), None

        self._change(conversation_id, finished)

    @asynccontextmanager
    async def lock(
        self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME, wait_time_in_seconds: float = WAIT_SECONDS
    ) -> AsyncGenerator[TicketLock, None]:
        ticket = await patiently(lambda: self.issue_ticket(conversation_id, lock_lifetime))
        try:
            yield await self._acquire(conversation_id, ticket, min(wait_time_in_seconds, WAIT_SECONDS))
        finally:
            await patiently(lambda: self.cleanup(conversation_id, ticket))

    async def _acquire(self, conversation_id: str, ticket: int, wait: float) -> TicketLock:
        while True:
            lock = await patiently(lambda: self.get_lock(conversation_id))
            if lock is None:  # expired while we waited: Rasa's own rule, the turn is refused
                raise LockError(f"Could not acquire lock for conversation_id '{conversation_id}'.")
            if not lock.is_locked(ticket):
                return lock
            await asyncio.sleep(wait)
            await patiently(lambda: self.update_lock(conversation_id))


async def patiently(call: Callable[[], T], patience: float | None = None) -> T:
    """`call()`, again every half second while Redis is unreachable, for up to `patience` seconds."""
    deadline = time.monotonic() + (PATIENCE_SECONDS if patience is None else patience)
    while True:
        try:
            return call()
        except REDIS_DOWN as exc:
            if time.monotonic() >= deadline:
                raise
            logger.warning("Redis not answering (%s); waiting for it", exc)
            await asyncio.sleep(0.5)
