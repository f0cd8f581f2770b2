"""The Rasa project itself, with the real Rasa CLI (Python 3.10 environment): data validation, test stories with
--fail-on-prediction-errors, and NLU quality on a held-out set that training never sees."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT

INTENT_MACRO_F1 = 0.95
ENTITY_F1 = 0.95


def rasa(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    from launcher.model import RASA_PYTHON, rasa_env

    return subprocess.run([str(RASA_PYTHON), "-m", "rasa", *args], cwd=cwd, env=rasa_env(), capture_output=True, text=True, timeout=900)


def test_data_validates_without_warnings(rasa_model):
    result = rasa("data", "validate", "--fail-on-warnings")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_stories_pass_without_prediction_errors(rasa_model, tmp_path):
    result = rasa(
        "test", "core", "--model", str(rasa_model), "--stories", "tests/stories", "--fail-on-prediction-errors", "--out", str(tmp_path)
    )
    failed = (tmp_path / "failed_test_stories.yml").read_text() if (tmp_path / "failed_test_stories.yml").is_file() else ""
    assert result.returncode == 0, failed[-3000:] + result.stderr[-2000:]


@pytest.fixture(scope="session")
def nlu_holdout_report(rasa_model, tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("nlu-holdout")
    result = rasa("test", "nlu", "--model", str(rasa_model), "--nlu", "tests/nlu/holdout.yml", "--out", str(out))
    assert result.returncode == 0, result.stderr[-3000:]
    intents = json.loads((out / "intent_report.json").read_text())
    entities = json.loads((out / "DIETClassifier_report.json").read_text())
    return {"intents": intents, "entities": entities, "out": str(out)}


def test_nlu_intents_on_held_out_examples(nlu_holdout_report):
    report = nlu_holdout_report["intents"]
    weak = {name: round(v["f1-score"], 2) for name, v in report.items() if isinstance(v, dict) and "support" in v and v["f1-score"] < 0.9}
    assert report["macro avg"]["f1-score"] >= INTENT_MACRO_F1, weak


def test_nlu_entities_on_held_out_examples(nlu_holdout_report):
    report = nlu_holdout_report["entities"]
    assert report["micro avg"]["f1-score"] >= ENTITY_F1, {k: v for k, v in report.items() if isinstance(v, dict)}
