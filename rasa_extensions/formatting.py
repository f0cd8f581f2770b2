"""How a reply looks on each channel: the one place that decides it.

The actions send channel-neutral replies (plain text with URLs, and buttons with a title and a payload); the
output channels of `rasa_extensions` call these functions, so an answer, a quiz question or a domain
response renders the same way wherever it comes from. Pure functions, no Rasa import: unit-tested from the
core environment.
"""

from __future__ import annotations

import re
from typing import Any

Button = dict[str, Any]

URL = re.compile(r"https?://[^\s<>\"']*[^\s<>\"'.,;:!?)\]]")
MENTION = re.compile(r"<at>.*?</at>", re.S)

# Limits of Slack's Block Kit (https://api.slack.com/reference/block-kit): longer values are refused.
SLACK_SECTION_TEXT = 3000
SLACK_BUTTON_TEXT = 75
SLACK_BUTTON_VALUE = 2000
SLACK_ACTIONS = 25
SLACK_FALLBACK_TEXT = 3000

HERO_CARD = "application/vnd.microsoft.card.hero"


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _paragraphs(text: str) -> list[str]:
    return [part.strip() for part in text.strip().split("\n\n") if part.strip()] or [""]


def slack_mrkdwn(text: str) -> str:
    """Slack's mrkdwn: &, < and > escaped (Slack reads <...> as links and mentions), URLs as explicit links."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return URL.sub(lambda match: f"<{match.group(0)}>", escaped)


def slack_message(text: str, buttons: list[Button]) -> dict[str, Any]:
    """chat.postMessage arguments: a section per paragraph, then the buttons; `text` is the notification."""
    blocks: list[dict[str, Any]] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": _cut(slack_mrkdwn(part), SLACK_SECTION_TEXT)}}
        for part in _paragraphs(text)
        if part
    ]
    if buttons:
        blocks.append({"type": "actions", "elements": [_slack_button(i, b) for i, b in enumerate(buttons[:SLACK_ACTIONS])]})
    return {"text": _cut(text.strip() or "(buttons)", SLACK_FALLBACK_TEXT), "blocks": blocks}


def _slack_button(index: int, button: Button) -> dict[str, Any]:
    return {
        "type": "button",
        "action_id": f"reply_button_{index}",  # unique within the message, as Slack requires
        "text": {"type": "plain_text", "text": _cut(str(button.get("title", "")), SLACK_BUTTON_TEXT) or "…", "emoji": True},
        "value": str(button.get("payload", ""))[:SLACK_BUTTON_VALUE],
    }


def teams_markdown(text: str) -> str:
    """Teams renders markdown, where a single newline does not break the line: make each one a paragraph."""
    return "\n\n".join(line for line in text.strip().splitlines() if line.strip())


def teams_activity(text: str, buttons: list[Button]) -> dict[str, Any]:
    """A Bot Framework message activity: markdown text, and buttons as a hero card.

    The buttons are messageBack: a click shows the button's title in the chat and sends its payload as the
    message text, so the assistant reads it as if it were typed."""
    activity: dict[str, Any] = {"type": "message", "textFormat": "markdown", "text": teams_markdown(text)}
    if buttons:
        card_buttons = [
            {
                "type": "messageBack",
                "title": str(b.get("title", "")),
                "displayText": str(b.get("title", "")),
                "text": str(b.get("payload", "")),
            }
            for b in buttons
        ]
        activity["text"] = ""
        activity["attachments"] = [{"contentType": HERO_CARD, "content": {"text": teams_markdown(text), "buttons": card_buttons}}]
    return activity


def teams_incoming_text(activity: dict[str, Any]) -> str:
    """What the user said: the text without '<at>Bot</at>' mentions (in team channels), or a card's payload."""
    text = activity.get("text") or ""
    if not text and isinstance(activity.get("value"), dict):
        text = str(activity["value"].get("payload", ""))
    return MENTION.sub(" ", text).strip()
