from __future__ import annotations

import random
import re

import pytest

from bot.learners import LearnerStore, Progress
from bot.quiz import CORRECT, DAY, PARTIAL, WRONG, QuizError, QuizMaster, Scope, command_in, key_terms, parse_choice, parse_scope, plan


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def master(bundled_retriever, tmp_path, clock) -> QuizMaster:
    return QuizMaster(bundled_retriever, LearnerStore(f"sqlite:///{tmp_path / 'q.sqlite'}"), clock=clock)


def test_distractors_are_plausible_distinct_and_from_the_same_standard(master, bundled_retriever):
    standard = bundled_retriever.standard("ST1406")
    codes = {k.code for k in standard.ksbs}
    for ksb in standard.ksbs:
        picked = master.distractors(standard, ksb, 3)
        texts = [k.text.lower() for k in picked]
        assert len(picked) == 3 and all(t.strip() for t in texts)
        assert ksb.text.lower() not in texts and len(set(texts)) == 3
        assert {k.code for k in picked} <= codes - {ksb.code}


def test_distractors_prefer_the_same_kind(master, bundled_retriever):
    standard = bundled_retriever.standard("ST1406")
    assert all(k.code.startswith("K") for k in master.distractors(standard, standard.ksb("K42"), 3))


def test_free_text_grading(master):
    question = {"code": "K42", "reference": "ST1406", "key_terms": ["cool", "purifi", "inject", "water", "type"]}
    good = master.grade_explanation(
        question, "The different types of water used, like cooling water, purified water and water for injection"
    )
    partial = master.grade_explanation(question, "different kinds of water such as cooling water")
    wrong = master.grade_explanation(question, "I like playing football at the weekend")
    assert good[0] == CORRECT and partial[0] == PARTIAL and wrong[0] == WRONG
    assert good[1] > partial[1] > wrong[1]


def test_parse_choice():
    choices = ["Types of water", "Cleanroom behaviour", "K42", "Duty 3: Run the plant"]
    assert [parse_choice(t, choices) for t in ("b", "B)", "answer c", "it's d", "2", "the second one", "last")] == [1, 1, 2, 3, 1, 1, 3]
    assert parse_choice("k42", choices) == 2
    assert parse_choice("types of water I think", choices) == 0
    assert parse_choice("what is the weather", choices) is None


@pytest.mark.parametrize(
    ("said", "index"),
    [
        ("c i think", 2),  # a letter among filler words
        ("pretty sure its b", 1),
        ("option one", 0),
        ("the team one", 1),  # own words: not 'one' as the first
        ("the ethics one", 3),  # by stem: ethics / Ethical
        ("the one about managing faults", 2),
        ("automated processing i think", 0),
        ("first aid", None),  # 'first' inside words is not a position
        ("the one about budgets", None),  # words no choice holds
    ],
)
def test_a_choice_in_the_learners_own_words(said, index):
    choices = ["K25: Automated processing of samples", "Duty 8: Work as part of a team", "Duty 5: Manage faults", "B1: Ethical conduct"]
    assert parse_choice(said, choices) == index


def test_commands():
    assert [command_in(t) for t in ("hint please", "skip", "I don't know", "repeat the question", "stop the quiz", "b")] == [
        "hint",
        "skip",
        "skip",
        "repeat",
        "stop",
        None,
    ]
    assert {
        command_in(t) for t in ("enough for today thanks", "im done, how did i do", "ok thats enough thanks", "let's stop", "gotta go")
    } == {"stop"}
    assert command_in("thanks") is None and command_in("done") is None


def test_scope_from_words():
    assert parse_scope("5 questions on behaviours", "ST1406") == Scope("ST1406", letters="B", count=5)
    scope = parse_scope("test me on knowledge for the aseptic option", "ST1406", "aseptic")
    assert (scope.letters, scope.option) == ("K", "aseptic")
    assert parse_scope("quiz me on duty 3 core skills", "ST1406").duty == 3
    assert parse_scope("quiz me on the aseptic option only", "ST1406", "aseptic").option_only
    assert not parse_scope("quiz me on the aseptic option", "ST1406", "aseptic").option_only


def test_plan_puts_due_first_and_mastered_last(bundled_retriever):
    standard = bundled_retriever.standard("ST1406")
    pool = list(standard.ksbs[:6])
    now = 10 * DAY
    progress = {
        pool[0].code: Progress(pool[0].code, 5, now + 20 * DAY, 5, 5, now),  # mastered, far from due
        pool[1].code: Progress(pool[1].code, 2, now - DAY, 2, 1, now - 2 * DAY),  # overdue
    }
    order = plan(pool, progress, now, random.Random(1), 6)
    assert order[0] == pool[1].code and order[-1] == pool[0].code


