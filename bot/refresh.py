"""Refreshes the catalogue from its live sources into the project's own data folder, safely.

    python -m bot refresh [--build]          # or: make refresh

The standards come from the Skills England API (a JSON list of records), the French jobs and courses from
ONISEP's Idéo open-data files (XML, or a zip holding one). Every source is fetched with a conditional request
(its ETag / Last-Modified remembered), a timeout, and retries with backoff. Nothing replaces good data until
everything fetched has been validated: every standard record parses, the list is not much shorter than the
last one (a partial list is refused), the XML files parse into as many records as before. The new folder is
then written beside the live one and swapped in by replacing one symbolic link, so a reader sees the old
folder or the new one, never half of each. Personal fields (`tbMainContact`) are dropped before anything is
written. A revised standard's previous version moves to `ifate-standards/versions/`, so the history of
versions grows with every refresh. The summary says what is new, revised and retired; `--build` then
rebuilds the index, which re-parses and re-embeds only what changed.

Sources not fetched (ESCO, ONISEP's label list, the archive of every version) are carried over from the
previous folder, or on the first refresh from the seed folder (`../shared/data`).
"""

from __future__ import annotations

import io
import json
import os
import shutil
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bot.corpus import DEFAULT_DATA_DIR, LIVE_DATA_DIR, VERSIONS_DIR
from bot.parsers import SourceError, onisep
from bot.parsers.ifate_json import parse_record

STATE_FILE = ".refresh.json"
PERSONAL_FIELDS = ("tbMainContact",)
STANDARDS_FILE_DIR = Path("ifate-standards") / "current"
ONISEP_FILES = {
    "onisep_jobs": Path("onisep-ideo-fiches-2024") / "Onisep_Ideo_Fiches_metiers_25062024.xml",
    "onisep_courses": Path("onisep-ideo-fiches-2024") / "Onisep_Ideo_Fiches_Formations_25062024.xml",
}
KEPT_FOLDERS = 2  # the live folder and the one before it


class RefreshError(RuntimeError):
    """A source could not be fetched or did not validate: the live data was left as it was."""


@dataclass(frozen=True)
class RefreshConfig:
    standards_url: str = "https://skillsengland.education.gov.uk/api/apprenticeshipstandards"
    onisep_jobs_url: str = "https://opendata.onisep.fr/downloads/5fe0808a2da6f/5fe0808a2da6f.zip"
    onisep_courses_url: str = "https://opendata.onisep.fr/downloads/5fe07a9ecc960/5fe07a9ecc960.zip"
    timeout: float = 30.0
    attempts: int = 3
    backoff: float = 1.0  # seconds before the second attempt, doubled each time
    min_share: float = 0.9  # a list shorter than this share of the previous one is a partial download

    @classmethod
    def from_env(cls) -> RefreshConfig:
        """STANDARDS_API_URL, ONISEP_JOBS_URL, ONISEP_COURSES_URL (an empty one is not fetched), REFRESH_TIMEOUT."""
        defaults = cls()
        return cls(
            standards_url=os.environ.get("STANDARDS_API_URL", defaults.standards_url),
            onisep_jobs_url=os.environ.get("ONISEP_JOBS_URL", defaults.onisep_jobs_url),
            onisep_courses_url=os.environ.get("ONISEP_COURSES_URL", defaults.onisep_courses_url),
            timeout=float(os.environ.get("REFRESH_TIMEOUT", defaults.timeout)),
        )


@dataclass
class Fetched:
    body: bytes | None  # None: not modified since the last refresh
    validators: dict[str, str] = field(default_factory=dict)  # ETag / Last-Modified to send next time


@dataclass
class RefreshReport:
    changed: bool
    folder: str
    new: list[str] = field(default_factory=list)  # "ST1234 v1.0 Title"
    revised: list[str] = field(default_factory=list)  # "ST0216 Healthcare support worker: v1.2 -> v1.3"
    retired: list[str] = field(default_factory=list)
    unchanged_sources: list[str] = field(default_factory=list)
    standards: int = 0

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    def summary(self) -> str:
        if not self.changed:
            return f"Up to date: no source changed since the last refresh ({self.folder})."
        lines = [f"Refreshed {self.standards} standards into {self.folder}:"]
        for label, items in (("new", self.new), ("revised", self.revised), ("retired", self.retired)):
            lines.append(f"- {len(items)} {label}" + (": " + "; ".join(items[:10]) + (" ..." if len(items) > 10 else "") if items else ""))
        return "\n".join(lines)


