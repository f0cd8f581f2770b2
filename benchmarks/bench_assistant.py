"""Assistant benchmark through the REST webhook with both real servers up (full catalogue), against a stock
`rasa init` assistant measured in the same run on the same machine.

    python benchmarks/bench_assistant.py [--turns 200] [--users 20] [--seconds 60] [--skip-stock]

Each bot gets a message mix it is built for: ours the questions of the held-out sets (heldout, heldout2:
over a thousand conversations, shuffled once with a fixed seed, each conversation's turns in order under its
own sender, the single user first and the concurrent users going on from there), the stock bot conversations
walked through its own training intents (greet, mood, affirm or deny, sometimes "are you a bot?", goodbye).
Errors are counted the same way for both (benchmarks/load.py): HTTP status, transport error or timeout, or
one of our apologies; an empty reply list is counted apart, since the stock bot answers nothing by design to
some messages.

Prints one JSON object: single-user latency percentiles, then for 20 concurrent users the throughput, latency
percentiles, errors, empty replies, distinct messages and each server's peak memory (VmHWM), and the
throughput ratio to stock. Only counts are printed from the held-out sets, never their items.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.load import run_users, summary
from bot.evaluation import load_questions
from launcher.__main__ import prepare
from launcher.model import RASA_PYTHON, rasa_env
from launcher.servers import Server, _spawn, free_port, start_assistant

# A reply that is one of these apologies means a failed turn (action server error, timeout), not an answer.
APOLOGIES = ("Sorry, I can't answer right now", "Sorry, this is taking longer", "Sorry, something went wrong")
HELDOUT_SETS = ("heldout", "heldout2")
SEED = 12  # the same order in every run, so runs compare
WARM_UP = 3  # turns sent before measuring (connection, first parse), not counted


def heldout_conversations() -> list[list[str]]:
    """Every held-out conversation as its messages in order, shuffled with a fixed seed so that kinds and
    standards are mixed across users (the sets are grouped by kind)."""
    conversations = [[turn["say"] for turn in case["turns"]] for name in HELDOUT_SETS for case in load_questions(name)]
    random.Random(SEED).shuffle(conversations)
    return conversations


def stock_examples(nlu_path: Path) -> dict[str, list[str]]:
    """The stock bot's training examples by intent, read from the nlu.yml `rasa init` wrote."""
    nlu = yaml.safe_load(nlu_path.read_text(encoding="utf-8"))["nlu"]
    return {
        item["intent"]: [line.strip()[2:].strip() for line in item["examples"].splitlines() if line.strip().startswith("- ")]
        for item in nlu
        if "intent" in item
    }


def stock_conversations(examples: dict[str, list[str]], seed: int = SEED) -> Iterator[list[str]]:
    """Endless conversations the moodbot's stories cover: greet, a mood, after a sad mood whether cheering
    up helped, sometimes a bot challenge, goodbye. Each intent's example is drawn at random."""
    pick = random.Random(seed)
    while True:
        intents = ["greet", pick.choice(["mood_great", "mood_unhappy"])]
        if intents[-1] == "mood_unhappy":
            intents.append(pick.choice(["affirm", "deny"]))
        if pick.random() < 0.3:
            intents.append("bot_challenge")
        intents.append("goodbye")
        yield [pick.choice(examples[intent]) for intent in intents]


def measure(webhook: str, conversations: Iterator[Sequence[str]], args: argparse.Namespace, servers: list[Server]) -> dict:
    """Single user then concurrent users, both drawing from the same iterator so the concurrent users go on
    with conversations the single user did not send."""
    run_users(webhook, conversations, users=1, max_turns=WARM_UP, apologies=APOLOGIES)
    single = run_users(webhook, conversations, users=1, max_turns=args.turns, apologies=APOLOGIES)
    crowd = run_users(webhook, conversations, users=args.users, seconds=args.seconds, apologies=APOLOGIES)
    concurrent = {"users": args.users} | summary(crowd.turns, crowd.wall_s)
    for server in servers:
        concurrent[f"{server.name}_peak_rss_mb"] = peak_rss_mb(server.process.pid)
    both = single.turns + crowd.turns
    return {"single_user": summary(single.turns), "concurrent": concurrent, "distinct_messages_overall": len({t.message for t in both})}


def peak_rss_mb(pid: int) -> float:
    """Peak resident memory of a process and its children (VmHWM), in MB."""
    total = 0
    pids = [pid] + [int(p) for p in subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()]
    for each in pids:
        try:
            for line in Path(f"/proc/{each}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            pass
    return round(total / 1024, 1)


def stock_assistant(log_dir: Path) -> Server:
    """`rasa init` (the moodbot), trained and served with the same Rasa on a free port."""
    project = log_dir / "stock"
    project.mkdir()  # rasa init wants the folder to exist
    subprocess.run(
        [str(RASA_PYTHON), "-m", "rasa", "init", "--no-prompt", "--init-dir", str(project)],
        env=rasa_env(),
        capture_output=True,
        check=True,
        timeout=900,
    )
    model = sorted((project / "models").glob("*.tar.gz"))[-1]
    port = free_port()
    command = [str(RASA_PYTHON), "-m", "rasa", "run", "--model", str(model), "--interface", "127.0.0.1", "--port", str(port)]
    server = _spawn("stock-rasa", command, rasa_env(), log_dir, port, "/webhooks/rest/")
    server.wait_ready(timeout=300)
    return server


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--turns", type=int, default=200)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--skip-stock", action="store_true")
    args = parser.parse_args()
    log_dir = Path(tempfile.mkdtemp(prefix="bench-assistant-"))
    pool = heldout_conversations()
    figures: dict[str, object] = {
        "assistant_question_pool": {"conversations": len(pool), "distinct_messages": len({m for c in pool for m in c})}
    }
    assistant = start_assistant(prepare(full=True), full=True, log_dir=log_dir)
    try:
        ours = measure(assistant.webhook, itertools.cycle(pool), args, [assistant.rasa, assistant.action])
    finally:
        assistant.stop()
    figures["assistant"] = ours
    print(json.dumps(figures, indent=2), flush=True)
    if not args.skip_stock:
        stock = stock_assistant(log_dir)
        try:
            examples = stock_examples(log_dir / "stock" / "data" / "nlu.yml")
            figures["stock_examples_per_intent"] = {intent: len(texts) for intent, texts in examples.items()}
            theirs = measure(stock.url + "/webhooks/rest/webhook", stock_conversations(examples), args, [stock])
        finally:
            stock.stop()
        figures["stock"] = theirs
        rate = theirs["concurrent"]["throughput_msg_s"]
        figures["throughput_ratio_vs_stock"] = round(ours["concurrent"]["throughput_msg_s"] / rate, 2) if rate else None
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
