"""Cluster benchmark on this machine (full catalogue): the single-process assistant (`make run`), the cluster
with 1 Rasa replica and with 2 (`make run-cluster`), each under the same load of conversations that check
their own context (benchmarks/cluster_load.py), then the fault scenarios at full length on the 2-replica
cluster. Prints one JSON object; the README's "Scale-out" figures come from it.

    python benchmarks/bench_cluster.py [--conversations 50] [--seconds 60] [--skip-faults]

Beside throughput and latency, each process's CPU time per message (from /proc, children included) says what
the bottleneck is.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.cluster_load import Outcome, run_conversations, standards_to_choose
from launcher.__main__ import prepare
from launcher.cluster import Cluster, ClusterPlan, start_cluster
from launcher.servers import Server, free_port, start_assistant

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """CPU time of a process and its descendants so far (utime + stime of the live ones)."""
    total, pending = 0.0, [pid]
    while pending:
        current = pending.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / TICKS
            pending += [int(child) for child in Path(f"/proc/{current}/task/{current}/children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError, IndexError):
            continue
    return total


def measured(servers: list[Server], load: Callable[[], Outcome]) -> dict:
    """The load's figures plus each server's CPU milliseconds per message during it."""
    before = {server.name: cpu_seconds(server.process.pid) for server in servers}
    outcome = load()
    figures = outcome.figures()
    turns = max(1, len(outcome.turns))
    figures["cpu_ms_per_message"] = {
        server.name: round((cpu_seconds(server.process.pid) - before[server.name]) * 1000 / turns, 1) for server in servers
    }
    return figures


def single_process(model: Path, references: list[str], seconds: float) -> dict:
    assistant = start_assistant(model, full=True)
    try:
        return measured(assistant.servers(), lambda: run_conversations(assistant.webhook, references, seconds))
    finally:
        assistant.stop()


def cluster_run(model: Path, replicas: int, references: list[str], seconds: float, faults: bool) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="bench-cluster-"))
    folder.chmod(0o755)
    cluster = start_cluster(model, ClusterPlan(replicas=replicas, full=True, rasa_port=free_port(), web_port=free_port(), folder=folder))
    try:
        figures = {"load": measured(cluster.servers(), lambda: run_conversations(cluster.webhook, references, seconds))}
        if faults:
            more, cluster = fault_scenarios(cluster, references, seconds)
            figures |= more
        return figures
    finally:
        cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)


def fault_scenarios(cluster: Cluster, references: list[str], seconds: float) -> tuple[dict, Cluster]:
    """The four scenarios' long versions; the last restarts the whole cluster, which is returned."""
    third = seconds / 3
    killed = run_conversations(
        cluster.webhook,
        references,
        seconds,
        events=[(third, cluster.replicas[0].kill), (2 * third, lambda: cluster.restart_replica(0))],
    )
    redis_down = run_conversations(cluster.webhook, references, 30, events=[(10, cluster.redis.kill), (15, cluster.redis.restart)])
    before = run_conversations(cluster.webhook, references[:10], 10)
    plan = cluster.plan
    cluster.stop()
    cluster = start_cluster(prepare(full=True), plan)
    after = run_conversations(cluster.webhook, references[:10], 10, senders=before.senders)
    figures = {
        "replica_killed_then_restarted": killed.figures(),
        "redis_down_5_s": redis_down.figures(),
        "whole_cluster_restarted": after.figures(),
    }
    return figures, cluster


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--conversations", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--skip-faults", action="store_true")
    args = parser.parse_args()
    model = prepare(full=True)
    references = standards_to_choose(args.conversations)
    figures: dict[str, object] = {"conversations": len(references), "seconds": args.seconds, "cores": os.cpu_count()}
    figures["single_process"] = single_process(model, references, args.seconds)
    print(json.dumps(figures, indent=2), flush=True)
    figures["cluster_1_replica"] = cluster_run(model, 1, references, args.seconds, faults=False)
    print(json.dumps(figures, indent=2), flush=True)
    figures["cluster_2_replicas"] = cluster_run(model, 2, references, args.seconds, faults=not args.skip_faults)
    print(json.dumps(figures, indent=2), flush=True)


if __name__ == "__main__":
    main()