def fetch(url: str, validators: dict[str, str], config: RefreshConfig) -> Fetched:
    """GET with If-None-Match / If-Modified-Since; retries timeouts, connection errors and 5xx with backoff.
    A 4xx other than 304, or the last failed attempt, raises RefreshError."""
    headers = {"Accept": "application/json, application/xml, application/zip, */*", "User-Agent": "apprentice-assistant-refresh"}
    if validators.get("etag"):
        headers["If-None-Match"] = validators["etag"]
    if validators.get("last_modified"):
        headers["If-Modified-Since"] = validators["last_modified"]
    delay, last_error = config.backoff, ""
    for attempt in range(config.attempts):
        if attempt:
            time.sleep(delay)
            delay *= 2
        try:
            with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=config.timeout) as response:
                body = response.read()
                seen = {"etag": response.headers.get("ETag", ""), "last_modified": response.headers.get("Last-Modified", "")}
                return Fetched(body, {k: v for k, v in seen.items() if v})
        except urllib.error.HTTPError as exc:
            if exc.code == 304:
                return Fetched(None, validators)
            last_error = f"HTTP {exc.code}"
            if exc.code < 500:
                break
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            last_error = str(getattr(exc, "reason", exc)) or type(exc).__name__
    raise RefreshError(f"{url}: {last_error} (after {attempt + 1} attempt{'s' if attempt else ''})")


def standards_from(body: bytes, url: str) -> list[dict[str, Any]]:
    """The API's list of standard records, each parsed once to prove it usable, personal fields dropped."""
    try:
        records = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RefreshError(f"{url}: not a JSON document ({exc})") from exc
    if not isinstance(records, list) or not records:
        raise RefreshError(f"{url}: expected a non-empty JSON list of standards")
    cleaned = []
    for i, record in enumerate(records):
        try:
            parse_record(record, source=f"{url}[{i}]")
        except SourceError as exc:
            raise RefreshError(f"{url}: record {i} is not a usable standard ({exc})") from exc
        cleaned.append({k: v for k, v in record.items() if k not in PERSONAL_FIELDS})
    return cleaned


def xml_from(body: bytes, url: str, parse: Callable[[Path], Any], scratch: Path) -> tuple[bytes, int]:
    """An ONISEP file (XML, or a zip holding one XML) and its record count, checked by the real parser."""
    if body[:2] == b"PK":
        try:
            with zipfile.ZipFile(io.BytesIO(body)) as archive:
                names = [n for n in archive.namelist() if n.lower().endswith(".xml")]
                if len(names) != 1:
                    raise RefreshError(f"{url}: expected one XML file in the zip, found {len(names)}")
                body = archive.read(names[0])
        except zipfile.BadZipFile as exc:
            raise RefreshError(f"{url}: a broken zip ({exc})") from exc
    scratch.write_bytes(body)
    try:
        count = sum(1 for _ in parse(scratch))
    except SourceError as exc:
        raise RefreshError(f"{url}: {exc}") from exc
    if not count:
        raise RefreshError(f"{url}: no records in the file")
    return body, count


def refresh(target: Path = LIVE_DATA_DIR, seed: Path = DEFAULT_DATA_DIR, config: RefreshConfig | None = None) -> RefreshReport:
    """Fetches, validates, writes a new folder beside `target` and swaps it in; `target` is left untouched on
    any error. `target` is a symbolic link (made on the first refresh)."""
    config = config or RefreshConfig.from_env()
    previous = target.resolve() if target.exists() else None
    state = _read_state(previous)
    base = previous or seed
    staging = target.parent / f".{target.name}-staging"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        report, new_state, writes = _fetch_all(config, state, base, staging)
        if not report.changed and previous is not None:
            shutil.rmtree(staging, ignore_errors=True)
            report.folder = str(previous)
            return report
        folder = _next_folder(target)
        _copy_tree(base, folder)
        writes(folder)
        (folder / STATE_FILE).write_text(json.dumps(new_state, indent=2), encoding="utf-8")
        _swap(target, folder)
        _prune(target)
        report.folder = str(folder)
        return report
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _fetch_all(
    config: RefreshConfig, state: dict[str, Any], base: Path, staging: Path
) -> tuple[RefreshReport, dict[str, Any], Callable[[Path], None]]:
    """Everything fetched and validated before anything is written: returns the report, the next state and a
    function that writes the fetched files into a new folder (a copy of `base`)."""
    new_state: dict[str, Any] = {"sources": dict(state.get("sources", {})), "counts": dict(state.get("counts", {}))}
    report = RefreshReport(changed=False, folder="")
    steps: list[Callable[[Path], None]] = []
    fetched = fetch(config.standards_url, state.get("sources", {}).get("standards", {}), config)
    if fetched.body is None:
        report.unchanged_sources.append("standards")
    else:
        records = standards_from(fetched.body, config.standards_url)
        _check_not_partial(config, "standards", len({_reference(r) for r in records}), state, config.standards_url)
        old = _current_records(base / STANDARDS_FILE_DIR)
        _describe(report, old, records)
        report.changed = True
        report.standards = len(records)
        new_state["sources"]["standards"] = fetched.validators
        new_state["counts"]["standards"] = len({_reference(r) for r in records})
        steps.append(lambda folder: _write_standards(folder, records, old))
    for key, parse in (("onisep_jobs", onisep.parse_jobs_xml), ("onisep_courses", onisep.parse_courses_xml)):
        url = getattr(config, f"{key}_url")
        if not url:
            continue
        got = fetch(url, state.get("sources", {}).get(key, {}), config)
        if got.body is None:
            report.unchanged_sources.append(key)
            continue
        xml, count = xml_from(got.body, url, parse, staging / f"{key}.xml")
        _check_not_partial(config, key, count, state, url)
        report.changed = True
        new_state["sources"][key] = got.validators
        new_state["counts"][key] = count
        steps.append(lambda folder, key=key, xml=xml: _write_file(folder / ONISEP_FILES[key], xml))

    def write_all(folder: Path) -> None:
        for step in steps:
            step(folder)

    return report, new_state, write_all


