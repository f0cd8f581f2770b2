"""Replies (bot.conversation.Reply: plain text + buttons) sent as channel-neutral messages, in one place.

The handlers never format for a channel, and neither does this module: every channel's look (Slack Block
Kit, Teams hero cards, the web page's buttons) is decided in rasa_extensions/formatting.py, on the Rasa
side, where the output channels also render the domain's responses.
"""

from __future__ import annotations

from rasa_sdk.executor import CollectingDispatcher

from bot.conversation import Button, Reply, intent_payload, standard_buttons
from rasa_extensions.protocol import FORGET_TRANSCRIPT

__all__ = ["Button", "Reply", "intent_payload", "send", "standard_buttons"]
MAX_BUTTONS = 5


def send(reply: Reply, dispatcher: CollectingDispatcher) -> None:
    if reply.response:
        dispatcher.utter_message(response=reply.response)
        return
    buttons = [{"title": b.title, "payload": b.payload} for b in reply.buttons[:MAX_BUTTONS]]
    if buttons:
        dispatcher.utter_message(text=reply.text, buttons=buttons)
    else:
        dispatcher.utter_message(text=reply.text)
    if reply.forgets_conversation:  # the tracker store drops the conversation; the page clears its transcript
        dispatcher.utter_message(json_message={FORGET_TRANSCRIPT: True})
