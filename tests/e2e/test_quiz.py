"""Quizzes through the real servers and the REST webhook: a full quiz with button and typed answers, a side
question and resume, stop, progress, forget me; progress after restarting both servers; 20 learners at once."""

from __future__ import annotations

import threading

import pytest

from bot.learners import LearnerStore
from tests.e2e.conftest import rest, say, texts

TYPED = {0: "a", 1: "the second one", 2: "answer c", 3: "d"}


@pytest.fixture(scope="module")
def quiz_db(tmp_path_factory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('learners') / 'learners.sqlite'}"


@pytest.fixture(scope="module")
def quiz_servers(rasa_model, quiz_db, tmp_path_factory):
    from launcher.servers import start_assistant

    running = start_assistant(
        rasa_model, full=True, log_dir=tmp_path_factory.mktemp("quiz-servers"), action_env={"APPRENTICE_LEARNER_DB": quiz_db}
    )
    yield running
    running.stop()


def right_answer(store: LearnerStore, learner: str, typed: bool) -> str:
    question = store.quiz(rest(learner))["question"]
    if not question["choices"]:
        return question["reference_text"]
    return TYPED[question["answer"]] if typed else "abcd"[question["answer"]]  # a button's payload is its letter


def test_a_full_quiz_with_buttons_typing_a_side_question_and_progress(quiz_servers, quiz_db):
    hook, me, store = quiz_servers.webhook, "e2e-learner", LearnerStore(quiz_db)
    [first] = say(hook, me, "quiz me on ST1406")
    assert first["text"].startswith("Quiz: 5 questions on ST1406") and "Question 1 of 5" in first["text"]
    if store.quiz(rest(me))["question"]["choices"]:
        assert [b["payload"] for b in first["buttons"]] == list("abcd")

    reply = texts(say(hook, me, right_answer(store, me, typed=False)))[0]
    assert reply.startswith(("Correct!", "Good explanation")) and "Question 2 of 5" in reply

    side = texts(say(hook, me, "what does K42 cover?"))
    assert "Types of water and its use" in side[0] and side[1].startswith("Back to the quiz. Question 2 of 5")

    for number in (3, 4, 5):
        reply = texts(say(hook, me, right_answer(store, me, typed=True)))[0]
        assert reply.startswith(("Correct!", "Good explanation")), reply
        assert f"Question {number} of 5" in reply
    final = texts(say(hook, me, right_answer(store, me, typed=True)))[0]
    assert "Quiz finished. You scored 5/5." in final and store.quiz(rest(me)) is None

    progress = texts(say(hook, me, "how am I doing?"))[0]
    assert progress.startswith("Your progress on ST1406")
    assert sum(int(part.split(" learning")[0].split()[-1]) for part in progress.split("\n")[1:4]) == 5


def test_stop_and_forget_me(quiz_servers, quiz_db):
    hook, me, store = quiz_servers.webhook, "e2e-forgetful", LearnerStore(quiz_db)
    say(hook, me, "quiz me on ST1406")
    say(hook, me, "skip")
    assert texts(say(hook, me, "stop the quiz"))[0].startswith("Quiz stopped. You scored 0/1.")
    [ask] = say(hook, me, "forget me")
    assert ask["text"].endswith("Are you sure?") and store.holds(rest(me))
    assert texts(say(hook, me, "/affirm"))[0].startswith("Done: I deleted everything I stored about you")
    assert not store.holds(rest(me))


@pytest.mark.parametrize("stop", ["enough for today thanks", "im done, how did i do"])
def test_a_soft_stop_ends_the_quiz_whatever_nlu_makes_of_it(quiz_servers, quiz_db, stop):
    hook, me, store = quiz_servers.webhook, f"e2e-tired-{len(stop)}", LearnerStore(quiz_db)
    say(hook, me, "quiz me on ST1406")
    say(hook, me, "skip")
    assert texts(say(hook, me, stop))[0].startswith("Quiz stopped. You scored 0/1.")
    assert store.quiz(rest(me)) is None


def test_twenty_learners_at_once_keep_their_own_quizzes(quiz_servers, quiz_db):
    store, failures = LearnerStore(quiz_db), []

    def learner(index: int) -> None:
        me = f"e2e-crowd-{index}"
        try:
            say(quiz_servers.webhook, me, "quiz me on ST1406 with 3 questions")
            for number in (2, 3):
                reply = texts(say(quiz_servers.webhook, me, "skip"))[0]
                assert f"Question {number} of 3" in reply, reply
            assert "You scored 0/3" in texts(say(quiz_servers.webhook, me, "skip"))[0]
        except Exception as exc:  # collected: an assert in a thread would be lost
            failures.append(f"{me}: {exc}")

    threads = [threading.Thread(target=learner, args=(i,)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    for i in range(20):
        progress = store.progress(rest(f"e2e-crowd-{i}"), "ST1406")
        assert len(progress) == 3 and all(p.seen == 1 and p.box == 1 for p in progress.values())


def test_progress_survives_restarting_both_servers(rasa_model, quiz_db, tmp_path):
    from launcher.servers import start_assistant

    first = start_assistant(rasa_model, full=True, log_dir=tmp_path / "before", action_env={"APPRENTICE_LEARNER_DB": quiz_db})
    try:
        say(first.webhook, "e2e-returning", "quiz me on ST1406 with 2 questions")
        say(first.webhook, "e2e-returning", "skip")
    finally:
        first.stop()
    second = start_assistant(rasa_model, full=True, log_dir=tmp_path / "after", action_env={"APPRENTICE_LEARNER_DB": quiz_db})
    try:
        reply = texts(say(second.webhook, "e2e-returning", "how am I doing with ST1406?"))[0]
        assert "1 learning" in reply  # the skipped KSB, remembered across the restart
        resumed = texts(say(second.webhook, "e2e-returning", "quiz me on ST1406"))
        assert resumed[0] == "You have a quiz in progress."  # the quiz itself survived the restart too
        assert resumed[1].startswith("Back to the quiz. Question 2 of 2")
    finally:
        second.stop()
