"""What one user turn is, read from the tracker: the message, its NLU intent, and the slots.

Nothing here decides or answers: the standard a message means and what it asks are decided in bot/
(bot.resolve, bot.router, bot.conversation); this module only maps Rasa's tracker to their typed inputs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rasa_sdk import Tracker

from bot.conversation import MAX_TEXT, Message, State


@dataclass
class Turn:
    text: str
    intent: str
    entities: dict[str, list[str]] = field(default_factory=dict)
    slots: dict[str, Any] = field(default_factory=dict)
    sender: str = ""
    confidence: float = 1.0

    @classmethod
    def from_tracker(cls, tracker: Tracker) -> Turn:
        message = tracker.latest_message or {}
        entities: dict[str, list[str]] = {}
        for entity in message.get("entities") or []:
            value = str(entity.get("value") or "").strip()
            if value and value not in entities.setdefault(entity.get("entity", ""), []):
                entities[entity["entity"]].append(value)
        intent = message.get("intent") or {}
        return cls(
            text=(message.get("text") or "")[:MAX_TEXT],
            intent=intent.get("name") or "",
            entities=entities,
            slots=dict(tracker.slots),
            sender=tracker.sender_id,
            confidence=float(intent.get("confidence") or 0.0),
        )

    @property
    def message(self) -> Message:
        """The message for bot/: a button payload carries its entities; typed text is read by bot/ alone (the
        resolver and the router), so NLU's entity guesses never pick a standard, an option or a code."""
        return Message(self.text, self.entities if self.text.startswith("/") else {})

    @property
    def state(self) -> State:
        return State.from_slots(self.slots)
