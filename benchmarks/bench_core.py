"""Knowledge-core benchmark: build times, incremental rebuild, query latency, peak memory.

    python benchmarks/bench_core.py [--cold] [--data-dir ../shared/data]

--cold also times a from-scratch full-catalogue build (about 3-4 minutes on 2 cores). Without it the
incremental figure starts from a copy of knowledge/build/full (built on demand), changes one standard's
KSB text in a copy of the data, and times the rebuild.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.cli import ask
from bot.conversation import Assistant
from bot.corpus import BUILD_ROOT, DEFAULT_DATA_DIR, CorpusSpec
from bot.embedding import Encoder
from bot.index import build, load, open_knowledge
from bot.retrieval import Retriever

EXACT = [
    ("what does K42 cover", "ST1406"),
    ("what entry requirements apply", "ST1406"),
    ("how long does it take", "ST0248"),
    ("explain S12", "ST0116"),
    ("what level is it", "ST0228"),
]
SEMANTIC = [
    ("what do I need to know about water for injection", "ST1406"),
    ("which skill is about calibrating analytical equipment", "ST1406"),
    ("how to handle customer complaints", "ST0228"),
    ("testing code before release", "ST0116"),
    ("health and safety in the lab", "ST0248"),
]


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cold", action="store_true")
    parser.add_argument("--data-dir", default=str(DEFAULT_DATA_DIR))
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args()
    data_dir = Path(args.data_dir)
    encoder = Encoder()
    figures: dict[str, object] = {}

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        if args.cold:
            report = build(CorpusSpec(full=True, data_dir=data_dir, build_root=tmp_path / "cold"), encoder=encoder)
            figures["full_build_cold_s"] = round(report.seconds, 1)
            figures["full_build_passages"] = report.passages

        # Incremental: a copy of the data with one standard changed, starting from the project's full build.
        open_knowledge(CorpusSpec(full=True, data_dir=data_dir), encoder=encoder)
        data_copy = tmp_path / "data"
        shutil.copytree(data_dir, data_copy)
        spec = CorpusSpec(full=True, data_dir=data_copy, build_root=tmp_path / "incremental")
        shutil.copytree(BUILD_ROOT / "full", spec.build_dir)
        build(spec, encoder=encoder)  # re-keys the copied build to the copied paths (no new embeddings)
        target = data_copy / "ifate-standards" / "current" / "ST1406_1.0.json"
        record = json.loads(target.read_text())
        record["knowledges"][41]["detail"] = "Types of water and their uses: cooling water, purified water, water for injection (changed)."
        target.write_text(json.dumps(record))
        report = build(spec, encoder=encoder)
        figures["incremental_rebuild_one_standard_s"] = round(report.seconds, 2)
        figures["incremental_reembedded_passages"] = report.embedded
        started = time.perf_counter()
        build(spec, encoder=encoder)
        figures["noop_rebuild_s"] = round(time.perf_counter() - started, 2)

    started = time.perf_counter()
    knowledge = load(CorpusSpec(full=True, data_dir=data_dir))
    figures["load_full_index_s"] = round(time.perf_counter() - started, 2)
    assistant = Assistant(Retriever(knowledge, encoder=encoder))  # the turn the actions and the CLI run
    ask(assistant, "warm up the phrase matcher")
    for name, questions in (("exact", EXACT), ("semantic", SEMANTIC)):
        timings = []
        for _ in range(args.repeat):
            for question, reference in questions:
                encoder._cache.clear()  # measure real encoding, not the query cache
                started = time.perf_counter()
                ask(assistant, question, reference)
                timings.append((time.perf_counter() - started) * 1000)
        figures[f"{name}_p50_ms"] = round(statistics.median(timings), 2)
        figures[f"{name}_p95_ms"] = round(_percentile(timings, 95), 2)
    figures["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    figures["passages"] = len(knowledge.passages)
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
