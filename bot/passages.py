"""Cuts the catalogue into the passages the search index holds, each with the metadata a citation needs.

Only the current version of each standard is indexed; older versions stay reachable by exact lookup.
A KSB passage's lexical text also carries the duties that use it (so a question phrased like a duty still
finds the KSB), while its embedded text stays the KSB statement itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from bot.catalogue import Catalogue
from bot.models import EscoOccupation, FrenchCourse, FrenchJob, Standard
from bot.text import first_sentences, one_line

KIND_WORDS = {"K": "knowledge", "S": "skill", "B": "behaviour"}


@dataclass(frozen=True)
class Passage:
    kind: str  # ksb | duty | summary | title | entry_requirements | english_maths | option | job_titles | french_job | french_course | esco
    text: str
    reference: str = ""
    version: str = ""
    code: str = ""
    options: tuple[str, ...] = ()
    section: str = ""
    embed_text: str = ""
    lexical_text: str = ""

    @property
    def label(self) -> str:
        """How a reply cites it: 'ST1406 v1.0, K42' or 'ONISEP FOR.9970'."""
        if self.kind in ("french_job", "french_course"):
            return f"ONISEP {self.code}"
        if self.kind == "esco":
            return f"ESCO {self.code}"
        version = f" v{self.version}" if self.version else ""
        where = self.code or self.section
        return f"{self.reference}{version}, {where}" if where else f"{self.reference}{version}"


def build_passages(catalogue: Catalogue) -> list[Passage]:
    passages: list[Passage] = []
    for reference in sorted(catalogue.standards):
        passages.extend(standard_passages(catalogue.standards[reference]))
    for met_id in sorted(catalogue.jobs, key=id_number):
        passages.append(job_passage(catalogue.jobs[met_id]))
    for for_id in sorted(catalogue.courses, key=id_number):
        passages.append(course_passage(catalogue.courses[for_id]))
    passages.extend(esco_passage(occupation) for occupation in catalogue.esco)
    return passages


def standard_passages(standard: Standard) -> Iterator[Passage]:
    base = {"reference": standard.reference, "version": standard.version}
    duty_context: dict[str, list[str]] = {}
    for duty in standard.duties:
        for code in duty.ksb_codes:
            duty_context.setdefault(code, []).append(duty.text)
    for ksb in standard.ksbs:
        kind_word = KIND_WORDS[ksb.code[0]]
        context = " ".join(duty_context.get(ksb.code, [])[:3])
        yield Passage(
            kind="ksb",
            text=ksb.text,
            code=ksb.code,
            options=ksb.options,
            section=kind_word,
            embed_text=ksb.text,
            lexical_text=f"{kind_word} {ksb.code} {ksb.text} {ksb.text} {context}",
            **base,
        )
    for duty in standard.duties:
        yield Passage(
            kind="duty",
            text=duty.text,
            code=f"Duty {duty.number}",
            options=duty.options,
            section="duty",
            embed_text=duty.text,
            lexical_text=f"duty {duty.text}",
            **base,
        )
    # The standard as people name it: what a message naming it loosely ('the hairdressing one') is matched on.
    names = f"{standard.title} apprenticeship" + (
        f", typical jobs: {', '.join(standard.typical_job_titles[:8])}" if standard.typical_job_titles else ""
    )
    yield Passage(kind="title", text=names, section="title", embed_text=names, lexical_text=names, **base, code="")
    for i, chunk in enumerate(_chunks(standard.occupation_summary or standard.overview)):
        yield Passage(kind="summary", text=chunk, section="occupation summary", embed_text=chunk, lexical_text=chunk, **base, code="")
        if i >= 6:
            break
    if standard.entry_requirements:
        text = standard.entry_requirements
        yield Passage(
            kind="entry_requirements",
            text=text,
            section="entry requirements",
            embed_text=f"Entry requirements: {text}",
            lexical_text=f"entry requirements {text}",
            **base,
        )
    if standard.english_and_maths:
        text = standard.english_and_maths
        yield Passage(
            kind="english_maths", text=text, section="English and maths", embed_text=text, lexical_text=f"english maths {text}", **base
        )
    for option in standard.options:
        text = f"Option: {option}"
        yield Passage(kind="option", text=text, options=(option,), section="options", embed_text=text, lexical_text=text, **base)
    if standard.typical_job_titles:
        text = "Typical job titles: " + ", ".join(standard.typical_job_titles)
        yield Passage(kind="job_titles", text=text, section="typical job titles", embed_text=text, lexical_text=text, **base)


def job_passage(job: FrenchJob) -> Passage:
    names = "; ".join([job.name, *job.synonyms])
    text = one_line(f"{names}. {first_sentences(job.description, 2)}")
    return Passage(
        kind="french_job",
        text=text,
        code=job.met_id,
        section="fiche métier",
        embed_text=text,
        lexical_text=f"{names} {job.description[:600]}",
    )


def course_passage(course: FrenchCourse) -> Passage:
    text = one_line(f"{course.title}. {first_sentences(course.description, 2)}")
    return Passage(
        kind="french_course",
        text=text,
        code=course.for_id,
        section=course.course_type or "formation",
        embed_text=text,
        lexical_text=f"{course.title} {course.description[:600]}",
    )


def esco_passage(occupation: EscoOccupation) -> Passage:
    """An ESCO occupation in English (labels and the start of its description): the bridge to its aligned
    French labels is crossed by meaning on this side, where the embedding model reads the language."""
    text = one_line(f"{occupation.label_en}. {'; '.join(occupation.alt_en[:6])}. {occupation.description_en[:200]}")
    return Passage(
        kind="esco", text=text, code=occupation.uri, section="ESCO occupation", embed_text=text, lexical_text=occupation.label_en
    )


def _chunks(text: str, max_words: int = 90) -> Iterator[str]:
    """Paragraphs, merged while short and split at sentences when long, so each embeds well."""
    buffer: list[str] = []
    for paragraph in (p.strip() for p in (text or "").split("\n")):
        if not paragraph:
            continue
        for sentence in re.split(r"(?<=[.!?])\s+", paragraph):
            if buffer and len(" ".join([*buffer, sentence]).split()) > max_words:
                yield " ".join(buffer)
                buffer = []
            buffer.append(sentence)
    if buffer:
        yield " ".join(buffer)


def id_number(identifier: str) -> int:
    digits = re.sub(r"\D", "", identifier)
    return int(digits) if digits else 0
