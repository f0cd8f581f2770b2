"""Microsoft Teams through the Bot Framework, for single-tenant bots.

Rasa 3.6's `botframework` connector cannot serve a bot registered since July 2025 (single tenant is then
required): it asks the shared 'botframework.com' tenant for its token. It also blocks the event loop
(`requests` for tokens, keys and every reply), fetches Microsoft's keys while the server starts (so it cannot
start offline), trusts the algorithm named in the token's header, checks neither the issuer nor the
serviceUrl claim, and answers twice when the Bot Framework retries. This connector, at
/webhooks/teams/webhook, checks as Microsoft's Bot Framework SDK does:
- the token before anything else is read: RS256 only, signature against the keys of the OpenID metadata
  (refreshed daily, or when an unknown key id appears; the old keys stay in use while a refresh fails,
  retried at most every KEYS_RETRY_SECONDS), the Bot Framework's issuer only (channel tokens never come from
  Azure AD), audience (the app id), expiry with 5 minutes of clock skew;
- then the activity: the key's endorsement of its channel, the serviceUrl claim required and equal to the
  activity's serviceUrl, that serviceUrl's host on Microsoft's list (the bot's bearer token is posted
  there), and the activity's tenant equal to the configured one;
- takes the tenant id from configuration and gets its token from that tenant's endpoint, cached until 5
  minutes before expiry, fetched with aiohttp under a lock (one request however many replies wait for it,
  the event loop never blocks); a failing token request is logged and shown on the health route;
- people are `teams:<tenant>:<user>` (rasa_extensions/door.py), texts cut before NLU;
- renders replies with rasa_extensions.formatting (markdown, buttons as a hero card of messageBack actions).
The addresses of the metadata and the token endpoint, and the allowed serviceUrl hosts, are configurable so
that tests run against local stand-ins.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable
from http import HTTPStatus
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import jwt
from jwt.algorithms import RSAAlgorithm
from rasa.core.channels.botframework import BotFramework, BotFrameworkInput
from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from rasa_extensions.deliveries import Deliveries
from rasa_extensions.door import admitted
from rasa_extensions.formatting import teams_activity, teams_incoming_text

logger = logging.getLogger(__name__)

OPENID_METADATA_URL = "https://login.botframework.com/v1/.well-known/openidconfiguration"
TOKEN_URL = "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token"
TOKEN_SCOPE = "https://api.botframework.com/.default"
BOT_FRAMEWORK_ISSUER = "https://api.botframework.com"
CLOCK_SKEW_SECONDS = 300
TOKEN_MARGIN_SECONDS = 300
KEYS_MAX_AGE_SECONDS = 24 * 3600
KEYS_MIN_REFRESH_SECONDS = 300  # an unknown key id refreshes the keys, at most this often
KEYS_RETRY_SECONDS = 60  # after a failed refresh, the old keys serve and the next try waits this long
# Where the Bot Framework's connectors live (Microsoft's SDK list: public, government and China clouds).
SERVICE_HOSTS = "*.botframework.com,smba.trafficmanager.net,*.botframework.us,*.botframework.azure.cn,*.trafficmanager.net"
HTTP_TIMEOUT = aiohttp.ClientTimeout(total=10)
WELCOME = "/greet"  # the greet intent, as a button payload would send it
NOT_CONFIGURED = "Teams is not configured on this server: set TEAMS_APP_ID, TEAMS_APP_PASSWORD and TEAMS_TENANT_ID."


class AuthError(Exception):
    """An incoming request that is not from the Bot Framework for this bot."""


class KeysUnavailable(Exception):
    """The signing keys could not be read and none are known yet."""


class TokenCache:
    """The bot's access token for the Bot Connector API, shared by every reply."""

    def __init__(self, token_url: str, app_id: str, app_password: str) -> None:
        self.token_url, self.app_id, self.app_password = token_url, app_id, app_password
        self._token = ""
        self._expires_at = 0.0
        self._lock = asyncio.Lock()
        self.last_error = ""  # the last failed token request, for the health route; cleared by a success

    async def token(self) -> str:
        if self._valid():
            return self._token
        async with self._lock:  # the first caller fetches, the others wait for it without blocking the loop
            if not self._valid():
                await self._fetch()
        return self._token

    def _valid(self) -> bool:
        return bool(self._token) and time.time() < self._expires_at - TOKEN_MARGIN_SECONDS

    async def _fetch(self) -> None:
        form = {"grant_type": "client_credentials", "client_id": self.app_id, "client_secret": self.app_password, "scope": TOKEN_SCOPE}
        async with aiohttp.ClientSession(timeout=HTTP_TIMEOUT) as session, session.post(self.token_url, data=form) as reply:
            body = await reply.json(content_type=None)
            if reply.status != 200 or "access_token" not in body:
                raise RuntimeError(f"token endpoint answered {reply.status}: {body.get('error_description') or body.get('error')}")
        self._token = body["access_token"]
        self._expires_at = time.time() + int(body.get("expires_in", 3600))
        self.last_error = ""


