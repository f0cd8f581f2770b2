from __future__ import annotations

from actions.turn import Turn, choose_option, choose_standard, references_in, version_in
from tests.actions.conftest import load_tracker


def test_turn_reads_the_tracker_and_dedups_entities():
    tracker = load_tracker(
        "new_user",
        entities=[{"entity": "ksb_code", "value": "K42"}, {"entity": "ksb_code", "value": "K42"}, {"entity": "option", "value": "aseptic"}],
    )
    turn = Turn.from_tracker(tracker)
    assert (turn.text, turn.intent) == ("what does K42 cover", "ask_ksb")
    assert turn.entities == {"ksb_code": ["K42"], "option": ["aseptic"]}
    assert turn.ksb_codes() == ["K42"]


def test_a_button_payload_is_not_a_question():
    assert Turn(text='/choose_standard{"standard_ref": "ST1406"}', intent="choose_standard").question == ""
    assert references_in(Turn(text='/choose_standard{"standard_ref": "ST1406"}', intent="choose_standard")) == ["ST1406"]


def test_standard_from_message_beats_the_slot(core):
    turn = Turn(text="what level is ST0220", intent="ask_facts", slots={"standard": "ST1406"})
    choice = choose_standard(turn, core)
    assert choice.standard.reference == "ST0220" and choice.from_message


def test_standard_from_slot_when_the_message_names_none(core):
    choice = choose_standard(Turn(text="what level is it", intent="ask_facts", slots={"standard": "ST1406"}), core)
    assert choice.standard.reference == "ST1406" and not choice.from_message


def test_option_is_forgotten_when_the_standard_changes(core):
    standard = core.retriever.standard("ST1406")
    remembered = {"option": "Aseptic pharmaceuticals manufacturing technician"}
    assert choose_option(Turn(text="what about K42", intent="ask_ksb", slots=remembered), core, standard, False) == remembered["option"]
    assert choose_option(Turn(text="what about K42", intent="ask_ksb", slots=remembered), core, standard, True) is None
    assert choose_option(Turn(text="for the biotech option", intent="choose_option"), core, standard, True) == (
        "Biotechnology manufacturing technician"
    )


def test_version_in_text():
    assert version_in("is version 1.0 of ST0220 retired") == "1.0"
    assert version_in("ST1406 v1.1") == "1.1"
    assert version_in("what level is it") is None