def _check_not_partial(config: RefreshConfig, key: str, count: int, state: dict[str, Any], url: str) -> None:
    before = state.get("counts", {}).get(key, 0)
    if before and count < config.min_share * before:
        raise RefreshError(f"{url}: {count} records where the last refresh had {before}: refused as a partial download")


def _reference(record: dict[str, Any]) -> str:
    return str(record.get("referenceNumber", "")).upper()


def _version(record: dict[str, Any]) -> str:
    return str(record.get("version") or record.get("versionNumber") or "")


def _file_name(record: dict[str, Any]) -> str:
    return f"{_reference(record)}_{_version(record) or '0'}.json"


def _current_records(folder: Path) -> dict[str, dict[str, Any]]:
    """The live folder's current records by file name."""
    out = {}
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            out[path.name] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
    return out


def _describe(report: RefreshReport, old: dict[str, dict[str, Any]], records: list[dict[str, Any]]) -> None:
    old_by_reference: dict[str, dict[str, Any]] = {}
    for record in old.values():
        old_by_reference.setdefault(_reference(record), record)
    seen = set()
    for record in records:
        reference, version, title = _reference(record), _version(record), record.get("title", "")
        seen.add(reference)
        before = old_by_reference.get(reference)
        if before is None:
            report.new.append(f"{reference} v{version} {title}")
        elif _version(before) != version:
            report.revised.append(f"{reference} {title}: v{_version(before)} -> v{version}")
        if (
            str(record.get("status", "")).lower() in ("retired", "withdrawn")
            and before is not None
            and before.get("status") != record.get("status")
        ):
            report.retired.append(f"{reference} v{version} {title}")
    report.retired.extend(f"{r} {old_by_reference[r].get('title', '')}" for r in sorted(set(old_by_reference) - seen))


def _write_standards(folder: Path, records: list[dict[str, Any]], old: dict[str, dict[str, Any]]) -> None:
    """The new current records; a record no longer current keeps its place in versions/ (history grows)."""
    current = folder / STANDARDS_FILE_DIR
    versions = folder / VERSIONS_DIR
    versions.mkdir(parents=True, exist_ok=True)
    names = {_file_name(r) for r in records}
    for name in old:
        if name not in names and (current / name).exists():
            os.replace(current / name, versions / name)
    shutil.rmtree(current, ignore_errors=True)
    current.mkdir(parents=True)
    for record in records:
        (current / _file_name(record)).write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")


def _write_file(path: Path, body: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.unlink()  # a hard link to the previous folder's file: replace it, never write through it
    path.write_bytes(body)


def _copy_tree(source: Path, destination: Path) -> None:
    """A copy that hard-links files where it can (the full data is hundreds of MB; links cost nothing)."""

    def link(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    if source.is_dir():
        shutil.copytree(source, destination, copy_function=link, ignore=shutil.ignore_patterns(STATE_FILE))
    else:
        destination.mkdir(parents=True)


def _next_folder(target: Path) -> Path:
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    folder = target.parent / f"{target.name}-{stamp}"
    n = 1
    while folder.exists():
        folder = target.parent / f"{target.name}-{stamp}-{n}"
        n += 1
    return folder


def _swap(target: Path, folder: Path) -> None:
    """Points `target` at `folder` in one rename: readers see the old folder or the new one."""
    link = target.parent / f".{target.name}-link"
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(folder.name)
    os.replace(link, target)


def _prune(target: Path) -> None:
    folders = sorted(p for p in target.parent.glob(f"{target.name}-*") if p.is_dir() and not p.is_symlink())
    live = target.resolve()
    for old in [f for f in folders if f != live][: max(0, len(folders) - KEPT_FOLDERS)]:
        shutil.rmtree(old, ignore_errors=True)


def _read_state(folder: Path | None) -> dict[str, Any]:
    if folder is None:
        return {}
    try:
        return json.loads((folder / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
