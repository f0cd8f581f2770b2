"""The knowledge action: a tracker in, bot.conversation asked, messages and exact slot events out."""

from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions.actions import APOLOGY, ActionAnswerQuestion, ActionSmallTalk
from tests.actions.conftest import load_tracker

ST1406_CITATION = (
    "Source: ST1406 v1.0 Science manufacturing technician 2023 https://skillsengland.education.gov.uk/apprenticeships/st1406-v1-0"
)
K42_ANSWER = (
    "K42 (knowledge, option: Biotechnology manufacturing technician): Types of water and its use: cooling water, purified water, "
    "water for injection.\nUsed by Duty 10, Duty 11, Duty 12, Duty 13, Duty 14.\n" + ST1406_CITATION
)


def choose(reference: str) -> str:
    return f'/choose_standard{{"standard_ref": "{reference}"}}'


def run(tracker, dispatcher, domain, action=ActionAnswerQuestion):
    return action().run(dispatcher, tracker, domain)


def test_ksb_without_a_standard_asks_which_with_buttons(dispatcher, domain):
    events = run(load_tracker("new_user"), dispatcher, domain)
    assert events == [
        SlotSet("pending_question", "what does K42 cover"),
        SlotSet("offered", ["ST1406", "ST0220"]),
        SlotSet("listed", ["ST1406", "ST0220"]),  # kept after a pick, for 'and the second one?'
    ]
    [message] = dispatcher.messages
    assert message["text"] == "Which apprenticeship standard do you mean? KSB numbers and facts differ from one standard to the next."
    assert [b["payload"] for b in message["buttons"]] == [choose("ST1406"), choose("ST0220")]


def test_choosing_the_standard_answers_the_waiting_question(dispatcher, domain):
    tracker = load_tracker(
        "new_user",
        text=choose("ST1406"),
        intent="choose_standard",
        entities=[{"entity": "standard_ref", "value": "ST1406"}],
        pending_question="what does K42 cover",
        offered=["ST1406", "ST0220"],
    )
    events = run(tracker, dispatcher, domain)
    assert [m["text"] for m in dispatcher.messages] == [K42_ANSWER]
    assert events == [
        SlotSet("standard", "ST1406"),
        SlotSet("ksb_code", "K42"),
        SlotSet("last_kind", "ksb"),
        SlotSet("last_question", "what does K42 cover"),
        SlotSet("pending_question", None),
        SlotSet("offered", None),
        SlotSet("discussed", ["ST1406"]),
    ]


def test_ksb_uses_the_standard_in_context(dispatcher, domain):
    events = run(load_tracker("st1406_chosen", text="what does K42 cover"), dispatcher, domain)
    assert [m["text"] for m in dispatcher.messages] == [K42_ANSWER]
    assert events == [SlotSet("ksb_code", "K42"), SlotSet("last_kind", "ksb"), SlotSet("last_question", "what does K42 cover")]


def test_follow_up_code_without_a_standard_name(dispatcher, domain):
    run(load_tracker("st1406_chosen", text="what about S12?"), dispatcher, domain)
    assert dispatcher.messages[0]["text"].startswith("S12 (skill, core): Interpret data for example, process data, quality control")


def test_entry_requirements(dispatcher, domain):
    events = run(load_tracker("st1406_chosen", text="what entry requirements apply"), dispatcher, domain)
    assert [m["text"] for m in dispatcher.messages] == [
        "Entry requirements for ST1406 Science manufacturing technician 2023: Employers will set their own entry requirements. "
        "Typically, they require applicants to have GCSE science grade C or 4. An employer may require applicants to have a "
        "health screening to ensure suitability for working in some work environments.\n" + ST1406_CITATION
    ]
    assert events == [SlotSet("last_kind", "entry_requirements"), SlotSet("last_question", "what entry requirements apply")]


def test_retired_standard_is_flagged(dispatcher, domain):
    run(load_tracker("new_user", text="is ST0220 still approved?", entities=[]), dispatcher, domain)
    assert dispatcher.messages[0]["text"].startswith(
        "ST0220 Healthcare science associate version 1.0 has been retired: it is not open to new starts."
    )


def test_unknown_code_offers_near_codes(dispatcher, domain):
    run(load_tracker("st1406_chosen", text="what does K999 cover", entities=[]), dispatcher, domain)
    [message] = dispatcher.messages
    assert message["text"] == "ST1406 has no K999. It has K1–K65, S1–S46, B1–B7."
    assert [b["payload"] for b in message["buttons"]] == [
        '/ask_question{"ksb_code": "K59"}',
        '/ask_question{"ksb_code": "K49"}',
        '/ask_question{"ksb_code": "K39"}',
    ]


def test_a_code_button_answers_that_code(dispatcher, domain):
    tracker = load_tracker("st1406_chosen", text='/ask_question{"ksb_code": "K49"}', entities=[{"entity": "ksb_code", "value": "K49"}])
    run(tracker, dispatcher, domain)
    assert dispatcher.messages[0]["text"].startswith("K49 (knowledge")


def test_unknown_standard_offers_did_you_mean(dispatcher, domain):
    events = run(load_tracker("new_user", text="tell me about ST9999", intent="choose_standard", entities=[]), dispatcher, domain)
    [message] = dispatcher.messages
    assert message["text"] == "I don't know a standard ST9999. Did you mean one of these?"
    assert [b["title"] for b in message["buttons"]] == [
        "ST0220 Healthcare science associate",
        "ST1406 Science manufacturing technician 2023",
    ]
    assert events == [SlotSet("offered", ["ST0220", "ST1406"]), SlotSet("listed", ["ST0220", "ST1406"])]


