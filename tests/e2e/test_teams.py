"""Microsoft Teams through the single-tenant connector (rasa_extensions/teams.py), against the real Rasa server.

A local stand-in plays the Bot Framework: OpenID metadata and signing keys, the tenant's token endpoint and
the Connector API that receives replies. Activities are signed with the stand-in's key as the Bot Framework
signs them; forged, expired or misdirected ones must be refused and never answered."""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
import uuid

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.e2e.standins import TEAMS_APP_ID, TEAMS_TENANT_ID


def activity(bot_framework, text: str, user: str, conversation: str, **extra) -> dict:
    """A message activity as Teams sends it in a personal chat."""
    return {
        "type": "message",
        "id": extra.pop("id", uuid.uuid4().hex),
        "timestamp": "2026-11-25T10:00:00.000Z",
        "serviceUrl": bot_framework.url + "/",
        "channelId": "msteams",
        "from": {"id": user, "name": "An adviser", "aadObjectId": str(uuid.uuid4())},
        "conversation": {"conversationType": "personal", "tenantId": TEAMS_TENANT_ID, "id": conversation},
        "recipient": {"id": f"28:{TEAMS_APP_ID}", "name": "Apprentice assistant"},
        "textFormat": "plain",
        "locale": "en-GB",
        "text": text,
        "channelData": {"tenant": {"id": TEAMS_TENANT_ID}},
        **extra,
    }


