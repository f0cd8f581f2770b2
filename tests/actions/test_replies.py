from __future__ import annotations

from actions.replies import MAX_BUTTONS, Button, Reply, intent_payload, send, standard_buttons


def test_payload_triggers_an_intent_with_entities():
    assert intent_payload("choose_standard", standard_ref="ST1406") == '/choose_standard{"standard_ref": "ST1406"}'
    assert intent_payload("help") == "/help"


def test_standard_buttons_take_the_reference_from_the_label():
    [button] = standard_buttons(["ST0248 Laboratory technician"])
    assert button == Button("ST0248 Laboratory technician", '/choose_standard{"standard_ref": "ST0248"}')


def test_send_caps_buttons_and_omits_empty_ones(dispatcher):
    send(Reply("Pick one", [Button(str(i), f"/p{i}") for i in range(8)]), dispatcher)
    send(Reply("Plain"), dispatcher)
    assert len(dispatcher.messages[0]["buttons"]) == MAX_BUTTONS
    assert dispatcher.messages[1]["text"] == "Plain" and dispatcher.messages[1]["buttons"] == []
