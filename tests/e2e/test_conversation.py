"""The questions of issue 3, asked through the REST webhook of the real servers, with context carried over."""

from __future__ import annotations

import re

from tests.e2e.conftest import say, texts

K42_TEXT = "Types of water and its use: cooling water, purified water, water for injection"


def test_adviser_conversation_carries_the_standard_and_option(assistant):
    hook, me = assistant.webhook, "e2e-adviser"
    assert "ST1406 Science manufacturing technician" in texts(say(hook, me, "tell me about ST1406"))[0]

    k42 = texts(say(hook, me, "what does K42 cover"))[0]
    assert K42_TEXT in k42 and "Source: ST1406 v1.0" in k42

    entry = texts(say(hook, me, "what entry requirements apply"))[0]
    assert "GCSE science grade C or 4" in entry and "health screening" in entry

    assert "Biotechnology manufacturing technician" in texts(say(hook, me, "the biotechnology option"))[0]
    biotech = texts(say(hook, me, "which French BTS matches this role"))[0].split("\n")
    assert biotech[1] == "1. BTS biotechnologie en recherche et en production (FOR.9970)"

    aseptic = texts(say(hook, me, "and what about the aseptic option?"))[0].split("\n")
    assert "(Aseptic pharmaceuticals manufacturing technician)" in aseptic[0]
    assert [line for line in aseptic if line[:2] in {"1.", "2.", "3."}] != [line for line in biotech if line[:2] in {"1.", "2.", "3."}]

    s12 = texts(say(hook, me, "what about S12?"))[0]
    assert s12.startswith("S12 (skill, core): Interpret data")


def test_a_new_user_is_asked_which_standard_then_answered(assistant):
    hook, me = assistant.webhook, "e2e-newcomer"
    assert texts(say(hook, me, "what does K42 cover"))[0].startswith("Which apprenticeship standard do you mean?")
    answer = texts(say(hook, me, "the science manufacturing technician one"))[0]
    assert K42_TEXT in answer  # the waiting question is answered once the standard is known


def test_unclear_standard_offers_buttons(assistant):
    [reply] = say(assistant.webhook, "e2e-unsure", "tell me about the lab tech apprenticeship")
    payloads = [b["payload"] for b in reply.get("buttons", [])]
    assert '/choose_standard{"standard_ref": "ST0248"}' in payloads or "ST0248 Laboratory technician" in reply["text"]


def test_lower_case_codes_and_titles_without_context(assistant):
    hook, me = assistant.webhook, "e2e-typist"
    assert "Laboratory technician" in texts(say(hook, me, "tell me about the laboratory technician apprenticeship"))[0]
    assert texts(say(hook, me, "k12"))[0].startswith("K12 (knowledge")
    assert "ST0248" in texts(say(hook, me, "how long does it take"))[0]


def test_retired_standard_reply_flags_it(assistant):
    reply = texts(say(assistant.webhook, "e2e-retired", "is version 1.0 of ST0220 still approved?"))[0]
    assert "version 1.0 has been retired" in reply and "The latest version is 1.1" in reply
    current = texts(say(assistant.webhook, "e2e-retired", "and is ST0220 still approved?"))[0]
    assert "version 1.1 is approved for delivery" in current


def test_lists_positions_and_follow_ups_after_a_comparison(assistant):
    hook, me = assistant.webhook, "e2e-lister"
    say(hook, me, "tell me about ST1406")
    behaviours = texts(say(hook, me, "which behaviours are there"))[0]
    assert behaviours.startswith("ST1406 Science manufacturing technician") and "\nB1: " in behaviours and "\nK1: " not in behaviours
    assert texts(say(hook, me, "whats K3"))[0].startswith("K3 (")
    assert texts(say(hook, me, "and the next one?"))[0].startswith("K4 (")
    assert texts(say(hook, me, "whats the first duty"))[0].startswith("Duty 1: ")
    compared = texts(say(hook, me, "compare ST1406 and ST0220"))[0]
    assert "ST1406" in compared and "ST0220" in compared
    shorter = texts(say(hook, me, "which one is shorter"))[0].split("\n")[0]
    assert re.match(r"ST(1406|0220) .* is the shorter: \d+ months, against \d+ months for ST(1406|0220)\.$|They are the same", shorter)
    both = " ".join(texts(say(hook, me, "entry reqs for both")))
    assert both.count("Entry requirements for ") == 2 and "ST1406" in both and "ST0220" in both
