from __future__ import annotations

from actions.turn import Turn
from bot.conversation import State
from tests.actions.conftest import load_tracker


def test_turn_reads_the_tracker_and_dedups_entities():
    tracker = load_tracker(
        "new_user",
        entities=[{"entity": "ksb_code", "value": "K42"}, {"entity": "ksb_code", "value": "K42"}, {"entity": "option", "value": "aseptic"}],
    )
    turn = Turn.from_tracker(tracker)
    assert (turn.text, turn.intent, turn.sender) == ("what does K42 cover", "ask_question", "learner-1")
    assert turn.entities == {"ksb_code": ["K42"], "option": ["aseptic"]}
    assert turn.message.entities == {}  # typed text: bot/ reads it, NLU's entity guesses are not used


def test_a_button_payload_is_not_a_question():
    turn = Turn(text='/choose_standard{"standard_ref": "ST1406"}', intent="choose_standard", entities={"standard_ref": ["ST1406"]})
    assert turn.message.question == "" and turn.message.entity("standard_ref") == "ST1406"


def test_slots_become_the_typed_state_and_back():
    tracker = load_tracker("st1406_chosen", offered=["ST1406", "ST0220"], last_kind="ksb")
    state = Turn.from_tracker(tracker).state
    assert state == State(
        standard="ST1406", last_kind="ksb", last_question="tell me about ST1406", offered=["ST1406", "ST0220"], discussed=["ST1406"]
    )
    assert State().as_slots()["offered"] is None


def test_a_long_message_is_cut():
    assert len(Turn.from_tracker(load_tracker("new_user", text="word " * 5000)).text) == 2000
