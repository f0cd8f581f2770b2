"""Bad input gets a clear reply through the real servers, with no exception in either server's log; an action
server that is down or slow gets an apology from the Rasa server instead of silence."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.e2e.conftest import log_problems, say, texts

BAD_INPUTS = [
    "",
    "   ",
    "x" * 10_000,
    "😀🎉👍",
    "¿Cuáles son los requisitos de entrada?",
    "<script>alert('hi')</script><b>bold</b>",
    "'; DROP TABLE trackers; --",
    "{{ 7*7 }} ${jndi:ldap://evil}",
    "what does K999 cover",
    "tell me about ST9999",
    "/choose_standard{not json",
]


@pytest.mark.parametrize("text", BAD_INPUTS, ids=range(len(BAD_INPUTS)))
def test_bad_input_gets_a_clear_reply(assistant, text):
    replies = say(assistant.webhook, "e2e-robust", text)
    assert replies and all(r.get("text", "").strip() for r in replies)


def test_no_exception_in_either_log(assistant):
    for text in BAD_INPUTS:
        say(assistant.webhook, "e2e-robust-logs", text)
    assert log_problems(assistant.action.log_path) == []
    assert log_problems(assistant.rasa.log_path) == []


class StandIn(BaseHTTPRequestHandler):
    """An action server that answers too late."""

    delay = 8.0

    def do_POST(self):
        time.sleep(self.delay)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"events": [], "responses": []}')

    def log_message(self, *args):
        pass


def test_slow_or_missing_action_server_gets_an_apology(tmp_path):
    from launcher.model import trained_model
    from launcher.servers import free_port, start_rasa_server

    slow = ThreadingHTTPServer(("127.0.0.1", 0), StandIn)
    threading.Thread(target=slow.serve_forever, daemon=True).start()
    settings = {"APPRENTICE_REPLY_TIMEOUT": "2", "APPRENTICE_MAX_BACKGROUND_TURNS": "1"}
    rasa = start_rasa_server(free_port(), slow.server_address[1], trained_model(), tmp_path, settings)
    try:
        rasa.wait_ready(timeout=300)
        hook = rasa.url + "/webhooks/rest/webhook"
        started = time.monotonic()
        assert texts(say(hook, "e2e-slow", "what does K42 cover")) == [
            "Sorry, this is taking longer than it should. Please try again in a moment."
        ]
        assert time.monotonic() - started < 6
        # That turn goes on in the background; at most one may: the next message is told to wait, at once.
        assert texts(say(hook, "e2e-slow-2", "what does K42 cover")) == ["Sorry, I'm overloaded right now. Please try again in a moment."]
        time.sleep(StandIn.delay)  # the background turn finishes
        StandIn.delay, StandIn.body = 0.0, b'{"events": "not a list"}'  # invalid: the response schema still applies
        assert texts(say(hook, "e2e-invalid", "what does K42 cover")) == [
            "Sorry, I can't answer right now: part of me is not responding. Please try again in a moment."
        ]
        slow.shutdown()
        slow.server_close()
        assert texts(say(hook, "e2e-down", "what does K42 cover")) == [
            "Sorry, I can't answer right now: part of me is not responding. Please try again in a moment."
        ]
    finally:
        rasa.stop()
        slow.server_close()
