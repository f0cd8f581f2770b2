"""Text helpers shared by the parsers and the lexical index: HTML to plain text, tokens, English stems.

English terms are reduced by the rule-based Snowball stemmer (no model download, fast, deterministic);
French lemmas come from spaCy's fr_core_news_sm in `bot.french_text`, where they matter.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache
from html.parser import HTMLParser

import snowballstemmer

_BLOCK_TAGS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section"}


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "li":
            self.parts.append("\n• ")
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(markup: str | None) -> str:
    """Turns IfATE/ONISEP HTML (often entity-escaped twice, e.g. `&lt;p&gt;`) into clean readable text."""
    if not markup:
        return ""
    if "<" not in markup and "&" not in markup:
        return tidy(markup)
    text = markup
    for _ in range(3):  # undo double escaping; stops as soon as nothing changes
        unescaped = html.unescape(text)
        if unescaped == text:
            break
        text = unescaped
    extractor = _TextExtractor()
    extractor.feed(text)
    extractor.close()
    return tidy("".join(extractor.parts))


def tidy(text: str) -> str:
    """Collapses runs of spaces, keeps paragraph breaks, strips non-breaking spaces."""
    text = text.replace("\xa0", " ").replace("\r", "")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def shortened(text: str, limit: int) -> str:
    """A text cut at a word boundary within `limit` characters, with an ellipsis when cut: the one way a long
    text is shortened for a list line, a button or a stored excerpt."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def first_sentences(text: str, count: int) -> str:
    """The opening sentences of a text: enough for a chat reply, with the source cited for the rest."""
    sentences = re.split(r"(?<=[.!?])\s+", one_line(text))
    return " ".join(sentences[:count])


def _fold_slowly(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# Per-character folding table for everything below U+3000 (Latin, Greek, Cyrillic, punctuation, combining
# marks): str.translate is ~20x faster than decomposing, which matters for 3,000 ONISEP texts.
_FOLD_LIMIT = 0x3000
_FOLD_TABLE = {cp: _fold_slowly(chr(cp)) for cp in range(0x80, _FOLD_LIMIT) if _fold_slowly(chr(cp)) != chr(cp).lower()}


def fold(text: str) -> str:
    """Lower case without accents: 'Biotechnologie' and 'biotechnologié' compare equal."""
    lowered = text.lower()
    if lowered.isascii():
        return lowered
    if max(lowered) >= chr(_FOLD_LIMIT):
        return _fold_slowly(text)
    return lowered.translate(_FOLD_TABLE)


_TOKEN_RE = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")


# Prefixes people write with or without a hyphen ('co-ordinator' and 'coordinator', 'e-commerce' and
# 'ecommerce'): such a word is one word, its hyphen dropped, wherever names and messages are read.
HYPHEN_PREFIXES = ("co", "re", "pre", "sub", "e", "multi", "inter", "semi")
PREFIXED_RE = re.compile(r"\b(?:" + "|".join(HYPHEN_PREFIXES) + r")-[a-z0-9]+")


def words(text: str) -> list[str]:
    """Folded word tokens; hyphenated compounds are split into parts, except after a prefix (one word)."""
    out: list[str] = []
    for token in _TOKEN_RE.findall(fold(text)):
        if PREFIXED_RE.fullmatch(token):
            out.append(token.replace("-", ""))
        elif "-" in token or "'" in token:
            parts = [p for p in re.split(r"[-']", token) if p]
            out.extend(parts)
        else:
            out.append(token)
    return out


ENGLISH_STOPWORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "no",
        "nor",
        "not",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "e.g",
        "eg",
        "etc",
        "example",
        "including",
        "include",
        "includes",
        "such",
        "also",
        "may",
        "must",
        "need",
        "needs",
        "one",
        "two",
        "three",
        "use",
        "using",
        "used",
        "apprentice",
        "apprentices",
        "apprenticeship",
        "standard",
        "tell",
        "know",
        "mean",
        "means",
        "about",
        "cover",
        "covers",
        "covered",
    ]
)

