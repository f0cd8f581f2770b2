"""The per-channel rendering of one reply (rasa_extensions/formatting.py): Slack Block Kit, Teams activities."""

from __future__ import annotations

from rasa_extensions.formatting import (
    HERO_CARD,
    SLACK_BUTTON_TEXT,
    SLACK_SECTION_TEXT,
    slack_message,
    slack_mrkdwn,
    teams_activity,
    teams_incoming_text,
)

CITED = "K42: Types of water and its use.\nSource: ST1406 v1.1 https://skillsengland.education.gov.uk/apprenticeships/st1406-v1-1."
CHOICES = [{"title": "a) Types of water", "payload": "a"}, {"title": "b) Clean room garments", "payload": "b"}]


def test_slack_escapes_control_characters_and_links_urls():
    assert slack_mrkdwn("GCSE <grade 4> & maths") == "GCSE &lt;grade 4&gt; &amp; maths"
    assert slack_mrkdwn(CITED).endswith("<https://skillsengland.education.gov.uk/apprenticeships/st1406-v1-1>.")


def test_slack_message_has_a_section_per_paragraph_then_the_buttons():
    message = slack_message("Question 1 of 5.\n\nWhat does K42 cover?", CHOICES)
    assert message["text"] == "Question 1 of 5.\n\nWhat does K42 cover?"
    sections, actions = message["blocks"][:-1], message["blocks"][-1]
    assert [s["text"]["text"] for s in sections] == ["Question 1 of 5.", "What does K42 cover?"]
    assert all(s["type"] == "section" and s["text"]["type"] == "mrkdwn" for s in sections)
    assert actions["type"] == "actions"
    assert [(e["text"]["text"], e["value"]) for e in actions["elements"]] == [("a) Types of water", "a"), ("b) Clean room garments", "b")]
    assert len({e["action_id"] for e in actions["elements"]}) == 2  # Slack refuses duplicate action ids


def test_slack_message_stays_within_block_kit_limits():
    long_button = [{"title": "x" * 200, "payload": "p"}]
    message = slack_message("y" * 5000, long_button)
    assert len(message["blocks"][0]["text"]["text"]) == SLACK_SECTION_TEXT
    assert len(message["blocks"][1]["elements"][0]["text"]["text"]) == SLACK_BUTTON_TEXT
    assert message["blocks"][1]["elements"][0]["text"]["text"].endswith("…")


def test_slack_message_without_buttons_has_no_actions_block():
    assert [b["type"] for b in slack_message(CITED, [])["blocks"]] == ["section"]


def test_teams_text_keeps_each_line_and_buttons_become_a_hero_card_of_message_backs():
    plain = teams_activity(CITED, [])
    assert plain["textFormat"] == "markdown"
    assert plain["text"] == CITED.replace("\n", "\n\n")
    assert "attachments" not in plain
    card = teams_activity("Which option?", CHOICES)
    assert card["attachments"][0]["contentType"] == HERO_CARD
    content = card["attachments"][0]["content"]
    assert content["text"] == "Which option?"
    assert content["buttons"][0] == {"type": "messageBack", "title": "a) Types of water", "displayText": "a) Types of water", "text": "a"}


def test_teams_incoming_text_drops_mentions_and_reads_card_values():
    assert teams_incoming_text({"text": "<at>Apprentice bot</at> what does K42 cover?"}) == "what does K42 cover?"
    assert teams_incoming_text({"text": "", "value": {"payload": "b"}}) == "b"
    assert teams_incoming_text({}) == ""
