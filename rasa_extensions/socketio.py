"""The website's channel: Rasa 3.6's socket.io connector with signed session ids, an origin check and its
session persistence repaired.

- Session ids are issued by the server and signed (HMAC): a requested id is honoured only when the signature
  holds, and a message under any other id is refused. A visitor cannot pick, guess or borrow another's
  conversation or quiz progress; each browser keeps its own id in localStorage across reloads.
- A custom message reaches the page as `{"custom": ...}` (the page clears its transcript on "forget me").
- Messages are admitted by rasa_extensions/door.py: the conversation is `web:<session id>`, texts are cut.
- Only the page's origin(s) may open a socket from a browser (`allowed_origins`; engine.io refuses others).
- Rasa 3.6.21 calls `sio.enter_room(...)` without awaiting it, but python-socketio 5.10 and later (5.18 here)
  made it a coroutine: the socket never joins its session's room, and every reply, sent to that room,
  reaches nobody. These handlers await it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint

from rasa_extensions.door import admitted, person

CHANNEL = "web"
DEFAULT_ORIGINS = "http://127.0.0.1:8000,http://localhost:8000"  # `make run`'s page
SECRET_FILE = Path(__file__).resolve().parent.parent / "var" / "web-session.key"
RANDOM_CHARS, SIGNATURE_CHARS = 32, 16
EXPIRED = "This chat session is no longer valid: press Restart to begin a new one."


class WebChatOutput(SocketIOOutput):
    """Rasa's socket.io output, with custom messages sent as `{"custom": {...}}` (Rasa's passes the payload's
    keys to `emit` as arguments, which fails for any payload but Rasa's own)."""

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        await self._send_message(recipient_id, {"custom": json_message})


class SessionIds:
    """Issues session ids (random part + HMAC of it) and tells genuine ones from the rest."""

    def __init__(self, secret: bytes) -> None:
        self.secret = secret

    def issue(self) -> str:
        random_part = secrets.token_hex(RANDOM_CHARS // 2)
        return random_part + self._signature(random_part)

    def genuine(self, session_id: object) -> bool:
        if not isinstance(session_id, str) or len(session_id) != RANDOM_CHARS + SIGNATURE_CHARS:
            return False
        random_part, signature = session_id[:RANDOM_CHARS], session_id[RANDOM_CHARS:]
        return hmac.compare_digest(signature, self._signature(random_part))

    def _signature(self, random_part: str) -> str:
        return hmac.new(self.secret, random_part.encode(), hashlib.sha256).hexdigest()[:SIGNATURE_CHARS]


def session_secret(configured: str | None, path: Path = SECRET_FILE) -> bytes:
    """The configured secret, else one kept in var/ (created once, readable by its owner only), so that a
    restart keeps every browser's session and its quiz progress."""
    if configured:
        return configured.encode()
    try:
        return path.read_bytes()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        secret = secrets.token_hex(32).encode()
        with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as handle:
            handle.write(secret)
        return secret


class WebChatInput(SocketIOInput):
    """The 'socketio' channel, as the chat page (web/) uses it."""

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        credentials = credentials or {}
        channel = super().from_credentials(credentials)
        assert isinstance(channel, WebChatInput)
        origins = credentials.get("allowed_origins") or DEFAULT_ORIGINS
        channel.allowed_origins = [origin.strip().rstrip("/") for origin in origins.split(",") if origin.strip()]
        channel.sessions = SessionIds(session_secret(credentials.get("session_secret")))
        return channel

    allowed_origins: list[str] = DEFAULT_ORIGINS.split(",")
    sessions: SessionIds | None = None

    def get_output_channel(self) -> WebChatOutput | None:
        return WebChatOutput(self.sio, self.bot_message_evt) if self.sio is not None else None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = super().blueprint(on_new_message)
        sio = self.sio
        assert sio is not None  # set by SocketIOInput.blueprint
        sio.eio.cors_allowed_origins = self.allowed_origins  # Rasa's [] turns the origin check off
        sessions = self.sessions or SessionIds(session_secret(None))
        admit = admitted(CHANNEL, on_new_message)

        async def session_request(sid: str, data: Any = None) -> None:
            requested = data.get("session_id") if isinstance(data, dict) else None
            session_id = requested if sessions.genuine(requested) else sessions.issue()
            await sio.enter_room(sid, person(CHANNEL, session_id))  # replies go to the room of the conversation id
            await sio.emit("session_confirm", session_id, room=sid)

        async def handle_message(sid: str, data: Any = None) -> None:
            data = data if isinstance(data, dict) else {}
            session_id = data.get("session_id")
            if not sessions.genuine(session_id):
                await sio.emit(self.bot_message_evt, {"text": EXPIRED}, room=sid)
                return
            text = data.get("message")
            message = UserMessage(
                text if isinstance(text, str) else "",
                WebChatOutput(sio, self.bot_message_evt),
                session_id,
                input_channel=self.name(),
                metadata=_metadata(data.get(self.metadata_key)),
            )
            await admit(message)

        sio.on("session_request", handler=session_request, namespace=self.namespace)
        sio.on(self.user_message_evt, handler=handle_message, namespace=self.namespace)
        return blueprint


def _metadata(value: Any) -> dict[str, Any] | None:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return None
    return value if isinstance(value, dict) else None
