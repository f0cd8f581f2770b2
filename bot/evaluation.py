"""Scores the knowledge core against a labelled dev set (tests/devset/devset.yaml).

Kept in the core, not in the benchmark script, so the pytest check of the targets and the printed report
measure exactly the same thing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.conversation import Assistant, Message, State
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


def contains_fragment(answer: str, fragment: str) -> bool:
    """The fragment is in the answer, case, accents and runs of white space aside."""
    return " ".join(fold(fragment).split()) in " ".join(fold(answer).split())


def score_exact(assistant: Assistant, items: list[dict[str, Any]], section: str, report: Report) -> None:
    """Codes, facts and entry requirements: the answer must contain every expected fragment."""
    hits = 0
    for item in items:
        expected = item["expect"] if isinstance(item["expect"], list) else [item["expect"]]
        result = assistant.respond(Message(item["question"]), State(standard=item["standard"], option=item.get("option")))
        answer_text = "\n".join(reply.text for reply in result.replies)
        missing = [f for f in expected if not contains_fragment(answer_text, str(f))]
        if missing:
            report.miss(section, f"{item['standard']} {item['question']!r}: lacks {missing} in {answer_text[:140]!r}")
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
    assistant = Assistant(retriever)
    for section in ("codes", "facts", "entry"):
        score_exact(assistant, devset.get(section, []), section, report)
    score_free(retriever, devset.get("free", []), report)
    score_french(FrenchMatcher(retriever), retriever, devset.get("french", []), report)
    return report


# --- question sets in the conversation format (tests/questions/*.yaml) ---------------------------------------
#
# A case is a new conversation of one or more turns; each turn says something and expects things of the reply
# (see tests/questions/FORMAT.md). The same scorer reads replies got in-process (bot.conversation) or through
# the REST webhook (benchmarks/eval_questions.py), so both measure one thing.

QUESTIONS_DIR = Path(__file__).resolve().parent.parent / "tests" / "questions"
REFERENCE_IN_REPLY = re.compile(r"\bST\d{4}\b")
CODE_IN_REPLY = re.compile(r"\b([KSB]\d{1,3})\b|\bDuty (\d+)\b")
COURSE_IN_REPLY = re.compile(r"\bFOR\.\d+\b")
NOT_AN_ANSWER = ("Which apprenticeship standard", "De quel apprentissage", "These standards match", "I don't know a standard")
HEADLINE = ("ksb", "fact", "entry", "free@3", "free@1", "french@3")


@dataclass
class TurnOutcome:
    case: str
    kind: str
    lang: str
    turn: int
    say: str
    reply: str
    checks: dict[str, bool]

    @property
    def ok(self) -> bool:
        """Every check but the stricter top-1 one, which is reported on its own (free@1)."""
        return all(ok for name, ok in self.checks.items() if not name.endswith("@1"))


@dataclass
class QuestionReport:
    """Share of turns right per measure, with the turns that missed."""

    outcomes: list[TurnOutcome] = field(default_factory=list)

    def measures(self) -> dict[str, tuple[int, int]]:
        """measure -> (right, total). Single-turn cases count under their kind; conversation turns together."""
        totals: dict[str, list[int]] = {}

        def add(name: str, ok: bool) -> None:
            pair = totals.setdefault(name, [0, 0])
            pair[0] += int(ok)
            pair[1] += 1

        for outcome in self.outcomes:
            name = "conversation turns" if outcome.kind == "conversation" else outcome.kind
            if outcome.kind == "free":
                add("free@3", outcome.ok)
                add("free@1", outcome.ok and outcome.checks.get("codes@1", True))
                add("free: standard right", outcome.checks.get("standard", True))  # where the misses lie
            elif outcome.kind == "french" and "courses" in outcome.checks:
                add("french@3", outcome.ok)
            elif outcome.kind == "french":
                add("french none", outcome.ok)
            else:
                add(name, outcome.ok)
            if outcome.lang == "fr":
                add("in French (all kinds)", outcome.ok)
        return {name: (right, total) for name, (right, total) in totals.items()}

    def score(self, measure: str) -> float:
        right, total = self.measures().get(measure, (0, 0))
        return right / total if total else 0.0

    def misses(self) -> list[TurnOutcome]:
        return [o for o in self.outcomes if not o.ok]


def load_questions(name: str, folder: Path = QUESTIONS_DIR) -> list[dict[str, Any]]:
    with (folder / f"{name}.yaml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle) or []


def _normalised(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z£]+", " ", fold(text)).split())


# A reply that says no French course is close, in English or in French ('Pas d'équivalent français proche').
NO_CLOSE_SAID = ("no close", "pas d'equivalent")


def check_reply(reply: str, expect: dict[str, Any], kind: str = "") -> dict[str, bool]:
    """Every expectation of one turn against the reply's text (button titles are not part of it). For an
    interest search (`kind` find) a fitting standard must be among the first 3 the reply names."""
    checks: dict[str, bool] = {}
    references = REFERENCE_IN_REPLY.findall(reply)
    if expect.get("standard"):
        # As the format says: the reply is about the standard when it names it; a list to choose from is not.
        checks["standard"] = expect["standard"] in references and not reply.startswith(NOT_AN_ANSWER)
    if expect.get("contains"):
        said = _normalised(reply)
        checks["contains"] = all(_normalised(str(fragment)) in said for fragment in expect["contains"])
    if expect.get("codes_any"):
        codes = list(dict.fromkeys(k or f"Duty {d}" for k, d in CODE_IN_REPLY.findall(reply)))
        wanted = set(expect["codes_any"])
        checks["codes"] = bool(wanted & set(codes[:3]))
        checks["codes@1"] = bool(codes) and codes[0] in wanted
    if "courses_any" in expect:
        courses = list(dict.fromkeys(COURSE_IN_REPLY.findall(reply)))
        if expect["courses_any"]:
            checks["courses"] = bool(set(expect["courses_any"]) & set(courses[:3]))
        else:
            checks["no course claimed"] = not courses or any(said in fold(reply) for said in NO_CLOSE_SAID)
    if expect.get("standards_any"):
        named = list(dict.fromkeys(references))[:3] if kind == "find" else references
        checks["standards"] = bool(set(expect["standards_any"]) & set(named))
    return checks


Talk = Any  # callable(case_id: str, says: list[str]) -> list[str]: one reply text per turn


def score_questions(cases: list[dict[str, Any]], talk: Talk) -> QuestionReport:
    report = QuestionReport()
    for case in cases:
        turns = case.get("turns") or []
        replies = talk(str(case["id"]), [str(t.get("say", "")) for t in turns])
        for index, (turn, reply) in enumerate(zip(turns, replies, strict=True)):
            expect = turn.get("expect") or {}
            kind, lang = str(case.get("kind", "")), str(case.get("lang", "en"))
            checks = check_reply(reply, expect, kind)
            if checks:
                report.outcomes.append(TurnOutcome(str(case["id"]), kind, lang, index, turn.get("say", ""), reply, checks))
    return report


def in_process_talk(assistant: Any) -> Talk:
    """Replies from bot.conversation, a fresh state per case: the code path the actions run."""
    from bot.conversation import Message, State

    def talk(case_id: str, says: list[str]) -> list[str]:
        state, replies = State(), []
        for say in says:
            result = assistant.respond(Message(say), state, sender=f"eval-{case_id}")
            state = result.state
            replies.append("\n".join(r.text for r in result.replies))
        return replies

    return talk


@dataclass
class RetrievalComparison:
    """Free questions with the right standard given: the assistant's fused search against plain dense search
    (MiniLM cosine over the same standard's KSBs and duties), right code among the first k."""

    questions: int = 0
    fused: dict[int, int] = field(default_factory=lambda: {1: 0, 3: 0})
    dense: dict[int, int] = field(default_factory=lambda: {1: 0, 3: 0})

    def lines(self) -> list[str]:
        n = max(self.questions, 1)
        return [
            f"  free, right standard given ({self.questions} questions): "
            f"fused @1 {self.fused[1] / n:.3f} @3 {self.fused[3] / n:.3f} | plain dense @1 {self.dense[1] / n:.3f} @3 {self.dense[3] / n:.3f}"
        ]


def compare_retrieval(cases: list[dict[str, Any]], retriever: Retriever) -> RetrievalComparison:
    """The core's retrieval alone on the free questions of a question set, beside a plain dense baseline."""
    from bot.conversation import CONTENT_PASSAGES

    knowledge, out = retriever.knowledge, RetrievalComparison()
    for case in cases:
        for turn in case["turns"]:
            expect = turn.get("expect") or {}
            wanted, reference = set(expect.get("codes_any") or []), expect.get("standard")
            if not wanted or not reference or retriever.catalogue.standard(reference) is None:
                continue
            out.questions += 1
            fused = [h.passage.code for h in retriever.search(turn["say"], reference=reference, kinds=CONTENT_PASSAGES, limit=3)]
            rows = [r for r in knowledge.rows_by_standard.get(reference, []) if knowledge.passages[r].kind in CONTENT_PASSAGES]
            similarity = knowledge.vectors[rows] @ retriever.encoder.encode_query(turn["say"]) if rows else []
            dense = [knowledge.passages[rows[i]].code for i in (sorted(range(len(rows)), key=lambda i: -similarity[i])[:3])]
            for k in (1, 3):
                out.fused[k] += bool(wanted & set(fused[:k]))
                out.dense[k] += bool(wanted & set(dense[:k]))
    return out
