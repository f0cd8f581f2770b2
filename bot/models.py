"""The catalogue's records: apprenticeship standards and their KSBs, French jobs and courses, ESCO occupations.

Plain frozen dataclasses so that parsers, the index and the actions share one vocabulary and the catalogue
can be written to and read from JSON without a schema library.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, fields
from typing import Any, TypeVar

KSB_KINDS = {"K": "knowledge", "S": "skill", "B": "behaviour"}
KSB_CODE_RE = re.compile(r"^([KSB])(\d{1,3})$")

RETIRED_STATUSES = {"retired", "withdrawn"}
DELIVERY_STATUS = "approved for delivery"


@dataclass(frozen=True)
class Ksb:
    """One knowledge, skill or behaviour statement, numbered as published (K42 is the 42nd knowledge)."""

    code: str
    text: str
    # "core" when a core duty needs it (or no duty maps it); "option" when only option duties do.
    scope: str = "core"
    options: tuple[str, ...] = ()

    @property
    def kind(self) -> str:
        return KSB_KINDS[self.code[0]]

    @property
    def number(self) -> int:
        return int(self.code[1:])


@dataclass(frozen=True)
class Duty:
    number: int
    text: str
    is_core: bool = True
    options: tuple[str, ...] = ()
    ksb_codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProfessionalRecognition:
    body: str
    detail: str = ""


@dataclass(frozen=True)
class Standard:
    """An apprenticeship standard at one version, with the facts a careers adviser quotes."""

    reference: str
    title: str
    version: str = ""
    status: str = ""
    level: int | None = None
    typical_duration_months: int | None = None
    epa_period_months: int | None = None
    route: str = ""
    max_funding: int | None = None
    lars_code: str = ""
    options: tuple[str, ...] = ()
    entry_requirements: str = ""
    english_and_maths: str = ""
    qualifications: tuple[str, ...] = ()
    professional_recognition: tuple[ProfessionalRecognition, ...] = ()
    # A regulated occupation needs the regulator's approval of the apprenticeship (a nurse's NMC registration).
    regulated: bool = False
    regulated_body: str = ""
    typical_job_titles: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    occupation_summary: str = ""
    overview: str = ""
    url: str = ""
    duties: tuple[Duty, ...] = ()
    ksbs: tuple[Ksb, ...] = ()
    source: str = ""
    # When this version applies: apprentices who started between these dates (ISO, empty when open) are assessed
    # against it, and when it was last changed; read for "I started in 2023" and "what changed since".
    earliest_start: str = ""
    latest_start: str = ""
    last_updated: str = ""
    # Set when the catalogue knows a newer version than this one (e.g. a retired page whose successor is loaded).
    latest_version: str = ""
    latest_status: str = ""

    @property
    def is_retired(self) -> bool:
        return self.status.strip().lower() in RETIRED_STATUSES

    @property
    def is_delivering(self) -> bool:
        """Approved for delivery: open to new starts (not a proposal, in development, retired or withdrawn)."""
        return self.status.strip().lower() == DELIVERY_STATUS

    @property
    def version_key(self) -> tuple[int, ...]:
        return version_key(self.version)

    def ksb(self, code: str) -> Ksb | None:
        code = code.upper()
        return next((k for k in self.ksbs if k.code == code), None)

    def ksbs_of_kind(self, letter: str) -> tuple[Ksb, ...]:
        return tuple(k for k in self.ksbs if k.code[0] == letter)

    def duties_using(self, code: str) -> tuple[Duty, ...]:
        code = code.upper()
        return tuple(d for d in self.duties if code in d.ksb_codes)

    def duty(self, number: int) -> Duty | None:
        return next((d for d in self.duties if d.number == number), None)

    @property
    def citation(self) -> str:
        version = f" v{self.version}" if self.version else ""
        return f"{self.reference}{version} {self.title}"


@dataclass(frozen=True)
class FrenchJob:
    """An ONISEP fiche métier (MET.x)."""

    met_id: str
    name: str
    feminine: str = ""
    masculine: str = ""
    synonyms: tuple[str, ...] = ()
    rome_codes: tuple[str, ...] = ()
    description: str = ""
    skills: str = ""
    access: str = ""
    access_level: str = ""
    course_ids: tuple[str, ...] = ()
    interests: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    source: str = ""

    @property
    def url(self) -> str:
        return f"https://www.onisep.fr/http/redirection/metier/slug/{self.met_id}"


@dataclass(frozen=True)
class FrenchCourse:
    """An ONISEP fiche formation (FOR.x): a BTS, BUT, licence pro, CAP..."""

    for_id: str
    title: str
    course_type: str = ""
    type_label: str = ""
    duration: str = ""
    level: str = ""
    description: str = ""
    job_ids: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    source: str = ""

    @property
    def url(self) -> str:
        return f"https://www.onisep.fr/http/redirection/formation/slug/{self.for_id}"


@dataclass(frozen=True)
class EscoOccupation:
    """An ESCO occupation with aligned English and French labels: the bilingual bridge."""

    uri: str
    label_en: str
    label_fr: str = ""
    alt_en: tuple[str, ...] = ()
    alt_fr: tuple[str, ...] = ()
    isco_group: str = ""
    description_en: str = ""


def version_key(version: str) -> tuple[int, ...]:
    """Orders "1.10" after "1.9"; unparsable parts count as 0 so a bad version never raises."""
    parts = []
    for piece in (version or "").split("."):
        digits = re.sub(r"\D", "", piece)
        parts.append(int(digits) if digits else 0)
    return tuple(parts) or (0,)


T = TypeVar("T")

_NESTED = {
    "duties": Duty,
    "ksbs": Ksb,
    "professional_recognition": ProfessionalRecognition,
}


def to_dict(record: Any) -> dict[str, Any]:
    return asdict(record)


def from_dict(cls: type[T], data: dict[str, Any]) -> T:
    """Rebuilds a record written by `to_dict`, turning lists back into tuples; unknown keys are ignored."""
    known = {f.name for f in fields(cls)}  # type: ignore[arg-type]
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in known:
            continue
        if key in _NESTED and isinstance(value, list):
            value = tuple(from_dict(_NESTED[key], item) for item in value)
        elif isinstance(value, list):
            value = tuple(value)
        values[key] = value
    return cls(**values)


__all__ = [
    "Duty",
    "EscoOccupation",
    "FrenchCourse",
    "FrenchJob",
    "Ksb",
    "ProfessionalRecognition",
    "Standard",
    "from_dict",
    "to_dict",
    "version_key",
]
