"""Quiz turns in a conversation: starting a quiz, answers and commands, side questions, progress, forget me.

The quiz itself lives in the learner store (bot.quiz.QuizMaster). While one runs for a learner, every turn
comes here first, whatever NLU made of it: an answer or a command goes to the quiz; a real question is
answered (by bot.conversation, with the quiz's standard as context) and the quiz question is asked again.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from bot.conversation import Assistant, Button, Message, Reply, Result, State, intent_payload
from bot.models import Standard
from bot.quiz import LETTERS, LONE_LETTER_RE, WRONG, QuizError, QuizMaster, Step, command_in, parse_choice, parse_scope, score_of
from bot.router import asks_about, asks_to_forget, is_question
from bot.text import shortened

SIDE_QUESTION_CONFIDENCE = 0.6
SMALL_TALK = {
    "greet": "Hello again!",
    "thanks": "You're welcome.",
    "bot_challenge": "I am a bot, quizzing you on your standard's KSBs.",
    "help": "Answer with a letter, a code or your own words; say 'hint', 'skip', 'repeat' or 'stop'.",
}
PROGRESS_RE = re.compile(
    r"how (?:am i|did i|have i) (?:doing|do|done|get on)|my (?:progress|score|results)|how many (?:have i|did i)", re.I
)
BUTTON_TITLE = 60
# Another quiz asked for while one runs: never an answer to the question shown.
ANOTHER_QUIZ_RE = re.compile(
    r"\b(?:change|switch|move|go)\s+(?:over\s+)?to\b.{0,60}\bquiz\b|\b(?:quiz|test) me on\b|\b(?:another|a different|new) quiz\b(?! (?:question|one))",
    re.I,
)
# A move to another standard asked for mid-quiz ('can we switch to the mine management one', 'let's do
# the plumber one instead'): with a standard named, never an answer.
SWITCH_RE = re.compile(
    r"\b(?:switch|change|move|go|jump|turn)\s+(?:over\s+|on\s+)?to\b|\blet'?s (?:do|look at|talk about|move on to)\b|\binstead\b",
    re.I,
)
# The words that ask for a quiz ('quiz me', 'test my knowledge', 'help me revise', '5 questions on skills').
# 'revise' and 'revising' ask for one; 'has my standard been revised?' asks what changed.
QUIZ_ASKED_RE = re.compile(
    r"\bquiz|\btest (?:me|my|us)\b|\brevis(?:e|ing)\b|\bpractis|\bpractice|\bquestions?\b|\bdrill|\bflash ?cards?", re.I
)


def step_reply(step: Step) -> Reply:
    """The quiz's text with its choices as buttons (the payload is the letter, as if typed)."""
    buttons = [Button(f"{LETTERS[i]}) {_short(choice)}", LETTERS[i]) for i, choice in enumerate(step.choices)]
    return Reply(step.text, buttons)


