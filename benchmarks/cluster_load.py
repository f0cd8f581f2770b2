"""Conversations under load that check their own context, for the cluster's fault and load scenarios
(tests/e2e/test_cluster.py) and its benchmark (benchmarks/bench_cluster.py).

Each simulated person chooses a different standard by its reference, then keeps asking about "it" (duration,
level, a KSB code, entry requirements). Every answer must name that person's own standard: an answer naming
another person's standard would be context crossed between conversations (a tracker or lock shared wrongly),
an answer naming none would be context lost (a replica that forgot the conversation). A turn that fails (an
HTTP error, a timeout, an apology) is sent once more after a second, as a person would; a turn whose second try
fails too is lost. Events (killing a replica, stopping Redis) run at given offsets while the load goes on.
"""

from __future__ import annotations

import csv
import re
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.load import Client, Turn, summary
from bot.corpus import DEFAULT_DATA_DIR

APOLOGIES = ("Sorry, I can't answer right now", "Sorry, this is taking longer", "Sorry, I'm overloaded", "Sorry, something went wrong")
FOLLOW_UPS = (
    "how long does it take?",
    "what level is it?",
    "what does K1 cover?",
    "what are the entry requirements?",
    "what does S2 cover?",
)
REFERENCE = re.compile(r"\bST\d{4}\b")
RETRY_AFTER_SECONDS = 1.0


def standards_to_choose(count: int, data: Path = DEFAULT_DATA_DIR) -> list[str]:
    """`count` distinct current standards approved for delivery with knowledge and skills, spread over the list."""
    with (data / "ifate-standards" / "index.csv").open(encoding="utf-8") as handle:
        rows = [
            row["referenceNumber"]
            for row in csv.DictReader(handle)
            if row["in_current_folder"] == "yes"
            and row["status"].lower() == "approved for delivery"
            and int(row["n_knowledge"] or 0) >= 1
            and int(row["n_skills"] or 0) >= 2
        ]
    chosen = sorted(set(rows))
    step = max(1, len(chosen) // count)
    return chosen[::step][:count]


@dataclass
class Outcome:
    """What happened to every conversation of a run."""

    turns: list[Turn] = field(default_factory=list)
    retried: int = 0
    lost: int = 0
    crossed: list[str] = field(default_factory=list)
    forgot: list[str] = field(default_factory=list)
    senders: list[str] = field(default_factory=list)
    answered: dict[str, list[str]] = field(default_factory=dict)  # per sender, the messages answered, in order
    wall_s: float = 0.0

    def figures(self) -> dict:
        return summary(self.turns, self.wall_s) | {
            "retried": self.retried,
            "lost": self.lost,
            "crossed_context": len(self.crossed),
            "lost_context": len(self.forgot),
        }


def context_problem(turn: Turn, own: str, others: set[str]) -> str | None:
    """'crossed' when the answer names another person's standard and not this one's, 'forgot' when it names none."""
    named = set(REFERENCE.findall(" ".join(str(reply.get("text") or "") for reply in turn.replies if isinstance(reply, dict))))
    if own in named:
        return None
    return "crossed" if named & others else "forgot"


def run_conversations(
    webhook: str,
    references: Sequence[str],
    seconds: float,
    events: Sequence[tuple[float, Callable[[], None]]] = (),
    senders: Sequence[str] | None = None,
    timeout: float = 60,
) -> Outcome:
    """One thread per reference, each a person choosing that standard and asking follow-ups until `seconds`
    have passed; `events` are (offset in seconds, action) run meanwhile. `senders` resumes given conversations
    (a second run after a restart) instead of starting new ones: they then do not choose again."""
    outcome, lock = Outcome(), threading.Lock()
    run_id = uuid.uuid4().hex[:8]
    resuming = senders is not None
    names = list(senders) if senders is not None else [f"cluster-{run_id}-{i}" for i in range(len(references))]
    deadline = time.monotonic() + seconds
    everyone = set(references)

    def person(index: int) -> None:
        client, own = Client(webhook, APOLOGIES, timeout), references[index]
        messages = [] if resuming else [f"tell me about {own}"]
        try:
            number = 0
            while time.monotonic() < deadline:
                text = messages.pop(0) if messages else FOLLOW_UPS[(index + number) % len(FOLLOW_UPS)]
                number += 1
                turn, retried = _say_with_one_retry(client, text, names[index])
                problem = None if turn.error else context_problem(turn, own, everyone - {own})
                with lock:
                    outcome.turns.append(turn)
                    outcome.retried += retried
                    outcome.lost += turn.error
                    if not turn.error:
                        outcome.answered.setdefault(names[index], []).append(text)
                    if problem == "crossed":
                        outcome.crossed.append(f"{names[index]} ({own}): {text}")
                    elif problem == "forgot":
                        outcome.forgot.append(f"{names[index]} ({own}): {text}")
        finally:
            client.close()

    threads = [threading.Thread(target=person, args=(i,), daemon=True) for i in range(len(references))]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for offset, action in sorted(events, key=lambda event: event[0]):
        time.sleep(max(0.0, started + offset - time.monotonic()))
        action()
    for thread in threads:
        thread.join()
    outcome.wall_s = time.monotonic() - started
    outcome.senders = names
    return outcome


def _say_with_one_retry(client: Client, text: str, sender: str) -> tuple[Turn, int]:
    turn = client.say(text, sender)
    if not turn.error:
        return turn, 0
    time.sleep(RETRY_AFTER_SECONDS)
    return client.say(text, sender), 1
