"""The REST channel: Rasa's webhook (`/webhooks/rest/webhook`, same payload and replies), made to always answer
and to serve only whom it should.

Rasa 3.6 answers nothing when a custom action fails (the action server is down, or raised): the processor
logs the error and the reply list stays empty. A person in a chat sees silence. So:
- a blank message gets a prompt without touching the conversation (rasa_extensions/door.py);
- a turn that produced no message gets a short apology;
- a turn still running after REPLY_TIMEOUT seconds (a slow action server) gets an apology now, while the
  turn goes on in the background so the conversation history is kept; at most MAX_BACKGROUND_TURNS run so,
  beyond that a new message is told to wait instead of piling up work;
- a body that is not a JSON object with a text `message` gets a 400 saying what is expected, never a 500.

REST takes the sender id from the client, so it is for local use and tests: a request is served when it comes
straight from loopback (no proxy's forwarding header), or carries `Authorization: Bearer <REST_TOKEN>` when
the server was given one (credentials.yml `token`). The sender is namespaced `rest:<sender>`
(rasa_extensions/door.py), so a REST client never reaches a Slack, Teams or web conversation.
"""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
import logging
import os
import uuid
from collections.abc import Awaitable, Callable
from http import HTTPStatus
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from rasa_extensions import action_validation
from rasa_extensions.door import admitted

action_validation.install()  # loaded with this channel (credentials.yml), before the first action call

logger = logging.getLogger(__name__)

REPLY_TIMEOUT = float(os.environ.get("APPRENTICE_REPLY_TIMEOUT", "20"))
MAX_BACKGROUND_TURNS = int(os.environ.get("APPRENTICE_MAX_BACKGROUND_TURNS", "64"))
APOLOGY = "Sorry, I can't answer right now: part of me is not responding. Please try again in a moment."
SLOW = "Sorry, this is taking longer than it should. Please try again in a moment."
BUSY = "Sorry, I'm overloaded right now. Please try again in a moment."
EXPECTED = 'Expected a JSON object like {"sender": "me", "message": "what does K42 cover?"}.'
REFUSED = "REST is for local use: send from this machine, or with the server's REST token (Authorization: Bearer ...)."
MAX_SENDER_CHARS = 128
FORWARDING_HEADERS = ("x-forwarded-for", "forwarded", "x-real-ip")
_RUNNING: set[asyncio.Future] = set()


async def answer_or_apologise(on_new_message: Callable[[UserMessage], Awaitable[None]], message: UserMessage) -> None:
    """Runs one turn and guarantees the collector holds at least one message."""
    collector = message.output_channel
    if len(_RUNNING) >= MAX_BACKGROUND_TURNS:
        logger.warning("%d turns still running; told %s to wait", len(_RUNNING), message.sender_id)
        await collector.send_text_message(message.sender_id, BUSY)
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


class RestCollector(CollectingOutputChannel):
    """Rasa's collector, answering with the sender id the client sent (not the namespaced one)."""

    @staticmethod
    def _message(recipient_id: str, **kwargs: Any) -> dict[str, Any]:
        return CollectingOutputChannel._message(str(recipient_id).removeprefix("rest:"), **kwargs)


class ReliableRestInput(RestInput):
    """The 'rest' channel."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        return cls(token=(credentials or {}).get("token") or "")

    def __init__(self, token: str = "") -> None:
        self.token = token

    def allowed(self, request: Request) -> bool:
        """From loopback directly, or with the token."""
        if self.token:
            scheme, _, given = (request.headers.get("authorization") or "").partition(" ")
            return scheme.lower() == "bearer" and hmac.compare_digest(given.encode(), self.token.encode())
        if any(name in request.headers for name in FORWARDING_HEADERS):
            return False
        try:
            return ipaddress.ip_address(request.conn_info.client_ip if request.conn_info else "").is_loopback
        except ValueError:
            return False

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        webhook = Blueprint("custom_webhook_ReliableRestInput", __name__)
        admit = admitted(self.name(), on_new_message)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not self.allowed(request):
                return response.text(REFUSED, status=HTTPStatus.FORBIDDEN)
            body = _json_object(request)
            if body is None or not isinstance(body.get("message"), str) or not _valid_sender(body.get("sender")):
                return response.text(EXPECTED, status=HTTPStatus.BAD_REQUEST)
            metadata = body.get("metadata") if isinstance(body.get("metadata"), dict) else None
            collector = RestCollector()
            sender = body.get("sender") or uuid.uuid4().hex  # no sender: a conversation of its own, never a shared "default"
            message = UserMessage(body.get("message"), collector, sender, input_channel=self.name(), metadata=metadata)
            await answer_or_apologise(admit, message)
            return response.json(collector.messages)

        return webhook


def _json_object(request: Request) -> dict[str, Any] | None:
    try:
        body = request.json
    except Exception:  # Sanic raises its own InvalidUsage for a body that is not JSON
        return None
    return body if isinstance(body, dict) else None


def _valid_sender(sender: object) -> bool:
    """None (Rasa then picks a random id) or a short string."""
    return sender is None or (isinstance(sender, str) and 0 < len(sender) <= MAX_SENDER_CHARS)
