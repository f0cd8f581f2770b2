"""Trust at the door, through the real servers: a REST client cannot reach a Slack learner, whatever sender it
claims; bodies and messages are bounded without moving the server's memory; REST refuses what went through a
proxy; malformed bodies get a 400; Slack answers events without ids and retries a reply Slack throttled."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.conftest import log_problems, say, texts
from tests.e2e.test_slack import block_text, event, post_event, slack_url

MEMORY_MOVE_MB = 50


def post_raw(url: str, body: bytes, headers: dict | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def resident_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def slack_says(assistant, slack_api, text: str, user: str, channel: str) -> str:
    count = len(slack_api.posts(channel))
    assert post_event(slack_url(assistant), event(text, user, channel))[0] == 200
    return block_text(slack_api.wait_for_channel(channel, count + 1)[count])


def test_a_rest_client_claiming_a_slack_id_can_neither_read_nor_delete_that_learner(assistant, slack_api):
    user, channel = "U0VICTIM", "D0VICTIM"
    slack_says(assistant, slack_api, "quiz me on ST1406", user, channel)
    slack_says(assistant, slack_api, "skip", user, channel)
    slack_says(assistant, slack_api, "stop", user, channel)
    assert "Your progress on ST1406" in slack_says(assistant, slack_api, "how am I doing?", user, channel)
    for claimed in (user, f"slack:T0TEAM:{user}", f"slack:{user}"):
        assert not any("Your progress on ST1406" in text for text in texts(say(assistant.webhook, claimed, "how am I doing?")))
        say(assistant.webhook, claimed, "forget me")
        deleted = texts(say(assistant.webhook, claimed, "/affirm"))
        assert deleted[0].startswith("Done: I deleted") and "(0 records)" in deleted[0], deleted
    assert "Your progress on ST1406" in slack_says(assistant, slack_api, "how am I doing?", user, channel)


def test_forget_me_also_forgets_the_conversation(assistant):
    me = "e2e-door-forget"
    assert "24 months" in " ".join(texts(say(assistant.webhook, me, "how long is the lab technician apprenticeship ST0248?")))
    say(assistant.webhook, me, "forget me")
    replies = say(assistant.webhook, me, "/affirm")
    assert replies[0]["text"].startswith("Done: I deleted everything I stored about you")
    assert {"recipient_id": me, "custom": {"forget_transcript": True}} in replies  # the page clears its copy on this
    after = " ".join(texts(say(assistant.webhook, me, "and what level is it?")))
    assert "ST0248" not in after  # the chosen standard went with the conversation


def test_a_ten_megabyte_body_gets_a_413_and_the_memory_does_not_move(assistant):
    before = resident_mb(assistant.rasa.process.pid)
    body = json.dumps({"sender": "e2e-door-huge", "message": "x" * 10_000_000}).encode()
    try:
        status, _ = post_raw(assistant.webhook, body)
    except (ConnectionError, urllib.error.URLError):
        status = 413  # Sanic may close the connection once it has answered 413, before the client finished sending
    assert status == 413
    assert resident_mb(assistant.rasa.process.pid) - before < MEMORY_MOVE_MB


def test_a_twenty_thousand_word_message_gets_a_short_reply_and_the_memory_does_not_move(assistant):
    words = ("what does the lab technician apprenticeship cover in its knowledge skills and behaviours " * 1400).split()[:20_000]
    before = resident_mb(assistant.rasa.process.pid)
    started = time.monotonic()
    replies = say(assistant.webhook, "e2e-door-long", " ".join(words))
    assert replies and all(r.get("text", "").strip() for r in replies)
    assert time.monotonic() - started < 10
    assert resident_mb(assistant.rasa.process.pid) - before < MEMORY_MOVE_MB


def test_rest_refuses_a_request_that_came_through_a_proxy(assistant):
    body = json.dumps({"sender": "e2e-door-proxy", "message": "what does K42 cover in ST1406"}).encode()
    status, text = post_raw(assistant.webhook, body, {"X-Forwarded-For": "203.0.113.9"})
    assert status == 403 and "REST is for local use" in text


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b"[1, 2, 3]",
        b'"a string"',
        b'{"sender": "x"}',
        b'{"sender": "x", "message": 42}',
        b'{"sender": ["x"], "message": "hi"}',
    ],
    ids=["not json", "a list", "a string", "no message", "a number", "a list sender"],
)
def test_a_malformed_rest_body_gets_a_400_saying_what_is_expected(assistant, body):
    status, text = post_raw(assistant.webhook, body)
    assert status == 400 and text.startswith("Expected a JSON object")


def test_a_slack_event_without_any_id_is_answered_not_taken_for_a_retry(assistant, slack_api):
    channel = "D0NOIDS"
    for _ in range(2):
        bare = event("what does K42 cover in ST1406?", "U0NOIDS", channel)
        del bare["event_id"], bare["event"]["client_msg_id"], bare["event"]["ts"]
        assert post_event(slack_url(assistant), bare)[0] == 200
    assert len(slack_api.wait_for_channel(channel, 2)) == 2


def test_a_reply_slack_throttles_is_sent_again_after_retry_after(assistant, slack_api):
    channel = "D0THROTTLED"
    slack_api.throttled[channel] = 1
    assert post_event(slack_url(assistant), event("what does K42 cover in ST1406?", "U0THROTTLED", channel))[0] == 200
    [reply] = slack_api.wait_for_channel(channel, 1)
    assert "Types of water and its use" in block_text(reply)
    assert len(slack_api.posts(channel, accepted_only=False)) == 2  # the 429, then the same message again


def test_nothing_at_the_door_left_an_exception_in_a_log(assistant):
    assert log_problems(assistant.rasa.log_path) == []


def test_rest_given_a_token_serves_only_requests_that_carry_it(tmp_path):
    from launcher.model import trained_model
    from launcher.servers import free_port, start_rasa_server

    rasa = start_rasa_server(free_port(), free_port(), trained_model(), tmp_path, {"REST_TOKEN": "s3cret-rest-token"})
    try:
        rasa.wait_ready(timeout=300)
        hook, body = rasa.url + "/webhooks/rest/webhook", json.dumps({"sender": "e2e-token", "message": "hello"}).encode()
        assert post_raw(hook, body)[0] == 403
        assert post_raw(hook, body, {"Authorization": "Bearer not-the-token"})[0] == 403
        status, replies = post_raw(hook, body, {"Authorization": "Bearer s3cret-rest-token", "X-Forwarded-For": "203.0.113.9"})
        assert status == 200 and json.loads(replies)  # behind a proxy, the token is what counts
    finally:
        rasa.stop()


def test_the_action_server_refuses_calls_that_are_not_the_rasa_servers(assistant):
    """A made-up conversation posted straight to the action server (any sender id in it) is refused: only the
    Rasa server the launcher started holds the token."""
    tracker = {"sender_id": "slack:T0TEAM:U0VICTIM", "slots": {}, "latest_message": {"text": "how am I doing?"}, "events": []}
    body = json.dumps({"next_action": "action_show_progress", "sender_id": "slack:T0TEAM:U0VICTIM", "tracker": tracker, "domain": {}})
    status, text = post_raw(assistant.action.url + "/webhook", body.encode())
    assert status == 401 and "only the assistant's Rasa server" in text
    assert post_raw(assistant.action.url + "/webhook?token=a-guess", body.encode())[0] == 401
    with urllib.request.urlopen(assistant.action.url + "/health", timeout=10) as health:
        assert health.status == 200


def test_without_a_sender_each_request_is_a_conversation_of_its_own_and_restart_says_so(assistant):
    def ask(text: str) -> list[str]:
        return texts(json.loads(post_raw(assistant.webhook, json.dumps({"message": text}).encode())[1]))

    ask("tell me about ST1406")
    assert ask("how long is it?")[0].startswith("Which apprenticeship standard do you mean?")  # not a shared 'default
    assert texts(say(assistant.webhook, "e2e-door-restart", "/restart"))[0].startswith("Starting afresh")
