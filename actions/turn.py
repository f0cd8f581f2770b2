"""What one user turn asks about: the message, its intent and entities, and the context carried in slots.

Resolution order for the standard: a reference in the message, then a title or job title in it, then the
`standard` slot. The option resets when the standard changes. Everything here reads; nothing answers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from rasa_sdk import Tracker

from actions.knowledge import Core
from bot.models import Standard
from bot.resolve import find_ksb_codes, find_option, find_reference
from bot.retrieval import UnknownItem

TITLE_MATCH = 0.6  # resolver score above which a title in the message picks the standard without asking
MAX_TEXT = 2000  # longer messages are cut before any matching: a pasted essay is not a question


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

    def entity(self, name: str) -> str | None:
        values = self.entities.get(name)
        return values[0] if values else None

    @property
    def question(self) -> str:
        """The text to answer: a button payload ('/choose_standard{...}') is not a question."""
        return "" if self.text.startswith("/") else self.text

    def ksb_codes(self) -> list[str]:
        from_entities = [code for value in self.entities.get("ksb_code", []) for code in find_ksb_codes(value)]
        return list(dict.fromkeys(from_entities + find_ksb_codes(self.text)))


@dataclass
class StandardChoice:
    standard: Standard | None = None
    from_message: bool = False
    suggestions: list[str] = field(default_factory=list)  # "ST1406 Science manufacturing technician"
    problem: str = ""  # what to tell the person when the message named something unknown


def references_in(turn: Turn) -> list[str]:
    refs = [r for value in turn.entities.get("standard_ref", []) if (r := find_reference(value))]
    in_text = find_reference(turn.text)
    return list(dict.fromkeys([*refs, *([in_text] if in_text else [])]))


def version_in(text: str) -> str | None:
    """'version 1.0', 'v1.1': a question about one version rather than the current one."""
    found = re.search(r"\b(?:version|v)\s*(\d+\.\d+)\b", text, re.I)
    return found.group(1) if found else None


def choose_standard(turn: Turn, core: Core, allow_text_search: bool = False) -> StandardChoice:
    """The standard this turn is about, or what to offer when it is unknown or unclear."""
    retriever = core.retriever
    for reference in references_in(turn):
        try:
            return StandardChoice(retriever.standard(reference, version_in(turn.text)), from_message=True)
        except UnknownItem as exc:
            return StandardChoice(problem=exc.message, suggestions=exc.suggestions)
    titles = turn.entities.get("standard_title", [])
    queries = titles or ([turn.question] if allow_text_search and turn.question else [])
    for query in queries:
        candidates = retriever.resolver.resolve(query, limit=3)
        if candidates and candidates[0].score >= TITLE_MATCH:
            return StandardChoice(retriever.standard(candidates[0].reference), from_message=True)
        if candidates:
            return StandardChoice(suggestions=[f"{c.reference} {c.title}" for c in candidates])
    current = turn.slots.get("standard")
    if current and retriever.catalogue.standard(current):
        return StandardChoice(retriever.standard(current))
    return StandardChoice()


def choose_option(turn: Turn, core: Core, standard: Standard, standard_changed: bool) -> str | None:
    """The option named in this turn, else the remembered one (unless the standard just changed)."""
    named = turn.entity("option")
    if named:
        try:
            return core.retriever.option(standard, named)
        except UnknownItem:
            pass
    found = find_option(standard, turn.text)
    if found:
        return found
    remembered = turn.slots.get("option")
    if remembered and not standard_changed and remembered in standard.options:
        return remembered
    return None


def guess_standards(turn: Turn, core: Core, limit: int = 3) -> list[str]:
    """Likely standards to offer as buttons when none is known: from the message, else the whole (small) catalogue."""
    candidates = core.retriever.resolver.resolve(turn.question, limit=limit) if turn.question else []
    if candidates:
        return [f"{c.reference} {c.title}" for c in candidates]
    catalogue = core.retriever.catalogue
    if len(catalogue) <= 5:
        current = sorted(catalogue.standards.values(), key=lambda s: (s.is_retired, s.reference))
        return [f"{s.reference} {s.title}" for s in current[:limit]]
    return []
