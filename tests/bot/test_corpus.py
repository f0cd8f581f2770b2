import shutil
from pathlib import Path

from bot.corpus import CorpusSpec, corpus_hash, discover, load_corpus
from tests.conftest import SEEDS


def _copy_seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "sources"
    shutil.copytree(SEEDS, folder)
    return folder


def test_bundled_corpus_loads_the_three_seeds(tmp_path: Path):
    loaded = load_corpus(CorpusSpec(bundled_dir=_copy_seeds(tmp_path)))
    catalogue = loaded.catalogue
    assert loaded.errors == []
    assert sorted(catalogue.standards) == ["ST0220", "ST1406"]
    assert catalogue.standard("ST0220").is_retired
    assert "FOR.9970" in catalogue.courses and "MET.8063" in catalogue.jobs


def test_a_broken_source_is_reported_and_the_rest_still_loads(tmp_path: Path):
    folder = _copy_seeds(tmp_path)
    (folder / "ifate-st1406-science-manufacturing-technician.txt").write_text("not a standard at all")
    loaded = load_corpus(CorpusSpec(bundled_dir=folder))
    assert len(loaded.errors) == 1 and "ifate-st1406-science-manufacturing-technician.txt" in loaded.errors[0]
    assert sorted(loaded.catalogue.standards) == ["ST0220"]


def test_missing_listed_file_is_reported(tmp_path: Path):
    folder = _copy_seeds(tmp_path)
    (folder / "onisep-met-8063-technicien-production-biologie.md").unlink()
    files, errors = discover(CorpusSpec(bundled_dir=folder))
    assert len(files) == 2
    assert errors == [f"{folder / 'onisep-met-8063-technicien-production-biologie.md'}: listed in sources.json but missing"]


def test_parse_cache_reparses_only_changed_files(tmp_path: Path):
    folder = _copy_seeds(tmp_path)
    spec = CorpusSpec(bundled_dir=folder)
    cache = tmp_path / "cache.pkl"
    first = load_corpus(spec, cache_path=cache)
    assert first.reparsed == 3
    assert load_corpus(spec, cache_path=cache).reparsed == 0
    page = folder / "ifate-st1406-science-manufacturing-technician.txt"
    page.write_text(page.read_text().replace("K42: Types of water", "K42: Kinds of water"))
    changed = load_corpus(spec, cache_path=cache)
    assert changed.reparsed == 1
    assert changed.catalogue.standard("ST1406").ksb("K42").text.startswith("Kinds of water")
    assert changed.corpus_hash != first.corpus_hash
    assert corpus_hash(spec) == changed.corpus_hash