def send(assistant, body: dict, token: str | None) -> tuple[int, str]:
    headers = {"Content-Type": "application/json"}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(assistant.rasa.url + "/webhooks/teams/webhook", data=json.dumps(body).encode(), headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def card_or_text(reply: dict) -> str:
    attachments = reply.get("attachments") or []
    return reply.get("text") or (attachments[0]["content"]["text"] if attachments else "")


def test_concurrent_replies_share_one_token_request(assistant, bot_framework):
    """First in this module: these replies are the first to need a token, all at once."""

    def ask(index: int) -> None:
        message = activity(bot_framework, "what does K1 cover in ST1406?", f"29:adviser-c{index}", f"a:conv-c{index}")
        statuses.append(send(assistant, message, bot_framework.sign(message["serviceUrl"]))[0])

    statuses: list[int] = []
    threads = [threading.Thread(target=ask, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 8
    assert all(len(bot_framework.replies(f"a:conv-c{i}")) == 1 for i in range(8))
    token_requests = bot_framework.received("/oauth2/v2.0/token")
    assert len(token_requests) == 1  # cached for the whole session: one request however many replies
    assert "client_credentials" in token_requests[0]["body"].decode()


def test_a_signed_activity_is_answered_through_the_connector_api(assistant, bot_framework):
    conversation = "a:conv-k42"
    message = activity(bot_framework, "what does K42 cover in ST1406?", "29:adviser-1", conversation)
    assert send(assistant, message, bot_framework.sign(message["serviceUrl"]))[0] == 200
    [reply] = bot_framework.replies(conversation)
    assert "Types of water and its use: cooling water, purified water, water for injection" in reply["text"]
    assert reply["textFormat"] == "markdown" and reply["type"] == "message"
    assert reply["replyToId"] == message["id"]
    assert reply["recipient"] == {"id": "29:adviser-1"}


def test_a_mention_in_a_team_channel_is_read_without_the_mention(assistant, bot_framework):
    conversation = "19:channel-thread;messageid=1"
    message = activity(
        bot_framework, "<at>Apprentice assistant</at> what entry requirements apply for ST1406?", "29:adviser-2", conversation
    )
    assert send(assistant, message, bot_framework.sign(message["serviceUrl"]))[0] == 200
    [reply] = bot_framework.replies(conversation)
    assert "GCSE" in reply["text"]


def _forgeries(bot_framework, service_url: str) -> dict[str, str | None]:
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = int(time.time())
    return {
        "no token": None,
        "another key": bot_framework.sign(service_url, key=other_key),
        "unknown key id": bot_framework.sign(service_url, kid="someone-elses-key"),
        "expired": bot_framework.sign(service_url, exp=now - 3600, nbf=now - 7200, iat=now - 7200),
        "another bot": bot_framework.sign(service_url, aud="another-app-id"),
        "another issuer": bot_framework.sign(service_url, iss="https://evil.example/"),
        "another service url": bot_framework.sign("https://smba.evil.example/"),
        "hs256 instead of rs256": jwt.encode(
            {"iss": "https://api.botframework.com", "aud": TEAMS_APP_ID, "exp": now + 600},
            "a-shared-secret-of-thirty-two-bytes!",
            algorithm="HS256",
            headers={"kid": bot_framework.key_id},
        ),
        "not a jwt": "definitely-not-a-token",
    }


def test_forged_expired_or_misdirected_activities_are_refused_and_never_answered(assistant, bot_framework):
    service_url = bot_framework.url + "/"
    for name, token in _forgeries(bot_framework, service_url).items():
        conversation = f"a:forged-{name.replace(' ', '-')}"
        status, body = send(assistant, activity(bot_framework, "what does K42 cover in ST1406?", "29:intruder", conversation), token)
        assert status == 401, f"{name}: {status} {body}"
        assert body.startswith("Unauthorized")
    time.sleep(2)
    assert [r for r in bot_framework.requests if "/v3/conversations/a:forged" in r["path"]] == []


def test_buttons_are_a_hero_card_and_a_message_back_click_answers_the_quiz(assistant, bot_framework):
    conversation, user = "a:conv-quiz", "29:learner-1"

    def say(text: str, **extra) -> list[dict]:
        before = len(bot_framework.replies(conversation))
        message = activity(bot_framework, text, user, conversation, **extra)
        assert send(assistant, message, bot_framework.sign(message["serviceUrl"]))[0] == 200
        return bot_framework.replies(conversation)[before:]

    question = say("quiz me on ST1406")[-1]
    assert "Question 1 of" in card_or_text(question)
    for _ in range(3):  # a free-text question has no buttons: skip to one with choices
        if question.get("attachments"):
            break
        question = say("skip")[-1]
    card = question["attachments"][0]
    assert card["contentType"] == "application/vnd.microsoft.card.hero"
    assert "Question" in card["content"]["text"]
    buttons = card["content"]["buttons"]
    assert [b["type"] for b in buttons] == ["messageBack"] * 4 and [b["text"] for b in buttons] == ["a", "b", "c", "d"]
    feedback = card_or_text(say(buttons[2]["text"], value={"payload": buttons[2]["text"]})[0])
    assert feedback.startswith("Correct!") or feedback.startswith("Not quite")
    assert "Quiz stopped" in card_or_text(say("stop")[-1])


def test_a_redelivered_activity_is_answered_once(assistant, bot_framework):
    conversation = "a:conv-retry"
    message = activity(bot_framework, "what is the level of ST1406?", "29:adviser-3", conversation)
    for _ in range(2):
        assert send(assistant, message, bot_framework.sign(message["serviceUrl"]))[0] == 200
    time.sleep(2)
    assert len(bot_framework.replies(conversation)) == 1


@pytest.mark.parametrize("body", [b"{not json", b"[1, 2]"])
def test_a_body_that_is_not_an_activity_gets_a_400_once_its_token_passed_and_a_401_before(assistant, bot_framework, body):
    def status(headers: dict) -> int:
        request = urllib.request.Request(
            assistant.rasa.url + "/webhooks/teams/webhook", data=body, headers={"Content-Type": "application/json", **headers}
        )
        with pytest.raises(urllib.error.HTTPError) as error:
            urllib.request.urlopen(request, timeout=10)
        return error.value.code

    assert status({}) == 401  # the token is checked before the body is read
    assert status({"Authorization": f"Bearer {bot_framework.sign(bot_framework.url + '/')}"}) == 400


def test_tokens_and_activities_microsofts_sdk_would_refuse_are_refused(assistant, bot_framework):
    """No serviceUrl claim, an Azure AD issuer, a serviceUrl off Microsoft's hosts (consistently signed: the bot's
    token would be posted there), an activity from another tenant."""
    service_url = bot_framework.url + "/"
    cases = {
        "no serviceurl claim": (
            activity(bot_framework, "hi", "29:x", "a:forged-noclaim"),
            bot_framework.sign(service_url, serviceurl=None),
        ),
        "azure ad issuer": (
            activity(bot_framework, "hi", "29:x", "a:forged-aad"),
            bot_framework.sign(service_url, iss=f"https://sts.windows.net/{TEAMS_TENANT_ID}/"),
        ),
        "foreign host": (
            {**activity(bot_framework, "hi", "29:x", "a:forged-host"), "serviceUrl": "https://smba.evil.example/"},
            bot_framework.sign("https://smba.evil.example/"),
        ),
        "another tenant": (
            {**activity(bot_framework, "hi", "29:x", "a:forged-tenant"), "channelData": {"tenant": {"id": "99999999-other"}}},
            bot_framework.sign(service_url),
        ),
    }
    for name, (message, token) in cases.items():
        status, body = send(assistant, message, token)
        assert status == 401, f"{name}: {status} {body}"
    time.sleep(2)
    assert [r for r in bot_framework.requests if "/v3/conversations/a:forged" in r["path"]] == []


@pytest.mark.parametrize(
    "broken", [{"conversation": None}, {"conversation": "a:conv-as-text"}, {"from": "29:adviser-4"}, {"recipient": []}]
)
def test_a_signed_activity_without_a_proper_conversation_sender_or_recipient_gets_a_400(assistant, bot_framework, broken):
    message = {**activity(bot_framework, "hello", "29:adviser-4", "a:conv-broken"), **broken}
    if broken.get("conversation", "") is None:
        del message["conversation"]
    status, body = send(assistant, message, bot_framework.sign(message["serviceUrl"]))
    assert status == 400 and "conversation" in body


def test_adding_the_bot_to_a_chat_gets_a_welcome_with_buttons(assistant, bot_framework):
    conversation = "a:conv-installed"
    update = activity(bot_framework, "", "29:new-user", conversation, type="conversationUpdate")
    update["membersAdded"] = [{"id": f"28:{TEAMS_APP_ID}"}, {"id": "29:new-user"}]
    del update["text"]
    assert send(assistant, update, bot_framework.sign(update["serviceUrl"]))[0] == 200
    [welcome] = bot_framework.replies(conversation)
    content = welcome["attachments"][0]["content"]
    assert content["text"].startswith("Hello! I answer questions about English apprenticeship standards")
    assert "What does K42 cover in ST1406?" in [b["title"] for b in content["buttons"]]
    bot_only = activity(bot_framework, "", "29:new-user", "a:conv-bot-only", type="conversationUpdate")
    bot_only["membersAdded"] = [{"id": f"28:{TEAMS_APP_ID}"}]
    assert send(assistant, bot_only, bot_framework.sign(bot_only["serviceUrl"]))[0] == 200
    assert bot_framework.replies("a:conv-bot-only") == []
