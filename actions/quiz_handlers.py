"""Quiz and dialogue turns: thin adapters from a turn to bot.quiz_conversation and bot.conversation."""

from __future__ import annotations

from actions.handlers import Outcome, knowledge_question, outcome_of
from actions.knowledge import Core
from actions.replies import Reply
from actions.turn import Turn
from bot.router import courtesy_of, said_in_own_words

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


def start_quiz(turn: Turn, core: Core) -> Outcome:
    return outcome_of(core.quizzes.start(turn.message, turn.state, turn.sender))


def quiz_turn(turn: Turn, core: Core) -> Outcome:
    return outcome_of(core.quizzes.turn(turn.message, turn.state, turn.sender, turn.intent, turn.confidence))


def show_progress(turn: Turn, core: Core) -> Outcome:
    return outcome_of(core.quizzes.progress(turn.message, turn.state, turn.sender))


def ask_forget(turn: Turn, core: Core) -> Outcome:
    """'forget me' asks for a yes; NLU's guess alone, without the words, never deletes anything."""
    if turn.slots.get("confirming_forget") and turn.intent in ("affirm", "forget_me"):
        return forget_learner(turn, core)
    asked = core.quizzes.ask_forget(turn.message, turn.state, turn.sender)
    if asked is None:  # not asked in its own words: an answer to the quiz, or a question
        return quiz_turn(turn, core) if core.quizzes.running(turn.sender) else knowledge_question(turn, core)
    outcome = outcome_of(asked)
    return Outcome(outcome.replies, {**outcome.slots, "confirming_forget": True})


def forget_learner(turn: Turn, core: Core) -> Outcome:
    confirmed = turn.intent in ("affirm", "forget_me")
    outcome = outcome_of(core.quizzes.forget(turn.sender, confirmed, turn.state))
    return Outcome(outcome.replies, {**outcome.slots, "confirming_forget": False})


def small_talk(turn: Turn, core: Core) -> Outcome:
    """Greetings, yes/no, thanks...: a yes or no may confirm "forget me", anything may be a quiz answer."""
    if turn.slots.get("confirming_forget") and turn.intent in ("affirm", "deny"):
        return forget_learner(turn, core)
    if core.quizzes.running(turn.sender):
        return quiz_turn(turn, core)
    return small_talk_or_question(turn, core)


def small_talk_or_question(turn: Turn, core: Core) -> Outcome:
    """NLU's small-talk intents do not hide a question: 'hi, i want to be a vet nurse' gets an answer."""
    if core.assistant.looks_like_question(turn.message, turn.state) or not said_in_own_words(turn.intent or "", turn.message.question):
        return knowledge_question(turn, core)
    courtesy = courtesy_of(turn.message.question)
    if courtesy and courtesy != (turn.intent, "en"):
        return knowledge_question(turn, core)  # 'merci' read as a greeting: the core answers the courtesy said, in its language
    return Outcome([Reply("", response=RESPONSES.get(turn.intent, "utter_help"))])