def test_changing_option_reruns_the_last_question(dispatcher, domain):
    tracker = load_tracker(
        "st1406_chosen",
        text="and what about the aseptic option?",
        intent="choose_option",
        entities=[],
        option="Biotechnology manufacturing technician",
        last_kind="french",
        last_question="which French BTS matches this role",
    )
    events = run(tracker, dispatcher, domain)
    assert dispatcher.messages[0]["text"].startswith(
        "Closest French courses for ST1406 Science manufacturing technician 2023 (Aseptic pharmaceuticals manufacturing technician):"
    )
    assert events == [SlotSet("option", "Aseptic pharmaceuticals manufacturing technician")]


def test_duties_using_a_ksb(dispatcher, domain):
    run(load_tracker("st1406_chosen", text="which duties use K42"), dispatcher, domain)
    lines = dispatcher.messages[0]["text"].split("\n")
    assert lines[0] == "K42 (Types of water and its use: cooling water, purified water, water for injection.) is used by:"
    assert [line.split(":")[0] for line in lines[1:-1]] == ["Duty 10", "Duty 11", "Duty 12", "Duty 13", "Duty 14"]


def test_low_confidence_question_goes_to_search(dispatcher, domain):
    run(load_tracker("new_user", text="how is water for injection used", intent="nlu_fallback", entities=[]), dispatcher, domain)
    assert dispatcher.messages[0]["text"].startswith("K42: Types of water and its use")


@pytest.mark.parametrize("text", ["😀😀", "<script>alert(1)</script>", "lorem ipsum dolor sit amet"])
def test_nonsense_gets_a_clear_reply(dispatcher, domain, text):
    run(load_tracker("st1406_chosen", text=text, intent="nlu_fallback", entities=[]), dispatcher, domain)
    assert dispatcher.messages[0]["text"].startswith(
        ("I didn't catch a question", "I couldn't find anything close to that in ST1406", "What would you like to know about ST1406")
    )


def test_compare_with_the_standard_in_context(dispatcher, domain):
    run(load_tracker("st1406_chosen", text="compare it with ST0220", entities=[]), dispatcher, domain)
    lines = dispatcher.messages[0]["text"].split("\n")
    assert lines[:3] == [
        "ST1406 Science manufacturing technician 2023 vs ST0220 Healthcare science associate",
        "- ST1406: level 3, 36 months typical duration, 3 months end-point assessment, funding up to £22,000, "
        "Engineering and manufacturing route, 2 options, 65/46/7 knowledge/skills/behaviours, approved for delivery.",
        "- ST0220: level 4, 24 months typical duration, end-point assessment period not stated, maximum funding not "
        "stated, Health and science route, no options, no KSBs published, retired.",
    ]


def test_find_standards_by_interest(dispatcher, domain):
    events = run(load_tracker("new_user", text="I like biology, which apprenticeships?", entities=[]), dispatcher, domain)
    [message] = dispatcher.messages
    assert message["buttons"][0]["payload"] == choose("ST1406")
    assert SlotSet("offered", ["ST1406", "ST0220"]) in events


def test_small_talk_that_names_a_standard_is_answered(dispatcher, domain):
    run(load_tracker("new_user", text="hi, tell me about ST1406", intent="greet", entities=[]), dispatcher, domain, ActionSmallTalk)
    assert dispatcher.messages[0]["text"].startswith("ST1406 Science manufacturing technician 2023:")


def test_plain_small_talk_gets_its_response(dispatcher, domain):
    run(load_tracker("new_user", text="hello", intent="greet", entities=[]), dispatcher, domain, ActionSmallTalk)
    assert dispatcher.messages == [{"template": "utter_greet", "response": "utter_greet", **_empty_message()}]


def test_a_french_courtesy_read_as_another_intent_is_answered_as_said(dispatcher, domain):
    run(load_tracker("new_user", text="merci", intent="greet", entities=[]), dispatcher, domain, ActionSmallTalk)
    assert dispatcher.messages[0]["text"] == "Avec plaisir. Autre chose sur un apprentissage ?"


def _empty_message() -> dict:
    return {"text": None, "buttons": [], "elements": [], "custom": {}, "image": None, "attachment": None}


def test_a_failing_handler_apologises_instead_of_silence(dispatcher, domain, monkeypatch):
    def broken(_turn, _core):
        raise RuntimeError("index unavailable")

    monkeypatch.setattr(ActionAnswerQuestion, "handler", staticmethod(broken))
    events = run(load_tracker("st1406_chosen"), dispatcher, domain)
    assert [m["text"] for m in dispatcher.messages] == [APOLOGY]
    assert events == []


def test_every_action_can_be_sent_to_a_sanic_worker():
    import pickle

    from rasa_sdk import Action

    from actions import actions as module

    classes = [c for c in vars(module).values() if isinstance(c, type) and issubclass(c, Action) and getattr(c, "action_name", "")]
    assert len(classes) == 6
    for cls in classes:
        assert pickle.loads(pickle.dumps(cls)) is cls
        assert getattr(module, cls.__name__) is cls


def test_a_bot_challenge_guessed_without_its_words_is_answered_as_a_question(dispatcher, domain):
    tracker = load_tracker("new_user", text="i mean just a normal nurse in a hospital", intent="bot_challenge", entities=[])
    run(tracker, dispatcher, domain, ActionSmallTalk)
    assert dispatcher.messages[0].get("response") != "utter_iamabot"
    assert dispatcher.messages[0]["text"].startswith("I couldn't find anything close to that")  # the bundled corpus has no nurse


def test_a_bot_challenge_in_its_own_words_gets_its_response(dispatcher, domain):
    run(
        load_tracker("new_user", text="am i talking to a real person?", intent="bot_challenge", entities=[]),
        dispatcher,
        domain,
        ActionSmallTalk,
    )
    assert dispatcher.messages[0]["response"] == "utter_iamabot"
