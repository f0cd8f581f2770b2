"""Builds, persists and loads the knowledge artefacts: catalogue, passages, FAISS index, BM25, manifest.

The manifest records the model, the corpus hash and a checksum of every artefact. Loading refuses a stale
build (sources or model changed) or a corrupt one (checksum mismatch, unreadable file) with a clear
message, and `open_knowledge` then rebuilds it. A rebuild re-parses only changed files and re-embeds only
passages whose text is new, reusing vectors from the previous build.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import pickle
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import faiss
import numpy as np

from bot.catalogue import Catalogue
from bot.corpus import CorpusSpec, corpus_hash, load_corpus
from bot.embedding import DIMENSION, Encoder, model_id
from bot.lexical import Bm25
from bot.passages import Passage, build_passages
from bot.text import terms

# 3: a "title" passage per standard (names said loosely are matched on it); 4: ESCO occupations;
# 5: 'co-ordinator' is one lexical term ('coordinator').
INDEX_FORMAT = 5
ARTEFACTS = ("catalogue.pkl", "passages.pkl", "index.faiss")


class IndexUnusable(RuntimeError):
    """The built artefacts cannot be trusted (stale, corrupt or missing); the message says which and why."""


@dataclass
class Knowledge:
    catalogue: Catalogue
    passages: list[Passage]
    vectors: np.ndarray
    faiss_index: faiss.Index
    bm25: Bm25
    manifest: dict
    rows_by_standard: dict[str, np.ndarray] = field(default_factory=dict)
    french_rows: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    ksb_rows: dict[tuple[str, str], int] = field(default_factory=dict)  # (reference, code) -> row of its passage

    def __post_init__(self) -> None:
        by_ref: dict[str, list[int]] = {}
        french: list[int] = []
        for row, passage in enumerate(self.passages):
            if passage.kind == "ksb":
                self.ksb_rows[(passage.reference, passage.code)] = row
            if passage.reference:
                by_ref.setdefault(passage.reference, []).append(row)
            elif passage.kind in ("french_job", "french_course"):
                french.append(row)
        self.rows_by_standard = {ref: np.array(rows, dtype=np.int64) for ref, rows in by_ref.items()}
        self.french_rows = np.array(french, dtype=np.int64)


@dataclass
class BuildReport:
    seconds: float
    passages: int
    embedded: int
    reparsed: int
    errors: list[str]
    build_dir: Path


def build(spec: CorpusSpec, encoder: Encoder | None = None, progress: bool = False) -> BuildReport:
    """(Re)builds the artefacts of `spec` in its build folder, reusing whatever is still valid.

    A lock file serialises builders: a second process (the action server starting while the CLI builds)
    waits and then finds the work done instead of writing the same files at the same time."""
    build_dir = spec.build_dir
    build_dir.mkdir(parents=True, exist_ok=True)
    with (build_dir / ".build.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            return _build_locked(spec, build_dir, encoder, progress)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _build_locked(spec: CorpusSpec, build_dir: Path, encoder: Encoder | None, progress: bool) -> BuildReport:
    started = time.perf_counter()
    try:  # sources, model and artefacts unchanged: nothing to redo
        manifest = _validated_manifest(spec)
        return BuildReport(
            seconds=time.perf_counter() - started,
            passages=manifest["counts"]["passages"],
            embedded=0,
            reparsed=0,
            errors=manifest.get("source_errors", []),
            build_dir=build_dir,
        )
    except IndexUnusable:
        pass
    loaded = load_corpus(spec, cache_path=build_dir / "parse-cache.pkl")
    catalogue = loaded.catalogue
    passages = build_passages(catalogue)
    previous = _previous_build(build_dir)
    vectors, embedded = _vectors_for(passages, previous, encoder, progress)
    lexical_terms = _terms_for(passages, previous.terms)

    index = faiss.IndexFlatIP(DIMENSION)
    if len(vectors):
        index.add(vectors)
    _dump_pickle(build_dir / "catalogue.pkl", catalogue)
    _dump_pickle(build_dir / "passages.pkl", {"passages": passages, "terms": lexical_terms})
    faiss.write_index(index, str(build_dir / "index.faiss"))
    manifest = {
        "format": INDEX_FORMAT,
        "corpus": spec.name,
        "corpus_hash": loaded.corpus_hash,
        "model": model_id(),
        "dimension": DIMENSION,
        "counts": {**catalogue.summary(), "passages": len(passages)},
        "checksums": {name: _sha256(build_dir / name) for name in ARTEFACTS},
        "source_errors": loaded.errors,
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    (build_dir / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    return BuildReport(
        seconds=time.perf_counter() - started,
        passages=len(passages),
        embedded=embedded,
        reparsed=loaded.reparsed,
        errors=loaded.errors,
        build_dir=build_dir,
    )


def load(spec: CorpusSpec, check_sources: bool = True) -> Knowledge:
    """Loads built artefacts, refusing stale or corrupt ones with IndexUnusable."""
    build_dir = spec.build_dir
    manifest = _validated_manifest(spec, check_sources)
    try:
        catalogue = _load_pickle(build_dir / "catalogue.pkl")
        stored = _load_pickle(build_dir / "passages.pkl")
        index = faiss.read_index(str(build_dir / "index.faiss"))
    except Exception as exc:  # any failure to read our own artefacts means: rebuild
        raise IndexUnusable(f"the artefacts in {build_dir} cannot be read ({exc})") from exc
    passages = stored["passages"]
    if index.ntotal != len(passages):
        raise IndexUnusable(f"{build_dir}: index has {index.ntotal} vectors for {len(passages)} passages")
    vectors = index.reconstruct_n(0, index.ntotal) if index.ntotal else np.zeros((0, DIMENSION), np.float32)
    return Knowledge(catalogue, passages, vectors, index, Bm25(stored["terms"]), manifest)


def load_when_built(spec: CorpusSpec) -> Knowledge:
    """Loads the artefacts as they are, waiting for a builder holding the lock to finish (a running server
    picking up a refresh): never rebuilds, raises IndexUnusable when they do not check out."""
    build_dir = spec.build_dir
    build_dir.mkdir(parents=True, exist_ok=True)
    with (build_dir / ".build.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_SH)
        try:
            return load(spec, check_sources=False)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def build_stamp(spec: CorpusSpec) -> str | None:
    """What identifies the current build (corpus hash and time), read cheaply; None when there is none."""
    try:
        manifest = json.loads((spec.build_dir / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return f"{manifest.get('corpus_hash')}@{manifest.get('built_at')}"


def _validated_manifest(spec: CorpusSpec, check_sources: bool = True) -> dict:
    """The build's manifest, once its format, model, corpus hash and artefact checksums all check out."""
    build_dir = spec.build_dir
    manifest_path = build_dir / "manifest.json"
    if not manifest_path.is_file():
        raise IndexUnusable(f"no index built for the {spec.name} corpus in {build_dir}")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IndexUnusable(f"{manifest_path} is unreadable ({exc})") from exc
    if manifest.get("format") != INDEX_FORMAT:
        raise IndexUnusable(f"{manifest_path} has index format {manifest.get('format')}, expected {INDEX_FORMAT}")
    if manifest.get("model") != model_id():
        raise IndexUnusable(f"the index was built with {manifest.get('model')}, not the installed {model_id()}")
    if check_sources and manifest.get("corpus_hash") != corpus_hash(spec):
        raise IndexUnusable(f"the index in {build_dir} is stale: the {spec.name} corpus sources changed since it was built")
    for name in ARTEFACTS:
        path = build_dir / name
        if not path.is_file() or _sha256(path) != manifest.get("checksums", {}).get(name):
            raise IndexUnusable(f"{path} is missing or corrupt (checksum does not match the manifest)")
    return manifest


