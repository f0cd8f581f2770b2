"""Slack: Rasa 3.6's connector, with the replies rendered as Block Kit, retries answered once, bad requests refused.

What Rasa's SlackInput lacks and this adds:
- a delivery is processed once: Slack retries an event it thinks was not received (X-Slack-Retry-Num), and
  Rasa only drops retries whose reason is 'http_timeout', so another reason would answer twice. Deliveries
  are remembered by Slack's event_id (interactivity: the action's action_ts and user); one without any id
  is answered, never taken for a retry of another;
- people are `slack:<team>:<user>` (rasa_extensions/door.py), texts cut before NLU;
- a reply Slack refuses with 429 (rate limited) is sent again after its Retry-After, twice at most;
- a malformed body gets a 400 with a reason, never a 500 and a stack trace;
- a server without Slack credentials answers 503 'not configured' instead of refusing to start, so that
  credentials.yml can always list the channel, its values read from environment variables;
- replies go through rasa_extensions.formatting (mrkdwn, buttons within Slack's limits), and to a
  configurable API address: a local stand-in in tests, https://slack.com/api/ otherwise.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from http import HTTPStatus
from typing import Any

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.slack import SlackBot, SlackInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

from rasa_extensions.deliveries import Deliveries
from rasa_extensions.door import admitted
from rasa_extensions.formatting import slack_message

logger = logging.getLogger(__name__)

SLACK_API_URL = "https://slack.com/api/"
NOT_CONFIGURED = "Slack is not configured on this server: set SLACK_TOKEN and SLACK_SIGNING_SECRET."


class SlackOutput(SlackBot):
    """Posts replies rendered by rasa_extensions.formatting."""

    def __init__(self, token: str, api_url: str, slack_channel: str | None = None, thread_id: str | None = None) -> None:
        super().__init__(token, slack_channel, thread_id)
        self.client = AsyncWebClient(token, base_url=api_url)
        self.client.retry_handlers.append(AsyncRateLimitErrorRetryHandler(max_retry_count=2))

    def _channel(self, recipient_id: str) -> str:
        """Where to post: the message's channel, else the person (a direct message), by their Slack id."""
        return self.slack_channel or recipient_id.rsplit(":", 1)[-1]  # Slack ids hold no ':'

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self._post_message(channel=self._channel(recipient_id), **slack_message(text, []))

    async def send_text_with_buttons(self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any) -> None:
        await self._post_message(channel=self._channel(recipient_id), **slack_message(text, buttons))

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        """Nothing: custom payloads are for the web page (e.g. clear its transcript); Slack keeps its own."""


