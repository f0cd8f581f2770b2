"""Only the Rasa server may call the action server.

The action server takes a whole conversation (sender id included) from whoever posts to it, so anyone able
to reach its port could read or delete any learner's progress by posting a made-up tracker. The launcher
gives both servers a fresh random token (APPRENTICE_ACTION_TOKEN); Rasa sends it with every call
(`action_endpoint.token` in its endpoints, as the `token` query parameter) and this check refuses calls
without it. The health route stays open.
"""

from __future__ import annotations

import hmac
import logging
import os

from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

logger = logging.getLogger(__name__)
TOKEN_VARIABLE = "APPRENTICE_ACTION_TOKEN"
OPEN_PATHS = frozenset({"/health"})


def require_token(app: Sanic, token: str | None = None) -> None:
    """Adds the check to the action server's app (a no-op, logged, when no token is configured)."""
    expected = token if token is not None else os.environ.get(TOKEN_VARIABLE, "")
    if not expected:
        logger.warning("%s is not set: the action server accepts calls from anyone who can reach its port", TOKEN_VARIABLE)
        return

    @app.on_request
    async def caller_check(request: Request) -> HTTPResponse | None:
        if request.path in OPEN_PATHS or authorised(request.args.get("token", ""), expected):
            return None
        return response.json({"error": "unauthorised: only the assistant's Rasa server may call this server"}, status=401)


def authorised(given: str, expected: str) -> bool:
    return bool(given) and hmac.compare_digest(given.encode(), expected.encode())