class SigningKeys:
    """The JSON web keys the Bot Framework signs with, from its OpenID metadata."""

    def __init__(self, metadata_url: str) -> None:
        self.metadata_url = metadata_url
        self._keys: dict[str, dict[str, Any]] = {}
        self._fetched_at = 0.0
        self._retry_at = 0.0
        self._lock = asyncio.Lock()

    async def key(self, key_id: str) -> dict[str, Any]:
        fetched_at = self._fetched_at
        age = time.time() - fetched_at
        due = age > KEYS_MAX_AGE_SECONDS or (key_id not in self._keys and age > KEYS_MIN_REFRESH_SECONDS)
        if due and time.time() >= self._retry_at:
            async with self._lock:
                if self._fetched_at == fetched_at and time.time() >= self._retry_at:  # nobody refreshed meanwhile
                    await self._refresh()
        if not self._keys:
            raise KeysUnavailable("no signing keys known yet; the last refresh failed")
        if key_id not in self._keys:
            raise AuthError(f"unknown signing key {key_id!r}")
        return self._keys[key_id]

    async def _refresh(self) -> None:
        """Fetches the keys; when that fails and keys are known, they go on serving until the next try."""
        try:
            await self._fetch()
        except (aiohttp.ClientError, asyncio.TimeoutError, KeyError, ValueError, TypeError) as exc:
            self._retry_at = time.time() + KEYS_RETRY_SECONDS
            if not self._keys:
                raise KeysUnavailable(repr(exc)) from exc
            logger.warning("Could not refresh the Bot Framework signing keys (%r); the known ones stay in use", exc)

    async def _fetch(self) -> None:
        async with aiohttp.ClientSession(timeout=HTTP_TIMEOUT) as session:
            async with session.get(self.metadata_url) as reply:
                reply.raise_for_status()
                metadata = await reply.json(content_type=None)
            async with session.get(metadata["jwks_uri"]) as reply:
                reply.raise_for_status()
                keys = (await reply.json(content_type=None))["keys"]
        self._keys = {key["kid"]: key for key in keys}
        self._fetched_at = time.time()


class TeamsOutput(BotFramework):
    """Replies to one conversation through the Bot Connector API at the activity's serviceUrl."""

    @classmethod
    def name(cls) -> str:
        return "teams"

    def __init__(
        self, tokens: TokenCache, conversation: dict[str, Any], bot: dict[str, Any], service_url: str, user: str, reply_to: str = ""
    ) -> None:
        super().__init__(tokens.app_id, "", conversation, bot, service_url)
        self.tokens, self.user, self.reply_to = tokens, user, reply_to

    def prepare_message(self, recipient_id: str, message_data: dict[str, Any]) -> dict[str, Any]:
        """Addressed to the person by their Teams id (the conversation's id is namespaced, theirs is not)."""
        return super().prepare_message(self.user, message_data)

    async def send(self, message_data: dict[str, Any]) -> None:
        url = f"{self.global_uri}conversations/{self.conversation['id']}/activities"
        if self.reply_to:
            message_data.setdefault("replyToId", self.reply_to)
        try:
            token = await self.tokens.token()
        except (aiohttp.ClientError, asyncio.TimeoutError, RuntimeError, ValueError) as exc:
            self.tokens.last_error = f"token request failed: {exc!r}"
            logger.error("A Teams reply was not sent: %s", self.tokens.last_error)
            return
        headers = {"Authorization": f"Bearer {token}"}
        async with aiohttp.ClientSession(timeout=HTTP_TIMEOUT) as session, session.post(url, json=message_data, headers=headers) as reply:
            if reply.status >= 300:
                logger.error("Teams refused a reply (%s): %s", reply.status, (await reply.text())[:500])

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        """Nothing: custom payloads are for the web page (e.g. clear its transcript); Teams keeps its own."""

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self.send(self.prepare_message(recipient_id, teams_activity(text, [])))

    async def send_text_with_buttons(self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any) -> None:
        await self.send(self.prepare_message(recipient_id, teams_activity(text, buttons)))