class SlackChannel(SlackInput):
    """The 'slack' channel at /webhooks/slack/webhook."""

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        credentials = credentials or {}
        return cls(
            slack_token=credentials.get("slack_token") or "",
            slack_signing_secret=credentials.get("slack_signing_secret") or "",
            slack_channel=credentials.get("slack_channel") or None,
            api_url=credentials.get("slack_api_url") or SLACK_API_URL,
            use_threads=bool(credentials.get("use_threads", False)),
            conversation_granularity=credentials.get("conversation_granularity") or "sender",
        )

    def __init__(self, slack_token: str, slack_signing_secret: str, api_url: str = SLACK_API_URL, **kwargs: Any) -> None:
        self.configured = bool(slack_token and slack_signing_secret)
        self.api_url = api_url if api_url.endswith("/") else api_url + "/"
        self.deliveries = Deliveries()
        super().__init__(
            slack_token,
            slack_signing_secret=slack_signing_secret or "unset",  # Rasa refuses an empty one; unused when not configured
            slack_retry_reason_header="x-slack-retry-reason",
            slack_retry_number_header="x-slack-retry-num",
            **kwargs,
        )
        self.errors_ignore_retry = ()  # retries are told apart by delivery (Deliveries), not by their reason

    def get_output_channel(self, channel: str | None = None, thread_id: str | None = None) -> OutputChannel:
        return SlackOutput(self.slack_token, self.api_url, channel or self.slack_channel, thread_id)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        slack_webhook = Blueprint("slack_webhook", __name__)
        on_new_message = admitted("slack", on_new_message, scope=lambda message: (message.metadata or {}).get("team") or "-")

        @slack_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"} if self.configured else {"status": "not configured", "detail": NOT_CONFIGURED})

        @slack_webhook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            if not self.configured:
                return response.text(NOT_CONFIGURED, status=HTTPStatus.SERVICE_UNAVAILABLE)
            if not self.is_request_from_slack_authentic(request):
                return response.text("Refused: the X-Slack-Signature is wrong or the request is stale.", status=HTTPStatus.BAD_REQUEST)
            try:
                return await self._handle(request, on_new_message)
            except (ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
                logger.warning("Malformed Slack request: %r", exc)
                return response.text("The request is not a Slack event or interaction this app understands.", status=HTTPStatus.BAD_REQUEST)

        return slack_webhook

    async def _handle(self, request: Request, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> HTTPResponse:
        content_type = (request.headers.get("content-type") or "").split(";")[0].strip()
        if content_type == "application/json":
            return await self._handle_event(request, json.loads(request.body), on_new_message)
        if content_type == "application/x-www-form-urlencoded":
            return await self._handle_interaction(request, json.loads(request.form["payload"][0]), on_new_message)
        return response.text("Unsupported content type.", status=HTTPStatus.UNSUPPORTED_MEDIA_TYPE)

    async def _handle_event(
        self, request: Request, event: dict[str, Any], on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> HTTPResponse:
        if event.get("type") == "url_verification":
            return response.json({"challenge": event["challenge"]})
        if not self._is_user_message(event):
            return response.text("Not a user message: nothing to answer.")
        metadata = event_metadata(event)
        if not self._is_supported_channel(event, metadata):
            return response.text("Not a direct message or a mention: nothing to answer.")
        delivery = event.get("event_id") or event["event"].get("client_msg_id") or event["event"].get("ts")
        key = f"event:{delivery}" if delivery else ""
        sender = self._get_conversation_id(event["event"].get("user", ""), metadata.get("out_channel"), metadata.get("thread_id"))
        text = self._sanitize_user_message(event["event"]["text"], metadata["users"])
        return await self._deliver_once(request, key, on_new_message, text, sender, metadata)

    async def _handle_interaction(
        self, request: Request, payload: dict[str, Any], on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> HTTPResponse:
        if not self._is_interactive_message(payload):
            return response.text("This kind of interaction is not supported.", status=HTTPStatus.BAD_REQUEST)
        action = payload["actions"][0]
        text = self._get_interactive_response(action)
        if text is None:
            return response.text("A link button: nothing to answer.")
        metadata = interaction_metadata(payload)
        sender = self._get_conversation_id(payload["user"]["id"], metadata.get("out_channel"), metadata.get("thread_id"))
        delivery = action.get("action_ts") or payload.get("trigger_id")
        key = f"action:{payload['user']['id']}:{delivery}" if delivery else ""
        return await self._deliver_once(request, key, on_new_message, text, sender, metadata)

    async def _deliver_once(
        self,
        request: Request,
        key: str,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        text: str,
        sender: str | None,
        metadata: dict[str, Any],
    ) -> HTTPResponse:
        if key and not self.deliveries.first_time(key):  # no id: nothing to tell a retry by, so answered
            retry = request.headers.get(self.retry_num_header, "")
            logger.info("Slack delivery %s seen already (retry %s): acknowledged, not answered again", key, retry or "-")
            return response.text("", headers={"X-Slack-No-Retry": "1"})
        return await self.process_message(request, on_new_message, text=text, sender_id=sender, metadata=metadata)


def event_metadata(event: dict[str, Any]) -> dict[str, Any]:
    """Where to answer an Events API message (as Rasa's get_metadata, without its exact content-type test)."""
    inner = event.get("event") or {}
    users = event.get("authed_users") or [a.get("user_id") for a in (event.get("authorizations") or [])[:1]]
    return {
        "out_channel": inner.get("channel"),
        "thread_id": inner.get("thread_ts", inner.get("ts")),
        "users": users,
        "team": event.get("team_id") or inner.get("team"),
    }


def interaction_metadata(payload: dict[str, Any]) -> dict[str, Any]:
    """Where to answer a button click: the channel of the message that carried the button."""
    message = payload.get("message") or {}
    user = (payload.get("user") or {}).get("id")
    return {
        "out_channel": (payload.get("channel") or {}).get("id"),
        "thread_id": message.get("thread_ts", message.get("ts")),
        "users": [user] if user else [],
        "team": (payload.get("team") or {}).get("id") or (payload.get("user") or {}).get("team_id"),
    }
