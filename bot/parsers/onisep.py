"""ONISEP records: a fiche métier saved as markdown (the seed MET.8063), the Idéo XML exports of fiches
métiers and fiches formations, and the 2025 métiers label list.

Jobs link to courses (formations_min_requise) and courses link to jobs (metiers_formation); both
directions are kept so the French match can walk from a job to the diplomas that lead to it.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

from bot.models import FrenchCourse, FrenchJob
from bot.parsers import SourceError
from bot.text import html_to_text, one_line

_MET_ID = re.compile(r"MET\.\d+")
_FOR_ID = re.compile(r"FOR\.\d+")


# --- fiche métier as markdown --------------------------------------------------------------------------


def parse_job_markdown(path: str | Path) -> tuple[FrenchJob, list[FrenchCourse]]:
    """Returns the job and the courses it recommends (id, title and type only: that is all the fiche says)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(path, f"cannot be read ({exc})") from exc
    title_match = re.search(r"^#\s+(.+)$", text, re.M)
    id_match = re.search(r"\*\*ID:\*\*\s*(MET\.\d+)", text)
    if not title_match or not id_match:
        raise SourceError(path, "is not an ONISEP fiche métier (no '# title' or '**ID:** MET.x' line)")
    sections = _markdown_sections(text)
    courses = [
        FrenchCourse(for_id=for_id, title=title.strip(), course_type=course_type_of(title), source=str(path))
        for title, for_id in re.findall(r"^-\s+(.+?)\s+\(ID:\s*(FOR\.\d+)\)\s*$", sections.get("formations recommandées", ""), re.M)
    ]
    level = re.search(r"\*\*Niveau d'accès minimum:\*\*\s*(.+)", text)
    job = FrenchJob(
        met_id=id_match.group(1),
        name=title_match.group(1).strip(),
        feminine=_after(text, "Féminin:"),
        masculine=_after(text, "Masculin:"),
        description=_clean_block(sections.get("présentation", "") + "\n" + sections.get("en bref", "")),
        access=_clean_block(sections.get("durée des études", "") + "\n" + sections.get("après le bac", "")),
        access_level=level.group(1).strip() if level else "",
        course_ids=tuple(c.for_id for c in courses),
        interests=tuple(re.findall(r"^-\s+(.+)$", sections.get("centres d'intérêt", ""), re.M)),
        source=str(path),
    )
    return job, courses


def _markdown_sections(text: str) -> dict[str, str]:
    sections: dict[str, str] = {}
    current = ""
    for line in text.split("\n"):
        heading = re.match(r"^\s*#{2,4}\s+(.+?)\s*$", line)
        if heading:
            current = heading.group(1).strip().lower()
            sections.setdefault(current, "")
        elif current:
            sections[current] += line + "\n"
    return sections


def _after(text: str, label: str) -> str:
    match = re.search(re.escape(label) + r"\s*(.+)", text)
    return match.group(1).strip() if match else ""


def _clean_block(block: str) -> str:
    return "\n".join(one_line(line) for line in block.split("\n") if one_line(line) and not line.strip().startswith("**"))


# --- Idéo XML ------------------------------------------------------------------------------------------


def parse_jobs_xml(path: str | Path) -> Iterator[FrenchJob]:
    for element in _records(path, "metier"):
        met_id = _find(element, "identifiant")
        if not _MET_ID.fullmatch(met_id):
            continue
        yield FrenchJob(
            met_id=met_id,
            name=_find(element, "nom_metier"),
            feminine=_find(element, "libelle_feminin"),
            masculine=_find(element, "libelle_masculin"),
            synonyms=tuple(_texts(element, "synonymes/synonyme/nom_metier")),
            rome_codes=tuple(_texts(element, "romesV3/romeV3")),
            description=_joined_html(element, ("accroche_metier", "formats_courts/format_court/descriptif", "nature_travail")),
            skills=_joined_html(element, ("competences",)),
            access=_joined_html(element, ("acces_metier",)),
            access_level=_find(element, "niveau_acces_min/libelle"),
            course_ids=tuple(_texts(element, "formations_min_requise/formation_min_requise/id")),
            interests=tuple(_texts(element, "centres_interet/centre_interet/libelle")),
            sectors=tuple(_texts(element, "secteurs_activite/secteur_activite/libelle")),
            source=str(path),
        )