def open_knowledge(spec: CorpusSpec, encoder: Encoder | None = None, log: Callable[[str], None] | None = None) -> Knowledge:
    """Loads the artefacts, rebuilding them first when they are missing, stale or corrupt."""
    say = log or (lambda message: print(message, file=sys.stderr))
    try:
        return load(spec)
    except IndexUnusable as exc:
        say(f"{exc}; rebuilding")
    report = build(spec, encoder=encoder, progress=True)
    for error in report.errors:
        say(f"source skipped: {error}")
    return load(spec)


def _vectors_for(passages: list[Passage], previous: PreviousBuild, encoder: Encoder | None, progress: bool) -> tuple[np.ndarray, int]:
    """Vectors for every passage: reused from the previous build where the embedded text is unchanged."""
    texts = [p.embed_text or p.text for p in passages]
    unique_new = list(dict.fromkeys(t for t in texts if t not in previous.rows))
    encoded = np.zeros((0, DIMENSION), dtype=np.float32)
    if unique_new:
        encoder = encoder or Encoder()
        bar = _progress_bar(len(unique_new)) if progress else None
        encoded = encoder.encode(unique_new, progress=bar.update if bar else None)
        if bar:
            bar.close()
    # One gather over [previous vectors; new vectors] instead of 60k row copies.
    pool = np.vstack([previous.matrix, encoded]) if len(encoded) else previous.matrix
    offset = len(previous.matrix)
    new_rows = {text: offset + i for i, text in enumerate(unique_new)}
    rows = np.fromiter((previous.rows.get(t, new_rows.get(t, -1)) for t in texts), dtype=np.int64, count=len(texts))
    return pool[rows], len(unique_new)


