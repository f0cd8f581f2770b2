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
    project.mkdir()
    for name in ("config.yml", "domain.yml"):
        shutil.copy(ROOT / name, project / name)
    shutil.copytree(ROOT / "data", project / "data", ignore=shutil.ignore_patterns("generated"))
    before = data_hash(project)
    (project / "README.md").write_text("not training data")
    assert data_hash(project) == before
    rules = project / "data" / "rules.yml"
    rules.write_text(rules.read_text() + "\n")
    assert data_hash(project) != before
