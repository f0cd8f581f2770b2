"""benchmarks/fit_french_jobs.py: the weights in bot/french.py are the ones the fit gives on the tuning sets."""

from __future__ import annotations

import numpy as np
import pytest

from benchmarks.fit_french_jobs import TUNING_SETS, expected_jobs, fit, ranked_right
from bot.french import JOB_EVIDENCE, FrenchMatcher


@pytest.fixture(scope="module")
def by_set(full_retriever):
    return expected_jobs(FrenchMatcher(full_retriever))


def test_the_tuning_sets_name_the_french_jobs_of_about_two_hundred_standards(by_set):
    assert set(by_set) == set(TUNING_SETS)
    assert sum(len(rows) for rows in by_set.values()) >= 190


def test_the_weights_in_the_code_are_the_fit_on_every_tuning_set(by_set):
    fitted = fit([row for rows in by_set.values() for row in rows.values()])
    assert np.allclose(fitted, list(JOB_EVIDENCE.values()), atol=0.02), dict(zip(JOB_EVIDENCE, np.round(fitted, 2), strict=True))


def test_the_weights_rank_the_expected_job_first_more_often_than_the_terms_alone(by_set):
    rows = [row for rows in by_set.values() for row in rows.values()]
    terms_only = np.eye(len(JOB_EVIDENCE))[0]
    weighed, alone = ranked_right(rows, np.array(list(JOB_EVIDENCE.values()))), ranked_right(rows, terms_only)
    assert weighed[0] > alone[0] and weighed[1] > alone[1]
