"""Finds the standard a person means, from a reference, a title or a job title, with did-you-mean help.

"lab technician" or "science manufacturing technician" should land on a standard even though neither
is an exact title: candidates are scored by fuzzy title/job-title similarity plus BM25 over each
standard's titles, job titles, keywords and options.
"""

from __future__ import annotations

import math
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


ABBREVIATIONS = {
    "lab": "laboratory",
    "labs": "laboratory",
    "tech": "technician",
    "techs": "technician",
    "admin": "administrator",
    "dev": "developer",
    "devs": "developer",
    "it": "information technology",
    "hr": "human resources",
    "mech": "mechanical",
    "elec": "electrical",
    "eng": "engineer",
    "pharma": "pharmaceutical",
    "biotech": "biotechnology",
    "nhs": "health",
    "vet": "veterinary",
    "cyber": "cyber security",
    "ai": "artificial intelligence",
}


class StandardResolver:
    """Scores each standard by its best-matching name (title, job title or option) with idf-weighted
    term overlap (an F1 of recall and precision), so 'lab technician' prefers 'Laboratory technician'
    over every other '... technician'. Unknown words are snapped to the nearest known word (typos)."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.references = sorted(catalogue.standards)
        self._names: list[tuple[str, frozenset[str], bool]] = []  # (reference, terms, is_title)
        postings: dict[str, list[int]] = {}
        documents = []
        for reference in self.references:
            standard = catalogue.standards[reference]
            names = [(standard.title, True)] + [(n, False) for n in (*standard.typical_job_titles, *standard.options)]
            for name, is_title in names:
                name_terms = frozenset(terms(name))
                if not name_terms:
                    continue
                for term in name_terms:
                    postings.setdefault(term, []).append(len(self._names))
                self._names.append((reference, name_terms, is_title))
            documents.append(
                terms(" ".join([standard.title, *standard.typical_job_titles, *standard.keywords, *standard.options, standard.overview]))
            )
        self._postings = postings
        total = max(len(self._names), 1)
        self._idf = {t: math.log(1 + total / len(rows)) for t, rows in postings.items()}
        self._vocabulary = list(postings)
        self._bm25 = Bm25(documents)

    def query_terms(self, query: str) -> list[str]:
        expanded = " ".join(ABBREVIATIONS.get(w, w) for w in fold(query).split())
        out = []
        for term in terms(expanded):
            if term not in self._idf and len(term) >= 4:
                match = process.extractOne(term, self._vocabulary, scorer=fuzz.ratio, score_cutoff=85)
                if match:
                    term = match[0]
            out.append(term)
        return list(dict.fromkeys(out))

    def resolve(self, query: str, limit: int = 5, level: int | None = None) -> list[Candidate]:
        """Ranked standards for a title, job title or reference; best first, scores in [0, 1]."""
        reference = find_reference(query)
        if reference and reference in self.catalogue.standards:
            standard = self.catalogue.standards[reference]
            return [Candidate(reference, standard.title, 1.0, reference)]
        query_terms = [t for t in self.query_terms(query) if t not in _GENERIC]
        if not query_terms:
            return []
        default_idf = max(self._idf.values(), default=1.0)
        weights = {t: self._idf.get(t, default_idf) for t in query_terms}
        query_weight = sum(weights.values())
        best: dict[str, tuple[float, str]] = {}
        touched = {row for t in query_terms for row in self._postings.get(t, ())}
        for row in touched:
            reference, name_terms, is_title = self._names[row]
            shared = sum(weights[t] for t in query_terms if t in name_terms)
            recall = shared / query_weight
            precision = shared / sum(self._idf[t] for t in name_terms)
            score = 2 * recall * precision / (recall + precision) + (0.03 if is_title else 0.0)
            if score > best.get(reference, (0.0, ""))[0]:
                best[reference] = (score, " ".join(sorted(name_terms)))
        lexical = self._bm25.scores(query_terms)
        top = float(lexical.max()) if len(lexical) else 0.0
        ranked = []
        for row, reference in enumerate(self.references):
            name_score, matched = best.get(reference, (0.0, ""))
            doc_score = float(lexical[row] / top) if top > 0 else 0.0
            if name_score <= 0 and doc_score < 0.5:
                continue
            standard = self.catalogue.standards[reference]
            if level is not None and standard.level != level:
                continue
            value = 0.85 * name_score + 0.15 * doc_score - (0.05 if standard.is_retired else 0.0)
            ranked.append(Candidate(reference, standard.title, round(min(max(value, 0.0), 1.0), 4), matched))
        ranked.sort(key=lambda c: (-c.score, c.reference))
        return ranked[:limit]

    def suggest_references(self, reference: str, limit: int = 3) -> list[Standard]:
        """Nearest existing references to an unknown one (ST9999 → ST0999...), by edit distance."""
        reference = reference.upper()
        ranked = sorted(self.references, key=lambda r: (Levenshtein.distance(reference, r), r))
        return [self.catalogue.standards[r] for r in ranked[:limit]]


def find_option(standard: Standard, text: str) -> str | None:
    """The option of `standard` a message names, by the words that set it apart ('aseptic', 'biotechnology');
    words every option or the title shares ('manufacturing technician') do not count."""
    if not standard.options:
        return None
    said = set(terms(" ".join(ABBREVIATIONS.get(w, w) for w in fold(text).split())))
    shared = set(terms(standard.title)) | _GENERIC | set(terms("option pathway technician operative"))
    option_terms = {option: set(terms(option)) for option in standard.options}
    for option, words_ in option_terms.items():
        others = set().union(*(w for o, w in option_terms.items() if o != option))
        distinctive = words_ - shared - others
        if distinctive & said:
            return option
    return None


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


_GENERIC = frozenset(terms("apprenticeship apprenticeships standard course job role career one"))
