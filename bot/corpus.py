"""Which source files make up a corpus, and reading them into a catalogue.

The bundled corpus is `knowledge/sources/` (listed in sources.json). The full corpus adds the real
catalogues from a data folder (`../shared/data` by default): current IfATE standards, ONISEP Idéo fiches
and the 2025 label list, and ESCO. A file that cannot be parsed is reported by name and skipped; the
others still load. Parsed records are cached per file fingerprint, so a rebuild after one file changed
parses only that file.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.catalogue import Catalogue
from bot.parsers import ParseOutcome, SourceError, esco, ifate_json, ifate_page, onisep

ROOT = Path(__file__).resolve().parent.parent
BUNDLED_DIR = ROOT / "knowledge" / "sources"
BUILD_ROOT = ROOT / "knowledge" / "build"
DEFAULT_DATA_DIR = ROOT.parent / "shared" / "data"
# Where `python -m bot refresh` keeps the catalogue it fetched (a symbolic link to the latest folder). Once it
# exists it is the data the assistant serves; until then the bundled seed folder is.
LIVE_DATA_DIR = ROOT / "var" / "catalogue"
VERSIONS_DIR = Path("ifate-standards") / "versions"  # versions a refresh saw superseded (the history it adds)


def default_data_dir() -> Path:
    return LIVE_DATA_DIR if LIVE_DATA_DIR.exists() else DEFAULT_DATA_DIR


PARSE_CACHE_FORMAT = 7  # bump when a parser changes what it yields


@dataclass(frozen=True)
class SourceFile:
    path: Path
    format: str
    hints: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    # A second file read together with this one (ESCO English + French).
    companion: Path | None = None

    def fingerprint(self) -> str:
        """Size + mtime + content hash: cheap enough for every build, exact enough to trust."""
        digest = hashlib.sha1()
        for path in (self.path, self.companion):
            if path is None:
                continue
            stat = path.stat()
            digest.update(f"{path.name}:{stat.st_size}:".encode())
            digest.update(_file_sha1(path, stat.st_size, stat.st_mtime_ns).encode())
        digest.update(json.dumps(self.hints, sort_keys=True).encode())
        return digest.hexdigest()


@dataclass(frozen=True)
class CorpusSpec:
    """Names a corpus: the bundled sources, plus optionally the full catalogues from `data_dir`."""

    full: bool = False
    data_dir: Path = DEFAULT_DATA_DIR
    bundled_dir: Path = BUNDLED_DIR
    # Where builds go (one sub-folder per corpus); None means $APPRENTICE_BUILD_DIR, else knowledge/build.
    build_root: Path | None = None

    @property
    def name(self) -> str:
        return "full" if self.full else "bundled"

    @property
    def build_dir(self) -> Path:
        root = self.build_root or Path(os.environ.get("APPRENTICE_BUILD_DIR", BUILD_ROOT))
        return root / self.name

    @classmethod
    def from_env(cls) -> CorpusSpec:
        """APPRENTICE_CORPUS=full selects the full catalogue; APPRENTICE_DATA_DIR moves the data folder."""
        full = os.environ.get("APPRENTICE_CORPUS", "bundled").strip().lower() == "full"
        data_dir = Path(os.environ.get("APPRENTICE_DATA_DIR") or default_data_dir())
        return cls(full=full, data_dir=data_dir)


def discover(spec: CorpusSpec) -> tuple[list[SourceFile], list[str]]:
    """The corpus's files, in priority order (first source wins when two describe the same French record)."""
    errors: list[str] = []
    bundled = _bundled_sources(spec.bundled_dir, errors)
    if not spec.full:
        return bundled, errors
    full = _full_sources(spec.data_dir, errors)
    # Full fiches first, then the bundled documents, then label-only lists that merely fill gaps.
    labels = [f for f in full if f.format in ("onisep-labels-xml", "esco-csv")]
    return [f for f in full if f not in labels] + bundled + labels, errors


