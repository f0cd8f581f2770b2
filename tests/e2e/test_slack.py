"""Slack, replayed: Events API and interactivity payloads, signed as Slack signs them, posted to the real Rasa
server's /webhooks/slack/webhook; the replies reach a local stand-in of Slack's Web API, which records them."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

from tests.e2e.standins import SLACK_SIGNING_SECRET

BOT_USER = "U0BOTUSER"


def event(text: str, user: str, channel: str, event_id: str | None = None, kind: str = "message", channel_type: str = "im") -> dict:
    """A message.im (or app_mention, or channel message) event as the Events API delivers it."""
    ts = f"{time.time():.6f}"
    return {
        "token": "verification-token-unused",
        "team_id": "T0TEAM",
        "api_app_id": "A0APP",
        "event": {
            "client_msg_id": str(uuid.uuid4()),
            "type": kind,
            "text": text,
            "user": user,
            "ts": ts,
            "team": "T0TEAM",
            "channel": channel,
            "event_ts": ts,
            "channel_type": channel_type,
        },
        "type": "event_callback",
        "event_id": event_id or f"Ev{uuid.uuid4().hex[:10].upper()}",
        "event_time": int(time.time()),
        "authorizations": [
            {"enterprise_id": None, "team_id": "T0TEAM", "user_id": BOT_USER, "is_bot": True, "is_enterprise_install": False}
        ],
        "is_ext_shared_channel": False,
    }


def button_click(value: str, title: str, user: str, channel: str) -> dict:
    """A block_actions interaction: the user clicked one of the bot's buttons."""
    return {
        "type": "block_actions",
        "user": {"id": user, "username": "learner", "name": "learner", "team_id": "T0TEAM"},
        "api_app_id": "A0APP",
        "container": {"type": "message", "message_ts": "1700000000.000100", "channel_id": channel, "is_ephemeral": False},
        "trigger_id": f"{uuid.uuid4().int % 10**12}.0.{uuid.uuid4().hex[:12]}",
        "team": {"id": "T0TEAM", "domain": "example"},
        "channel": {"id": channel, "name": "directmessage"},
        "message": {"type": "message", "user": BOT_USER, "ts": "1700000000.000100", "bot_id": "B0BOT", "text": "quiz"},
        "response_url": "https://hooks.slack.invalid/actions/T0TEAM/1/abc",
        "actions": [
            {
                "action_id": "reply_button_0",
                "block_id": "b1",
                "text": {"type": "plain_text", "text": title, "emoji": True},
                "value": value,
                "type": "button",
                "action_ts": f"{time.time():.6f}",
            }
        ],
    }


