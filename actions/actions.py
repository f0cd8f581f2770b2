"""Rasa custom actions: thin adapters from a tracker to a handler and back to messages and slot events.

Any unexpected error becomes a short apology in the chat (and a log line), never silence.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import handlers, quiz_handlers
from actions.handlers import Outcome
from actions.knowledge import Core, core, warm_in_background
from actions.replies import Reply, send
from actions.turn import Turn

logger = logging.getLogger(__name__)
APOLOGY = "Sorry, something went wrong on my side while answering. Please try again, or ask another question."

Handler = Callable[[Turn, Core], Outcome]


class KnowledgeAction(Action):
    """Runs one handler; subclasses only name themselves and the handler."""

    action_name = ""
    handler: Handler = staticmethod(handlers.knowledge_question)

    def name(self) -> str:
        return self.action_name

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        try:
            turn, knowledge = Turn.from_tracker(tracker), core()
            handler = type(self).handler
            if handler not in QUIZ_AWARE and knowledge.quizzes.running(turn.sender):
                handler = quiz_handlers.quiz_turn  # a quiz runs: it decides between answer and side question
            outcome = handler(turn, knowledge)
        except Exception:
            logger.exception("%s failed for sender %s", self.name(), tracker.sender_id)
            send(Reply(APOLOGY), dispatcher)
            return []
        for reply in outcome.replies:
            send(reply, dispatcher)
        slots = dict(outcome.slots)
        if tracker.get_slot("confirming_forget") and "confirming_forget" not in slots:
            slots["confirming_forget"] = False  # any other turn cancels a pending "forget me"
        return [SlotSet(slot, value) for slot, value in slots.items() if tracker.get_slot(slot) != value]


def knowledge_action(name: str, handler: Handler) -> type[KnowledgeAction]:
    """One Rasa action: a name and the handler it runs (rasa-sdk registers every Action subclass)."""
    # Named like the module attribute it is assigned to (action_answer_question -> ActionAnswerQuestion): Sanic pickles
    # the actions into its worker process, and pickle finds a class by its module and name.
    class_name = "".join(part.title() for part in name.split("_"))
    return type(class_name, (KnowledgeAction,), {"action_name": name, "handler": staticmethod(handler)})


ActionAnswerQuestion = knowledge_action("action_answer_question", handlers.knowledge_question)
ActionSmallTalk = knowledge_action("action_small_talk", quiz_handlers.small_talk)
ActionStartQuiz = knowledge_action("action_start_quiz", quiz_handlers.start_quiz)
ActionQuizTurn = knowledge_action("action_quiz_turn", quiz_handlers.quiz_turn)
ActionShowProgress = knowledge_action("action_show_progress", quiz_handlers.show_progress)
ActionAskForget = knowledge_action("action_ask_forget", quiz_handlers.ask_forget)


# Handlers that deal with a running quiz themselves; every other action hands the turn to the quiz.
QUIZ_AWARE = frozenset(
    {quiz_handlers.quiz_turn, quiz_handlers.start_quiz, quiz_handlers.small_talk, quiz_handlers.ask_forget, quiz_handlers.show_progress}
)


def _serving_process() -> bool:
    """Sanic serves from a spawned worker ('Sanic-Server-0-0'); the process that launches it only imports
    the actions, so loading the knowledge base there would hold a second copy in memory for nothing."""
    return "Server" in os.environ.get("SANIC_WORKER_NAME", "")


if os.environ.get("APPRENTICE_WARM_START") == "1" and _serving_process():
    warm_in_background()  # load and warm the knowledge base while the action server starts, not on the first question