# French function words (and ONISEP's naming words): left out of French terms, and never a name on their own.
FRENCH_STOPWORDS = frozenset(
    [
        "le",
        "la",
        "les",
        "l",
        "un",
        "une",
        "des",
        "du",
        "de",
        "d",
        "et",
        "ou",
        "en",
        "au",
        "aux",
        "a",
        "à",
        "pour",
        "par",
        "sur",
        "dans",
        "avec",
        "sans",
        "son",
        "sa",
        "ses",
        "leur",
        "leurs",
        "ce",
        "cet",
        "cette",
        "ces",
        "qui",
        "que",
        "quoi",
        "dont",
        "il",
        "elle",
        "ils",
        "elles",
        "on",
        "se",
        "s",
        "est",
        "sont",
        "être",
        "ne",
        "pas",
        "plus",
        "mention",
        "parcours",
        "option",
        "spécialité",
        "specialite",
    ]
)

_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Snowball (Porter 2) English stem: 'calibrating', 'calibrated', 'calibration' all give 'calibr'."""
    if len(word) <= 3 or word.isdigit():
        return word
    return _STEMMER.stemWord(word)


def terms(text: str, stopwords: frozenset[str] = ENGLISH_STOPWORDS) -> list[str]:
    """Stemmed content terms of English text, in order (duplicates kept for term frequency)."""
    return [stem(w) for w in words(text) if w not in stopwords and (len(w) > 1 or w.isdigit())]


# French words of careers questions that are not function words ('quelle formation française correspond ...').
FRENCH_CUES = frozenset(
    ["quel", "quelle", "quels", "quelles", "formation", "formations", "metier", "metiers", "apprentissage", "francais",
     "francaise", "diplome", "niveau", "combien", "comment", "pourquoi", "bonjour", "merci", "correspond", "veut", "dire",
     "signifie", "explique", "quoi", "metier", "duree", "reglemente", "reglementee", "veux", "voudrais", "aimerais", "devenir",
     "etre", "travailler", "souhaite", "lequel", "laquelle"]
)  # fmt: skip


FRENCH_ONLY_CUES = FRENCH_CUES - {"formation", "formations", "correspond", "dire"}  # English words too


def language_of(text: str) -> str:
    """'fr' when a message is written in French (more French than English function words, at least two),
    else 'en'. Names of standards are English either way, so only the function words tell."""
    return language_said(text) or "en"


def language_said(text: str) -> str | None:
    """The language a message's function words show, or None when they show none ('le premier', 'K5?'): such
    a message is in the language of the conversation."""
    said = words(text)
    french = sum(1 for w in said if (w in FRENCH_STOPWORDS or w in FRENCH_CUES) and w not in ENGLISH_STOPWORDS | NO_LANGUAGE_WORDS)
    if french:  # beside another French word they are French ('quelle option choisir ?')
        french += sum(1 for w in said if w in NO_LANGUAGE_WORDS)
    english = sum(1 for w in said if w in ENGLISH_STOPWORDS and w not in FRENCH_STOPWORDS)
    if french >= 2 and french > english:
        return "fr"
    if french == 1 and english == 0:
        # A short French message has one function word, but its accents say it ("c'est réglementé ?"), or a word
        # only French has ('tool process design engineer : niveau ?').
        return "fr" if FRENCH_ACCENT_RE.search(text or "") or any(w in FRENCH_ONLY_CUES for w in said) else None
    return "en" if english or french else None


# Words of ONISEP titles kept out of French matching that English uses as well ('option', 'mention'), and the 's'
# of an English possessive ("the second option's KSBs"): alone, no sign of French.
NO_LANGUAGE_WORDS = frozenset({"option", "mention", "parcours", "s"})
FRENCH_ACCENT_RE = re.compile(r"[éèêàùçîôâë]")