def post(
    url: str, body: bytes, content_type: str, timestamp: int | None = None, secret: str = SLACK_SIGNING_SECRET, headers: dict | None = None
) -> tuple[int, str]:
    """Posts a body signed the way Slack signs requests (v0 HMAC-SHA256 of 'v0:timestamp:body')."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    signature = "v0=" + hmac.new(secret.encode(), f"v0:{timestamp}:".encode() + body, hashlib.sha256).hexdigest()
    all_headers = {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": str(timestamp),
        "X-Slack-Signature": signature,
        **(headers or {}),
    }
    request = urllib.request.Request(url, data=body, headers=all_headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def post_event(url: str, payload: dict, **kwargs) -> tuple[int, str]:
    return post(url, json.dumps(payload).encode(), "application/json", **kwargs)


def post_click(url: str, payload: dict, **kwargs) -> tuple[int, str]:
    body = urllib.parse.urlencode({"payload": json.dumps(payload)}).encode()
    return post(url, body, "application/x-www-form-urlencoded", **kwargs)


def block_text(message: dict) -> str:
    return "\n".join(b["text"]["text"] for b in message.get("blocks", []) if b["type"] == "section")


def slack_url(assistant) -> str:
    return assistant.rasa.url + "/webhooks/slack/webhook"


def test_url_verification_is_answered_with_its_challenge(assistant):
    status, body = post_event(
        slack_url(assistant),
        {"token": "t", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", "type": "url_verification"},
    )
    assert status == 200
    assert json.loads(body) == {"challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}


def test_a_signed_direct_message_is_answered_in_block_kit(assistant, slack_api):
    status, _ = post_event(slack_url(assistant), event("what does K42 cover in ST1406?", "U0ADVISER1", "D0ADVISER1"))
    assert status == 200
    [reply] = slack_api.wait_for_channel("D0ADVISER1", 1)
    assert "Types of water and its use: cooling water, purified water, water for injection" in block_text(reply)
    assert "ST1406" in reply["text"]
    assert reply["blocks"][0]["text"]["type"] == "mrkdwn"


def test_a_mention_in_a_channel_is_answered_there_and_other_channel_chatter_is_not(assistant, slack_api):
    url = slack_url(assistant)
    mention = event(f"<@{BOT_USER}> what does K42 cover in ST1406?", "U0ADVISER2", "C0GENERAL", kind="app_mention", channel_type="channel")
    assert post_event(url, mention)[0] == 200
    [reply] = slack_api.wait_for_channel("C0GENERAL", 1)
    assert "Types of water and its use" in block_text(reply)
    chatter = event("lunch anyone? what does K42 cover", "U0ADVISER3", "C0RANDOM", channel_type="channel")
    assert post_event(url, chatter)[0] == 200
    time.sleep(2)
    assert slack_api.posts("C0RANDOM") == []


def test_wrong_signature_and_stale_timestamp_are_refused_and_not_answered(assistant, slack_api):
    url = slack_url(assistant)
    forged = post_event(url, event("what does K42 cover in ST1406?", "U0FORGER", "D0FORGER"), secret="not-the-secret")
    stale = post_event(url, event("what does K42 cover in ST1406?", "U0FORGER", "D0FORGER"), timestamp=int(time.time()) - 10 * 60)
    unsigned = urllib.request.Request(url, data=b'{"type": "event_callback"}', headers={"Content-Type": "application/json"})
    try:
        urllib.request.urlopen(unsigned, timeout=10)
        unsigned_status = 200
    except urllib.error.HTTPError as error:
        unsigned_status = error.code
    assert (forged[0], stale[0], unsigned_status) == (400, 400, 400)
    assert "X-Slack-Signature" in forged[1]
    time.sleep(2)
    assert slack_api.posts("D0FORGER") == []


def test_a_retried_event_is_answered_once(assistant, slack_api):
    url, payload = slack_url(assistant), event("what are the entry requirements for ST1406?", "U0RETRY", "D0RETRY")
    assert post_event(url, payload)[0] == 200
    for attempt in (1, 2):  # Slack retries with the same event_id, whatever the reason
        status, _ = post_event(url, payload, headers={"X-Slack-Retry-Num": str(attempt), "X-Slack-Retry-Reason": "http_error"})
        assert status == 200
    slack_api.wait_for_channel("D0RETRY", 1)
    time.sleep(3)  # room for a duplicate to arrive
    replies = slack_api.posts("D0RETRY")
    assert len(replies) == 1
    assert "GCSE" in block_text(replies[0])


def test_a_quiz_answered_with_a_slack_button(assistant, slack_api):
    url, user, channel = slack_url(assistant), "U0LEARNER", "D0LEARNER"
    assert post_event(url, event("quiz me on ST1406", user, channel))[0] == 200
    question = slack_api.wait_for_channel(channel, 1)[-1]
    assert "Question 1 of" in block_text(question)
    for _ in range(3):  # a free-text question has no buttons: skip to one with choices
        if question["blocks"][-1]["type"] == "actions":
            break
        count = len(slack_api.posts(channel))
        post_event(url, event("skip", user, channel))
        question = slack_api.wait_for_channel(channel, count + 1)[-1]
    buttons = question["blocks"][-1]["elements"]
    assert len(buttons) == 4 and [b["value"] for b in buttons] == ["a", "b", "c", "d"]
    assert all(len(b["text"]["text"]) <= 75 for b in buttons)
    count = len(slack_api.posts(channel))
    first = buttons[0]
    assert post_click(url, button_click(first["value"], first["text"]["text"], user, channel))[0] == 200
    feedback = block_text(slack_api.wait_for_channel(channel, count + 1)[count])
    assert feedback.startswith("Correct!") or feedback.startswith("Not quite")
    count = len(slack_api.posts(channel))
    assert post_event(url, event("stop", user, channel))[0] == 200
    assert "quiz stopped" in block_text(slack_api.wait_for_channel(channel, count + 1)[-1]).lower()


def test_malformed_requests_get_a_400_not_a_500(assistant, slack_api):
    url = slack_url(assistant)
    assert post(url, b"{not json", "application/json")[0] == 400
    assert post(url, b"nothing=here", "application/x-www-form-urlencoded")[0] == 400
    assert post(url, urllib.parse.urlencode({"payload": "[1, 2]"}).encode(), "application/x-www-form-urlencoded")[0] == 400
    assert post(url, b"hello", "text/plain")[0] == 415
    assert "Traceback" not in assistant.rasa.log()


def test_the_launcher_reports_the_configured_channels_as_on(assistant):
    from launcher.__main__ import channel_state

    assert channel_state(assistant.rasa.url, "slack") == "on"
    assert channel_state(assistant.rasa.url, "teams") == "on"
