"""Quiz turns: starting a quiz, answering, side questions mid-quiz, progress and "forget me".

The quiz itself lives in the learner store (bot.quiz.QuizMaster): while one runs for a learner, every action
hands the turn to `quiz_turn` (actions/actions.py), so an answer reaches the quiz whatever NLU made of it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from actions.handlers import BUILDERS, Context, Outcome, about_standard, compare, find_standards
from actions.knowledge import Core
from actions.replies import Button, Reply, intent_payload
from actions.turn import Turn
from bot.quiz import LETTERS, QuizError, Step, command_in, parse_choice, parse_scope

SIDE_QUESTION_CONFIDENCE = 0.6
QUESTION_START = re.compile(r"^\s*(what|which|how|why|when|where|who|is|are|does|do|can|could|explain|tell|describe)\b", re.I)
SMALL_TALK = {
    "greet": "Hello again!",
    "thanks": "You're welcome.",
    "bot_challenge": "I am a bot, quizzing you on your standard's KSBs.",
    "help": "Answer with a letter, a code or your own words; say 'hint', 'skip', 'repeat' or 'stop'.",
}
BUTTON_TITLE = 60


def step_reply(step: Step) -> Reply:
    """The quiz's text with its choices as buttons (the payload is the letter, as if typed)."""
    buttons = [Button(f"{LETTERS[i]}) {_short(choice)}", LETTERS[i]) for i, choice in enumerate(step.choices)]
    return Reply(step.text, buttons)


def build_start_quiz(context: Context, core: Core) -> Outcome:
    if core.quiz.current(context.turn.sender) is not None:  # e.g. after a restart: carry on where they were
        return _resume(core, context.turn, [Reply("You have a quiz in progress.")])
    text = context.turn.question or context.turn.slots.get("last_question") or ""
    scope = parse_scope(text, context.standard.reference, context.option)
    try:
        step = core.quiz.start(context.turn.sender, scope)
    except QuizError as exc:
        return Outcome([Reply(str(exc))])
    return Outcome([step_reply(step)])


def build_progress(context: Context, core: Core) -> Outcome:
    text, _counts = core.quiz.progress_report(context.turn.sender, context.standard.reference)
    return Outcome([Reply(text)])


BUILDERS["start_quiz"] = build_start_quiz  # so "quiz me" before any standard is answered once one is chosen


def start_quiz(turn: Turn, core: Core) -> Outcome:
    return about_standard(turn, core, build_start_quiz)


def show_progress(turn: Turn, core: Core) -> Outcome:
    return about_standard(turn, core, build_progress)


def quiz_turn(turn: Turn, core: Core) -> Outcome:
    """One message while a quiz runs: an answer or command, small talk, or a side question (then resume)."""
    state = core.quiz.current(turn.sender)
    if state is None:
        return Outcome([Reply("There is no quiz running. Say 'quiz me on ST1406' to start one.")])
    if turn.intent == "start_quiz" and not command_in(turn.text):
        return _resume(core, turn, [Reply("A quiz is already running; say 'stop' to end it first.")])
    question = state["question"]
    answers = bool(command_in(turn.text)) or (bool(question["choices"]) and parse_choice(turn.text, question["choices"]) is not None)
    if not answers and turn.confidence >= SIDE_QUESTION_CONFIDENCE:
        if turn.intent == "ask_progress":
            progress = about_standard(replace(turn, slots={**turn.slots, "standard": state["reference"]}), core, build_progress)
            return _resume(core, turn, progress.replies)
        if turn.intent in SMALL_TALK:
            return _resume(core, turn, [Reply(SMALL_TALK[turn.intent])])
        if _is_side_question(turn, bool(question["choices"])):
            side = _answer_side_question(turn, core)
            return _resume(core, turn, side.replies, side.slots)
    step = core.quiz.respond(turn.sender, turn.text)
    return Outcome([step_reply(step)])


def _is_side_question(turn: Turn, multiple_choice: bool) -> bool:
    if turn.intent not in BUILDERS and turn.intent not in ("find_standard", "compare_standards"):
        return False
    if turn.intent in ("nlu_fallback", "start_quiz", "choose_option"):
        return False
    # A free-text answer may use a KSB's words: only a real question interrupts an "explain" question.
    return multiple_choice or turn.text.rstrip().endswith("?") or bool(QUESTION_START.match(turn.text))


def _answer_side_question(turn: Turn, core: Core) -> Outcome:
    if turn.intent == "find_standard":
        return find_standards(turn, core)
    if turn.intent == "compare_standards":
        return compare(turn, core)
    outcome = about_standard(turn, core, BUILDERS[turn.intent])
    # The quiz keeps its own standard: a side question must not move the conversation's context away from it.
    return Outcome(outcome.replies, {k: v for k, v in outcome.slots.items() if k in ("ksb_code",)})


def _resume(core: Core, turn: Turn, replies: list[Reply], slots: dict | None = None) -> Outcome:
    again = core.quiz.respond(turn.sender, "repeat")
    resumed = step_reply(again)
    resumed.text = "Back to the quiz. " + resumed.text
    return Outcome([*replies, resumed], dict(slots or {}))


def ask_forget(turn: Turn, core: Core) -> Outcome:
    text = "This deletes all your quiz progress and any quiz in progress, for good. Are you sure?"
    buttons = [Button("Yes, delete it", intent_payload("affirm")), Button("No, keep it", intent_payload("deny"))]
    return Outcome([Reply(text, buttons)], {"confirming_forget": True})


def forget_learner(turn: Turn, core: Core) -> Outcome:
    if turn.intent != "affirm":
        return Outcome([Reply("OK, I kept your progress.")], {"confirming_forget": False})
    removed = core.quiz.store.forget(turn.sender)
    text = f"Done: I deleted everything I stored about you ({removed} record{'s' if removed != 1 else ''})."
    return Outcome([Reply(text)], {"confirming_forget": False})


def _short(text: str) -> str:
    return text if len(text) <= BUTTON_TITLE else text[: BUTTON_TITLE - 1].rstrip() + "…"


RESPONSES = {
    "greet": "utter_greet",
    "goodbye": "utter_goodbye",
    "thanks": "utter_you_are_welcome",
    "help": "utter_help",
    "bot_challenge": "utter_iamabot",
    "affirm": "utter_affirm",
    "deny": "utter_deny",
    "out_of_scope": "utter_out_of_scope",
}


def small_talk(turn: Turn, core: Core) -> Outcome:
    """Greetings, yes/no, thanks...: a yes or no may confirm "forget me", anything may be a quiz answer."""
    if turn.slots.get("confirming_forget") and turn.intent in ("affirm", "deny"):
        return forget_learner(turn, core)
    if core.quiz.current(turn.sender) is not None:
        return quiz_turn(turn, core)
    return Outcome([Reply("", response=RESPONSES.get(turn.intent, "utter_help"))])
