from __future__ import annotations

import shutil

from bot.models import Standard
from launcher.model import data_hash, write_lookups
from tests.conftest import ROOT


class _Catalogue:
    def __init__(self, *standards: Standard) -> None:
        self.standards = {s.reference: s for s in standards}


def test_lookups_hold_titles_job_titles_and_options_but_not_bare_short_words(tmp_path):
    standard = Standard(
        reference="ST9001",
        title="Science manufacturing technician",
        typical_job_titles=("Process technician", "Data", "Baker"),
        options=("Aseptic pharmaceuticals manufacturing technician",),
    )
    text = write_lookups(_Catalogue(standard), tmp_path).read_text()
    assert "  - lookup: standard_title\n" in text and "  - lookup: option\n" in text
    assert "      - science manufacturing technician\n" in text and "      - process technician\n" in text
    assert "      - baker\n" in text
    assert "      - data\n" not in text  # an ordinary word, not a title
    assert "      - aseptic pharmaceuticals manufacturing technician\n" in text


def test_data_hash_changes_with_training_data_only(tmp_path):
    project = tmp_path / "project"
    (project / "rasa_extensions").mkdir(parents=True)
    for name in ("config.yml", "domain.yml", "rasa_extensions/dense_featurizer.py", "rasa_extensions/sentence_encoder.py"):
        shutil.copy(ROOT / name, project / name)
    shutil.copytree(ROOT / "data", project / "data", ignore=shutil.ignore_patterns("generated"))
    before = data_hash(project)
    (project / "README.md").write_text("not training data")
    (project / "rasa_extensions" / "rest.py").write_text("# not read by training")
    assert data_hash(project) == before
    rules = project / "data" / "rules.yml"
    rules.write_text(rules.read_text() + "\n")
    assert data_hash(project) != before
    before = data_hash(project)
    featurizer = project / "rasa_extensions" / "sentence_encoder.py"  # the NLU features change: retrain
    featurizer.write_text(featurizer.read_text() + "\n")
    assert data_hash(project) != before


def test_rasa_processes_get_the_nlu_encoder_folder_with_the_cores_model_and_tokenizer(tmp_path):
    from bot.embedding import model_path, onnx_model
    from launcher.model import nlu_encoder, rasa_env

    folder = nlu_encoder(tmp_path / "nlu-encoder")
    assert (folder / "model.int8.onnx").read_bytes() == onnx_model().read_bytes()
    assert (folder / "tokenizer.json").read_bytes() == (model_path() / "tokenizer.json").read_bytes()
    assert nlu_encoder(folder) == folder  # prepared again: nothing to do
    assert rasa_env()["APPRENTICE_NLU_ENCODER"] == str(nlu_encoder())


def test_rasa_env_gives_every_credentials_variable_a_value_but_keeps_those_set(monkeypatch):
    from launcher.model import credential_variables, rasa_env

    names = credential_variables()
    assert {"SLACK_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_CHANNEL", "TEAMS_APP_ID", "TEAMS_TENANT_ID"} <= set(names)
    monkeypatch.delenv("SLACK_CHANNEL", raising=False)
    monkeypatch.setenv("SLACK_TOKEN", "xoxb-set")
    env = rasa_env()
    assert env["SLACK_CHANNEL"] == "" and env["SLACK_TOKEN"] == "xoxb-set"
    assert all(name in env for name in names)
