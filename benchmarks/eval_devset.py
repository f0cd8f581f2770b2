"""Dev-set evaluation of the knowledge core on the full catalogue: prints exact-match, recall@k and French top-3.

python benchmarks/eval_devset.py [--data-dir ../shared/data] [--misses]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.corpus import DEFAULT_DATA_DIR, CorpusSpec
from bot.evaluation import evaluate, load_devset
from bot.index import open_knowledge
from bot.retrieval import Retriever

TARGETS = {
    "codes_exact": 1.0,
    "facts_exact": 1.0,
    "entry_exact": 1.0,
    "free_recall@3": 0.95,
    "french_jobs_top3": 0.9,
    "french_courses_top3": 0.9,
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", default=str(DEFAULT_DATA_DIR))
    parser.add_argument("--misses", action="store_true", help="list every item that missed")
    args = parser.parse_args()
    devset = load_devset()
    retriever = Retriever(open_knowledge(CorpusSpec(full=True, data_dir=Path(args.data_dir))))
    started = time.perf_counter()
    report = evaluate(retriever, devset)
    standards = {item["standard"] for items in devset.values() for item in items}
    print(f"dev set: {sum(report.counts.values())} items over {len(standards)} standards {report.counts}")
    for name, value in report.scores.items():
        target = TARGETS.get(name)
        verdict = "" if target is None else ("  ok" if value >= target else f"  BELOW target {target:.2f}")
        print(f"{name:22s} {value:.3f}{verdict}")
    print(f"evaluated in {time.perf_counter() - started:.1f} s")
    if args.misses:
        for section, lines in report.misses.items():
            print(f"\n[{section}]")
            print("\n".join(f"  {line}" for line in lines))


if __name__ == "__main__":
    main()
