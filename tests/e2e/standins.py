"""Local stand-ins for the services the Slack and Teams channels call, on loopback, recording what they receive.

- Slack's Web API (chat.postMessage), where the Slack channel posts its replies.
- The Bot Framework: OpenID metadata and signing keys (JWKS), the token endpoint of a tenant, and the Bot
  Connector API that receives replies; plus `sign`, which makes the JWT the Bot Framework would send.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

SLACK_TOKEN = "xoxb-test-token"
SLACK_SIGNING_SECRET = "test-signing-secret"
TEAMS_APP_ID = "00000000-aaaa-bbbb-cccc-000000000001"
TEAMS_TENANT_ID = "11111111-2222-3333-4444-555555555555"
TEAMS_APP_PASSWORD = "test-client-secret"


class StandIn:
    """A threaded HTTP server whose handler is a method of the subclass; requests are recorded."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.lock = threading.Lock()
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                stand_in._dispatch(self, "GET")

            def do_POST(self) -> None:
                stand_in._dispatch(self, "POST")

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def _dispatch(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        record = {"method": method, "path": handler.path, "headers": dict(handler.headers), "body": body}
        with self.lock:
            self.requests.append(record)
        status, reply, *headers = self.answer(record)
        record["status"] = status
        data = json.dumps(reply).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        for name, value in (headers[0] if headers else {}).items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    def answer(self, record: dict[str, Any]) -> tuple[Any, ...]:
        """(status, JSON reply) or (status, JSON reply, extra headers)."""
        raise NotImplementedError

    def received(self, path_part: str) -> list[dict[str, Any]]:
        with self.lock:
            return [r for r in self.requests if path_part in r["path"]]

    def wait_for(self, path_part: str, count: int, timeout: float = 60) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.received(path_part)
            if len(found) >= count:
                return found
            time.sleep(0.1)
        return self.received(path_part)

    def stop(self) -> None:
        self.server.shutdown()


class SlackApi(StandIn):
    """Slack's Web API: chat.postMessage answers ok when the bot token is right; a channel put in `throttled`
    gets that many 429s (Retry-After: 1) first."""

    def __init__(self) -> None:
        self.throttled: dict[str, int] = {}
        super().__init__()

    def answer(self, record: dict[str, Any]) -> tuple[Any, ...]:
        if record["headers"].get("Authorization") != f"Bearer {SLACK_TOKEN}":
            return 200, {"ok": False, "error": "invalid_auth"}
        channel = _message(record).get("channel", "")
        with self.lock:
            if self.throttled.get(channel, 0) > 0:
                self.throttled[channel] -= 1
                return 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "1"}
        return 200, {"ok": True, "channel": "D1", "ts": f"{time.time():.6f}"}

    def posts(self, channel: str, accepted_only: bool = True) -> list[dict[str, Any]]:
        """The messages posted to a channel, as Slack would read them (those it took, unless said otherwise)."""
        return [
            _message(record)
            for record in self.received("chat.postMessage")
            if _message(record).get("channel") == channel and (record.get("status") == 200 or not accepted_only)
        ]

    def wait_for_channel(self, channel: str, count: int, timeout: float = 60) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and len(self.posts(channel)) < count:
            time.sleep(0.1)
        return self.posts(channel)


class BotFramework(StandIn):
    """The Bot Framework's OpenID metadata, keys, token endpoint and Connector API."""

    def __init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.key_id = "test-key-1"
        self.issued: list[str] = []
        super().__init__()

    def jwk(self) -> dict[str, Any]:
        key = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        return {**key, "kid": self.key_id, "use": "sig", "endorsements": ["msteams", "webchat"]}

    def answer(self, record: dict[str, Any]) -> tuple[int, Any]:
        path = record["path"]
        if path == "/openid":
            return 200, {
                "issuer": "https://api.botframework.com",
                "jwks_uri": f"{self.url}/keys",
                "id_token_signing_alg_values_supported": ["RS256"],
            }
        if path == "/keys":
            return 200, {"keys": [self.jwk()]}
        if path == f"/{TEAMS_TENANT_ID}/oauth2/v2.0/token":
            form = dict(urllib.parse.parse_qsl(record["body"].decode()))
            if form.get("client_id") != TEAMS_APP_ID or form.get("client_secret") != TEAMS_APP_PASSWORD:
                return 401, {"error": "invalid_client", "error_description": "wrong client credentials"}
            time.sleep(0.2)  # a slow token endpoint: concurrent replies must still ask it once
            token = f"bf-token-{uuid.uuid4().hex[:8]}"
            self.issued.append(token)
            return 200, {"token_type": "Bearer", "expires_in": 3600, "access_token": token}
        if path.startswith("/v3/conversations/"):
            if record["headers"].get("Authorization") not in {f"Bearer {token}" for token in self.issued}:
                return 401, {"error": {"code": "Unauthorized"}}
            return 200, {"id": uuid.uuid4().hex}
        return 404, {"error": "not found"}

    def sign(self, service_url: str, **overrides: Any) -> str:
        """The Bearer token the Bot Framework would send with an activity; overrides forge or expire it."""
        now = int(time.time())
        claims = {
            "iss": "https://api.botframework.com",
            "aud": TEAMS_APP_ID,
            "serviceurl": service_url,
            "nbf": now - 10,
            "exp": now + 3600,
            "iat": now - 10,
        }
        key = overrides.pop("key", self.key)
        key_id = overrides.pop("kid", self.key_id)
        claims.update(overrides)
        claims = {name: value for name, value in claims.items() if value is not None}  # None: the claim left out
        return jwt.encode(claims, key, algorithm="RS256", headers={"kid": key_id})

    def replies(self, conversation_id: str) -> list[dict[str, Any]]:
        return [json.loads(r["body"]) for r in self.received(f"/v3/conversations/{conversation_id}/activities")]


def _message(record: dict[str, Any]) -> dict[str, Any]:
    body = record["body"].decode()
    return json.loads(body) if body.startswith("{") else dict(urllib.parse.parse_qsl(body))