def parse_courses_xml(path: str | Path) -> Iterator[FrenchCourse]:
    for element in _records(path, "formation"):
        for_id = _find(element, "identifiant")
        if not _FOR_ID.fullmatch(for_id):
            continue
        title = _find(element, "libelle_complet")
        sigle = _find(element, "type_Formation/type_formation_sigle")
        yield FrenchCourse(
            for_id=for_id,
            title=title,
            course_type=course_type_of(title, sigle or _find(element, "type_Formation/type_formation_libelle_court")),
            type_label=_find(element, "type_Formation/type_formation_libelle"),
            duration=_find(element, "duree_formation"),
            level=_find(element, "niveau_etudes/libelle") or _find(element, "niveau_certification"),
            description=_joined_html(element, ("descriptif_format_court", "descriptif_acces")),
            job_ids=tuple(_texts(element, "metiers_formation/metier/id")),
            domains=tuple(_texts(element, "sous_domaines_web/sous_domaine_web/libelle")),
            source=str(path),
        )


def parse_job_labels_xml(path: str | Path) -> Iterator[FrenchJob]:
    """The 2025 métiers list: labels and ROME codes only, for jobs created after the 2024 fiches."""
    seen: set[str] = set()
    for element in _records(path, "item"):
        match = _MET_ID.search(_find(element, "lien_site_onisepfr"))
        if not match or match.group() in seen:
            continue
        seen.add(match.group())
        rome = [c.strip() for c in _find(element, "code_rome").split("|") if c.strip()]
        yield FrenchJob(
            met_id=match.group(),
            name=_find(element, "libelle_metier"),
            rome_codes=tuple(rome),
            description=_find(element, "libelle_rome"),
            sectors=tuple(s.strip() for s in _find(element, "domainesous-domaine").split("|") if s.strip()),
            source=str(path),
        )


_COURSE_TYPES = (
    ("BTSA", r"^btsa\b"),
    ("BTS", r"^bts\b"),
    ("BUT", r"^but\b"),
    ("licence pro", r"^licence pro"),
    ("licence", r"^licence\b"),
    ("master", r"^master\b"),
    ("CAPA", r"^capa\b"),
    ("CAP", r"^cap\b"),
    ("bac pro", r"^bac pro"),
    ("BP", r"^bp\b"),
    ("diplôme d'ingénieur", r"^dipl[ôo]me d'ing[ée]nieur"),
    ("DE", r"^(dipl[ôo]me d'[ée]tat|de)\b"),
    ("titre pro", r"^titre pro"),
    ("MC", r"^mc\b|^mention compl"),
)


def course_type_of(title: str, sigle: str = "") -> str:
    """A short, comparable course type ('BTS', 'BUT', 'licence pro'...) from the ONISEP sigle or the title."""
    for label, pattern in _COURSE_TYPES:
        if re.search(pattern, title.strip().lower()):
            return label
    return sigle.strip()


def _records(path: str | Path, tag: str) -> Iterator[ET.Element]:
    path = Path(path)
    try:
        for _event, element in ET.iterparse(path, events=("end",)):
            if element.tag == tag:
                yield element
                element.clear()
    except (OSError, ET.ParseError) as exc:
        raise SourceError(path, f"is not readable ONISEP XML ({exc})") from exc


def _find(element: ET.Element, path: str) -> str:
    found = element.find(path)
    return one_line(found.text or "") if found is not None and found.text else ""


def _texts(element: ET.Element, path: str) -> list[str]:
    return [one_line(e.text) for e in element.findall(path) if e.text and e.text.strip()]


def _joined_html(element: ET.Element, paths: tuple[str, ...]) -> str:
    parts = []
    for path in paths:
        for found in element.findall(path):
            if found.text and found.text.strip():
                parts.append(html_to_text(found.text))
    return "\n".join(p for p in parts if p)
