"""Finds the standard a person means, from a reference, a title or a job title, with did-you-mean help.

"lab technician" or "science manufacturing technician" should land on a standard even though neither
is an exact title: candidates are scored by fuzzy title/job-title similarity plus BM25 over each
standard's titles, job titles, keywords and options.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from bot.catalogue import Catalogue
from bot.lexical import Bm25
from bot.models import KSB_CODE_RE, Standard
from bot.text import fold, terms

REFERENCE_RE = re.compile(r"\bst\s?-?0*(\d{1,4})\b", re.I)
KSB_IN_TEXT_RE = re.compile(r"(?<![A-Za-z0-9])([KSBksb])\s?-?(\d{1,3})(?![0-9])")


@dataclass(frozen=True)
class Candidate:
    reference: str
    title: str
    score: float
    matched: str = ""


def find_reference(text: str) -> str | None:
    """'st1406', 'ST 1406', 'st-1406' all give 'ST1406'."""
    match = REFERENCE_RE.search(text or "")
    return f"ST{int(match.group(1)):04d}" if match else None


def find_ksb_codes(text: str) -> list[str]:
    """KSB codes written in a message ('k42', 'S 12', 'B3'), upper-cased, in order, without duplicates."""
    found = [f"{letter.upper()}{int(number)}" for letter, number in KSB_IN_TEXT_RE.findall(text or "")]
    return list(dict.fromkeys(code for code in found if KSB_CODE_RE.match(code) and int(code[1:]) > 0))


class StandardResolver:
    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.references = sorted(catalogue.standards)
        self._names: list[str] = []
        self._name_refs: list[str] = []
        documents = []
        for reference in self.references:
            standard = catalogue.standards[reference]
            names = [standard.title, _strip_year(standard.title), *standard.typical_job_titles, *standard.options]
            for name in dict.fromkeys(n for n in names if n):
                self._names.append(fold(name))
                self._name_refs.append(reference)
            documents.append(terms(" ".join([standard.title] * 3 + list(standard.typical_job_titles) + list(standard.keywords) + list(standard.options))))
        self._bm25 = Bm25(documents)

    def resolve(self, query: str, limit: int = 5, level: int | None = None) -> list[Candidate]:
        """Ranked standards for a title, job title or reference; best first, scores in [0, 1]."""
        reference = find_reference(query)
        if reference and reference in self.catalogue.standards:
            standard = self.catalogue.standards[reference]
            return [Candidate(reference, standard.title, 1.0, reference)]
        folded = fold(query).strip()
        if not folded:
            return []
        scores: dict[str, tuple[float, str]] = {}
        for name, score, index in process.extract(folded, self._names, scorer=fuzz.WRatio, limit=40):
            ref = self._name_refs[index]
            value = score / 100.0
            if fuzz.ratio(folded, name) >= 92:
                value += 0.15  # near-exact title or job title
            if value > scores.get(ref, (0.0, ""))[0]:
                scores[ref] = (value, name)
        lexical = self._bm25.scores(terms(query))
        top = lexical.max() if len(lexical) else 0.0
        if top > 0:
            for row in lexical.argsort()[::-1][:40]:
                if lexical[row] <= 0:
                    break
                ref = self.references[row]
                value, matched = scores.get(ref, (0.0, ""))
                scores[ref] = (0.55 * value + 0.45 * float(lexical[row] / top) + (0.0 if value else 0.0), matched)
        ranked = []
        for ref, (value, matched) in scores.items():
            standard = self.catalogue.standards[ref]
            if level is not None and standard.level != level:
                continue
            if standard.is_retired:
                value -= 0.05
            ranked.append(Candidate(ref, standard.title, round(min(value, 1.0), 4), matched))
        ranked.sort(key=lambda c: (-c.score, c.reference))
        return ranked[:limit]

    def suggest_references(self, reference: str, limit: int = 3) -> list[Standard]:
        """Nearest existing references to an unknown one (ST9999 → ST0999...), by edit distance."""
        reference = reference.upper()
        ranked = sorted(self.references, key=lambda r: (Levenshtein.distance(reference, r), r))
        return [self.catalogue.standards[r] for r in ranked[:limit]]


def suggest_ksb_codes(standard: Standard, code: str, limit: int = 3) -> list[str]:
    """Existing codes closest to an unknown one: same letter first, then by edit distance and number."""
    code = code.upper()
    existing = [k.code for k in standard.ksbs]
    if not existing:
        return []
    number = int(code[1:]) if code[1:].isdigit() else 0

    def distance(candidate: str) -> tuple[int, int, int]:
        same_letter = 0 if candidate[0] == code[:1] else 1
        return (same_letter, Levenshtein.distance(code, candidate), abs(int(candidate[1:]) - number))

    return sorted(existing, key=distance)[:limit]


def _strip_year(title: str) -> str:
    return re.sub(r"\s+(19|20)\d\d$", "", title).strip()