class TeamsChannel(BotFrameworkInput):
    """The 'teams' channel: a single-tenant Bot Framework bot."""

    @classmethod
    def name(cls) -> str:
        return "teams"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        credentials = credentials or {}
        return cls(
            app_id=credentials.get("app_id") or "",
            app_password=credentials.get("app_password") or "",
            tenant_id=credentials.get("tenant_id") or "",
            openid_metadata_url=credentials.get("openid_metadata_url") or OPENID_METADATA_URL,
            token_url=credentials.get("token_url") or "",
            service_hosts=credentials.get("service_hosts") or SERVICE_HOSTS,
        )

    def __init__(
        self,
        app_id: str,
        app_password: str,
        tenant_id: str,
        openid_metadata_url: str = OPENID_METADATA_URL,
        token_url: str = "",
        service_hosts: str = SERVICE_HOSTS,
    ) -> None:
        # BotFrameworkInput.__init__ is not called: it fetches Microsoft's keys synchronously at start-up.
        self.app_id, self.app_password, self.tenant_id = app_id, app_password, tenant_id
        self.configured = bool(app_id and app_password and tenant_id)
        self.tokens = TokenCache(token_url or TOKEN_URL.format(tenant=tenant_id or "botframework.com"), app_id, app_password)
        self.keys = SigningKeys(openid_metadata_url)
        self.service_hosts = [host.strip().lower() for host in service_hosts.split(",") if host.strip()]
        self.deliveries = Deliveries()

    async def verify_token(self, authorization: str | None) -> tuple[dict[str, Any], dict[str, Any]]:
        """The token's claims and signing key, if the token is the Bot Framework's for this bot; AuthError
        otherwise. Nothing of the request body is read before this passes."""
        scheme, _, token = (authorization or "").partition(" ")
        if scheme != "Bearer" or not token:
            raise AuthError("no Bearer token")
        try:
            header = jwt.get_unverified_header(token)
            if header.get("alg") != "RS256":
                raise AuthError(f"algorithm {header.get('alg')!r} is not RS256")
            key = await self.keys.key(str(header.get("kid")))
            claims = jwt.decode(
                token,
                key=RSAAlgorithm.from_jwk(json.dumps(key)),
                algorithms=["RS256"],
                audience=self.app_id,
                issuer=BOT_FRAMEWORK_ISSUER,
                leeway=CLOCK_SKEW_SECONDS,
                options={"require": ["exp", "iss", "aud"]},
            )
        except jwt.PyJWTError as exc:
            raise AuthError(str(exc)) from exc
        return claims, key

    def check_activity(self, claims: dict[str, Any], key: dict[str, Any], activity: dict[str, Any]) -> None:
        """AuthError unless the activity is one the token vouches for, from this tenant, to answer at
        one of Microsoft's hosts."""
        endorsements = key.get("endorsements")
        if endorsements is not None and activity.get("channelId") not in endorsements:
            raise AuthError(f"the signing key does not endorse channel {activity.get('channelId')!r}")
        service_url = str(claims.get("serviceurl") or claims.get("serviceUrl") or "")
        if not service_url:
            raise AuthError("the token has no serviceUrl claim")
        if service_url.rstrip("/") != str(activity.get("serviceUrl", "")).rstrip("/"):
            raise AuthError("the activity's serviceUrl differs from the token's")
        if not self._microsoft_host(service_url):
            raise AuthError(f"serviceUrl host {urlsplit(service_url).hostname!r} is not one of the Bot Framework's")
        if activity_tenant(activity) != self.tenant_id:
            raise AuthError("the activity is from another tenant")

    def _microsoft_host(self, url: str) -> bool:
        host = (urlsplit(url).hostname or "").lower()
        return any(host == allowed or (allowed.startswith("*.") and host.endswith(allowed[1:])) for allowed in self.service_hosts)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        teams_webhook = Blueprint("teams_webhook", __name__)

        on_new_message = admitted(self.name(), on_new_message, scope=lambda message: self.tenant_id)

        @teams_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            if not self.configured:
                return response.json({"status": "not configured", "detail": NOT_CONFIGURED})
            if self.tokens.last_error:
                return response.json({"status": "degraded", "detail": f"replies are not being sent: {self.tokens.last_error}"})
            return response.json({"status": "ok"})

        @teams_webhook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            if not self.configured:
                return response.text(NOT_CONFIGURED, status=HTTPStatus.SERVICE_UNAVAILABLE)
            try:
                claims, key = await self.verify_token(request.headers.get("Authorization"))
            except AuthError as exc:
                logger.warning("Refused a Teams request: %s", exc)
                return response.text(f"Unauthorized: {exc}.", status=HTTPStatus.UNAUTHORIZED)
            except KeysUnavailable as exc:
                logger.error("Could not read the Bot Framework signing keys: %s", exc)
                return response.text("The signing keys could not be read; try again.", status=HTTPStatus.SERVICE_UNAVAILABLE)
            try:
                activity = json.loads(request.body)
                if not isinstance(activity, dict):
                    raise ValueError("not an object")
            except ValueError:
                return response.text("The body is not a Bot Framework activity.", status=HTTPStatus.BAD_REQUEST)
            try:
                self.check_activity(claims, key, activity)
            except AuthError as exc:
                logger.warning("Refused a Teams request: %s", exc)
                return response.text(f"Unauthorized: {exc}.", status=HTTPStatus.UNAUTHORIZED)
            return await self._receive(activity, on_new_message)

        return teams_webhook

    async def _receive(self, activity: dict[str, Any], on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> HTTPResponse:
        text = teams_incoming_text(activity)
        if activity.get("type") == "conversationUpdate" and self._someone_joined(activity):
            text = WELCOME  # the bot was added to a chat: greet, as on the web page
        elif activity.get("type") != "message":
            return response.text("", status=HTTPStatus.OK)  # typing, reactions...: nothing to answer
        try:
            sender, conversation = str(activity["from"]["id"]), activity["conversation"]
            if not isinstance(conversation, dict) or not conversation.get("id") or not isinstance(activity["recipient"], dict):
                raise TypeError("conversation and recipient are objects with an id")
            service_url, reply_to = str(activity["serviceUrl"]), str(activity.get("id") or "")
            out = TeamsOutput(self.tokens, conversation, activity["recipient"], service_url, sender, reply_to)
        except (KeyError, TypeError):
            return response.text("The activity lacks from, conversation, recipient or serviceUrl.", status=HTTPStatus.BAD_REQUEST)
        if activity.get("id") and not self.deliveries.first_time(f"{conversation['id']}:{activity['id']}"):
            return response.text("", status=HTTPStatus.OK)
        metadata = self.add_attachments_to_metadata(activity, {"tenant": (activity.get("channelData") or {}).get("tenant")})
        message = UserMessage(text, out, sender, input_channel=self.name(), metadata=metadata)
        try:
            await on_new_message(message)
        except Exception:  # the message was received: the failure is ours to log, not the Bot Framework's to retry
            logger.exception("Answering a Teams message failed")
        return response.text("", status=HTTPStatus.OK)

    @staticmethod
    def _someone_joined(activity: dict[str, Any]) -> bool:
        """A conversationUpdate that adds a member other than the bot itself."""
        bot = (activity.get("recipient") or {}).get("id")
        return any(isinstance(m, dict) and m.get("id") != bot for m in activity.get("membersAdded") or [])


def activity_tenant(activity: dict[str, Any]) -> str:
    """The tenant an activity comes from: channelData.tenant.id, else conversation.tenantId."""
    channel_data = activity.get("channelData") if isinstance(activity.get("channelData"), dict) else {}
    tenant = channel_data.get("tenant") if isinstance(channel_data.get("tenant"), dict) else {}
    conversation = activity.get("conversation") if isinstance(activity.get("conversation"), dict) else {}
    return str(tenant.get("id") or conversation.get("tenantId") or "")
