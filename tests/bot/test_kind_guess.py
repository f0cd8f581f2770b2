"""The router's fallback by meaning, with the real encoder (phrasings unlike its examples)."""

import pytest

from bot.kind_guess import EXAMPLES, KindGuesser


@pytest.fixture(scope="module")
def guesser(encoder):
    return KindGuesser(encoder)


@pytest.mark.parametrize(
    ("clause", "kind"),
    [
        ("what will my daughter need to be accepted onto it", "entry_requirements"),
        ("roughly how long until I'd be done", "duration"),
        ("give me the level", "level"),
        ("what's the funding cap on it", "funding"),
    ],
)
def test_kinds_worded_unlike_the_patterns(guesser, clause, kind):
    assert guesser.guess(clause) == kind


@pytest.mark.parametrize(
    "clause",
    ["which skill covers handling customer complaints", "does it teach you to weld aluminium", "hello there", ""],
)
def test_free_questions_and_chat_are_not_given_a_kind(guesser, clause):
    assert guesser.guess(clause) is None


def test_examples_cover_the_facts_people_ask_and_free_questions():
    assert {"level", "duration", "funding", "entry_requirements", "free"} <= set(EXAMPLES)
    assert all(len(examples) >= 3 for examples in EXAMPLES.values())
