"""Tracker stores that keep each conversation's tracker object instead of rebuilding it on every turn.

Rasa's stores serialise the whole conversation on every save and rebuild it from JSON on every retrieve, so a
turn costs time in proportion to the conversation's length: measured here, "hello" went from 12 ms on a fresh
conversation to 82 ms at its 200th turn. Keeping the object makes that cost constant. The lock store
serialises the turns of one conversation, so no two turns share the object at once.

- LiveTrackerStore (`make run`): conversations in memory only; a restart forgets them (the learner store is
  what persists).
- SharedTrackerStore (`make run-cluster`): conversations in PostgreSQL (Rasa's SQLTrackerStore tables), shared
  by every Rasa replica and kept across restarts. A save appends only the events added since the last save;
  a retrieve reuses this replica's object when the stored event count still matches the one it saved (one
  indexed count under the conversation's lock), and reads the conversation back otherwise: another replica
  took a turn, or this one restarted.

Both remember, per conversation, how many events the object had when it was last saved (TrackerCache):
- an event broker is sent exactly the events added since (comparing the object with itself would send none);
- a turn that failed before saving leaves no events behind: the next retrieve rebuilds or rereads the tracker.

Bounds: at most MAX_CONVERSATIONS objects, the least recently used dropped first, and none idle longer than
IDLE_SECONDS; a million distinct senders cost no more than MAX_CONVERSATIONS of them.

Forgetting: a turn whose replies include the FORGET_TRANSCRIPT custom message ("forget me", confirmed) leaves no
conversation behind, in memory or in the database: the next message starts afresh.
"""

from __future__ import annotations

import json
import os
import time
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import InMemoryTrackerStore, SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, Event
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from rasa_extensions.protocol import FORGET_TRANSCRIPT

MAX_CONVERSATIONS = int(os.environ.get("APPRENTICE_MAX_CONVERSATIONS", "20000"))
IDLE_SECONDS = float(os.environ.get("APPRENTICE_IDLE_SECONDS", str(24 * 3600)))


@dataclass
class Kept:
    """One conversation: the live tracker, how many of its events were saved, how many events the conversation
    had in its store then (all sessions; the same number in memory), and when."""

    tracker: DialogueStateTracker
    saved_events: int
    stored_events: int
    saved_at: float

    @property
    def intact(self) -> bool:
        """False when a turn changed the object and failed before saving it."""
        return len(self.tracker.events) == self.saved_events


class TrackerCache:
    """The tracker objects of the conversations used lately, bounded in number and idle time."""

    def __init__(self, max_conversations: int = MAX_CONVERSATIONS, idle_seconds: float = IDLE_SECONDS) -> None:
        self.kept: OrderedDict[str, Kept] = OrderedDict()
        self.max_conversations, self.idle_seconds = int(max_conversations), float(idle_seconds)

    def get(self, sender_id: str) -> Kept | None:
        """The conversation's entry, unless it idled out; counts as a use."""
        kept = self.kept.get(sender_id)
        if kept is None:
            return None
        if time.monotonic() - kept.saved_at > self.idle_seconds:
            del self.kept[sender_id]
            return None
        self.kept.move_to_end(sender_id)
        return kept

    def keep(self, tracker: DialogueStateTracker, stored_events: int) -> None:
        self.kept[tracker.sender_id] = Kept(tracker, len(tracker.events), stored_events, time.monotonic())
        self.kept.move_to_end(tracker.sender_id)
        now = time.monotonic()
        while self.kept and (len(self.kept) > self.max_conversations or now - next(iter(self.kept.values())).saved_at > self.idle_seconds):
            self.kept.popitem(last=False)

    def drop(self, sender_id: str) -> None:
        self.kept.pop(sender_id, None)

    def __len__(self) -> int:
        return len(self.kept)


class LiveTrackerStore(InMemoryTrackerStore):
    """Conversations in this process's memory only (`make run`)."""

    def __init__(
        self,
        domain: Domain,
        event_broker: EventBroker | None = None,
        max_conversations: int = MAX_CONVERSATIONS,
        idle_seconds: float = IDLE_SECONDS,
        **kwargs: Any,
    ) -> None:
        super().__init__(domain, event_broker, **kwargs)
        self.cache = TrackerCache(max_conversations, idle_seconds)

    @property
    def max_conversations(self) -> int:
        return self.cache.max_conversations

    async def save(self, tracker: DialogueStateTracker) -> None:
        kept = self.cache.kept.get(tracker.sender_id)
        new_events = list(tracker.events)[kept.saved_events if kept else 0 :]
        if self.event_broker:
            await self._stream_new_events(self.event_broker, new_events, tracker.sender_id)
        if any(_forgets(event) for event in new_events):
            self.cache.drop(tracker.sender_id)
            return
        self.cache.keep(tracker, len(tracker.events))

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        kept = self.cache.get(sender_id)
        if kept is None:
            return None
        if not kept.intact:
            kept.tracker = _rebuilt(kept.tracker, kept.saved_events, self.domain, self.max_event_history)
        return kept.tracker

    async def retrieve_full_tracker(self, sender_id: str) -> DialogueStateTracker | None:
        return await self.retrieve(sender_id)

    async def keys(self) -> Iterable[str]:
        return list(self.cache.kept.keys())

    async def number_of_existing_events(self, sender_id: str) -> int:
        kept = self.cache.kept.get(sender_id)
        return kept.saved_events if kept else 0


