"""benchmarks/eval_generated.py: each family asks what it says it asks, reproducibly, and its expectations hold
for the standard they are written from."""

from __future__ import annotations

import random
import re

from rapidfuzz.distance import OSA

from benchmarks.eval_generated import FAMILIES, KIND_WORD_RE, SEED, _slip, topic_cases, typo_cases


def test_a_slip_changes_the_word_by_one_edit():
    rnd = random.Random(1)
    for _ in range(200):
        slipped = _slip("technician", rnd)
        assert OSA.distance(slipped, "technician") == 1 and slipped[0] == "t"


def test_typo_cases_misspell_a_title_no_other_standard_has(full_retriever):
    catalogue = full_retriever.catalogue
    cases = typo_cases(catalogue, random.Random(SEED))
    assert len(cases) > 500 and cases == typo_cases(catalogue, random.Random(SEED))  # the seed fixes them
    for case in cases[:50]:
        standard = catalogue.standards[case["id"]]
        title = re.sub(r"\s*\(.*?\)", "", standard.title.lower()).split()
        longest = max(title, key=len)
        said = case["turns"][0]["say"].split()
        assert longest not in said and any(OSA.distance(word, longest) == 1 for word in said)
        assert case["turns"][0]["expect"] == {"standard": standard.reference}


def test_topic_cases_quote_the_ksb_they_expect(full_retriever):
    catalogue = full_retriever.catalogue
    for around in (None, KIND_WORD_RE):
        cases = topic_cases(catalogue, random.Random(SEED), around)
        assert len(cases) > 500
        for case in cases[:50]:
            turn = case["turns"][0]
            standard = catalogue.standards[case["id"]]
            (code,) = turn["expect"]["codes_any"]
            ksb = next(k for k in standard.ksbs if k.code == code)
            quoted = turn["say"].split(" ")
            assert sum(word.strip("?,.") in ksb.text.lower() for word in quoted) >= 4
            if around is not None:
                assert KIND_WORD_RE.search(turn["say"])
    assert set(FAMILIES) == {"typo", "topic", "kind_word"}
