"""Fits the weights of the evidence that a French job is a standard's occupation (bot.french.JOB_EVIDENCE).

    python benchmarks/fit_french_jobs.py            # the weights fitted on every tuning set, and the figures

The tuning sets' French cases name, beside the expected courses, the ONISEP jobs that are the same occupation
(`jobs_any`). For each such standard the evidence of every French job is a row (`FrenchMatcher.job_evidence`);
the jobs expected are the positives, every other job a negative (not only those the current weights put first,
which would make the fit depend on the weights it replaces). A logistic regression on the rows of all sets gives the weights; fitting
on all sets but one and ranking the jobs of the one left out says how they hold on standards not fitted on,
printed beside the weights in bot/french.py (job@1, job@3). The held-out sets are never read here.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.corpus import CorpusSpec
from bot.evaluation import load_questions
from bot.french import JOB_EVIDENCE, FrenchMatcher
from bot.index import open_knowledge
from bot.retrieval import Retriever

TUNING_SETS = ("dev", "dev_french", "dev_french3", "dev8")


def expected_jobs(matcher: FrenchMatcher) -> dict[str, dict[str, tuple[np.ndarray, list[str], set[str]]]]:
    """set -> standard -> (evidence rows of its candidate jobs, their MET ids, the MET ids expected)."""
    ids = matcher._jobs[0]
    place = {met_id: i for i, met_id in enumerate(ids)}
    out: dict[str, dict[str, tuple[np.ndarray, list[str], set[str]]]] = {}
    for name in TUNING_SETS:
        for case in load_questions(name):
            expect = case["turns"][-1].get("expect") or {}
            wanted = {j for j in expect.get("jobs_any") or [] if j in place}
            if case.get("kind") != "french" or not wanted or not expect.get("courses_any"):
                continue
            standard = matcher.retriever.standard(expect["standard"])
            evidence = matcher.job_evidence(standard, None, matcher.french_query(standard, None), matcher.esco_by_meaning(standard, None))
            out.setdefault(name, {})[standard.reference] = (evidence, ids, wanted)  # every other job a negative
    return out


def fit(rows: list[tuple[np.ndarray, list[str], set[str]]], l2: float = 0.01) -> np.ndarray:
    """A conditional logit: the weights that make the expected jobs most likely among all jobs of their standard
    (a ranking objective: what counts is the expected job against the others of the same standard, not a
    yes/no per job)."""
    from scipy.optimize import minimize

    data = [(evidence, np.array([j in wanted for j in chosen])) for evidence, chosen, wanted in rows]

    def loss(weights: np.ndarray) -> tuple[float, np.ndarray]:
        total, gradient = l2 * float(weights @ weights), 2 * l2 * weights
        for evidence, positive in data:
            logits = evidence @ weights
            top = logits.max()
            every = np.exp(logits - top)
            wanted = every * positive
            total -= np.log(wanted.sum()) - np.log(every.sum())
            gradient -= (wanted @ evidence) / wanted.sum() - (every @ evidence) / every.sum()
        return total / len(data), gradient / len(data)

    return minimize(loss, np.zeros(rows[0][0].shape[1]), jac=True, method="L-BFGS-B").x


def ranked_right(rows: list[tuple[np.ndarray, list[str], set[str]]], weights: np.ndarray) -> tuple[int, int]:
    first = third = 0
    for evidence, chosen, wanted in rows:
        order = np.argsort(-(evidence @ weights), kind="stable")
        first += chosen[order[0]] in wanted
        third += bool(wanted & {chosen[i] for i in order[:3]})
    return first, third


def main() -> None:
    matcher = FrenchMatcher(Retriever(open_knowledge(CorpusSpec(full=True))))
    by_set = expected_jobs(matcher)
    current = np.array(list(JOB_EVIDENCE.values()))
    for name, standards in by_set.items():
        others = [row for other, rows in by_set.items() if other != name for row in rows.values()]
        weights = fit(others)
        rows = list(standards.values())
        print(
            f"{name} ({len(rows)} standards): fitted without it job@1/@3 {ranked_right(rows, weights)}, "
            f"with the weights in bot/french.py {ranked_right(rows, current)}"
        )
    weights = fit([row for rows in by_set.values() for row in rows.values()])
    print("fitted on every tuning set:")
    for name, weight in zip(JOB_EVIDENCE, weights, strict=True):
        print(f"    {name!r}: {weight:.2f},")


if __name__ == "__main__":
    main()
