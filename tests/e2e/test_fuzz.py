"""Property-based tests (hypothesis) of the two channels anyone can reach from a browser or a script, against the
real servers: random Unicode, huge, nested and malformed inputs never get a 500, never leave an exception in a
server's log, and never move the Rasa server's memory by more than a bounded amount."""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request

import pytest
import socketio
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.e2e.conftest import log_problems, say, texts
from tests.e2e.test_door import resident_mb

MEMORY_MOVE_MB = 100  # a few hundred short conversations and their NLU runs, at most
FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture], database=None)

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=50)
json_values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=8), inner, max_size=5), max_leaves=30
)
messages = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=2000, max_size=6000),  # beyond the cut
    st.sampled_from(["/choose_standard{not json", "/affirm", '/greet{"a": [[[[1]]]]}', "K" * 3000, "\u202e\u0000\ufeff", "ST" + "9" * 500]),
)
senders = st.none() | st.text(min_size=1, max_size=64) | st.integers() | st.text(min_size=200, max_size=300)
rest_bodies = st.one_of(
    st.binary(max_size=3000),
    json_values.map(lambda value: json.dumps(value).encode()),
    st.fixed_dictionaries({"sender": senders, "message": messages | json_values}, optional={"metadata": json_values}).map(
        lambda body: json.dumps(body).encode()
    ),
)


def post(url: str, body: bytes) -> int:
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            replies = json.loads(response.read())
            assert isinstance(replies, list) and replies, replies  # a 200 always says something
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture(scope="module")
def memory_before(assistant) -> float:
    return resident_mb(assistant.rasa.process.pid)


@FUZZ
@given(body=rest_bodies)
def test_rest_never_answers_500_to_any_body(assistant, memory_before, body):
    assert post(assistant.webhook, body) in (200, 400)


@pytest.fixture(scope="module")
def web_client(assistant):
    client = socketio.Client(reconnection=False)
    confirmed: list[str] = []
    received: list[object] = []
    got = threading.Event()
    client.on("session_confirm", lambda session_id: (confirmed.append(session_id), got.set()))
    client.on("bot_uttered", lambda message: received.append(message))
    client.connect(assistant.rasa.url, headers={"Origin": assistant.web.url}, transports=["polling"], socketio_path="socket.io")
    client.emit("session_request", {"session_id": None})
    assert got.wait(30)
    yield client, confirmed, received
    client.disconnect()


@FUZZ
@given(event=st.sampled_from(["session_request", "user_uttered", "something_else"]), data=json_values, text=messages)
def test_the_web_socket_takes_any_payload_without_an_exception(assistant, web_client, event, data, text):
    client, confirmed, _ = web_client
    client.emit(event, data)
    client.emit("user_uttered", {"message": text, "session_id": confirmed[0], "metadata": data})
    time.sleep(0.05)  # engine.io refuses a polling POST of more than 16 packets: the client must not pile them up


def test_after_the_fuzzing_both_channels_still_answer_and_no_log_holds_an_exception(assistant, web_client, memory_before):
    received = web_client[2]
    assert "Types of water and its use" in " ".join(texts(say(assistant.webhook, "e2e-fuzz-after", "what does K42 cover in ST1406?")))
    assert received, "the web socket answered nothing"
    assert log_problems(assistant.rasa.log_path) == []
    assert log_problems(assistant.action.log_path) == []
    assert resident_mb(assistant.rasa.process.pid) - memory_before < MEMORY_MOVE_MB
