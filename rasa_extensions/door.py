"""What every channel does at the door, before a message reaches Rasa: whose it is, and how much of it is read.

Whose: the learner store and Rasa's trackers are keyed by the sender id, and a sender id is only as
trustworthy as the channel that vouches for it. Slack signs its requests and Teams sends a token, but a
REST or socket.io client writes whatever sender it likes: posting a colleague's Slack id through REST
must not reach that colleague's conversation or progress. So every channel puts its own name (and, for
Slack and Teams, the workspace or tenant) in front of the id: `rest:me`, `web:<session>`,
`slack:<team>:<user>`, `teams:<tenant>:<user>`. Two channels' people never share a key, whatever they send.

How much: DIET's cost grows with the length of the text (a 20,000-word message took the server to 14 GB),
so the text is cut to MAX_MESSAGE_CHARS on every channel, before NLU. Bodies are bounded before that by
Sanic's REQUEST_MAX_SIZE (the launcher sets MAX_BODY_BYTES). Control and format characters (NUL, BOM,
bidi overrides) are dropped, and a message left blank gets a prompt without reaching NLU or the conversation
(DIET fails on a message with no token at all).

Refused: a turn Rasa cannot take because the conversation's earlier turns still hold its lock (a burst of
messages on one web socket) raised out of the channel's task into the log; it is answered (BUSY) instead.
"""

from __future__ import annotations

import logging
import os
import unicodedata
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.lock_store import LockError

logger = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = int(os.environ.get("APPRENTICE_MAX_MESSAGE_CHARS", "2000"))
LINE_BREAKS = "\t\r\n"
BLANK = 'Please type a question, for example "what does K42 cover?".'
# A turn Rasa refuses because the conversation's earlier turns still hold its lock (a burst of messages, one
# very slow turn): said, so that the message is not lost silently with a traceback in the log.
BUSY = "I was still answering your earlier messages and missed this one: please send it again."

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


def person(channel: str, sender: str, scope: str = "") -> str:
    """The id a conversation and a learner are stored under: the channel's name (and scope) before its own id."""
    return f"{channel}:{scope}:{sender}" if scope else f"{channel}:{sender}"


def cut(text: str | None) -> str:
    """The text without control or format characters (line breaks become spaces), at most MAX_MESSAGE_CHARS of
    it, cut at a word when one ends near the limit."""
    text = "".join(" " if char in LINE_BREAKS else char for char in text or "" if char in LINE_BREAKS or not _control(char))
    if len(text) <= MAX_MESSAGE_CHARS:
        return text
    head = text[:MAX_MESSAGE_CHARS]
    space = head.rfind(" ", MAX_MESSAGE_CHARS - 100)
    return head[:space] if space > 0 else head


def _control(char: str) -> bool:
    """Control, format, surrogate, private-use or unassigned (Unicode category C*)."""
    return unicodedata.category(char).startswith("C")


def admitted(channel: str, on_new_message: OnNewMessage, scope: Callable[[UserMessage], str] | None = None) -> OnNewMessage:
    """`on_new_message` for messages of `channel`: sender ids namespaced, texts cut."""

    async def admit(message: UserMessage) -> Any:
        message.sender_id = person(channel, str(message.sender_id), scope(message) if scope else "")
        message.text = cut(message.text)
        if not message.text.strip():
            await message.output_channel.send_text_message(message.sender_id, BLANK)
            return None
        try:
            return await on_new_message(message)
        except LockError:
            logger.warning("turn refused for %s: the conversation's lock was not free in time", message.sender_id)
            await message.output_channel.send_text_message(message.sender_id, BUSY)
            return None

    return admit
