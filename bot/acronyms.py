"""Acronyms the catalogue defines ('Hazard Analysis and Critical Control Points (HACCP)', 'Anti-Money
Laundering (AML)'): a question that uses one is also searched with the words it stands for, since the
standard a person asks about may write the words out, or only the letters, and the embedding model knows
few trade acronyms. Learnt from the catalogue's own text, so the glossary grows with it: no list to keep."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

BRACKETED_RE = re.compile(r"\(([A-Z][A-Za-z]{1,5}[A-Z])\)")
WORD_RE = re.compile(r"[A-Za-z][\w'’]*")
LINKS = frozenset({"and", "of", "&", "the", "for", "to", "in", "on", "with", "a", "an"})
USED_RE = re.compile(r"\b[A-Za-z]{2,7}\b")
LOWER_WORD_RE = re.compile(r"\b[a-z]{2,7}\b")
MAX_WORDS = 9


def defined_in(text: str) -> Iterable[tuple[str, str]]:
    """(acronym, the words it stands for) for each acronym the text defines in brackets after its words."""
    for found in BRACKETED_RE.finditer(text):
        acronym = found.group(1)
        letters = "".join(c for c in acronym if c.isupper())
        before = WORD_RE.findall(text[max(0, found.start() - 160) : found.start()].replace("-", " "))[-MAX_WORDS:]
        # The shortest run of words before the bracket whose initials (links aside) spell the acronym.
        for size in range(len(letters), len(before) + 1):
            run = before[-size:]
            spelt = [w for w in run if w.lower() not in LINKS]
            if len(spelt) == len(letters) and "".join(w[0] for w in spelt).upper() == letters:
                yield acronym.lower(), " ".join(run).lower()
                break


GLOSS_RE = re.compile(r"\((?:the\s+|i\.?e\.?\s+)?(?P<words>[A-Za-z][A-Za-z '&-]{2,60}?)\)")
CAPITALS_RE = re.compile(r"\b[A-Z]{2,6}\b")


def spells(acronym: str, words: list[str]) -> bool:
    """Whether the words spell the acronym: each word gives its first letter and may give more from inside it
    (a compound: 'continuing healthcare' is CHC), links ('of', 'and') may give none."""

    def spelt(letters: str, rest: list[str]) -> bool:
        if not rest:
            return not letters
        word, *others = rest
        if word in LINKS and spelt(letters, others):
            return True
        if not letters or letters[0] != word[0]:
            return False
        # The word's first letter, then any of its later letters in order, then the next words.
        return any(spelt(letters[1 + taken :], others) for taken in range(len(letters)) if _inside(letters[1 : 1 + taken], word[1:]))

    return spelt(acronym.lower(), [w.lower() for w in words])


def _inside(letters: str, rest_of_word: str) -> bool:
    position = 0
    for letter in letters:
        position = rest_of_word.find(letter, position) + 1
        if position == 0:
            return False
    return True


def glossed(text: str) -> str:
    """A message that glosses its own acronym ('associate CHC practitioner (continuing healthcare)') with the
    words in its place and the gloss taken out: the person said what it stands for, whatever the catalogue's
    initials would say (CHC is also a Cultural heritage conservator)."""
    for gloss in GLOSS_RE.finditer(text):
        words = gloss.group("words").strip()
        for acronym in reversed(list(CAPITALS_RE.finditer(text, 0, gloss.start()))):
            if spells(acronym.group(), WORD_RE.findall(words.replace("-", " "))):
                return text[: acronym.start()] + words + text[acronym.end() : gloss.start()].rstrip() + text[gloss.end() :]
    return text


class Acronyms:
    """The glossary: each acronym with the words the catalogue most often gives it. An acronym that is also a
    word ('send', 'let', 'ads': written in lower case in the catalogue, or an `everyday` word) is expanded only
    when written in capitals."""

    def __init__(self, texts: Iterable[str], never: frozenset[str] = frozenset(), everyday: frozenset[str] = frozenset()) -> None:
        counts: dict[str, Counter[str]] = {}
        lower_words: Counter[str] = Counter()
        for text in texts:
            for acronym, words in defined_in(text):
                counts.setdefault(acronym, Counter())[words] += 1
            lower_words.update(LOWER_WORD_RE.findall(text))
        self.words = {a: c.most_common(1)[0][0] for a, c in counts.items() if a not in never}
        self.are_words = frozenset(a for a in self.words if lower_words[a] >= 2 or a in everyday)

    def expanded(self, question: str) -> str:
        """The question with the words of each known acronym it uses added ('what about HACCP?' -> '... (hazard
        analysis and critical control points)'), unless it already holds them: expanding twice (an interest
        search expands, then searches) adds nothing."""
        added: list[str] = []
        said = " ".join(WORD_RE.findall(question.replace("-", " "))).lower()
        for used in USED_RE.findall(question):
            words = self.words.get(used.lower())
            if words and words not in added and words not in said and (used.isupper() or used.lower() not in self.are_words):
                added.append(words)
        return f"{question} ({'; '.join(added)})" if added else question