class SharedTrackerStore(SQLTrackerStore):
    """Conversations in PostgreSQL, shared by the Rasa replicas (`make run-cluster`); endpoints.yml takes Rasa's
    SQL tracker store keys (dialect, url, port, db, username, password) plus the two bounds."""

    def __init__(
        self,
        domain: Domain | None = None,
        event_broker: EventBroker | None = None,
        max_conversations: int = MAX_CONVERSATIONS,
        idle_seconds: float = IDLE_SECONDS,
        **kwargs: Any,
    ) -> None:
        super().__init__(domain, event_broker=event_broker, **kwargs)
        self.cache = TrackerCache(max_conversations, idle_seconds)

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        with self.session_scope() as session:
            stored = self._stored_events(session, sender_id)
        kept = self.cache.get(sender_id)
        if kept is not None and kept.stored_events == stored and kept.intact:
            return kept.tracker
        tracker = await super().retrieve(sender_id) if stored else None
        if tracker is None:
            self.cache.drop(sender_id)
            return None
        self.cache.keep(tracker, stored)
        return tracker

    async def save(self, tracker: DialogueStateTracker) -> None:
        sender_id = tracker.sender_id
        kept = self.cache.kept.get(sender_id)
        with self.session_scope() as session:
            if kept is not None and kept.tracker is tracker:
                new_events, stored = list(tracker.events)[kept.saved_events :], kept.stored_events
            else:  # a tracker this replica did not hand out (a new conversation): what the table lacks of it
                new_events, stored = list(self._additional_events(session, tracker)), self._stored_events(session, sender_id)
            if any(_forgets(event) for event in new_events):
                session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == sender_id).delete()
                session.commit()
                self.cache.drop(sender_id)
                return
            session.add_all([self._row(sender_id, event) for event in new_events])
            session.commit()
        self.cache.keep(tracker, stored + len(new_events))
        if self.event_broker:
            await self._stream_new_events(self.event_broker, new_events, sender_id)

    async def number_of_existing_events(self, sender_id: str) -> int:
        with self.session_scope() as session:
            return self._stored_events(session, sender_id)

    def _stored_events(self, session: Any, sender_id: str) -> int:
        """All the conversation's rows, every session: one count on the sender_id index."""
        return int(session.query(sa.func.count(self.SQLEvent.id)).filter(self.SQLEvent.sender_id == sender_id).scalar() or 0)

    def _row(self, sender_id: str, event: Event) -> Any:
        """The row Rasa's SQLTrackerStore writes for an event, so that its own reads and tools keep working."""
        data = event.as_dict()
        return self.SQLEvent(
            sender_id=sender_id,
            type_name=event.type_name,
            timestamp=data.get("timestamp"),
            intent_name=data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
            action_name=data.get("name"),
            data=json.dumps(data),
        )


def _rebuilt(tracker: DialogueStateTracker, saved_events: int, domain: Domain, max_event_history: int | None) -> DialogueStateTracker:
    events: list[Event] = list(tracker.events)[:saved_events]
    return DialogueStateTracker.from_events(tracker.sender_id, events, domain.slots, max_event_history=max_event_history, domain=domain)


def _forgets(event: Event) -> bool:
    custom = (event.data or {}).get("custom") if isinstance(event, BotUttered) else None
    return isinstance(custom, dict) and bool(custom.get(FORGET_TRANSCRIPT))


def create_tables(url: str) -> None:
    """Creates the events table once, before the replicas start: `python -m rasa_extensions.tracker_store URL`.
    (Each replica's SQLTrackerStore would create it too, racing the others when they start together.)"""
    engine = sa.create_engine(url)
    try:
        SQLTrackerStore.Base.metadata.create_all(engine)
    finally:
        engine.dispose()


if __name__ == "__main__":
    import sys

    create_tables(sys.argv[1])
    print("conversation tables ready")
