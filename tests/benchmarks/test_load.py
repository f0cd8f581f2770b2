"""benchmarks/load.py against a tiny HTTP server on loopback: the error classification both sides of the
assistant benchmark (and the cluster load test) rely on, and the runner's conversation handling."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from benchmarks.load import Client, percentile, run_users, summary

APOLOGY = "Sorry, something went wrong"


class Webhook(BaseHTTPRequestHandler):
    """Answers by message: 'empty' -> [], 'fail' -> 500, 'sorry' -> an apology, 'slow' -> after 1 s, 'garbage'
    -> not JSON; anything else -> one reply. Records (sender, message) in the server's `seen`."""

    protocol_version = "HTTP/1.1"  # keep-alive, as Rasa's Sanic does

    def do_POST(self) -> None:
        payload = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        message = payload["message"]
        self.server.seen.append((payload["sender"], message))  # type: ignore[attr-defined]
        status, body = 200, json.dumps([{"recipient_id": payload["sender"], "text": f"you said {message}"}])
        if message == "empty":
            body = "[]"
        elif message == "fail":
            status, body = 500, '{"error": "boom"}'
        elif message == "sorry":
            body = json.dumps([{"text": "A first part"}, {"text": APOLOGY + ", try again."}])
        elif message == "garbage":
            body = "<html>"
        elif message == "slow":
            time.sleep(1)
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body.encode())))
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args: object) -> None:  # quiet test output
        pass


@pytest.fixture
def webhook() -> Iterator[tuple[str, ThreadingHTTPServer]]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Webhook)
    server.daemon_threads = True
    server.seen = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/webhooks/rest/webhook", server
    server.shutdown()
    server.server_close()


def test_an_answer_is_not_an_error(webhook) -> None:
    url, server = webhook
    turn = Client(url, [APOLOGY]).say("hello", "u1")
    assert (turn.status, turn.error, turn.empty) == (200, False, False)
    assert turn.replies[0]["text"] == "you said hello"
    assert turn.message == "hello" and turn.elapsed_ms > 0
    assert server.seen == [("u1", "hello")]


def test_an_empty_reply_is_counted_apart_not_as_an_error(webhook) -> None:
    turn = Client(webhook[0], [APOLOGY]).say("empty", "u1")
    assert (turn.status, turn.replies, turn.error, turn.empty) == (200, [], False, True)


def test_a_server_error_is_an_error_and_the_connection_still_serves(webhook) -> None:
    client = Client(webhook[0], [APOLOGY])
    failed, after = client.say("fail", "u1"), client.say("hello", "u1")
    assert (failed.status, failed.error, failed.empty) == (500, True, False)
    assert (after.status, after.error) == (200, False)


def test_an_apology_in_any_reply_is_an_error(webhook) -> None:
    assert Client(webhook[0], [APOLOGY]).say("sorry", "u1").error
    assert not Client(webhook[0], []).say("sorry", "u1").error  # only the apologies given count


def test_a_body_that_is_not_json_is_an_error(webhook) -> None:
    turn = Client(webhook[0]).say("garbage", "u1")
    assert (turn.status, turn.error, turn.empty) == (200, True, False)


def test_a_timeout_is_an_error_and_the_client_reconnects(webhook) -> None:
    client = Client(webhook[0], timeout=0.2)
    slow = client.say("slow", "u1")
    assert slow.error and slow.status is None and slow.elapsed_ms < 900
    time.sleep(1)  # let the server finish the slow answer before the next one
    assert not client.say("hello", "u1").error


def test_connection_refused_is_an_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed when the block ends: nothing listens there
    turn = Client(f"http://127.0.0.1:{port}/webhooks/rest/webhook").say("hello", "u1")
    assert (turn.status, turn.replies, turn.error, turn.empty) == (None, [], True, False)


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert (percentile(values, 50), percentile(values, 95), percentile(values, 99), percentile(values, 100)) == (51.0, 95.0, 99.0, 100.0)
    assert percentile([], 50) == 0.0


def test_run_users_gives_each_conversation_its_own_sender_in_order(webhook) -> None:
    url, server = webhook
    conversations = iter([[f"c{i}-t{t}" for t in range(3)] for i in range(6)])
    run = run_users(url, conversations, users=3, seconds=30, apologies=[APOLOGY])
    assert len(run.turns) == 18 and run.wall_s < 30  # ended with the iterator, not the clock
    by_sender: dict[str, list[str]] = {}
    for sender, message in server.seen:
        by_sender.setdefault(sender, []).append(message)
    assert sorted(by_sender.values()) == [[f"c{i}-t{t}" for t in range(3)] for i in range(6)]
    assert len({sender.rsplit("-", 2)[1] for sender in by_sender}) > 1  # several users took conversations


def test_run_users_stops_at_max_turns_and_summary_counts(webhook) -> None:
    conversations = iter([["hello", "empty", "fail", "sorry"]] * 10)  # one user: the 8 turns are two whole conversations
    run = run_users(webhook[0], conversations, users=1, max_turns=8, apologies=[APOLOGY])
    figures = summary(run.turns, run.wall_s)
    assert figures["turns"] == 8
    assert (figures["errors"], figures["empty_replies"], figures["distinct_messages"]) == (4, 2, 4)
    assert figures["throughput_msg_s"] > 0 and figures["p50_ms"] <= figures["p99_ms"]
    assert "throughput_msg_s" not in summary(run.turns)


def test_run_users_stops_at_the_deadline(webhook) -> None:
    endless = iter(lambda: ["hello"], None)
    run = run_users(webhook[0], endless, users=2, seconds=0.5)
    assert run.turns and 0.4 < run.wall_s < 5


def test_run_users_needs_a_limit(webhook) -> None:
    with pytest.raises(ValueError):
        run_users(webhook[0], iter([]), users=1)
