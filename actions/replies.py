"""Replies as data (plain text + buttons), turned into channel-neutral messages in one place.

The handlers never format for a channel, and neither does this module: every channel's look (Slack Block
Kit, Teams hero cards, the web page's buttons) is decided in rasa_extensions/formatting.py, on the Rasa
side, where the output channels also render the domain's responses.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from rasa_sdk.executor import CollectingDispatcher

MAX_BUTTONS = 5


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass
class Reply:
    text: str
    buttons: list[Button] = field(default_factory=list)
    response: str = ""  # a response of domain.yml (utter_greet...) instead of text

    def send(self, dispatcher: CollectingDispatcher) -> None:
        if self.response:
            dispatcher.utter_message(response=self.response)
            return
        buttons = [{"title": b.title, "payload": b.payload} for b in self.buttons[:MAX_BUTTONS]]
        if buttons:
            dispatcher.utter_message(text=self.text, buttons=buttons)
        else:
            dispatcher.utter_message(text=self.text)


def intent_payload(intent: str, **entities: str) -> str:
    """A button payload that triggers an intent directly, with entities (Rasa's '/intent{json}' form)."""
    return f"/{intent}{json.dumps(entities)}" if entities else f"/{intent}"


def standard_buttons(labels: list[str]) -> list[Button]:
    """Buttons for 'ST1406 Science manufacturing technician' style suggestions."""
    buttons = []
    for label in labels:
        reference = label.split(" ", 1)[0]
        buttons.append(Button(title=label, payload=intent_payload("choose_standard", standard_ref=reference)))
    return buttons
