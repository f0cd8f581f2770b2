"""Assistant benchmark through the REST webhook with both real servers up (full catalogue), against a stock
`rasa init` assistant measured in the same run on the same machine.

    python benchmarks/bench_assistant.py [--turns 200] [--users 20] [--seconds 60] [--skip-stock]

Prints one JSON object: single-user latency percentiles, then for 20 concurrent users the throughput,
latency percentiles, errors and each server's peak memory (VmHWM), and the throughput ratio to stock.
"""

from __future__ import annotations

import argparse
import http.client
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from launcher.__main__ import prepare
from launcher.model import RASA_PYTHON, rasa_env
from launcher.servers import Server, _spawn, free_port, start_assistant

# A session a careers adviser might have: choose, KSBs, facts, free questions, French match, follow-ups.
MIXED = [
    "tell me about ST1406",
    "what does K42 cover",
    "what entry requirements apply",
    "how long does it take",
    "which French BTS matches this role",
    "and what about the aseptic option?",
    "what about S12?",
    "what do I need to know about water for injection",
    "which duties use K42",
    "what level is it",
    "tell me about the laboratory technician apprenticeship",
    "what does K12 cover",
    "how much funding is available",
    "is there anything about health and safety",
    "what is the French equivalent",
]
# A reply that is one of these apologies means a failed turn (action server error, timeout), not an answer.
APOLOGIES = ("Sorry, I can't answer right now", "Sorry, this is taking longer", "Sorry, something went wrong")
STOCK = ["hello", "I am sad", "yes", "great", "no", "are you a bot?", "goodbye", "very good"]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))], 1)


class Client:
    """One user: a keep-alive HTTP connection to the REST webhook."""

    def __init__(self, webhook: str, sender: str) -> None:
        url = urlparse(webhook)
        self.path, self.sender = url.path, sender
        self.connection = http.client.HTTPConnection(url.hostname, url.port, timeout=60)

    def say(self, text: str) -> tuple[float, bool]:
        body = json.dumps({"sender": self.sender, "message": text})
        started = time.perf_counter()
        try:
            self.connection.request("POST", self.path, body, {"Content-Type": "application/json"})
            response = self.connection.getresponse()
            replies = json.loads(response.read())
            ok = response.status == 200 and bool(replies) and not any(str(r.get("text", "")).startswith(APOLOGIES) for r in replies)
        except (OSError, http.client.HTTPException, ValueError):
            ok = False
            self.connection.close()
        return (time.perf_counter() - started) * 1000, ok


def single_user(webhook: str, questions: list[str], turns: int) -> dict:
    client = Client(webhook, "bench-single")
    for text in questions[:3]:
        client.say(text)  # warm-up, not measured
    timings, errors = [], 0
    for i in range(turns):
        elapsed, ok = client.say(questions[i % len(questions)])
        timings.append(elapsed)
        errors += not ok
    return {
        "turns": turns,
        "p50_ms": percentile(timings, 50),
        "p95_ms": percentile(timings, 95),
        "p99_ms": percentile(timings, 99),
        "errors": errors,
    }


def concurrent(webhook: str, questions: list[str], users: int, seconds: float, servers: list[Server]) -> dict:
    timings: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def user(index: int) -> None:
        client = Client(webhook, f"bench-user-{index}")
        turn = index
        while time.monotonic() < deadline:
            elapsed, ok = client.say(questions[turn % len(questions)])
            turn += 1
            with lock:
                timings.append(elapsed)
                errors[0] += not ok

    threads = [threading.Thread(target=user, args=(i,)) for i in range(users)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - started
    result = {
        "users": users,
        "seconds": round(wall, 1),
        "messages": len(timings),
        "throughput_msg_s": round(len(timings) / wall, 1),
        "p50_ms": percentile(timings, 50),
        "p95_ms": percentile(timings, 95),
        "p99_ms": percentile(timings, 99),
        "errors": errors[0],
    }
    for server in servers:
        result[f"{server.name}_peak_rss_mb"] = peak_rss_mb(server.process.pid)
    return result


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
    figures: dict[str, object] = {}
    log_dir = Path(tempfile.mkdtemp(prefix="bench-assistant-"))
    assistant = start_assistant(prepare(full=True), full=True, log_dir=log_dir)
    try:
        figures["assistant_single_user"] = single_user(assistant.webhook, MIXED, args.turns)
        figures["assistant_concurrent"] = concurrent(assistant.webhook, MIXED, args.users, args.seconds, [assistant.rasa, assistant.action])
    finally:
        assistant.stop()
    print(json.dumps(figures, indent=2), flush=True)
    if not args.skip_stock:
        stock = stock_assistant(log_dir)
        try:
            hook = stock.url + "/webhooks/rest/webhook"
            figures["stock_single_user"] = single_user(hook, STOCK, args.turns)
            figures["stock_concurrent"] = concurrent(hook, STOCK, args.users, args.seconds, [stock])
        finally:
            stock.stop()
        ours, theirs = figures["assistant_concurrent"]["throughput_msg_s"], figures["stock_concurrent"]["throughput_msg_s"]
        figures["throughput_ratio_vs_stock"] = round(ours / theirs, 2) if theirs else None
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
