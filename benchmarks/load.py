"""Load-test pieces for a Rasa REST webhook (`/webhooks/rest/webhook`), shared by the assistant benchmark and
the cluster load test, so that both count latency and errors the same way for any bot they talk to.

    client = Client(webhook, apologies=("Sorry, something went wrong",))
    turn = client.say("hello", sender="u1")        # Turn(message, elapsed_ms, status, replies, error)
    run = run_users(webhook, conversations, users=20, seconds=60, apologies=...)
    summary(run.turns, run.wall_s)                  # turns, p50/p95/p99, errors, empty replies, distinct messages

An error is a turn the person did not get an answer to: an HTTP status other than 200, a transport error or
timeout, a body that is not a JSON list, or a reply that starts with one of the given apologies (the bot's own
way of saying it failed). An empty reply list is not an error: a bot may answer nothing by design (the stock
`rasa init` bot does, to messages its stories do not cover); it is counted apart (`Turn.empty`).
"""

from __future__ import annotations

import http.client
import itertools
import json
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from urllib.parse import urlparse


@dataclass(frozen=True)
class Turn:
    """One message sent and what came back. `status` is None when no HTTP response arrived."""

    message: str
    elapsed_ms: float
    status: int | None
    replies: list
    error: bool

    @property
    def empty(self) -> bool:
        """Answered (200) with no message at all: not an error, but worth counting."""
        return not self.error and not self.replies


class Client:
    """One user: a keep-alive HTTP connection to a REST webhook, reopened after a transport error.
    Not thread-safe: one Client per thread."""

    def __init__(self, webhook: str, apologies: Sequence[str] = (), timeout: float = 60) -> None:
        url = urlparse(webhook)
        self.path = url.path or "/"
        self.apologies = tuple(apologies)
        self.connection = http.client.HTTPConnection(url.hostname or "127.0.0.1", url.port or 80, timeout=timeout)

    def say(self, text: str, sender: str) -> Turn:
        """Sends one message as `sender` (a sender is a conversation for Rasa) and times the answer."""
        body = json.dumps({"sender": sender, "message": text})
        started = time.perf_counter()
        status, replies = None, []
        try:
            self.connection.request("POST", self.path, body, {"Content-Type": "application/json"})
            response = self.connection.getresponse()
            status, raw = response.status, response.read()  # read even on errors, so the connection stays usable
            replies = json.loads(raw) if status == 200 else []
            error = status != 200 or not isinstance(replies, list) or self._apologises(replies)
        except (OSError, http.client.HTTPException, ValueError):
            error = True
            self.connection.close()  # http.client reconnects on the next request
        elapsed = (time.perf_counter() - started) * 1000
        return Turn(text, elapsed, status, replies if isinstance(replies, list) else [], error)

    def _apologises(self, replies: list) -> bool:
        return bool(self.apologies) and any(isinstance(r, dict) and str(r.get("text") or "").startswith(self.apologies) for r in replies)

    def close(self) -> None:
        self.connection.close()


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100), rounded to 0.1; 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))], 1)


@dataclass
class Run:
    """Every turn of a run, in completion order, and its wall-clock duration."""

    turns: list[Turn]
    wall_s: float


def run_users(
    webhook: str,
    conversations: Iterator[Sequence[str]],
    users: int,
    seconds: float | None = None,
    max_turns: int | None = None,
    apologies: Sequence[str] = (),
    timeout: float = 60,
) -> Run:
    """`users` threads, each with its own Client, take the next conversation from the shared iterator (so
    distinct users get distinct items), send its messages in order under a fresh sender, and go on until
    `seconds` have passed or `max_turns` turns were sent in all (whichever comes first) or the iterator ends.
    A conversation cut by the end of the run is not finished."""
    if seconds is None and max_turns is None:
        raise ValueError("give seconds, max_turns or both")
    lock = threading.Lock()
    turns: list[Turn] = []
    deadline = time.monotonic() + seconds if seconds is not None else float("inf")
    budget = itertools.count()  # each next() reserves one turn of max_turns
    run_id = uuid.uuid4().hex[:8]

    def may_send() -> bool:
        return time.monotonic() < deadline and (max_turns is None or next(budget) < max_turns)

    def next_conversation() -> Sequence[str] | None:
        with lock:
            return next(conversations, None)

    def user(index: int) -> None:
        client = Client(webhook, apologies, timeout)
        try:
            for number in itertools.count():
                conversation = next_conversation()
                if conversation is None:
                    return
                for text in conversation:
                    if not may_send():
                        return
                    turn = client.say(text, f"load-{run_id}-{index}-{number}")
                    with lock:
                        turns.append(turn)
        finally:
            client.close()

    threads = [threading.Thread(target=user, args=(i,), daemon=True) for i in range(users)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Run(turns, time.monotonic() - started)


def summary(turns: Sequence[Turn], wall_s: float | None = None) -> dict:
    """The figures a report needs; throughput only when the wall-clock duration is given."""
    timings = [t.elapsed_ms for t in turns]
    figures: dict = {"turns": len(turns)}
    if wall_s is not None:
        figures |= {"seconds": round(wall_s, 1), "throughput_msg_s": round(len(turns) / wall_s, 1) if wall_s else 0.0}
    return figures | {
        "p50_ms": percentile(timings, 50),
        "p95_ms": percentile(timings, 95),
        "p99_ms": percentile(timings, 99),
        "errors": sum(t.error for t in turns),
        "empty_replies": sum(t.empty for t in turns),
        "distinct_messages": len({t.message for t in turns}),
    }
