"""Scores a question set (tests/questions/<set>.yaml) in-process or end to end through the REST webhook.

    python benchmarks/eval_questions.py --set heldout --via rest     # the real servers, full catalogue
    python benchmarks/eval_questions.py --set dev --via inprocess --misses

Prints one line per measure (right / total) and, with --via rest, the latency of every turn (p50 / p95).
The held-out set is frozen (see README): it is scored, never tuned on.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import urllib.request
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.evaluation import HEADLINE, QuestionReport, compare_retrieval, in_process_talk, load_questions, score_questions


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))], 1) if ordered else 0.0


def rest_talk(webhook: str, latencies: list[float]):  # type: ignore[no-untyped-def]
    """Replies through Rasa's REST webhook; a new sender per case, so each case is a new conversation."""
    run = uuid.uuid4().hex[:8]

    def talk(case_id: str, says: list[str]) -> list[str]:
        replies = []
        for say in says:
            body = json.dumps({"sender": f"eval-{run}-{case_id}", "message": say}).encode()
            request = urllib.request.Request(webhook, data=body, headers={"Content-Type": "application/json"})
            started = time.perf_counter()
            with urllib.request.urlopen(request, timeout=60) as response:
                messages = json.loads(response.read())
            latencies.append((time.perf_counter() - started) * 1000)
            replies.append("\n".join(str(m.get("text") or "") for m in messages))
        return replies

    return talk


def print_report(name: str, report: QuestionReport, misses: bool) -> None:
    measures = report.measures()
    print(f"{name}: {len({o.case for o in report.outcomes})} cases, {len(report.outcomes)} scored turns")
    for measure in [*HEADLINE, *sorted(set(measures) - set(HEADLINE))]:
        if measure in measures:
            right, total = measures[measure]
            print(f"  {measure:24s} {right / total:.3f}  ({right}/{total})")
    if misses:
        for outcome in report.misses():
            failed = [k for k, ok in outcome.checks.items() if not ok]
            print(f"\n- {outcome.case} [{outcome.kind}] turn {outcome.turn}: {outcome.say!r} failed {failed}")
            print("  " + outcome.reply[:300].replace("\n", "\n  "))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--set", default="dev", help="tests/questions/<set>.yaml")
    parser.add_argument("--via", choices=["inprocess", "rest"], default="inprocess")
    parser.add_argument("--webhook", help="an already running assistant's REST webhook (else the servers are started)")
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args()
    cases = load_questions(args.set)
    started = time.perf_counter()
    if args.via == "inprocess":
        from actions.knowledge import Core
        from bot.corpus import CorpusSpec
        from bot.index import open_knowledge
        from bot.learners import LearnerStore
        from bot.retrieval import Retriever

        core = Core.from_retriever(Retriever(open_knowledge(CorpusSpec(full=True))), LearnerStore("sqlite://"))
        report = score_questions(cases, in_process_talk(core.assistant))
        print_report(f"{args.set} in-process", report, args.misses)
        print("\n".join(compare_retrieval(cases, core.retriever).lines()))
    else:
        latencies: list[float] = []
        running = None
        webhook = args.webhook
        if not webhook:
            from launcher.__main__ import prepare
            from launcher.servers import start_assistant

            running = start_assistant(prepare(True), full=True, web_port=None)
            webhook = running.webhook
        try:
            report = score_questions(cases, rest_talk(webhook, latencies))
        finally:
            if running:
                running.stop()
        print_report(f"{args.set} through REST", report, args.misses)
        print(f"  latency per turn: p50 {percentile(latencies, 50)} ms, p95 {percentile(latencies, 95)} ms ({len(latencies)} turns)")
    print(f"  scored in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
