"""The catalogue: every standard version, French job and course, and ESCO occupation the assistant knows.

When the same standard arrives from several sources (a saved page and the API, or several versions),
all versions are kept and one is *current*: the newest version approved for delivery, else the newest of
any status. Older versions know the current one, so a reply about a retired page can name its successor.

Versions from an archive of everything ever published only add history: they join the versions of a standard
that a listing source names, and a standard known only from the archive (retired or withdrawn long ago) is
reachable by its reference but is not current, so it is never offered, indexed or matched by name.
French jobs and courses arriving from several sources are merged field by field, and their links are made
two-way (a course's jobs and a job's courses).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from bot.models import (
    EscoOccupation,
    FrenchCourse,
    FrenchJob,
    Standard,
    from_dict,
    to_dict,
    version_key,
)

CATALOGUE_FORMAT = 1


class Catalogue:
    def __init__(
        self,
        standards: Iterable[Standard] = (),
        jobs: Iterable[FrenchJob] = (),
        courses: Iterable[FrenchCourse] = (),
        esco: Iterable[EscoOccupation] = (),
        archived: Iterable[Standard] = (),
    ) -> None:
        self.versions: dict[str, list[Standard]] = {}
        for standard in standards:
            self._add_version(standard)
        listed = set(self.versions)
        for standard in archived:
            self._add_version(standard)
        self.standards: dict[str, Standard] = {}
        self._choose_current()
        # Archive-only standards: reachable by reference ("what replaced ST0000?"), never current.
        self.archived_only: dict[str, Standard] = {r: self.standards.pop(r) for r in list(self.standards) if r not in listed}
        self.jobs: dict[str, FrenchJob] = {}
        self.courses: dict[str, FrenchCourse] = {}
        for job in jobs:
            self.jobs[job.met_id] = _merge(self.jobs.get(job.met_id), job)
        for course in courses:
            self.courses[course.for_id] = _merge(self.courses.get(course.for_id), course)
        self._link_jobs_and_courses()
        self.esco: list[EscoOccupation] = list(esco)

    # --- building -------------------------------------------------------------------------------------

    def _add_version(self, standard: Standard) -> None:
        versions = self.versions.setdefault(standard.reference, [])
        for i, existing in enumerate(versions):
            if existing.version_key == standard.version_key:
                # Same version from two sources: keep the richer record (more KSBs, then more facts).
                if _richness(standard) > _richness(existing):
                    versions[i] = standard
                return
        versions.append(standard)
        versions.sort(key=lambda s: s.version_key)

    def _choose_current(self) -> None:
        for reference, versions in self.versions.items():
            delivering = [v for v in versions if v.is_delivering]
            current = (delivering or versions)[-1]
            position = versions.index(current)
            newer = versions[-1] if versions[-1] is not current else None
            updated = [replace(v, latest_version=current.version, latest_status=current.status) for v in versions]
            updated[position] = replace(current, latest_version=newer.version if newer else "", latest_status=newer.status if newer else "")
            self.versions[reference] = updated
            self.standards[reference] = updated[position]

    def _link_jobs_and_courses(self) -> None:
        job_courses: dict[str, list[str]] = {mid: list(j.course_ids) for mid, j in self.jobs.items()}
        course_jobs: dict[str, list[str]] = {fid: list(c.job_ids) for fid, c in self.courses.items()}
        for met_id, ids in list(job_courses.items()):
            for for_id in ids:
                course_jobs.setdefault(for_id, [])
                if met_id not in course_jobs[for_id]:
                    course_jobs[for_id].append(met_id)
        for for_id, ids in list(course_jobs.items()):
            for met_id in ids:
                job_courses.setdefault(met_id, [])
                if for_id not in job_courses[met_id]:
                    job_courses[met_id].append(for_id)
        self.jobs = {mid: replace(j, course_ids=tuple(job_courses.get(mid, ()))) for mid, j in self.jobs.items()}
        self.courses = {fid: replace(c, job_ids=tuple(course_jobs.get(fid, ()))) for fid, c in self.courses.items()}

    # --- lookups --------------------------------------------------------------------------------------

    def standard(self, reference: str, version: str | None = None) -> Standard | None:
        reference = reference.strip().upper()
        if version:
            versions = self.versions.get(reference, [])
            exact = next((v for v in versions if v.version == version), None)
            wanted = _trimmed(version_key(version))
            return exact or next((v for v in reversed(versions) if _trimmed(v.version_key) == wanted), None)
        return self.standards.get(reference) or self.archived_only.get(reference)

    def __len__(self) -> int:
        return len(self.standards)

    def courses_for_job(self, met_id: str) -> list[FrenchCourse]:
        job = self.jobs.get(met_id)
        return [self.courses[c] for c in job.course_ids if c in self.courses] if job else []

    def summary(self) -> dict[str, int]:
        return {
            "standards": len(self.standards),
            "standard_versions": sum(len(v) for v in self.versions.values()),
            "archived_only_standards": len(self.archived_only),
            "ksbs": sum(len(s.ksbs) for s in self.standards.values()),
            "duties": sum(len(s.duties) for s in self.standards.values()),
            "french_jobs": len(self.jobs),
            "french_courses": len(self.courses),
            "esco_occupations": len(self.esco),
        }

    # --- persistence ----------------------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        return {
            "format": CATALOGUE_FORMAT,
            "standards": [to_dict(v) for versions in self.versions.values() for v in versions],
            "jobs": [to_dict(j) for j in self.jobs.values()],
            "courses": [to_dict(c) for c in self.courses.values()],
            "esco": [to_dict(e) for e in self.esco],
            "archived_only": sorted(self.archived_only),
        }

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.to_json(), ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> Catalogue:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != CATALOGUE_FORMAT:
            raise ValueError(f"{path}: catalogue format {data.get('format')!r}, expected {CATALOGUE_FORMAT}")
        archived_only = set(data.get("archived_only", ()))
        versions = [from_dict(Standard, s) for s in data["standards"]]
        return cls(
            standards=[v for v in versions if v.reference not in archived_only],
            archived=[v for v in versions if v.reference in archived_only],
            jobs=[from_dict(FrenchJob, j) for j in data["jobs"]],
            courses=[from_dict(FrenchCourse, c) for c in data["courses"]],
            esco=[from_dict(EscoOccupation, e) for e in data["esco"]],
        )


def _trimmed(key: tuple[int, ...]) -> tuple[int, ...]:
    """'1', '1.0' and 'v1.0' are the same version."""
    while len(key) > 1 and key[-1] == 0:
        key = key[:-1]
    return key


def _richness(standard: Standard) -> tuple[int, int]:
    facts = sum(
        1 for value in (standard.level, standard.lars_code, standard.max_funding, standard.url, standard.entry_requirements) if value
    )
    return (len(standard.ksbs) + len(standard.duties), facts)


def _merge(existing: Any, incoming: Any) -> Any:
    """Field-wise merge: the first source's values win, later sources fill what it left empty; lists are unioned."""
    if existing is None:
        return incoming
    values = {}
    for name in existing.__dataclass_fields__:
        old, new = getattr(existing, name), getattr(incoming, name)
        if isinstance(old, tuple):
            values[name] = tuple(dict.fromkeys(old + tuple(new)))
        elif name == "source":
            values[name] = old if new in old else f"{old}; {new}"
        else:
            values[name] = old if old else new
    return type(existing)(**values)
