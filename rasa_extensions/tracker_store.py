"""An in-memory tracker store that keeps each conversation's tracker object instead of its JSON.

Rasa's InMemoryTrackerStore serialises the whole conversation on every save and rebuilds it from JSON on
every retrieve, so a turn costs time in proportion to the conversation's length: measured here, "hello"
went from 12 ms on a fresh conversation to 82 ms at its 200th turn. Keeping the object makes that cost
constant. The lock store already serialises turns of one conversation, so no two turns share the object
at once. Like Rasa's in-memory store, it forgets everything on restart (the learner store is what
persists).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker


class LiveTrackerStore(InMemoryTrackerStore):
    def __init__(self, domain: Domain, event_broker: EventBroker | None = None, **kwargs: Any) -> None:
        super().__init__(domain, event_broker, **kwargs)
        self.trackers: dict[str, DialogueStateTracker] = {}

    async def save(self, tracker: DialogueStateTracker) -> None:
        if self.event_broker:
            await self.stream_events(tracker)
        self.trackers[tracker.sender_id] = tracker

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        return self.trackers.get(sender_id)

    async def retrieve_full_tracker(self, sender_id: str) -> DialogueStateTracker | None:
        return self.trackers.get(sender_id)

    async def keys(self) -> Iterable[str]:
        return self.trackers.keys()

    async def number_of_existing_events(self, sender_id: str) -> int:
        tracker = self.trackers.get(sender_id)
        return len(tracker.events) if tracker else 0
