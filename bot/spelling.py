"""Typos in the words that matter: a misspelt name or question word is put right before anything reads it.

People type "snoographer", "beatuy therapist", "fencing instller", "maximum fundng". Matching names and kinds
of question on such words fails however good the matchers are, so the message's unknown words are corrected
towards a vocabulary of the words that name standards (titles, job titles, options) and ask things (level,
funding, months...). A word is only corrected when it is unknown (in no name, in no standard's text, not a
stop word), long enough to judge (5 letters or more), and one word of the vocabulary is clearly nearest
(optimal string alignment distance 1, or 2 for words of 8 letters or more, and the same first letter unless
the first two are swapped), nearer than any other known word ('actualy' stays: 'actually' is as near as the
title 'Actuary'). Everything else is left as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rapidfuzz import process
from rapidfuzz.distance import OSA, Indel

from bot.text import ENGLISH_STOPWORDS, fold, language_of

WORD_RE = re.compile(r"[a-z]+")
COMPOUND_RE = re.compile(r"\b[a-z]+(?:-[a-z]+)+\b")  # 'electro-mechanical', 'multi-skilled'
COMPOUND_MIN = 8  # letters of a compound written as one word before it is read as the name's


def joined_compounds(names: Iterable[str], titles: Iterable[str] = ()) -> dict[str, str]:
    """Each hyphenated word of the names written as one word, with the name's own spelling: people type
    'electromechanical' for the Electro-mechanical engineer. Not where a title writes it as one word
    ('wellbeing' in the Psychological wellbeing practitioner, 'well-being' elsewhere): both stand."""
    folded = [fold(name) for name in names]
    written_whole = {word for title in titles for word in WORD_RE.findall(fold(title))}
    return {
        joined: compound
        for name in folded
        for compound in COMPOUND_RE.findall(name)
        if len(joined := compound.replace("-", "")) >= COMPOUND_MIN and joined not in written_whole
    }


# Chat shorthand for the words questions are asked with (general, not about any standard).
SHORTHAND = {
    "lvl": "level",
    "lvls": "levels",
    "reqs": "requirements",
    "req": "requirement",
    "yrs": "years",
    "mths": "months",
    "mnths": "months",
    "govt": "government",
    "quals": "qualifications",
    "dur": "duration",
    "prog": "progression",
    "prereq": "prerequisite",
    "prereqs": "prerequisites",
    "wot": "what",
    "wat": "what",
    "u": "you",
    "ur": "your",
}
MIN_LENGTH = 5
LONG_WORD = 8  # from this length two edits are allowed
RARER = 50  # a vocabulary word this many times rarer than another as near is not the one meant (the catalogue's slip)


class Speller:
    def __init__(
        self, vocabulary: dict[str, int], known: Iterable[str], slips: Iterable[str] = (), compounds: dict[str, str] | None = None
    ) -> None:
        """`vocabulary`: words to correct towards, with how often they occur (ties go to the commoner);
        `known`: real words that are never corrected (the catalogue's own text, stop words); `slips`: known
        words that are likely the catalogue's own typos ('pracitioner' in one job title): left as written when
        typed, but no rival to the word they misspell when a person's own slip ('practioner') is near both.
        `compounds`: hyphenated name words written as one ('electromechanical' -> 'electro-mechanical'), which
        are read as the name writes them even though they are real words."""
        self.compounds = dict(compounds or {})
        self.vocabulary = {w: n for w, n in vocabulary.items() if len(w) >= MIN_LENGTH - 1}
        self.slips = frozenset(slips)
        self.known = frozenset(known) | frozenset(self.vocabulary) | ENGLISH_STOPWORDS
        # Known words compete with the vocabulary: 'actualy' is as near 'actually' as 'actuary', so it is left.
        # Indexed by first letter and length: a typo keeps its first letter (or swaps the first two) and is
        # within two letters of the word's length, so only those few hundred words are compared, not thirty thousand.
        self._choices: dict[tuple[str, int], list[str]] = {}
        for word in sorted(self.known - frozenset(slips)):
            if len(word) >= MIN_LENGTH - 1:
                self._choices.setdefault((word[0], len(word)), []).append(word)

    def correction(self, word: str, slips: bool = False) -> str | None:
        """The vocabulary word `word` is a typo of, or None when it is known, short or unclear. With `slips`, a
        word known only as the catalogue's own slip ('busness' in one job title) is corrected too."""
        if word in SHORTHAND:
            return SHORTHAND[word]
        if word in self.compounds:
            return self.compounds[word]
        known = word in self.known and not (slips and word in self.slips)
        if len(word) < MIN_LENGTH or known or not word.isalpha():
            return None
        limit = 2 if len(word) >= LONG_WORD else 1
        near = [
            w
            for first in {word[0], word[1]}
            for n in range(len(word) - limit, len(word) + limit + 1)
            for w in self._choices.get((first, n), ())
        ]
        found = process.extract(word, near, scorer=OSA.distance, score_cutoff=limit, limit=8)
        # Nearest first; among equals the one with the very letters typed, two of them swapped ('colck' is
        # 'clock', not 'cock' with a letter added; 'drivre' is 'driver'), then the one reached by inserting or
        # deleting letters ('mnths' is 'months' with a letter left out, not 'maths' with one changed), then the commoner.
        # A name word far rarer than another as near is the catalogue's own slip ('technican' beside 'technician').
        near_enough = [(w, d) for w, d, _ in found if _same_start(word, w)]
        commonest = {d: max((self.vocabulary.get(w, 0) for w, e in near_enough if e == d), default=0) for _, d in near_enough}
        ranked = sorted(
            (
                d,
                w in self.vocabulary and self.vocabulary[w] * RARER < commonest[d],
                sorted(w) != sorted(word),
                Indel.distance(word, w),
                -self.vocabulary.get(w, 0),
                w,
            )
            for w, d in near_enough
        )
        if not ranked or ranked[0][5] not in self.vocabulary:
            return None  # nothing near, or nearest to a word that names nothing: left as written
        if len(ranked) > 1 and ranked[0][:4] == ranked[1][:4] and -ranked[0][4] < 2 * -ranked[1][4]:
            return None  # two words as near and about as common: do not guess
        return ranked[0][5]

    def correct(self, text: str, slips: bool = False) -> str:
        """`text` with its misspelt words replaced (folded to lower case where replaced, as written elsewhere).

        With `slips`, the catalogue's own slips are read as the words they misspell: 'busness analyst' is a
        business analyst, though one job title writes 'busness manager'. The caller decides when that second
        reading applies (when the message as written names nothing clearly)."""
        folded = fold(text or "")
        if len(folded) != len(text or "") or language_of(text) != "en":
            return text or ""  # folding changed the length (positions would not line up), or it is not English
        out, last = [], 0
        for match in WORD_RE.finditer(folded):
            if not text[match.start() : match.end()].isascii():
                continue  # 'intitulés' is French, not a typo
            if match.end() < len(folded) and folded[match.end()] in ".&'" and len(match.group()) <= 2:
                continue  # 'u.k.', 'r&d', "u'll": a letter of an abbreviation, not text-speak
            fixed = self.correction(match.group(), slips)
            if fixed:
                out += [text[last : match.start()], fixed]
                last = match.end()
        return "".join(out) + text[last:] if out else text


def _same_start(typed: str, word: str) -> bool:
    """Typos rarely touch the first letter, except by swapping the first two."""
    return typed[0] == word[0] or (len(typed) > 1 and typed[:2] == word[1::-1])
