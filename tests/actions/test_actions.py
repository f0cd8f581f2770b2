from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions import handlers
from actions.actions import (
    APOLOGY,
    ActionAnswerDuties,
    ActionAnswerFact,
    ActionAnswerKsb,
    ActionChooseOption,
    ActionChooseStandard,
    ActionCompareStandards,
    ActionFindStandards,
    ActionFreeQuestion,
)
from tests.actions.conftest import load_tracker

ST1406_CITATION = (
    "Source: ST1406 v1.0 Science manufacturing technician 2023 https://skillsengland.education.gov.uk/apprenticeships/st1406-v1-0"
)
K42_ANSWER = (
    "K42 (knowledge, option: Biotechnology manufacturing technician): Types of water and its use: cooling water, purified water, "
    "water for injection.\nUsed by Duty 10, Duty 11, Duty 12, Duty 13, Duty 14.\n" + ST1406_CITATION
)
K42_ENTITY = [{"entity": "ksb_code", "value": "K42"}]


def choose(reference: str) -> dict:
    return {"title": "", "payload": f'/choose_standard{{"standard_ref": "{reference}"}}'}


def test_ksb_without_a_standard_asks_which_with_buttons(dispatcher, domain):
    events = ActionAnswerKsb().run(dispatcher, load_tracker("new_user"), domain)
    assert events == [SlotSet("pending_question", "what does K42 cover"), SlotSet("last_intent", "ask_ksb")]
    [message] = dispatcher.messages
    assert message["text"] == "Which apprenticeship standard do you mean? KSB numbers and facts differ from one standard to the next."
    assert [b["payload"] for b in message["buttons"]] == [choose("ST1406")["payload"], choose("ST0220")["payload"]]


def test_choosing_the_standard_answers_the_waiting_question(dispatcher, domain):
    tracker = load_tracker(
        "new_user",
        text='/choose_standard{"standard_ref": "ST1406"}',
        intent="choose_standard",
        entities=[{"entity": "standard_ref", "value": "ST1406"}],
        pending_question="what does K42 cover",
        last_intent="ask_ksb",
    )
    events = ActionChooseStandard().run(dispatcher, tracker, domain)
    assert [m["text"] for m in dispatcher.messages] == [K42_ANSWER]
    assert events == [
        SlotSet("standard", "ST1406"),
        SlotSet("last_question", "what does K42 cover"),
        SlotSet("pending_question", None),
        SlotSet("ksb_code", "K42"),
    ]


def test_ksb_uses_the_standard_in_context(dispatcher, domain):
    tracker = load_tracker("st1406_chosen", text="what does K42 cover", intent="ask_ksb", entities=K42_ENTITY)
    events = ActionAnswerKsb().run(dispatcher, tracker, domain)
    assert [m["text"] for m in dispatcher.messages] == [K42_ANSWER]
    assert events == [SlotSet("last_intent", "ask_ksb"), SlotSet("last_question", "what does K42 cover"), SlotSet("ksb_code", "K42")]


def test_follow_up_code_without_a_standard_name(dispatcher, domain):
    tracker = load_tracker("st1406_chosen", text="what about S12?", intent="ask_ksb", entities=[{"entity": "ksb_code", "value": "S12"}])
    ActionAnswerKsb().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["text"].startswith("S12 (skill, core): Interpret data for example, process data, quality control")


def test_entry_requirements(dispatcher, domain):
    events = ActionAnswerFact().run(dispatcher, load_tracker("st1406_chosen"), domain)
    assert [m["text"] for m in dispatcher.messages] == [
        "Entry requirements for ST1406 Science manufacturing technician 2023: Employers will set their own entry requirements. "
        "Typically, they require applicants to have GCSE science grade C or 4. An employer may require applicants to have a "
        "health screening to ensure suitability for working in some work environments.\n" + ST1406_CITATION
    ]
    assert events == [SlotSet("last_intent", "ask_entry_requirements"), SlotSet("last_question", "what entry requirements apply")]


def test_retired_standard_is_flagged(dispatcher, domain):
    tracker = load_tracker("new_user", text="is ST0220 still approved?", intent="ask_facts", entities=[])
    ActionAnswerFact().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["text"].startswith(
        "ST0220 Healthcare science associate version 1.0 has been retired: it is not open to new starts."
    )


def test_unknown_code_offers_near_codes(dispatcher, domain):
    tracker = load_tracker(
        "st1406_chosen", text="what does K999 cover", intent="ask_ksb", entities=[{"entity": "ksb_code", "value": "K999"}]
    )
    ActionAnswerKsb().run(dispatcher, tracker, domain)
    [message] = dispatcher.messages
    assert message["text"] == "ST1406 has no K999. It has K1–K65, S1–S46, B1–B7."
    assert [b["payload"] for b in message["buttons"]] == [
        '/ask_ksb{"ksb_code": "K59"}',
        '/ask_ksb{"ksb_code": "K49"}',
        '/ask_ksb{"ksb_code": "K39"}',
    ]