@dataclass
class PreviousBuild:
    """What a rebuild can reuse: the vector matrix with the row of each embedded text, lexical terms by text."""

    matrix: np.ndarray = field(default_factory=lambda: np.zeros((0, DIMENSION), dtype=np.float32))
    rows: dict[str, int] = field(default_factory=dict)
    terms: dict[str, list[str]] = field(default_factory=dict)


def _previous_build(build_dir: Path) -> PreviousBuild:
    try:
        stored = _load_pickle(build_dir / "passages.pkl")
        index = faiss.read_index(str(build_dir / "index.faiss"))
        if index.ntotal != len(stored["passages"]) or index.d != DIMENSION:
            return PreviousBuild()
        manifest = json.loads((build_dir / "manifest.json").read_text(encoding="utf-8"))
        if manifest.get("model") != model_id():  # vectors depend on the model and the text alone, not the format
            return PreviousBuild()
        matrix = index.reconstruct_n(0, index.ntotal)
    except Exception:  # no usable previous build: everything is computed afresh
        return PreviousBuild()
    passages = stored["passages"]
    same_terms = manifest.get("format") == INDEX_FORMAT  # a new format may read words differently: terms afresh
    return PreviousBuild(
        matrix=matrix,
        rows={p.embed_text or p.text: i for i, p in enumerate(passages)},
        terms={p.lexical_text or p.text: t for p, t in zip(passages, stored["terms"], strict=True)} if same_terms else {},
    )


def _terms_for(passages: list[Passage], previous: dict[str, list[str]]) -> list[list[str]]:
    """Stemmed lexical terms per passage; unchanged texts keep the terms of the previous build."""
    out = []
    for passage in passages:
        text = passage.lexical_text or passage.text
        found = previous.get(text)
        out.append(found if found is not None else terms(text))
    return out


def _progress_bar(total: int):  # type: ignore[no-untyped-def]
    from tqdm import tqdm

    return tqdm(total=total, desc="embedding passages", unit="passage", file=sys.stderr)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _dump_pickle(path: Path, value: object) -> None:
    tmp = path.with_suffix(".tmp")
    with tmp.open("wb") as handle:
        pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(path)


def _load_pickle(path: Path) -> object:
    # Only ever our own artefacts, whose checksum the manifest vouches for before they are unpickled.
    with path.open("rb") as handle:
        return pickle.load(handle)