def test_leitner_boxes_move_with_answers(master, clock):
    master._update_progress("ann", "ST1406", "K42", CORRECT)
    master._update_progress("ann", "ST1406", "K42", CORRECT)
    assert master.store.progress("ann", "ST1406")["K42"].box == 3
    assert master.store.progress("ann", "ST1406")["K42"].due_at == clock.now + 3 * DAY
    master._update_progress("ann", "ST1406", "K42", PARTIAL)
    assert master.store.progress("ann", "ST1406")["K42"].box == 3
    master._update_progress("ann", "ST1406", "K42", WRONG)
    assert master.store.progress("ann", "ST1406")["K42"].box == 1


def test_a_whole_quiz_with_feedback_summary_and_progress(master):
    step = master.start("lee", Scope("ST1406", count=5), seed=7)
    assert "Question 1 of 5" in step.text
    kinds = []
    for _ in range(5):
        question = master.current("lee")["question"]
        kinds.append(question["type"])
        if question["choices"]:
            step = master.respond("lee", "abcd"[question["answer"]])
            assert step.text.startswith("Correct!")
        else:
            step = master.respond("lee", question["reference_text"])
            assert step.text.startswith("Good explanation")
    assert step.done and "You scored 5/5" in step.text and master.current("lee") is None
    assert len(set(kinds)) >= 3  # varied question types
    text, counts = master.progress_report("lee", "ST1406")
    assert sum(c["learning"] for c in counts.values()) == 5 and "Your progress on ST1406" in text


def test_hint_skip_repeat_stop_and_resume_after_restart(master, bundled_retriever, clock):
    master.start("max", Scope("ST1406", letters="K", count=3), seed=3)
    first = master.current("max")["question"]
    assert master.respond("max", "hint").text.startswith("Hint:")
    assert first["prompt"] in master.respond("max", "repeat").text
    assert master.respond("max", "skip").text.startswith("Skipped.")
    restarted = QuizMaster(bundled_retriever, LearnerStore(master.store.url), clock=clock)  # new process, same store
    assert restarted.current("max")["index"] == 1
    final = restarted.respond("max", "stop")
    assert final.done and "Quiz stopped. You scored 0/1." in final.text and first["code"] in final.text


def test_unknown_answer_asks_again_without_losing_the_question(master):
    master.start("ned", Scope("ST1406", letters="K", count=2), seed=5)
    question = master.current("ned")["question"]
    if question["choices"]:
        assert master.respond("ned", "banana").text.startswith("I didn't recognise an answer")
        assert master.current("ned")["index"] == 0


def test_scope_without_ksbs_is_refused(master):
    with pytest.raises(QuizError):
        master.start("olga", Scope("ST0220"))
    with pytest.raises(QuizError, match="no duty 99"):
        master.start("olga", Scope("ST1406", duty=99))


def test_an_option_only_quiz_asks_the_options_own_ksbs(master, bundled_retriever):
    standard = bundled_retriever.standard("ST1406")
    option = standard.options[0]
    own = {k.code for k in standard.ksbs if k.scope != "core" and option in k.options}
    with_core = {k.code for k in standard.ksbs if k.scope == "core" or option in k.options}
    step = master.start("learner", Scope("ST1406", option=option, option_only=True, count=20), seed=1)
    asked = set(master.current("learner")["codes"])
    assert own and asked <= own and step.text
    master.start("other", Scope("ST1406", option=option, count=20), seed=1)
    assert set(master.current("other")["codes"]) <= with_core and set(master.current("other")["codes"]) - own


def test_a_hint_narrows_a_multiple_choice_question(bundled_retriever):
    """'It is a skill' when every choice is a skill, or 'several duties use it', tell the choices nothing: a
    hint rules two wrong choices out."""
    from bot.quiz import LETTERS

    master = QuizMaster(bundled_retriever, LearnerStore("sqlite://"))
    standard = bundled_retriever.standard("ST1406")
    state = {"index": 0, "seed": 7, "codes": ["S3"], "types": ["text_to_code"]}
    question = master._question(standard, state)
    ruled_out = re.findall(r"\b([a-d])\)", question["hint"])
    assert len(ruled_out) == 2 and LETTERS[question["answer"]] not in ruled_out
    if all(choice[0] == "S" for choice in question["choices"]):
        assert not question["hint"].startswith("It is a skill")