def test_unknown_standard_offers_did_you_mean(dispatcher, domain):
    tracker = load_tracker(
        "new_user", text="tell me about ST9999", intent="choose_standard", entities=[{"entity": "standard_ref", "value": "ST9999"}]
    )
    events = ActionChooseStandard().run(dispatcher, tracker, domain)
    [message] = dispatcher.messages
    assert message["text"] == "I don't know a standard ST9999. Did you mean one of these?"
    assert [b["title"] for b in message["buttons"]] == [
        "ST0220 Healthcare science associate",
        "ST1406 Science manufacturing technician 2023",
    ]
    assert events == []


def test_changing_option_reruns_the_last_question(dispatcher, domain):
    tracker = load_tracker(
        "st1406_chosen",
        text="and what about the aseptic option?",
        intent="choose_option",
        entities=[{"entity": "option", "value": "aseptic"}],
        option="Biotechnology manufacturing technician",
        last_intent="ask_french_equivalent",
        last_question="which French BTS matches this role",
    )
    events = ActionChooseOption().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["text"].startswith(
        "Closest French courses for ST1406 Science manufacturing technician 2023 (Aseptic pharmaceuticals manufacturing technician):"
    )
    assert events == [SlotSet("option", "Aseptic pharmaceuticals manufacturing technician"), SlotSet("course_type", "BTS")]


def test_duties_using_a_ksb(dispatcher, domain):
    tracker = load_tracker("st1406_chosen", text="which duties use K42", intent="ask_duties", entities=K42_ENTITY)
    ActionAnswerDuties().run(dispatcher, tracker, domain)
    lines = dispatcher.messages[0]["text"].split("\n")
    assert lines[0] == "K42 (Types of water and its use: cooling water, purified water, water for injection.) is used by:"
    assert [line.split(":")[0] for line in lines[1:-1]] == ["Duty 10", "Duty 11", "Duty 12", "Duty 13", "Duty 14"]


def test_low_confidence_question_goes_to_search(dispatcher, domain):
    tracker = load_tracker("new_user", text="how is water for injection used", intent="nlu_fallback", entities=[])
    ActionFreeQuestion().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["text"].startswith("K42: Types of water and its use")


@pytest.mark.parametrize("text", ["😀😀", "<script>alert(1)</script>", "lorem ipsum dolor sit amet"])
def test_nonsense_gets_a_clear_reply(dispatcher, domain, text):
    tracker = load_tracker("st1406_chosen", text=text, intent="nlu_fallback", entities=[])
    ActionFreeQuestion().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["text"].startswith(("I didn't catch a question", "I couldn't find anything close to that in ST1406"))


def test_compare_with_the_standard_in_context(dispatcher, domain):
    tracker = load_tracker("st1406_chosen", text="compare it with ST0220", intent="compare_standards", entities=[])
    ActionCompareStandards().run(dispatcher, tracker, domain)
    lines = dispatcher.messages[0]["text"].split("\n")
    assert lines[:3] == [
        "ST1406 Science manufacturing technician 2023 vs ST0220 Healthcare science associate",
        "level: 3 | 4",
        "typical duration: 36 months | 24 months",
    ]


def test_find_standards_by_interest(dispatcher, domain):
    tracker = load_tracker(
        "new_user",
        text="I like biology, which apprenticeships?",
        intent="find_standard",
        entities=[{"entity": "interest", "value": "biology"}],
    )
    ActionFindStandards().run(dispatcher, tracker, domain)
    [message] = dispatcher.messages
    assert message["buttons"][0]["payload"] == choose("ST1406")["payload"]


def test_a_failing_handler_apologises_instead_of_silence(dispatcher, domain, monkeypatch):
    def broken(_turn, _core):
        raise RuntimeError("index unavailable")

    monkeypatch.setattr(ActionAnswerFact, "handler", staticmethod(broken))
    events = ActionAnswerFact().run(dispatcher, load_tracker("st1406_chosen"), domain)
    assert [m["text"] for m in dispatcher.messages] == [APOLOGY]
    assert events == []


def test_course_type_is_read_from_the_question():
    from actions.turn import Turn

    assert handlers.course_type_in(Turn(text="which French BTS matches this role", intent="ask_french_equivalent")) == "BTS"
    assert handlers.course_type_in(Turn(text="quelle licence pro", intent="ask_french_equivalent")) == "licence pro"
    assert handlers.course_type_in(Turn(text="what is the French equivalent", intent="ask_french_equivalent")) is None


def test_every_action_can_be_sent_to_a_sanic_worker():
    import pickle

    from rasa_sdk import Action

    from actions import actions as module

    classes = [c for c in vars(module).values() if isinstance(c, type) and issubclass(c, Action) and getattr(c, "action_name", "")]
    assert len(classes) == 15
    for cls in classes:
        assert pickle.loads(pickle.dumps(cls)) is cls
        assert getattr(module, cls.__name__) is cls
