import shutil
from pathlib import Path

import pytest

from bot.corpus import CorpusSpec
from bot.index import IndexUnusable, build, load, open_knowledge
from tests.conftest import SEEDS


@pytest.fixture()
def spec(tmp_path: Path) -> CorpusSpec:
    folder = tmp_path / "sources"
    shutil.copytree(SEEDS, folder)
    return CorpusSpec(bundled_dir=folder, build_root=tmp_path / "build")


def test_build_writes_a_manifest_with_model_corpus_hash_and_counts(spec, encoder):
    report = build(spec, encoder=encoder)
    knowledge = load(spec)
    manifest = knowledge.manifest
    assert manifest["model"].startswith("sentence-transformers/all-MiniLM-L6-v2@")
    assert manifest["counts"]["ksbs"] == 118 and manifest["counts"]["passages"] == report.passages
    assert knowledge.faiss_index.ntotal == len(knowledge.passages) == report.passages
    assert report.embedded == len({p.embed_text for p in knowledge.passages})


def test_rebuild_after_a_change_embeds_only_new_text(spec, encoder):
    build(spec, encoder=encoder)
    written = (spec.build_dir / "index.faiss").stat().st_mtime_ns
    assert build(spec, encoder=encoder).embedded == 0
    assert (spec.build_dir / "index.faiss").stat().st_mtime_ns == written  # an unchanged corpus is not rewritten
    page = spec.bundled_dir / "ifate-st1406-science-manufacturing-technician.txt"
    page.write_text(page.read_text().replace("K42: Types of water and its use", "K42: Kinds of water and their uses"))
    with pytest.raises(IndexUnusable, match="stale"):
        load(spec)
    report = build(spec, encoder=encoder)
    assert (report.reparsed, report.embedded) == (1, 1)
    assert load(spec).catalogue.standard("ST1406").ksb("K42").text.startswith("Kinds of water")


def test_corrupt_index_is_refused_then_rebuilt(spec, encoder):
    build(spec, encoder=encoder)
    index_file = spec.build_dir / "index.faiss"
    index_file.write_bytes(index_file.read_bytes()[:100])
    with pytest.raises(IndexUnusable, match="missing or corrupt"):
        load(spec)
    messages: list[str] = []
    knowledge = open_knowledge(spec, encoder=encoder, log=messages.append)
    assert knowledge.faiss_index.ntotal == len(knowledge.passages)
    assert "corrupt" in messages[0] and messages[0].endswith("rebuilding")


def test_missing_index_is_built_on_first_open(spec, encoder):
    messages: list[str] = []
    knowledge = open_knowledge(spec, encoder=encoder, log=messages.append)
    assert "no index built" in messages[0]
    assert knowledge.catalogue.standard("ST1406") is not None
