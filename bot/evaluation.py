"""Scores the knowledge core against a labelled dev set (tests/devset/devset.yaml).

Kept in the core, not in the benchmark script, so the pytest check of the targets and the printed report
measure exactly the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.answers import AnswerService
from bot.french import FrenchMatcher
from bot.retrieval import Retriever
from bot.text import fold

DEVSET_PATH = Path(__file__).resolve().parent.parent / "tests" / "devset" / "devset.yaml"
RECALL_DEPTHS = (1, 3, 5)
FRENCH_DEPTH = 3


@dataclass
class Report:
    """Scores per section plus the items that missed, so a failing figure can be acted on."""

    scores: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    misses: dict[str, list[str]] = field(default_factory=dict)

    def miss(self, section: str, what: str) -> None:
        self.misses.setdefault(section, []).append(what)


def load_devset(path: Path = DEVSET_PATH) -> dict[str, list[dict[str, Any]]]:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _contains(answer: str, fragment: str) -> bool:
    return " ".join(fold(fragment).split()) in " ".join(fold(answer).split())


def score_exact(service: AnswerService, items: list[dict[str, Any]], section: str, report: Report) -> None:
    """Codes, facts and entry requirements: the answer must contain every expected fragment."""
    hits = 0
    for item in items:
        expected = item["expect"] if isinstance(item["expect"], list) else [item["expect"]]
        answer = service.ask(item["question"], item["standard"], item.get("option"))
        missing = [f for f in expected if not _contains(answer.text, str(f))]
        if missing:
            report.miss(section, f"{item['standard']} {item['question']!r}: lacks {missing} in {answer.text[:140]!r}")
        else:
            hits += 1
    report.scores[f"{section}_exact"] = hits / len(items) if items else 0.0
    report.counts[section] = len(items)


def score_free(retriever: Retriever, items: list[dict[str, Any]], report: Report) -> None:
    """Recall@k: the share of questions whose known KSB or duty is among the first k passages."""
    depth = max(RECALL_DEPTHS)
    ranks: list[int | None] = []
    for item in items:
        hits = retriever.search(item["question"], item["standard"], item.get("option"), limit=depth)
        codes = [h.passage.code for h in hits]
        rank = next((i for i, code in enumerate(codes) if code in item["gold"]), None)
        ranks.append(rank)
        if rank is None or rank >= 3:
            report.miss("free", f"{item['standard']} {item['question']!r}: gold {item['gold']}, got {codes}")
    for k in RECALL_DEPTHS:
        report.scores[f"free_recall@{k}"] = sum(r is not None and r < k for r in ranks) / len(ranks) if ranks else 0.0
    report.scores["free_mrr"] = sum(1 / (r + 1) for r in ranks if r is not None) / len(ranks) if ranks else 0.0
    report.counts["free"] = len(items)


def score_french(matcher: FrenchMatcher, retriever: Retriever, items: list[dict[str, Any]], report: Report) -> None:
    """Top-3 accuracy: a judged French job among the first three jobs, a judged course among the first three courses."""
    job_hits = course_hits = 0
    for item in items:
        standard = retriever.standard(item["standard"])
        option = retriever.option(standard, item["option"]) if item.get("option") else None
        jobs = [m.job.met_id for m in matcher.jobs(standard, option, limit=FRENCH_DEPTH)]
        courses = [m.course.for_id for m in matcher.courses(standard, option, item.get("course_type"), limit=FRENCH_DEPTH)]
        if set(jobs) & set(item["jobs"]):
            job_hits += 1
        else:
            report.miss("french_jobs", f"{item['standard']}: wanted {item['jobs']}, got {jobs}")
        if set(courses) & set(item["courses"]):
            course_hits += 1
        else:
            report.miss("french_courses", f"{item['standard']}: wanted {item['courses']}, got {courses}")
    report.scores["french_jobs_top3"] = job_hits / len(items) if items else 0.0
    report.scores["french_courses_top3"] = course_hits / len(items) if items else 0.0
    report.counts["french"] = len(items)


def evaluate(retriever: Retriever, devset: dict[str, list[dict[str, Any]]] | None = None) -> Report:
    devset = devset if devset is not None else load_devset()
    report = Report()
    service = AnswerService(retriever)
    for section in ("codes", "facts", "entry"):
        score_exact(service, devset.get(section, []), section, report)
    score_free(retriever, devset.get("free", []), report)
    score_french(FrenchMatcher(retriever), retriever, devset.get("french", []), report)
    return report
