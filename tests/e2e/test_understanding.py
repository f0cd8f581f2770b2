"""Issue 9 through the real servers and the REST webhook: what a new user tries first, the quiz entered from a
button, and the held-out question set scored end to end with floors that CI enforces."""

from __future__ import annotations

import pytest

from bot.evaluation import load_questions, score_questions
from tests.e2e.conftest import say, texts

# Held-out floors through REST (frozen sets, never tuned on; README gives the figures). They sit about two cases
# under the figures measured at the end of session 23 (2026-11-28 15:34, code at 5c0e616) so that CI fails on a
# regression; the targets (0.98 for codes, facts and entry requirements) are not all met yet and are not
# pretended to be.
#   heldout  (676 cases, frozen at eccd546): ksb 0.992, fact 0.983, entry 1.000, free@3 0.795, french@3 0.661,
#            conversation turns 0.910, french none 0.698
#   heldout2 (400 cases, frozen at 5c4bd76): ksb 0.950, fact 0.970, entry 0.938, free@3 1.000, french@3 0.900
#   heldout_conv (100 conversations, 369 turns, frozen at 673ec99): conversation turns 0.919
#   heldout_conv2 (80 conversations, 250 turns, frozen at 7070aaf): conversation turns 0.764
#   heldout_find (60 interest searches, frozen at a823dbb): a fitting standard among the first 3, 0.717
HELD_OUT_FLOORS = {  # about two cases under each figure: builds on other machines differ by a case or two
    "heldout": {
        "ksb": 0.97,
        "fact": 0.96,
        "entry": 0.94,
        "free@3": 0.77,
        "french@3": 0.62,
        "conversation turns": 0.89,
        "french none": 0.67,
    },
    "heldout2": {"ksb": 0.93, "fact": 0.95, "entry": 0.91, "free@3": 0.93, "french@3": 0.8},
    "heldout_conv": {"conversation turns": 0.91},
    "heldout_conv2": {"conversation turns": 0.75},
    "heldout_find": {"find": 0.7},
}


def test_a_would_be_vet_nurse_is_answered_about_veterinary_nursing(assistant):
    hook, me = assistant.webhook, "e2e-vet"
    first = texts(say(hook, me, "hi i want to be a vet nurse"))[0]
    assert first.startswith("ST0343 Veterinary nurse")
    higher = texts(say(hook, me, "is there a higher level after this?"))[0]
    assert higher.startswith("After ST0343 v1.2 Veterinary nurse (level 3)") and "Source" in higher
    pay = texts(say(hook, me, "is it well paid?"))[0]
    assert "does not set a wage" in pay and "https://www.gov.uk/national-minimum-wage-rates" in pay


def test_a_code_in_a_named_standard(assistant):
    answer = texts(say(assistant.webhook, "e2e-network", "what does the network engineer apprenticeship say in K5"))[0]
    assert answer.startswith("K5 (knowledge, core): Organisational policies and procedures") and "Source: ST0127" in answer


def test_a_quiz_started_from_a_button_takes_answers_and_commands(assistant):
    hook, me = assistant.webhook, "e2e-quiz-button"
    asked = say(hook, me, "/start_quiz")
    assert asked[0]["text"].startswith("Which apprenticeship standard do you mean?")
    started = texts(say(hook, me, '/choose_standard{"standard_ref": "ST1406"}'))[0]
    assert started.startswith("Quiz: 5 questions on ST1406")
    graded = texts(say(hook, me, "c"))[0]
    assert graded.startswith(
        ("Correct!", "Not quite", "Good explanation", "Partly there", "I didn't recognise", "This question has no choices")
    )
    repeated = texts(say(hook, me, "repeat"))[0]
    assert "Question 2 of 5" in repeated or "Question 1 of 5" in repeated
    side = texts(say(hook, me, "hang on how long is the lab tech apprenticeship anyway"))
    assert "ST0248" in side[0] and "24 months" in side[0] and side[-1].startswith("Back to the quiz.")
    assert texts(say(hook, me, "stop"))[0].startswith("Quiz stopped.")


def test_the_starter_questions_name_their_standard(assistant):
    hook = assistant.webhook
    assert texts(say(hook, "e2e-starter-1", "What entry requirements apply to the laboratory technician apprenticeship?"))[0].startswith(
        "Entry requirements for ST0248"
    )
    assert "ST0248" in texts(say(hook, "e2e-starter-2", "Which French BTS matches a laboratory technician?"))[0]


@pytest.fixture(scope="module")
def held_out_reports(assistant):
    def talk_for(name: str):  # type: ignore[no-untyped-def]
        def talk(case_id: str, says: list[str]) -> list[str]:
            return ["\n".join(texts(say(assistant.webhook, f"e2e-{name}-{case_id}", line))) for line in says]

        return talk

    return {name: score_questions(load_questions(name), talk_for(name)) for name in HELD_OUT_FLOORS}


@pytest.mark.parametrize(("name", "measure"), [(n, m) for n, floors in sorted(HELD_OUT_FLOORS.items()) for m in sorted(floors)])
def test_held_out_figures_hold_their_floors(held_out_reports, name, measure):
    score = held_out_reports[name].score(measure)
    assert score >= HELD_OUT_FLOORS[name][measure], f"{name} {measure} {score:.3f} < {HELD_OUT_FLOORS[name][measure]}"
