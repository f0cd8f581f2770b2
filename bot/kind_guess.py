"""The kind of a question its words do not give away, by meaning: the router's fallback.

The router's patterns read the usual ways of asking ("what level is it", "entry requirements"), but people
also write "tell me the level for it", "what does he need to get in", "is there anything I need before I can
start". Rather than a pattern per wording, a clause the patterns leave unread is compared by meaning (the
same MiniLM as the search) with a few example questions of each kind, and with examples of free questions
about a standard's content ("which skill covers working at height"). It takes a kind only when one kind's
example is clearly closest and closer than any free question's: otherwise the clause stays a free question
and is searched, as before.

The examples are written in general terms, not taken from any question set.
"""

from __future__ import annotations

from functools import cached_property
from typing import Protocol

import numpy as np

FREE = "free"
EXAMPLES: dict[str, tuple[str, ...]] = {
    "level": (
        "what level is it",
        "which level is this apprenticeship",
        "tell me the level",
        "what level is that one pitched at",
        "is it a higher or an advanced apprenticeship",
        "is it degree level",
        "level please",
    ),
    "duration": (
        "how long does it take",
        "how long is the apprenticeship",
        "how many months does it last",
        "how long would it take me to finish",
        "how many years is it",
        "what is the typical duration",
        "when would I finish",
    ),
    "funding": (
        "what is the maximum funding",
        "how much funding does it get",
        "how much is it funded up to",
        "what is the funding band",
        "how much does the government pay for it",
        "what does the training cost the employer",
    ),
    "entry_requirements": (
        "what are the entry requirements",
        "what do I need to get in",
        "what would I need before applying",
        "is there anything I need before I can start",
        "what qualifications do you need to get onto it",
        "what do they ask for to get accepted",
        "do I need GCSEs to start",
        "what does my son need to get on it",
    ),
    "epa": (
        "how is it assessed at the end",
        "what happens at the end point assessment",
        "how long is the end point assessment",
    ),
    "job_titles": (
        "what jobs can I do after it",
        "what job titles does it lead to",
        "what roles could I work in",
        "what would I be called once qualified",
    ),
    "progression": (
        "what can I do next after it",
        "is there a higher apprenticeship to move on to",
        "what comes after this one",
    ),
    "pay": (
        "how much will I earn",
        "what is the salary",
        "is it well paid",
        "what do apprentices get paid",
    ),
    "duties": (
        "what does the job involve day to day",
        "what are the main duties",
        "what would I be doing at work",
    ),
    "options": (
        "what options are there",
        "which specialisms can I choose",
        "what pathways does it have",
    ),
    FREE: (
        "which skill covers working safely at height",
        "where does it talk about health and safety law",
        "which knowledge is about data protection",
        "does it cover customer service",
        "which behaviour is about teamwork",
        "what does it say about communicating with patients",
        "which part is about planning and managing projects",
        "do you learn how to use hand tools",
        "which duty involves inspecting equipment",
        "is there anything about safeguarding vulnerable people",
        "which bit covers budgets and costs",
        "where does it mention quality checks",
        "which skill is about writing reports",
        "does it include first aid",
    ),
}
# A kind is taken when its closest example is near enough and clearly nearer than any other kind's (free
# questions included): near (0.6) with a small lead, or fairly near (0.5) with a wide one.
THRESHOLDS = ((0.6, 0.05), (0.5, 0.15))


class TextEncoder(Protocol):
    def encode(self, texts: list[str]) -> np.ndarray: ...

    def encode_query(self, text: str) -> np.ndarray: ...


class KindGuesser:
    """Guesses a clause's kind from the examples above, with the search's encoder (unit vectors)."""

    def __init__(self, encoder: TextEncoder) -> None:
        self._encoder = encoder

    @cached_property
    def _examples(self) -> tuple[np.ndarray, list[str]]:
        kinds = [kind for kind, examples in EXAMPLES.items() for _ in examples]
        vectors = self._encoder.encode([example for examples in EXAMPLES.values() for example in examples])
        return np.asarray(vectors, dtype=np.float32), kinds

    def warm(self) -> None:
        _ = self._examples

    def guess(self, clause: str) -> str | None:
        """The kind `clause` asks, or None when it is a free question or unclear. The clause's vector is the
        one a search of it would compute (the encoder keeps it), so a free question costs nothing more."""
        if not clause.strip():
            return None
        vectors, kinds = self._examples
        similarity = vectors @ self._encoder.encode_query(clause)
        best: dict[str, float] = {}
        for kind, value in zip(kinds, similarity.tolist(), strict=True):
            best[kind] = max(best.get(kind, -1.0), value)
        ranked = sorted(best.items(), key=lambda item: -item[1])
        (kind, top), (_second, runner_up) = ranked[0], ranked[1]
        if kind == FREE or not any(top >= near and top - runner_up >= lead for near, lead in THRESHOLDS):
            return None
        return kind
