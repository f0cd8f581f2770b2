"""python -m launcher [lookups|train|run] [--full]: see README."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import time
import urllib.request

from bot.corpus import CorpusSpec
from bot.index import open_knowledge
from launcher.model import trained_model, write_lookups
from launcher.servers import Assistant, PortBusy, check_free, start_assistant


def prepare(full: bool) -> object:
    """Builds the knowledge base if needed, writes the lookup tables and returns the trained model."""
    spec = CorpusSpec(full=full) if full else CorpusSpec()
    knowledge = open_knowledge(spec)
    write_lookups(knowledge.catalogue)
    return trained_model()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m launcher")
    parser.add_argument("command", choices=["lookups", "train", "run"])
    parser.add_argument("--full", action="store_true", help="the full catalogue from ../shared/data")
    parser.add_argument("--rasa-port", type=int, default=5005)
    parser.add_argument("--action-port", type=int, default=5055)
    parser.add_argument("--web-port", type=int, default=8000)
    args = parser.parse_args(argv)
    if args.command == "lookups":
        spec = CorpusSpec(full=args.full)
        print(write_lookups(open_knowledge(spec).catalogue))
        return 0
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
    print(ready_message(assistant), flush=True)
    stopping = False

    def stop(_signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        while not stopping and all(server.process.poll() is None for server in assistant.servers()):
            time.sleep(0.5)
    finally:
        assistant.stop()
    return 0


def _exit_on_signal(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


def ready_message(assistant: Assistant) -> str:
    web = assistant.web.url if assistant.web else "(not started)"
    return (
        f"\nReady.\n  chat page: {web}\n"
        f'  REST:      curl -s {assistant.webhook} -d \'{{"sender": "me", "message": "what does K42 cover"}}\'\n'
        f"  Slack:     {assistant.rasa.url}/webhooks/slack/webhook, {channel_state(assistant.rasa.url, 'slack')}\n"
        f"  Teams:     {assistant.rasa.url}/webhooks/teams/webhook, {channel_state(assistant.rasa.url, 'teams')}\n"
        f"  logs:      {assistant.log_dir}\nCtrl-C stops the servers."
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
