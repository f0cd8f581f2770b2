"""The dev set is the knowledge core's acceptance test: its targets must hold on the full catalogue."""

from __future__ import annotations

from bot.conversation import Assistant
from bot.evaluation import DEVSET_PATH, Report, check_reply, evaluate, load_devset, score_exact, score_free


def test_devset_is_large_and_varied_enough():
    devset = load_devset(DEVSET_PATH)
    standards = {item["standard"] for items in devset.values() for item in items}
    assert sum(len(items) for items in devset.values()) >= 150
    assert len(standards) >= 20
    assert len(devset["french"]) >= 30
    assert {"codes", "facts", "entry", "free", "french"} <= set(devset)


def test_devset_targets_hold_on_full_catalogue(full_retriever):
    report = evaluate(full_retriever)
    scores = report.scores
    assert scores["codes_exact"] == 1.0, report.misses.get("codes")
    assert scores["facts_exact"] == 1.0, report.misses.get("facts")
    assert scores["entry_exact"] == 1.0, report.misses.get("entry")
    assert scores["free_recall@3"] >= 0.95, report.misses.get("free")
    assert scores["french_jobs_top3"] >= 0.9, report.misses.get("french_jobs")
    # 0.95 when the glossary followed these roles; the data-built bridge (ESCO by meaning, route fit, floor)
    # gives 0.92 here and lifts dev_french (right standard given) from 0.53 to 0.64 (see test_question_sets).
    assert scores["french_courses_top3"] >= 0.85, report.misses.get("french_courses")


def test_scoring_reports_misses(bundled_retriever):
    report = Report()
    items = [
        {"standard": "ST1406", "question": "what does K42 cover", "expect": "water for injection"},
        {"standard": "ST1406", "question": "what does K42 cover", "expect": "not in the answer"},
    ]
    score_exact(Assistant(bundled_retriever), items, "codes", report)
    assert report.scores["codes_exact"] == 0.5
    assert len(report.misses["codes"]) == 1 and "not in the answer" in report.misses["codes"][0]


def test_recall_counts_rank(bundled_retriever):
    report = Report()
    items = [
        {"standard": "ST1406", "question": "water for injection and purified water", "gold": ["K42"]},
        {"standard": "ST1406", "question": "water for injection and purified water", "gold": ["no such code"]},
    ]
    score_free(bundled_retriever, items, report)
    assert report.scores["free_recall@1"] == 0.5
    assert report.scores["free_recall@5"] == 0.5
    assert report.misses["free"][0].startswith("ST1406")


def test_retrieval_is_compared_with_plain_dense_search(bundled_retriever):
    from bot.evaluation import compare_retrieval

    cases = [
        {"turns": [{"say": "which knowledge covers water for injection", "expect": {"standard": "ST1406", "codes_any": ["K42"]}}]},
        {"turns": [{"say": "hello", "expect": {"standard": "ST1406"}}]},  # not a free question: not counted
    ]
    comparison = compare_retrieval(cases, bundled_retriever)
    assert comparison.questions == 1
    assert comparison.fused[3] == 1 and comparison.dense[3] in (0, 1)
    assert comparison.lines()[0].startswith("  free, right standard given (1 questions): fused @1 ")


def test_saying_no_close_french_equivalent_counts_in_either_language():
    expect = {"courses_any": []}
    french = (
        "Pas d'équivalent français proche de ST0746 Fire safety inspector : ...\n1. BTS management opérationnel de la sécurité (FOR.3732)"
    )
    assert check_reply(french, expect) == {"no course claimed": True}
    assert check_reply("No close French equivalent of ST0746: ...\n1. BTS x (FOR.3732)", expect) == {"no course claimed": True}
    assert check_reply("Closest French courses for ST0746:\n1. BTS x (FOR.3732)", expect) == {"no course claimed": False}