def _bundled_sources(folder: Path, errors: list[str]) -> list[SourceFile]:
    listing = folder / "sources.json"
    try:
        entries = json.loads(listing.read_text(encoding="utf-8"))["sources"]
    except (OSError, ValueError, KeyError) as exc:
        errors.append(f"{listing}: cannot list the bundled sources ({exc})")
        return []
    out = []
    for entry in entries:
        path = folder / entry.get("file", "")
        if not path.is_file():
            errors.append(f"{path}: listed in sources.json but missing")
            continue
        hints = {k: v for k, v in entry.items() if k not in ("file", "format", "publisher", "licence")}
        out.append(SourceFile(path=path, format=entry.get("format", ""), hints=hints))
    return out


def _full_sources(data_dir: Path, errors: list[str]) -> list[SourceFile]:
    out: list[SourceFile] = []
    standards = sorted((data_dir / "ifate-standards" / "current").glob("*.json"))
    if not standards:
        errors.append(f"{data_dir / 'ifate-standards' / 'current'}: no IfATE standard JSON files found")
    out.extend(SourceFile(path=p, format="ifate-json") for p in standards)
    # Every version ever published (retired ones included): a learner is assessed on the version they started.
    _add_if_present(out, errors, data_dir / "ifate-standards" / "StandardsData-all-versions.tar.xz", "ifate-archive")
    out.extend(SourceFile(path=p, format="ifate-json-version") for p in sorted((data_dir / VERSIONS_DIR).glob("*.json")))
    fiches = data_dir / "onisep-ideo-fiches-2024"
    for name, fmt in (
        ("Onisep_Ideo_Fiches_metiers_25062024.xml", "onisep-jobs-xml"),
        ("Onisep_Ideo_Fiches_Formations_25062024.xml", "onisep-courses-xml"),
    ):
        _add_if_present(out, errors, fiches / name, fmt)
    _add_if_present(out, errors, data_dir / "onisep-ideo-referentiels-2025" / "ideo-metiers_onisep.xml", "onisep-labels-xml")
    esco_dir = data_dir / "esco"
    if (esco_dir / "occupations_en.csv").is_file() and (esco_dir / "occupations_fr.csv").is_file():
        out.append(SourceFile(path=esco_dir / "occupations_en.csv", format="esco-csv", companion=esco_dir / "occupations_fr.csv"))
    else:
        errors.append(f"{esco_dir}: occupations_en.csv and occupations_fr.csv not found")
    return out


def _add_if_present(out: list[SourceFile], errors: list[str], path: Path, fmt: str) -> None:
    if path.is_file():
        out.append(SourceFile(path=path, format=fmt))
    else:
        errors.append(f"{path}: not found")


def parse_source(source: SourceFile) -> ParseOutcome:
    """Parses one file; a bad file gives an error line naming it, never an exception."""
    outcome = ParseOutcome()
    try:
        if source.format == "ifate-page":
            outcome.standards.append(ifate_page.parse_file(source.path, hints=source.hints))
        elif source.format == "ifate-json":
            outcome.standards.append(ifate_json.parse_file(source.path))
        elif source.format == "ifate-json-version":
            outcome.archived.append(ifate_json.parse_file(source.path))
        elif source.format == "ifate-archive":
            standards, errors = ifate_json.parse_archive(source.path)
            outcome.archived.extend(standards)
            outcome.errors.extend(errors)
        elif source.format == "onisep-markdown":
            job, courses = onisep.parse_job_markdown(source.path)
            outcome.jobs.append(job)
            outcome.courses.extend(courses)
        elif source.format == "onisep-jobs-xml":
            outcome.jobs.extend(onisep.parse_jobs_xml(source.path))
        elif source.format == "onisep-courses-xml":
            outcome.courses.extend(onisep.parse_courses_xml(source.path))
        elif source.format == "onisep-labels-xml":
            outcome.jobs.extend(onisep.parse_job_labels_xml(source.path))
        elif source.format == "esco-csv" and source.companion is not None:
            outcome.esco.extend(esco.parse_occupations(source.path, source.companion))
        else:
            outcome.errors.append(f"{source.path}: unknown source format {source.format!r}")
    except SourceError as exc:
        outcome.errors.append(str(exc))
    return outcome


