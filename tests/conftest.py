"""Shared fixtures: the bundled corpus built once per session into a temporary folder, and the full
catalogue from ../shared/data when it is present (its build is cached under knowledge/build/full)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = Path(os.environ.get("APPRENTICE_DATA_DIR", ROOT.parent / "shared" / "data"))
SEEDS = ROOT / "knowledge" / "sources"


@pytest.fixture(scope="session")
def bundled_build_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where this session builds the bundled corpus (also given to CLI subprocesses as APPRENTICE_BUILD_DIR)."""
    return tmp_path_factory.mktemp("build")


@pytest.fixture(scope="session")
def bundled_spec(bundled_build_root: Path):
    from bot.corpus import CorpusSpec

    return CorpusSpec(build_root=bundled_build_root)


@pytest.fixture(scope="session")
def encoder():
    from bot.embedding import Encoder

    return Encoder()


@pytest.fixture(scope="session")
def bundled_knowledge(bundled_spec, encoder):
    from bot.index import build, load

    build(bundled_spec, encoder=encoder)
    return load(bundled_spec)


@pytest.fixture(scope="session")
def bundled_retriever(bundled_knowledge, encoder):
    from bot.retrieval import Retriever

    return Retriever(bundled_knowledge, encoder=encoder)


@pytest.fixture(scope="session")
def full_spec():
    from bot.corpus import BUILD_ROOT, CorpusSpec

    if not (SHARED_DATA / "ifate-standards" / "current").is_dir():
        pytest.skip(f"full catalogue not found in {SHARED_DATA}")

    # The full build is expensive: keep it in the project's cache, whatever APPRENTICE_BUILD_DIR says.
    return CorpusSpec(full=True, data_dir=SHARED_DATA, build_root=BUILD_ROOT)


@pytest.fixture(scope="session")
def full_knowledge(full_spec, encoder):
    from bot.index import open_knowledge

    return open_knowledge(full_spec, encoder=encoder)


@pytest.fixture(scope="session")
def full_retriever(full_knowledge, encoder):
    from bot.retrieval import Retriever

    return Retriever(full_knowledge, encoder=encoder)


@pytest.fixture(scope="session")
def rasa_model(full_spec):
    """The Rasa model for the full catalogue's lookup tables, trained only when the data hash changed."""
    from launcher.__main__ import prepare

    return prepare(full=True)
