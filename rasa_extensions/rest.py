"""The REST channel, made to always answer.

Rasa 3.6 answers nothing when a custom action fails (the action server is down, or raised): the processor
logs the error and the reply list stays empty. A person in a chat sees silence. This channel keeps Rasa's
REST webhook (`/webhooks/rest/webhook`, same payload) but:
- a blank message gets a prompt without touching the conversation;
- a turn that produced no message gets a short apology;
- a turn still running after REPLY_TIMEOUT seconds (a slow action server) gets an apology now, while the
  turn goes on in the background so the conversation history is kept.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Awaitable, Callable

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint

from rasa_extensions import action_validation

action_validation.install()  # loaded with this channel (credentials.yml), before the first action call

logger = logging.getLogger(__name__)

REPLY_TIMEOUT = float(os.environ.get("APPRENTICE_REPLY_TIMEOUT", "20"))
APOLOGY = "Sorry, I can't answer right now: part of me is not responding. Please try again in a moment."
SLOW = "Sorry, this is taking longer than it should. Please try again in a moment."
_RUNNING: set[asyncio.Future] = set()
BLANK = 'Please type a question, for example "what does K42 cover?".'


async def answer_or_apologise(on_new_message: Callable[[UserMessage], Awaitable[None]], message: UserMessage) -> None:
    """Runs one turn and guarantees the collector holds at least one message."""
    collector = message.output_channel
    if not (message.text or "").strip():
        await collector.send_text_message(message.sender_id, BLANK)
        return
    turn = asyncio.ensure_future(on_new_message(message))
    _RUNNING.add(turn)  # a turn that outlives the apology must finish (and be saved), not be garbage-collected
    turn.add_done_callback(_RUNNING.discard)
    try:
        await asyncio.wait_for(asyncio.shield(turn), timeout=REPLY_TIMEOUT)
    except asyncio.TimeoutError:  # not the builtin TimeoutError on the Rasa server's Python 3.10
        logger.warning("turn for %s still running after %.0f s; apologised", message.sender_id, REPLY_TIMEOUT)
        await collector.send_text_message(message.sender_id, SLOW)
        return
    except Exception:
        logger.exception("turn for %s failed", message.sender_id)
    if isinstance(collector, CollectingOutputChannel) and not collector.messages:
        logger.warning("turn for %s produced no reply (is the action server up?); apologised", message.sender_id)
        await collector.send_text_message(message.sender_id, APOLOGY)


class ReliableRestInput(RestInput):
    """Rasa's REST input under the same name ('rest'), wrapped by `answer_or_apologise`."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        async def guarded(message: UserMessage) -> None:
            await answer_or_apologise(on_new_message, message)

        return super().blueprint(guarded)
