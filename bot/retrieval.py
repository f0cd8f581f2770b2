"""The retrieval API the actions and the CLI use.

Exact questions (a KSB code, a fact, the duties that need a KSB) are answered from the catalogue and never
touch embeddings. Free questions go through hybrid search: cosine similarity from the FAISS vectors plus a
BM25 score over stemmed terms, fused per query, optionally restricted to one standard and option.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from bot.acronyms import Acronyms
from bot.embedding import Encoder
from bot.index import Knowledge
from bot.models import Duty, Ksb, Standard
from bot.passages import Passage
from bot.resolve import FRENCH_COURSE_TYPES, StandardResolver, suggest_ksb_codes
from bot.text import fold, terms

LEXICAL_WEIGHT = 0.35
ROLE_MEANING = 0.5  # cosine between a role said and a standard's names at which they mean the same occupation
KIND_HINTS = (
    (re.compile(r"\bbehaviou?rs?\b|\battitudes?\b", re.I), "B"),
    (re.compile(r"\bskills?\b|\babilit(y|ies)\b|\bable to\b", re.I), "S"),
    (re.compile(r"\bknowledge\b|\bknow about\b|\bunderstand(ing)?\b", re.I), "K"),
)


KIND_HINT_BOOST = 0.08
KIND_ASKED_BOOST = 0.5
KIND_ASKED_RE = re.compile(
    r"\b(?:which|what|any|a|one of the)\s+(?:skills?|knowledge|behaviou?rs?)\b|\b(?:in|among|from) (?:the|its) (?:skills|knowledge|behaviou?rs)\b",
    re.I,
)

SMALL_KIND_ROWS = 5_000
# The words a question about the content is asked with, not its topic: on the lexical side they only find the
# passages that happen to say them ('do we learn how to measure a campaign' is not about 'learning opportunities').
QUESTION_FORM_TERMS = frozenset(
    terms(
        "learn learning learnt taught teach teaches cover covers covered covering mention mentions mentioned talk talks "
        "stuff bit bits part parts section thing things anything something where which what apprenticeship standard "
        "course know knowing need needed supposed meant expected actually really"
    )
)


class UnknownItem(LookupError):
    """An unknown standard, option or code; `suggestions` holds what the person probably meant."""

    def __init__(self, message: str, suggestions: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.suggestions = suggestions or []


@dataclass(frozen=True)
class KsbAnswer:
    standard: Standard
    ksb: Ksb
    duties: tuple[Duty, ...]

    @property
    def citation(self) -> str:
        return f"{self.standard.citation}, {self.ksb.code}"


@dataclass(frozen=True)
class Hit:
    passage: Passage
    score: float
    dense: float
    lexical: float
    lexical_raw: float = 0.0  # the BM25 score itself: how much of the question's rarer words the passage holds


class Retriever:
    def __init__(self, knowledge: Knowledge, encoder: Encoder | None = None) -> None:
        self.knowledge = knowledge
        self.catalogue = knowledge.catalogue
        self.resolver = StandardResolver(self.catalogue)
        self._encoder = encoder
        self._kind_rows: dict[tuple[str, ...], np.ndarray | None] = {}

    @cached_property
    def acronyms(self) -> Acronyms:
        """The acronyms the standards define, learnt from their texts (the French course types are French)."""
        texts = (p.text for p in self.knowledge.passages if p.kind in ("ksb", "duty", "title", "summary", "option"))
        return Acronyms(texts, never=FRENCH_COURSE_TYPES, everyday=self.encoder.vocabulary())

    @property
    def encoder(self) -> Encoder:
        if self._encoder is None:
            self._encoder = Encoder()
        return self._encoder

    @cached_property
    def _title_rows(self) -> dict[tuple[str, str], int]:
        """The row of each standard version's title passage (its title and job titles, embedded at build time)."""
        return {(p.reference, p.version): row for row, p in enumerate(self.knowledge.passages) if p.kind == "title"}

    def title_vector(self, standard: Standard) -> np.ndarray | None:
        """What a standard's names mean, as a vector; None when the index has no title passage for it."""
        row = self._title_rows.get((standard.reference, standard.version))
        return None if row is None else self.knowledge.vectors[row]

    @cached_property
    def _title_matrix(self) -> tuple[np.ndarray, list[str]]:
        """The title vectors of the current standards, stacked, with their references."""
        found = [(r, vector) for r, s in sorted(self.catalogue.standards.items()) if (vector := self.title_vector(s)) is not None]
        vectors = [vector for _r, vector in found]
        return (np.stack(vectors) if vectors else np.zeros((0, 1), dtype=np.float32)), [r for r, _vector in found]

    def standards_meant(self, name: str, limit: int = 3) -> list[tuple[Standard, float]]:
        """Current standards whose names mean what an everyday name says ('car finance' is the Motor finance
        specialist, 'horse groom' the Equine groom), closest first, with the cosine: for names no standard's
        words hold."""
        matrix, references = self._title_matrix
        if not references or not name.strip():
            return []
        similarity = matrix @ self.encoder.encode_query(name)
        order = np.argsort(-similarity)[:limit]
        return [(self.catalogue.standards[references[i]], float(similarity[i])) for i in order]

    def names_role(self, role: str, standard: Standard) -> bool:
        """Whether a standard is the role a person puts forward ('be a sign language interpreter'): its names
        hold most of the role's rarer words, or its names mean the same (a 'bike mechanic' is a cycle
        mechanic). Sharing one word ('sign' in 'Sign maker') is not being that role."""
        if self.resolver.names_hold(role, standard.reference):
            return True
        vector = self.title_vector(standard)
        return vector is not None and float(vector @ self.encoder.encode_query(role)) >= ROLE_MEANING

    # --- exact lookups ----------------------------------------------------------------------------------

    def standard(self, reference: str, version: str | None = None) -> Standard:
        """The current version of a standard, or the named `version` (an older one may be retired)."""
        if version and self.catalogue.standard(reference) is not None:
            older = self.catalogue.standard(reference, version)
            if older is None:
                known = ", ".join(v.version for v in self.catalogue.versions.get(reference.strip().upper(), []))
                raise UnknownItem(f"{reference.upper()} has no version {version}. Versions I know: {known}.")
            return older
        standard = self.catalogue.standard(reference)
        if standard is None:
            suggestions = self.resolver.suggest_references(reference)
            raise UnknownItem(
                f"I don't know a standard {reference.upper()}.",
                [f"{s.reference} {s.title}" for s in suggestions],
            )
        return standard

    def option(self, standard: Standard, wanted: str | None) -> str | None:
        """Matches a loosely named option ('aseptic', 'biotech') to the standard's option title."""
        if not wanted:
            return None
        wanted_words = [w for w in fold(wanted).split() if len(w) >= 4 and w not in ("option", "pathway")]
        best, best_score = None, 0
        for option in standard.options:
            option_words = fold(option).split()
            score = sum(1 for w in wanted_words if any(o.startswith(w) or w.startswith(o[:6]) for o in option_words))
            if fold(option) == fold(wanted):
                score += 100
            if score > best_score:
                best, best_score = option, score
        if best:
            return best
        raise UnknownItem(
            f"{standard.reference} has no option called '{wanted}'.",
            list(standard.options),
        )

    def ksb(self, reference: str, code: str, option: str | None = None, version: str | None = None) -> KsbAnswer:
        """A KSB by its code, in the current version or the `version` named (numbers differ between versions)."""
        standard = self.standard(reference, version)
        code = code.strip().upper()
        ksb = standard.ksb(code)
        if ksb is None:
            counts = ", ".join(
                f"{letter}1–{letter}{len(standard.ksbs_of_kind(letter))}" for letter in "KSB" if standard.ksbs_of_kind(letter)
            )
            note = f" It has {counts}." if counts else " Its published page lists no numbered KSBs."
            raise UnknownItem(f"{standard.reference} has no {code}.{note}", suggest_ksb_codes(standard, code))
        chosen = self.option(standard, option)
        duties = standard.duties_using(code)
        if chosen:
            duties = tuple(d for d in duties if d.is_core or chosen in d.options) or duties
        return KsbAnswer(standard=standard, ksb=ksb, duties=duties)

    def ksbs_for_duty(self, reference: str, number: int, version: str | None = None) -> tuple[Duty, list[Ksb]]:
        standard = self.standard(reference, version)
        duty = standard.duty(number)
        if duty is None:
            raise UnknownItem(
                f"{standard.reference} has no duty {number}; it has duties 1–{len(standard.duties)}."
                if standard.duties
                else f"{standard.reference} lists no duties; ask me about its KSBs instead.",
                [f"Duty {d.number}" for d in standard.duties[:3]],
            )
        return duty, [k for code in duty.ksb_codes if (k := standard.ksb(code))]

    # --- semantic search ------------------------------------------------------------------------------

    def search(
        self,
        question: str,
        reference: str | None = None,
        option: str | None = None,
        kinds: tuple[str, ...] | None = None,
        limit: int = 5,
        focus: str = "",
    ) -> list[Hit]:
        """Hybrid dense + lexical search; restricted to one standard (and its option) when given. `focus`, the
        part of a long message that asks, is read by meaning beside the whole: a passage close to either is close."""
        knowledge = self.knowledge
        # The whole message asked is no second reading of itself (compared before acronyms are spelt out).
        focus = self.acronyms.expanded(focus) if focus and focus != question else ""
        question = self.acronyms.expanded(question)  # 'what about HACCP?' is also searched by its words
        if reference:
            standard = self.standard(reference)
            rows = knowledge.rows_by_standard.get(standard.reference, np.zeros(0, dtype=np.int64))
            chosen = self.option(standard, option) if option else None
        else:
            rows = self._rows_of_kinds(kinds) if kinds else None  # a few kinds (titles): scored directly, not via FAISS
            chosen = None
        query_vector = self.encoder.encode_query(question)
        query_terms = [t for t in terms(question) if t not in QUESTION_FORM_TERMS] or terms(question)
        if rows is None:
            lexical_all = knowledge.bm25.scores(query_terms)
            candidates = self._filter(self._global_candidates(query_vector, lexical_all), kinds, chosen)
            lexical = lexical_all[candidates]
        else:
            candidates = self._filter(rows, kinds, chosen)
            lexical = knowledge.bm25.scores_within(query_terms, candidates)
        if len(candidates) == 0:
            return []
        dense = knowledge.vectors[candidates] @ query_vector
        if focus:
            dense = np.maximum(dense, knowledge.vectors[candidates] @ self.encoder.encode_query(focus))
        top = float(lexical.max()) if len(lexical) else 0.0
        lexical_norm = lexical / top if top > 0 else lexical
        fused = dense + LEXICAL_WEIGHT * lexical_norm
        kind_letter, weight = _kind_hint(question)
        if kind_letter:
            boost = np.array(
                [
                    weight if knowledge.passages[r].code.startswith(kind_letter) and knowledge.passages[r].kind == "ksb" else 0.0
                    for r in candidates
                ],
                dtype=np.float32,
            )
            fused = fused + boost
        order = np.argsort(-fused)[:limit]
        return [
            Hit(knowledge.passages[int(candidates[i])], float(fused[i]), float(dense[i]), float(lexical_norm[i]), float(lexical[i]))
            for i in order
        ]

    def _rows_of_kinds(self, kinds: tuple[str, ...]) -> np.ndarray | None:
        """The rows of passages of these kinds when they are few enough to score one by one (under
        SMALL_KIND_ROWS: the 784 title passages, not the 52,000 KSBs and duties, which go through FAISS)."""
        if kinds not in self._kind_rows:
            rows = np.array([i for i, p in enumerate(self.knowledge.passages) if p.kind in kinds], dtype=np.int64)
            self._kind_rows[kinds] = rows if len(rows) <= SMALL_KIND_ROWS else None
        return self._kind_rows[kinds]

    def _global_candidates(self, query_vector: np.ndarray, lexical: np.ndarray) -> np.ndarray:
        """Union of the dense and lexical top lists over the whole corpus: fusing needs both scores."""
        depth = 400
        _scores, ids = self.knowledge.faiss_index.search(query_vector.reshape(1, -1), depth)
        dense_ids = ids[0][ids[0] >= 0]
        lexical_ids = np.argsort(-lexical)[:depth]
        lexical_ids = lexical_ids[lexical[lexical_ids] > 0]
        return np.unique(np.concatenate([dense_ids, lexical_ids]).astype(np.int64))

    def _filter(self, rows: np.ndarray, kinds: tuple[str, ...] | None, option: str | None) -> np.ndarray:
        passages = self.knowledge.passages
        keep = [
            r
            for r in rows
            if (not kinds or passages[r].kind in kinds) and (not option or not passages[r].options or option in passages[r].options)
        ]
        return np.array(keep, dtype=np.int64)


def _kind_hint(question: str) -> tuple[str | None, float]:
    """The kind of KSB a question leans to ('skills', 'know about'), and how strongly: asked for outright ('which
    skill...', 'anything in the skills about...') weighs more than a word in passing."""
    for pattern, letter in KIND_HINTS:
        found = pattern.search(question)
        if found:
            return letter, KIND_ASKED_BOOST if KIND_ASKED_RE.search(question) else KIND_HINT_BOOST
    return None, 0.0
