"""The knowledge handler: a turn goes to bot.conversation, its replies and new state come back as slots."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from actions.knowledge import Core
from actions.replies import Reply
from actions.turn import Turn
from bot.conversation import Result


@dataclass
class Outcome:
    replies: list[Reply]
    slots: dict[str, Any] = field(default_factory=dict)


def outcome_of(result: Result) -> Outcome:
    return Outcome(result.replies, result.state.as_slots())


def knowledge_question(turn: Turn, core: Core) -> Outcome:
    """Any knowledge question, typed or from a button: the conversation decides the standard and the kind."""
    return outcome_of(core.assistant.respond(turn.message, turn.state, turn.sender))