@dataclass
class LoadedCorpus:
    catalogue: Catalogue
    errors: list[str]
    corpus_hash: str
    reparsed: int


def load_corpus(spec: CorpusSpec, cache_path: Path | None = None, progress: Callable[[str], None] | None = None) -> LoadedCorpus:
    """Reads every source of the corpus (re-parsing only files whose fingerprint changed) into a catalogue."""
    sources, errors = discover(spec)
    cache = _read_cache(cache_path)
    fresh: dict[str, tuple[str, ParseOutcome]] = {}
    combined = ParseOutcome(errors=list(errors))
    digest = _new_digest()
    reparsed = 0
    for source in sources:
        key = str(source.path)
        fingerprint = source.fingerprint()
        digest.update(f"{_portable(source.path)}={fingerprint}\n".encode())
        cached = cache.get(key)
        if cached and cached[0] == fingerprint:
            outcome = cached[1]
        else:
            if progress:
                progress(f"parsing {source.path.name}")
            outcome = parse_source(source)
            reparsed += 1
        fresh[key] = (fingerprint, outcome)
        combined.extend(outcome)
    if cache_path is not None and reparsed:
        _write_cache(cache_path, fresh)
    catalogue = Catalogue(combined.standards, combined.jobs, combined.courses, combined.esco, archived=combined.archived)
    return LoadedCorpus(catalogue=catalogue, errors=combined.errors, corpus_hash=digest.hexdigest(), reparsed=reparsed)


def corpus_hash(spec: CorpusSpec) -> str:
    """The hash `load_corpus` would give, without parsing: used to tell whether built artefacts are stale."""
    sources, _errors = discover(spec)
    digest = _new_digest()
    for source in sources:
        digest.update(f"{_portable(source.path)}={source.fingerprint()}\n".encode())
    return digest.hexdigest()


def _portable(path: Path) -> str:
    """A source's name in the corpus hash, the same wherever the checkout is: relative to the checkout, or to
    the folder beside it (../shared). Another clone or worktree sharing a build then finds it current."""
    resolved = path.resolve()
    for base in (ROOT, ROOT.parent):
        if resolved.is_relative_to(base):
            return str(resolved.relative_to(base))
    return str(resolved)


def _new_digest() -> hashlib._Hash:
    """Starts a corpus hash with the parsers' format: a parser change makes every build stale."""
    return hashlib.sha256(f"parsers={PARSE_CACHE_FORMAT}\n".encode())


_SHA_MEMO: dict[tuple[str, int, int], str] = {}


def _file_sha1(path: Path, size: int, mtime_ns: int) -> str:
    key = (str(path), size, mtime_ns)
    if key not in _SHA_MEMO:
        _SHA_MEMO[key] = hashlib.sha1(path.read_bytes()).hexdigest()
    return _SHA_MEMO[key]


def _read_cache(path: Path | None) -> dict[str, tuple[str, ParseOutcome]]:
    if path is None or not path.is_file():
        return {}
    try:
        with path.open("rb") as handle:
            data = pickle.load(handle)
        if data.get("format") == PARSE_CACHE_FORMAT:
            return data["entries"]
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, KeyError, TypeError, ImportError):
        pass  # a damaged cache only costs a full parse
    return {}


def _write_cache(path: Path, entries: dict[str, tuple[str, ParseOutcome]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("wb") as handle:
        pickle.dump({"format": PARSE_CACHE_FORMAT, "entries": entries}, handle, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(path)