def test_key_points_said_in_other_words_count_but_a_part_stays_partial(master, bundled_retriever):
    from bot.quiz import key_terms, key_words

    ksb = bundled_retriever.standard("ST1406").ksb("K42")
    question = {
        "code": "K42",
        "reference": "ST1406",
        "key_terms": key_terms(bundled_retriever, ksb.text),
        "key_words": key_words(bundled_retriever, ksb.text),
    }
    exact = master._coverage(question, "kinds of water")
    otherwise = master._coverage(question, "kinds of water like the water used for chilling and sterile water for jabs")
    assert otherwise > exact
    assert master.grade_explanation(question, "different kinds of water such as cooling water")[0] == PARTIAL
    assert master.grade_explanation(question, "I like playing football at the weekend")[0] == WRONG


def test_question_types_asked_for_and_multiple_choice_midway(master):
    assert parse_scope("quiz me on it, multiple choice please", "ST1406").kinds == ("code_to_text", "text_to_code", "duty")
    assert parse_scope("test me with questions about duties", "ST1406").kinds == ("duty",)
    assert parse_scope("5 questions on behaviours", "ST1406").kinds == ()
    master.start("mia", Scope("ST1406", letters="KS", count=4, kinds=("explain",)), seed=2)
    assert master.current("mia")["types"] == ["explain"] * 4
    switched = master.respond("mia", "i dont know, can u give me multiple choice instead")
    assert switched.text.startswith("OK: multiple choice from now on.") and switched.choices
    assert all(kind != "explain" for kind in master.current("mia")["types"])


def test_commands_said_inside_a_sentence():
    assert command_in("no idea, repeat the question") == "repeat"
    assert command_in("no clue. stop here whats my score") == "stop"


def test_an_earlier_question_is_recalled_and_the_current_one_asked_again(master):
    master.start("ann", Scope("ST1406", letters="K", count=3), seed=4)
    first = master.current("ann")["question"]["code"]
    master.respond("ann", "skip")
    recalled = master.respond("ann", "what was question 1 again, the answer")
    assert recalled.text.startswith(f"Question 1 was about {first}:") and "You got it skipped." in recalled.text
    assert "Question 2 of 3:" in recalled.text
    assert master.respond("ann", "what was question 3").text.startswith("Question 3 has not been asked yet.")


def test_multiple_choice_asked_on_a_multiple_choice_question_keeps_it(master):
    """Drawn again, a question already multiple choice gave its answer away among the new choices."""
    master.start("max", Scope("ST1406", letters="KS", count=3, kinds=("code_to_text",)), seed=3)
    shown = master.current("max")["question"]
    kept = master.respond("max", "multiple choice please")
    assert kept.text.startswith("This one is multiple choice already") and master.current("max")["question"] == shown


def test_a_ksb_every_duty_uses_is_never_asked_which_duty_needs_it(full_retriever, tmp_path):
    """ST0608 B3 is in all ten duties: 'Which duty needs B3?' showed one choice and an empty hint."""
    master = QuizMaster(full_retriever, LearnerStore(f"sqlite:///{tmp_path / 'q.sqlite'}"))
    standard = full_retriever.standard("ST0608")
    assert len(standard.duties_using("B3")) == len(standard.duties)
    assert not master._can_ask(standard, "B3", "duty")
    master.start("duty-learner", Scope("ST0608", letters="B", count=5, kinds=("duty",)), seed=3)
    quiz = master.current("duty-learner")
    for code, kind in zip(quiz["codes"], quiz["types"], strict=True):
        if kind == "duty":
            assert len(standard.duties) - len(standard.duties_using(code)) >= 2, code


def test_an_answer_that_means_the_statement_in_other_words_is_partly_right(full_retriever, tmp_path):
    master = QuizMaster(full_retriever, LearnerStore(f"sqlite:///{tmp_path / 'q.sqlite'}"))
    standard = full_retriever.standard("ST0649")
    ksb = next(k for k in standard.ksbs if k.text.startswith("Communicate and disseminate bioinformatics"))
    question = {"reference": "ST0649", "code": ksb.code, "key_terms": key_terms(full_retriever, ksb.text), "key_words": []}
    said = "its about communicating your analysis results to different audiences like scientists, managers and funders"
    outcome, score = master.grade_explanation(question, said)
    assert outcome == PARTIAL and 0.4 <= score < 0.7
    assert master.grade_explanation(question, "being good at maths")[0] == WRONG


def test_key_words_are_what_the_statement_is_about_not_how_it_is_framed(full_retriever):
    text = "Principles of data security and legislative requirements regarding data handling in a financial and accounting context."
    assert not {"regard", "principl", "context"} & set(key_terms(full_retriever, text))


def test_a_letter_to_an_own_words_question_is_not_graded(master):
    master.start("letters", Scope("ST1406", letters="K", count=2, kinds=("explain",)), seed=4)
    step = master.respond("letters", "a")
    assert step.text.startswith("This question has no choices: explain it in your own words")
    assert master.current("letters")["results"] == [] and master.current("letters")["index"] == 0
