"""The website's channel: Rasa 3.6's socket.io connector with its session persistence repaired.

Rasa 3.6.21 calls `sio.enter_room(...)` without awaiting it, but python-socketio 5.10 and later (5.18 here)
made it a coroutine: the socket never joins its session's room, and with `session_persistence` every reply,
sent to that room, reaches nobody. This handler awaits it. A requested session id must look like a token
(8 to 64 letters, digits, '-' or '_'); anything else gets a new random one.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint

SESSION_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")


class WebChatInput(SocketIOInput):
    """The 'socketio' channel, as the chat page (web/) uses it."""

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = super().blueprint(on_new_message)
        sio = self.sio
        assert sio is not None  # set by SocketIOInput.blueprint

        async def session_request(sid: str, data: dict[str, Any] | None) -> None:
            requested = (data or {}).get("session_id")
            session_id = requested if isinstance(requested, str) and SESSION_ID.fullmatch(requested) else uuid.uuid4().hex
            if self.session_persistence:
                await sio.enter_room(sid, session_id)
            await sio.emit("session_confirm", session_id, room=sid)

        sio.on("session_request", handler=session_request, namespace=self.namespace)
        return blueprint