class QuizConversation:
    def __init__(self, assistant: Assistant, quiz: QuizMaster) -> None:
        self.assistant = assistant
        self.quiz = quiz
        assistant.quiz_starter = self._start_for
        assistant.progress_reporter = self._report_for

    def running(self, sender: str) -> bool:
        return self.quiz.current(sender) is not None

    def start(self, message: Message, state: State, sender: str) -> Result:
        """'quiz me on ST1406': resolves the standard like any question (asking which when unknown). A typed
        message that does not ask for a quiz in words ('i want to work as cabin crew on planes', which NLU may
        take for one) is answered as the question it is: a quiz is never started on a guess."""
        if message.question and not QUIZ_ASKED_RE.search(message.question):
            return self.assistant.respond(message, state, sender)
        if self.running(sender):
            return self._resume(sender, [Reply("You have a quiz in progress.")], state)
        return self.assistant.respond(message, state, sender, force_kind="quiz")

    def _start_for(self, sender: str, text: str, standard: Standard, option: str | None) -> Reply:
        scope = parse_scope(text, standard.reference, option, version=standard.version)
        try:
            return step_reply(self.quiz.start(sender, scope))
        except QuizError as exc:
            return Reply(str(exc))

    def _report_for(self, sender: str, standard: Standard) -> Reply:
        """'how did i do': the score of the quiz running on this standard first, then the KSBs' standing."""
        text, _counts = self.quiz.progress_report(sender, standard.reference)
        running = self.quiz.current(sender)
        if running and running.get("reference") == standard.reference and running.get("results"):
            text = f"This quiz so far: {score_of(running['results'])}.\n{text}"
        return Reply(text)

    def progress(self, message: Message, state: State, sender: str) -> Result:
        """'how am I doing?': on the running quiz's standard, else the one named or in context (asked when none)."""
        quiz_state = self.quiz.current(sender)
        if quiz_state is not None and command_in(message.text) == "stop":  # 'im done, how did i do': ends with the score
            return self.turn(message, state, sender, "ask_progress", 1.0)
        if quiz_state is not None:
            state = replace(state, standard=quiz_state["reference"])
        return self.assistant.respond(message, state, sender, force_kind="progress")

    def turn(self, message: Message, state: State, sender: str, intent: str, confidence: float) -> Result:
        """One message while a quiz runs: an answer or command, small talk, progress, or a side question."""
        quiz_state = self.quiz.current(sender)
        if quiz_state is None:
            if command_in(message.text) == "repeat":
                return self.assistant.repeat(state, sender)  # 'say that again' after an answer, not a quiz question
            if command_in(message.text) or LONE_LETTER_RE.fullmatch(message.text):
                return Result([Reply("There is no quiz running. Say 'quiz me on ST1406' to start one.")], state)
            return self.assistant.respond(message, state, sender)  # NLU took a question ('and the next one?') for an answer
        question = quiz_state["question"]
        text = message.text
        if ANOTHER_QUIZ_RE.search(text):  # 'change to the beauty therapist quiz': this one ends, that one starts
            ended = step_reply(self.quiz.respond(sender, "stop"))
            started = self.start(Message(text), state, sender)
            return Result([ended, *started.replies], started.state)
        if SWITCH_RE.search(text) and self._names_another(text, quiz_state["reference"]):
            # 'actually can we switch to the mine management one': this quiz ends, the conversation moves there.
            ended = step_reply(self.quiz.respond(sender, "stop"))
            moved = self.assistant.respond(message, state, sender)
            return Result([ended, *moved.replies], moved.state)
        chose = bool(question["choices"]) and parse_choice(text, question["choices"]) is not None
        answers = bool(command_in(text)) or (chose and not asks_about(text))
        if not answers:
            if intent == "ask_progress" or PROGRESS_RE.search(text):
                report = self.progress(message, state, sender)
                return self._resume(sender, report.replies, state)
            if intent in SMALL_TALK and confidence >= SIDE_QUESTION_CONFIDENCE:
                return self._resume(sender, [Reply(SMALL_TALK[intent])], state)
            if intent == "start_quiz" and confidence >= SIDE_QUESTION_CONFIDENCE:
                return self._resume(sender, [Reply("A quiz is already running; say 'stop' to end it first.")], state)
            # A button of another reply ('/choose_standard{...}') or a real question is answered aside, never graded.
            if text.startswith("/") or (
                is_question(text, multiple_choice=bool(question["choices"])) and not self._explains(question, text)
            ):
                quiz_context = replace(state, standard=quiz_state["reference"], option=None)
                side = self.assistant.respond(message, quiz_context, sender)
                # The quiz keeps its own standard: a side question must not move the conversation away from it.
                return self._resume(sender, side.replies, replace(state, ksb_code=side.state.ksb_code))
        step = self.quiz.respond(sender, text)
        return Result([step_reply(step)], state)

    def _explains(self, question: dict[str, Any], text: str) -> bool:
        """An own-words answer may be shaped like a question, as ~2% of KSBs are ('How customer feedback can be
        used to assess quality performance'): without a question mark, one the grader finds partly right or
        better is an answer; a side question ('hang on how long is the lab tech one') shares little with it."""
        if question["choices"] or text.rstrip().endswith("?"):
            return False
        outcome, _score = self.quiz.grade_explanation(question, text)
        return outcome != WRONG

    def _names_another(self, text: str, quizzed: str) -> bool:
        """Whether the message names a standard other than the one quizzed on (or several, to choose from)."""
        meant = self.assistant.resolver.understand(text, current=quizzed)
        return meant.from_message and (meant.ambiguous or meant.reference not in (None, quizzed))

    def _resume(self, sender: str, replies: list[Reply], state: State) -> Result:
        again = step_reply(self.quiz.respond(sender, "repeat"))
        again.text = "Back to the quiz. " + again.text
        return Result([*replies, again], state)

    # --- forget me ----------------------------------------------------------------------------------------

    def ask_forget(self, message: Message, state: State, sender: str) -> Result | None:
        """Asks for a yes before deleting; None when the message does not ask to forget in its own words."""
        if not asks_to_forget(message.text):
            return None
        text = "This deletes all your quiz progress and any quiz in progress, for good. Are you sure?"
        buttons = [Button("Yes, delete it", intent_payload("affirm")), Button("No, keep it", intent_payload("deny"))]
        return Result([Reply(text, buttons)], state)

    def forget(self, sender: str, confirmed: bool, state: State) -> Result:
        if not confirmed:
            return Result([Reply("OK, I kept your progress.")], state)
        removed = self.quiz.store.forget(sender)
        records = f"{removed} record{'s' if removed != 1 else ''}"
        text = (
            f"Done: I deleted everything I stored about you: your quiz progress ({records}), this conversation "
            "from my memory, and the transcript this chat page keeps. Say hello to start afresh."
        )
        return Result([Reply(text, forgets_conversation=True)], State())


def _short(text: str) -> str:
    return shortened(text, BUTTON_TITLE)
