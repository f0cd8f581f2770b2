from __future__ import annotations

from rasa_sdk.events import SlotSet

from actions.actions import ActionAnswerQuestion, ActionAskForget, ActionQuizTurn, ActionShowProgress, ActionSmallTalk, ActionStartQuiz
from bot.quiz import LETTERS
from tests.actions.conftest import load_tracker


def quiz_tracker(sender: str, text: str, intent: str, **slots):
    tracker = load_tracker("st1406_chosen", text=text, intent=intent, entities=[], **slots)
    tracker.sender_id = sender
    return tracker


def start(sender: str, dispatcher, domain, text: str = "quiz me"):
    tracker = load_tracker("st1406_chosen", text=text, intent="start_quiz", entities=[])
    tracker.sender_id = sender
    return ActionStartQuiz().run(dispatcher, tracker, domain)


def test_start_quiz_on_the_standard_in_context(dispatcher, domain, core):
    events = start("quiz-a", dispatcher, domain, "5 questions on knowledge")
    [message] = dispatcher.messages
    assert message["text"].startswith("Quiz: 5 questions on ST1406 Science manufacturing technician 2023.")
    assert "Question 1 of 5" in message["text"]
    state = core.quiz.current("quiz-a")
    assert all(code.startswith("K") for code in state["codes"])
    assert [b["payload"] for b in message["buttons"]] == list(LETTERS[: len(state["question"]["choices"])])
    assert events == [SlotSet("last_kind", "quiz"), SlotSet("last_question", "5 questions on knowledge")]


def test_answer_by_letter_and_by_code_then_stop(dispatcher, domain, core):
    start("quiz-b", dispatcher, domain)
    for _ in range(2):
        question = core.quiz.current("quiz-b")["question"]
        answer = LETTERS[question["answer"]] if question["choices"] else question["reference_text"]
        if question["type"] == "text_to_code":
            answer = question["code"].lower()  # typed code, lower case
        dispatcher.messages.clear()
        ActionSmallTalk().run(dispatcher, quiz_tracker("quiz-b", answer, "deny"), domain)  # whatever NLU thought
        assert dispatcher.messages[0]["text"].startswith(("Correct!", "Good explanation"))
    dispatcher.messages.clear()
    ActionQuizTurn().run(dispatcher, quiz_tracker("quiz-b", "stop the quiz", "quiz_command"), domain)
    assert dispatcher.messages[0]["text"].startswith("Quiz stopped. You scored 2/2.")
    assert core.quiz.current("quiz-b") is None


def test_a_side_question_is_answered_and_the_quiz_resumes(dispatcher, domain, core):
    start("quiz-c", dispatcher, domain)
    before = core.quiz.current("quiz-c")
    dispatcher.messages.clear()
    tracker = quiz_tracker("quiz-c", "what does K42 cover?", "ask_question")
    ActionAnswerQuestion().run(dispatcher, tracker, domain)  # the knowledge action hands the turn to the running quiz
    texts = [m["text"] for m in dispatcher.messages]
    assert texts[0].startswith("K42 (knowledge")
    assert texts[1].startswith("Back to the quiz. Question 1 of 5: " + before["question"]["prompt"])
    assert core.quiz.current("quiz-c")["index"] == before["index"]  # nothing was graded


def test_progress_and_forget_me_with_confirmation(dispatcher, domain, core):
    start("quiz-d", dispatcher, domain)
    ActionQuizTurn().run(dispatcher, quiz_tracker("quiz-d", "skip", "quiz_command"), domain)
    dispatcher.messages.clear()
    tracker = load_tracker("st1406_chosen", text="how am I doing?", intent="ask_progress", entities=[])
    tracker.sender_id = "quiz-d"
    ActionShowProgress().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["text"].startswith("This quiz so far: 0/1.\nYour progress on ST1406")  # the skip
    assert "1 learning" in dispatcher.messages[0]["text"]

    dispatcher.messages.clear()
    tracker = load_tracker("st1406_chosen", text="forget me", intent="forget_me", entities=[])
    tracker.sender_id = "quiz-d"
    assert ActionAskForget().run(dispatcher, tracker, domain) == [SlotSet("confirming_forget", True)]
    assert [b["payload"] for b in dispatcher.messages[0]["buttons"]] == ["/affirm", "/deny"]

    dispatcher.messages.clear()
    tracker = load_tracker("st1406_chosen", text="yes", intent="affirm", entities=[], confirming_forget=True)
    tracker.sender_id = "quiz-d"
    events = ActionSmallTalk().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["text"].startswith("Done: I deleted everything I stored about you")
    assert dispatcher.messages[1]["custom"] == {"forget_transcript": True}  # the conversation and page copy go too
    forgotten = [SlotSet("standard", None), SlotSet("last_question", None), SlotSet("discussed", None)]  # those it had
    assert events == [*forgotten, SlotSet("confirming_forget", False)]
    assert not core.quiz.store.holds("quiz-d")


def test_forget_me_declined_keeps_everything(dispatcher, domain, core):
    start("quiz-e", dispatcher, domain)
    dispatcher.messages.clear()
    tracker = load_tracker("st1406_chosen", text="no", intent="deny", entities=[], confirming_forget=True)
    tracker.sender_id = "quiz-e"
    ActionSmallTalk().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["text"] == "OK, I kept your progress."
    assert core.quiz.store.holds("quiz-e")


def test_small_talk_uses_the_domain_response_outside_a_quiz(dispatcher, domain):
    tracker = load_tracker("st1406_chosen", text="hello", intent="greet", entities=[])
    tracker.sender_id = "no-quiz"
    assert ActionSmallTalk().run(dispatcher, tracker, domain) == []
    assert dispatcher.messages[0]["response"] == "utter_greet"


def test_forget_me_is_not_predicted_without_its_words(dispatcher, domain, core):
    start("quiz-f", dispatcher, domain)
    dispatcher.messages.clear()
    tracker = load_tracker("st1406_chosen", text="how do I fit a tow bar", intent="forget_me", entities=[])
    tracker.sender_id = "quiz-f"
    events = ActionAskForget().run(dispatcher, tracker, domain)
    assert SlotSet("confirming_forget", True) not in events
    assert core.quiz.store.holds("quiz-f")
    assert not dispatcher.messages[0]["text"].startswith("This deletes")
