"""python -m launcher [lookups|train|run|cluster] [--full]: see README."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from bot.corpus import CorpusSpec
from bot.index import open_knowledge
from launcher.cluster import ClusterPlan, start_cluster
from launcher.model import trained_model, write_lookups
from launcher.servers import PortBusy, Server, check_free, start_assistant
from launcher.services import ServiceMissing


def prepare(full: bool) -> object:
    """Builds the knowledge base if needed, writes the lookup tables and returns the trained model."""
    spec = CorpusSpec(full=full) if full else CorpusSpec()
    knowledge = open_knowledge(spec)
    write_lookups(knowledge.catalogue)
    return trained_model()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m launcher")
    parser.add_argument("command", choices=["lookups", "train", "run", "cluster"])
    parser.add_argument("--full", action="store_true", help="the full catalogue from ../shared/data")
    parser.add_argument("--rasa-port", type=int, default=5005)
    parser.add_argument("--action-port", type=int, default=5055)
    parser.add_argument("--web-port", type=int, default=8000)
    parser.add_argument("--replicas", type=int, default=2, help="cluster: Rasa server replicas")
    parser.add_argument("--actions", type=int, default=1, help="cluster: action servers")
    args = parser.parse_args(argv)
    if args.command == "lookups":
        spec = CorpusSpec(full=args.full)
        print(write_lookups(open_knowledge(spec).catalogue))
        return 0
    if args.command == "cluster":
        return run_cluster(args)
    if args.command == "run":
        try:
            for port, flag in ((args.rasa_port, "--rasa-port"), (args.action_port, "--action-port"), (args.web_port, "--web-port")):
                check_free(port, flag)
        except PortBusy as busy:
            print(f"cannot start: {busy}", file=sys.stderr)
            return 1
    model = prepare(args.full)
    if args.command == "train":
        print(model)
        return 0
    print(f"starting the assistant on the {'full' if args.full else 'bundled'} corpus with {model.name}...", flush=True)
    signal.signal(signal.SIGTERM, _exit_on_signal)  # Ctrl-C is KeyboardInterrupt; both stop what was started
    try:
        assistant = start_assistant(model, full=args.full, rasa_port=args.rasa_port, action_port=args.action_port, web_port=args.web_port)
    except PortBusy as busy:
        print(f"cannot start: {busy}", file=sys.stderr)
        return 1
    except (KeyboardInterrupt, SystemExit):
        print("stopped while starting; every server started so far was stopped", file=sys.stderr)
        return 130
    print(ready_message(assistant.rasa.url, assistant.web.url if assistant.web else None, assistant.log_dir), flush=True)
    serve_until_stopped(assistant.servers, assistant.stop)
    return 0


def run_cluster(args: argparse.Namespace) -> int:
    if args.replicas < 1 or args.actions < 1:
        print("cannot start: --replicas and --actions must be at least 1", file=sys.stderr)
        return 2
    plan = ClusterPlan(replicas=args.replicas, actions=args.actions, full=args.full, rasa_port=args.rasa_port, web_port=args.web_port)
    model = prepare(args.full)
    print(f"starting a cluster of {plan.replicas} Rasa replicas and {plan.actions} action servers with {model.name}...", flush=True)
    signal.signal(signal.SIGTERM, _exit_on_signal)
    try:
        cluster = start_cluster(model, plan)
    except (PortBusy, ServiceMissing) as problem:
        print(f"cannot start: {problem}", file=sys.stderr)
        return 1
    except (KeyboardInterrupt, SystemExit):
        print("stopped while starting; every server started so far was stopped", file=sys.stderr)
        return 130
    web = f"http://127.0.0.1:{plan.web_port}"
    print(ready_message(cluster.url, web, cluster.log_dir), flush=True)
    serve_until_stopped(lambda: [cluster.nginx.server] if cluster.nginx and cluster.nginx.server else [], cluster.stop)
    return 0


def serve_until_stopped(watched: Callable[[], list[Server]], stop_all: Callable[[], None]) -> None:
    """Waits for Ctrl-C, SIGTERM or the end of a watched process, then stops everything that was started."""
    stopping = False

    def stop(_signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        while not stopping and all(server.process.poll() is None for server in watched()):
            time.sleep(0.5)
    finally:
        stop_all()


def _exit_on_signal(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


def ready_message(rasa_url: str, web_url: str | None, log_dir: Path) -> str:
    return (
        f"\nReady.\n  chat page: {web_url or '(not started)'}\n"
        f'  REST:      curl -s {rasa_url}/webhooks/rest/webhook -d \'{{"sender": "me", "message": "what does K42 cover"}}\'\n'
        f"  Slack:     {rasa_url}/webhooks/slack/webhook, {channel_state(rasa_url, 'slack')}\n"
        f"  Teams:     {rasa_url}/webhooks/teams/webhook, {channel_state(rasa_url, 'teams')}\n"
        f"  logs:      {log_dir}\nCtrl-C stops the servers."
    )


def channel_state(rasa_url: str, channel: str) -> str:
    """'on', or what the channel says it lacks: asked of the running channel, which alone knows its settings."""
    try:
        with urllib.request.urlopen(f"{rasa_url}/webhooks/{channel}/", timeout=5) as reply:
            health = json.loads(reply.read())
    except (OSError, ValueError) as exc:
        return f"unknown ({exc})"
    return "on" if health.get("status") == "ok" else f"off: {health.get('detail') or health.get('status')}"


if __name__ == "__main__":
    sys.exit(main())
