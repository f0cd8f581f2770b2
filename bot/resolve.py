"""Finds the standard a message means: the one resolver shared by the actions, the CLI and the quiz.

Order of evidence, strongest first:
1. a reference written in the message ("ST1406", "st 1406") or a LARS code said as one ("LARS 14");
2. a pick from the list the assistant just showed ("the second one", "the installation one");
3. the longest catalogue name found as a phrase in the message: titles, typical job titles, options and
   multi-word keywords, matched by spaCy's PhraseMatcher over stemmed tokens (case and plural blind) after
   everyday short forms are expanded ("vet" -> veterinary, "sparky" -> electrician);
4. a fuzzy match of the role the message puts forward ("i want to be a lab tecnician"), for typos;
5. the standard the conversation is already about.

A lone word counts as a name only where the message presents it as a role ("be a butcher", "the paralegal
apprenticeship"), so "my mate" is not the job title "Mate". A name shared by several standards prefers a
title over a job title and an approved-for-delivery standard over a proposal or one in development, unless
the message asks for those; what stays tied is returned as ambiguous, for the caller to ask with buttons.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from itertools import pairwise
from types import MappingProxyType

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA, Levenshtein

from bot.catalogue import Catalogue
from bot.glossary import EN_FR
from bot.lexical import Bm25
from bot.models import KSB_CODE_RE, Standard
from bot.text import ENGLISH_STOPWORDS, FRENCH_STOPWORDS, PREFIXED_RE, fold, language_of, stem, terms, words

REFERENCE_RE = re.compile(r"\bst\s?-?0*(\d{1,4})\b", re.I)
LEVEL_IN_TEXT_RE = re.compile(r"\b(?:[Ll]evel|LEVEL|[Ll]vl|[Nn]iveau)\s*-?\s*(\d)\b|\bL([2-7])\b")  # 'niveau 2': said in French
# A master's said as the level ('the MSc level sustainability apprenticeship', 'a masters-level one') is level 7.
MASTERS_LEVEL_RE = re.compile(r"\b(?:msc|mba|masters?|master'?s)[ -](?:level|degree apprenticeship)\b", re.I)
MASTERS_LEVEL = 7
# A level said right beside a name: 'the level 5 food engineer', 'food engineer (level 5)', 'food engineer L5'.
LEVEL_BESIDE = 14
LEVEL_BEFORE_RE = re.compile(r"\b(?:level|lvl|l)\s*-?\s*([2-7])\s*$", re.I)
LEVEL_AFTER_RE = re.compile(r"\s*\(?\s*(?:level|lvl|l)\s*-?\s*([2-7])\b", re.I)
LARS_RE = re.compile(r"\blars(?:\s+code)?\s*(?:is|=|:|no\.?|number)?\s*(\d{1,4})\b", re.I)
# Codes are codes only when written as codes: a letter glued to its number ("K5", "s12", "B-3"), an upper-case
# letter with a space ("K 5"), or the word spelt out with a number ("knowledge 5", "skill no. 12").
# 'K42', 'k-4', 'S 12'; a lower-case letter and number apart ('k 4?', 'lvl 2, s 11') only at the end of a clause,
# where nothing else reads it ('plan b 2 weeks' is not B2).
KSB_IN_TEXT_RE = re.compile(
    r"(?<![A-Za-z0-9])(?:([KSBksb])-?(\d{1,3})|([KSB]) (\d{1,3})|([ksb]) (\d{1,2})(?=\s*(?:[?!.,;]|pls|please|$)))(?![0-9A-Za-z])"
)
KSB_SPELT_RE = re.compile(r"\b(knowledge|skill|behaviou?r)\s*(?:no\.?|number|#)?\s*(\d{1,3})\b", re.I)
# 'co-ordinator' is one token ('coordinator'), and so is 'p&o' (initials joined by '&', never the "i'm" of a sentence).
_TOKEN_RE = re.compile(r"\b[a-z]&[a-z]\b|" + PREFIXED_RE.pattern + r"|[a-z0-9]+")

# Everyday short forms of words found in standards' names (general trade vocabulary, not per standard).
SHORT_FORMS = {
    "lab": "laboratory",
    "labs": "laboratory",
    "tech": "technician",
    "techs": "technician",
    "admin": "administrator",
    "dev": "developer",
    "devs": "developer",
    "hr": "human resources",
    "mech": "mechanical",
    "elec": "electrical",
    "pharma": "pharmaceutical",
    "biotech": "biotechnology",
    "vet": "veterinary",
    "eng": "engineering",
    "quals": "qualifications",
    "vets": "veterinary",
    "ai": "artificial intelligence",
    "sparky": "electrician",
    "sparkie": "electrician",
    "chippy": "carpenter",
    "chippie": "carpenter",
    "brickie": "bricklayer",
    "hgv": "lorry",
    "accountant": "accountancy",
    "ops": "operations",
    "mgmt": "management",
    "mgr": "manager",
    "agri": "agricultural",
    "ag": "agricultural",
    "ml": "machine learning",
    "av": "audiovisual",
    "gis": "geographic information systems",
    "ux": "user experience",
    "qa": "quality assurance",
    "hse": "health safety environment",
    "fm": "facilities management",
    "cyber": "cyber security",
    "nursery": "early years",
    "childcare": "early years",
    # Clipped words of job titles, as people type them ('biomed scientist', 'marketing exec', 'intel analyst').
    "biomed": "biomedical",
    "exec": "executive",
    "execs": "executive",
    "intel": "intelligence",
    "coord": "coordinator",
    "co-ord": "coordinator",
    "comms": "communications",
    "maint": "maintenance",
    "env": "environmental",
    "enviro": "environmental",
    "med": "medical",
    "physio": "physiotherapist",
    "hosp": "hospitality",
    "infra": "infrastructure",
    "bev": "beverage",
    "asst": "assistant",
    "assoc": "associate",
    "snr": "senior",
    "jnr": "junior",
    "sr": "senior",
    "jr": "junior",
    "op": "operative",
    "dept": "department",
    "govt": "government",
    "pharm": "pharmacy",
    "psych": "psychological",
    "telecoms": "telecommunications",
}
# "IT" is a short form only in capitals: the lower-case word is the pronoun "it".
CAPITAL_SHORT_FORMS = {
    "IT": "information technology",
    "ICT": "information communications technology",
    "OT": "occupational therapist",
    "QS": "quantity surveyor",
    "HGV": "lorry",
}

# Words around a lone word that present it as a role or a standard's name.
ROLE_BEFORE = frozenset(["a", "an", "the", "as", "for", "be", "become", "becoming", "of", "about", "vs", "versus", "compare"])
POSSESSIVES = frozenset(["my", "your", "his", "her", "our", "their", "its", "me"])
SET_AGAINST = frozenset(["vs", "v", "versus", "compare"])  # a word set against another standard names one, in any conversation
PERSON_BEFORE = POSSESSIVES | {
    "a",
    "an",
    "the",
    "with",
    "other",
    "some",
    "any",
    "every",
    "each",
    "another",
    "senior",
    "junior",
}  # a person, not the standard
ROLE_AFTER = frozenset(
    [
        "apprenticeship",
        "apprenticeships",
        "apprentice",
        "apprentices",
        "standard",
        "role",
        "job",
        "course",
        "one",
        "training",
        "vs",
        "versus",
        "degree",  # 'the midwifery degree apprenticeship'
    ]
)
NAME_GAP_WORDS = 1  # words a person may put inside a name ('emergency call handler')
# A message that picks a standard by a word of its name: 'the advanced one', 'and the hgv apprenticeship?', alone or
# followed by a question after a separator ('the installation one - how long?'; the question is read apart).
DESCRIBED_PICK_RE = re.compile(
    r"^\W*(?P<pick>(?:(?:and|ok|okay|so|what about|how about|i'?ll take|i want|give me|tell me about|show me)\s+)?"
    r"the\s+(?P<what>[a-z][\w\s'-]{0,40}?)\s+(?:one|ones|apprenticeship|standard))(?:\W*$|\s*[-–,.:;?!]+\s*\w)"
)
QUALIFIER_TERMS = frozenset(terms("degree integrated senior advanced higher"))  # qualify a title: words of questions too
NOT_TITLE_WORDS = frozenset(terms("apprenticeship apprenticeships standard course one level"))
# Words that never name a standard on their own, whatever the catalogue lists as a job title.
NAMES_HOLD = 0.5  # share of a role's word weight a standard's names must hold to be that role
GENERIC = frozenset(
    terms("apprenticeship apprenticeships standard course job role career one level option pathway work first second third last")
)
FRENCH_FUNCTION_WORDS = FRENCH_STOPWORDS | frozenset(["quel", "quelle", "quels"])
NOT_DELIVERING_WORDS = re.compile(r"in development|proposal|proposed|draft|withdrawn|retired|old version", re.I)
FRENCH_COURSE_TYPES = frozenset({"cap", "capa", "bts", "btsa", "but", "bp", "bpa", "dut", "bac"})  # never a standard's initials
ROLE_NAME_KINDS = ("title", "job", "french", "acronym")  # names of the occupation itself, not of its field
# In an interest search, an option is the name of a branch of a broader standard (the Royal Engineer's 'Plumber'):
# a little weaker than a title or job title; a standard whose own title holds every word asked comes first.
RANK_NAME_WEIGHTS = {"title": 1.0, "job": 1.0, "option": 0.9}
TITLE_HOLDS_BONUS = 0.05
AS_SAID_BONUS = 0.15  # a name whose words are said as written, over one matched through trade endings
NAME_WEIGHTS = {"title": 1.0, "job": 0.9, "option": 0.85, "acronym": 0.85, "french": 0.8, "keyword": 0.7}
ESCO_PER_NAME = 2  # ESCO occupations whose French labels one English name lends
# "how long is that" points at what was just offered; "is it well paid?" goes on about the standard in context.
PRONOUN_RE = re.compile(r"\b(?:that|this|those)\b")
THAT_ONE_RE = re.compile(r"\bthat (?:one|apprenticeship|standard|course)\b|\bthose\b")
# Positions said in words, as list indexes (-1 the last): one table for lists of standards, quiz choices and
# KSBs asked by position.
ORDINALS = {
    "first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3, "4th": 3, "fifth": 4, "5th": 4,
    "sixth": 5, "6th": 5, "seventh": 6, "7th": 6, "eighth": 7, "8th": 7, "ninth": 8, "9th": 8, "tenth": 9, "10th": 9,
    "last": -1, "final": -1, "top": 0,
    # French ('le 2e', 'la première'), folded and as typed.
    "premier": 0, "premiere": 0, "première": 0, "1er": 0, "1re": 0, "deuxieme": 1, "deuxième": 1, "2e": 1, "2eme": 1,
    "2ème": 1, "troisieme": 2, "troisième": 2, "3e": 2, "3eme": 2, "3ème": 2, "quatrieme": 3, "quatrième": 3, "4e": 3,
    "cinquieme": 4, "cinquième": 4, "5e": 4, "dernier": -1, "derniere": -1, "dernière": -1,
}  # fmt: skip
RARE_WORD_SHARE = 0.02  # a one-word job title names a standard alone only if at most 2% of standards use the word
PARTIAL_ALONE = 0.45  # share of a name's weight a message must say to name it without the rest
PARTIAL_IN_CONTEXT = 0.75
PARTIAL_MARGIN = 0.05
SHORT_WORD_MIN = 4  # letters of a word cut short ('ortho') that may stand for the name words it begins
SHORT_PLURAL_MIN = 3  # letters of a plural cut short ('revs', 'bens') that may stand for the name words it begins
MAX_COMPLETIONS = 5  # ... when it begins at most this many
NAME_GAP = 3  # words other than a name's own a partial name may have among its words ('practitioner in procurement')
ROLE_WORDS = 4
MODIFIER_WORDS = 2  # words just before a name that can make it a longer name ('healthcare' engineering technician)
SLIP_SPREAD = 3  # a word at most this many standards' or ESCO occupations' texts write may be their slip of a common name word
FUZZY_PICK = 0.6  # a fuzzy role match above this picks the standard; below it the person is asked
FUZZY_FLOOR = 0.3  # below this a fuzzy match names nothing ('entry requirements for both' is no Steel fixer)
# A name said to set it aside ('the lab one, not clinical dental tech', 'rather than the senior one').
NEGATED_ASIDE_RE = re.compile(r"\(\s*(?:but not|not|rather than|other than|instead of)\b[^()]*\)", re.I)
SETTING_ASIDE = r"rather than|instead of|other than|except|apart from|but not"  # words that set a thing aside
NEGATED_RE = re.compile(rf"\b(?:not|n't|{SETTING_ASIDE})\s+(?:the\s+|a\s+|an\s+)?$", re.I)
# Standards set against each other (the router's comparison kind reads these words too).
COMPARED_RE = re.compile(
    r"\bvs\.?\b|\bversus\b|(?<![\w.])v\.?(?![\w.])(?!\s*\d)|\bcompare\b|\bcomparison\b|\bdifference (?:between|with)\b|\bdiffer(?:s|ent)? from\b|\bcompared (?:to|with)\b"
    r"|\b(?:is|are) (?:it|this|that|they|the \w+ one) (?:the same as|similar to|any different from)\b",  # 'is it the same as becoming a solicitor'
    re.I,
)
OPTION_WORD_RE = re.compile(r"\b(?:option|options|pathway|pathways|specialism|route)\b", re.I)
ROLE_PHRASE_RE = re.compile(
    # ('im thinking about a ...', 'i'm looking for ...': what one is doing, no role)
    r"\b(?:be|become|becoming|work as|working as|train as|training as|job as|career as|(?:am|i'm|im)(?!\s+\w+ing\b)|trainee)\s+(?:an?\s+)?(?P<after>[a-z][a-z '-]{2,60})"
    r"|(?P<before>[a-z][a-z '-]{2,60}?)\s+(?P<roleword>apprenticeships?|standard|one|course|role)\b"
    # Another field put forward mid-conversation: 'what about motorbikes instead?', 'can u do barbering'.
    r"|\b(?:what about|how about|can (?:i|u|you) do|rather do|switch to)\s+(?:doing |being |working (?:in|with|on) |a |an )?(?P<topic>[a-z][a-z '-]{2,60})"
    r"|(?P<instead>[a-z][a-z '-]{2,40}?)\s+instead\b",
    re.I,
)


@dataclass(frozen=True)
class Candidate:
    reference: str
    title: str
    score: float
    matched: str = ""


@dataclass(frozen=True)
class Resolution:
    """The standard(s) a message means and how they were found; `how` is reference, lars, offered, name,
    fuzzy, slot or none. Several candidates with `ambiguous` set mean: ask which."""

    candidates: tuple[Candidate, ...] = ()
    how: str = "none"
    phrase: str = ""  # the words of the message that named it (removed before routing the question)
    ambiguous: bool = False
    unknown_reference: str = ""
    others: tuple[str, ...] = ()  # further standards named by title or job title in the message ("compare X and Y")
    phrases: tuple[str, ...] = ()  # every catalogue name said in the message (taken out before routing)
    naming: tuple[str, ...] = ()  # of those, the ones naming this standard, when others name other standards
    name_kind: str = ""  # found by name: the kind of name (title, job, option, keyword, acronym, french)

    @property
    def own_phrases(self) -> tuple[str, ...]:
        """The words naming this standard: taken out of a question about its content, where any other name said
        stays, for it may be the topic ('does the aviation mover one cover dangerous goods')."""
        return self.naming or self.phrases or (self.phrase,)

    @property
    def reference(self) -> str | None:
        return self.candidates[0].reference if self.candidates and not self.ambiguous else None

    @property
    def from_message(self) -> bool:
        return self.how not in ("slot", "none")

    @property
    def named_in_message(self) -> bool:
        """Named by its reference or its name (not picked from a list or guessed from a typo)."""
        return self.how in ("reference", "lars", "name", "partial")


@dataclass(frozen=True)
class _PartialMatch:
    """How one name is said in part: how many of its words, how many of those the message places and how far apart
    (`_spread`), and the share of its weight."""

    words: int
    placed: int
    spread: int
    score: float

    @property
    def together(self) -> bool:
        """Whether the name's words are said near one another, as a name is ('prosthetics technician'), not
        scattered through a sentence ('prosthetics technician - will there be some kind of test' is no Test
        technician). Words found only by completion or compounding have no place and do not constrain."""
        return self.placed < 2 or self.spread < self.placed + NAME_GAP

    @property
    def rank(self) -> tuple[int, bool, int, float]:
        """Best first: more of the message's words ('ai and automation' is the AI and automation practitioner, not
        the AI data specialist whose job title says only 'AI'), then words said together as a name is over words
        scattered through the message ('prosthetics technician - will there be some kind of test' names no Test
        technician), the closer the better ('orthotics technician in an nhs workshop' is the Prosthetic and
        orthotic technician, not a Workshop technician), then more of the name's weight."""
        return (-self.words, not self.together, self.spread, -self.score)


@dataclass
class _Name:
    reference: str
    text: str
    kind: str


@dataclass
class _Token:
    word: str  # folded, short forms expanded
    start: int  # character span in the original text
    end: int


@dataclass
class Mention:
    """One phrase of the message naming one or more standards."""

    phrase: str
    start: int
    end: int
    length: int  # tokens
    candidates: list[Candidate] = field(default_factory=list)
    ambiguous: bool = False
    kind: str = "title"  # the best kind of name it matched: title, job, option or keyword


def _naming(mentions: list[Mention], reference: str, chosen: bool = False) -> list[str]:
    """The phrases of the mentions that name one standard first ('credit control' names the credit controller
    first, though a finance manager's job title says it too). A standard `chosen` by its reference (a button)
    is also named by a name it shares in a tie ('aircraft mechanic', a name two standards share, names the one
    of them picked: what is left is the question)."""
    return [
        m.phrase
        for m in mentions
        if m.candidates
        and (m.candidates[0].reference == reference or (chosen and m.ambiguous and reference in {c.reference for c in m.candidates}))
    ]


def find_reference(text: str) -> str | None:
    """'st1406', 'ST 1406', 'st-1406' all give 'ST1406'."""
    match = REFERENCE_RE.search(text or "")
    return f"ST{int(match.group(1)):04d}" if match else None


def find_references(text: str) -> list[str]:
    return list(dict.fromkeys(f"ST{int(m.group(1)):04d}" for m in REFERENCE_RE.finditer(text or "")))


# Two levels offered as a choice ('is it a level 2 or level 3?', 'level 2 or 3'): a question, no level said.
LEVEL_CHOICE_RE = re.compile(
    r"\b(?:level|lvl|l|niveau)\s*-?\s*\d\s*(?:or|ou|/)\s*(?:(?:a\s+|au\s+)?(?:level|lvl|l|niveau)\s*-?\s*)?\d\b", re.I
)


def level_in(text: str) -> int | None:
    """The level a message says ('the level 3 one', 'level 6 apprenticeships', 'the L2'); none when it asks which
    of two ('a level 2 or level 3?')."""
    if LEVEL_CHOICE_RE.search(text or ""):
        return None
    said = levels_said(text)
    if said:
        return said[0]
    return MASTERS_LEVEL if MASTERS_LEVEL_RE.search(text or "") else None


def levels_said(text: str) -> tuple[int, ...]:
    """Every level a message says, in order ('im on the level 3 X and want the level 5 Y' -> (3, 5))."""
    return tuple(int(found.group(1) or found.group(2)) for found in LEVEL_IN_TEXT_RE.finditer(text or ""))


def find_ksb_codes(text: str) -> list[str]:
    """KSB codes written as codes ('k42', 'S 12', 'B3', 'skill 4'), upper-cased, in order, without duplicates."""
    found: list[tuple[int, str]] = []
    for match in KSB_IN_TEXT_RE.finditer(text or ""):
        letter, number = next((match.group(i), match.group(i + 1)) for i in (1, 3, 5) if match.group(i))
        found.append((match.start(), f"{letter.upper()}{int(number)}"))
    for match in KSB_SPELT_RE.finditer(text or ""):
        found.append((match.start(), f"{match.group(1)[0].upper()}{int(match.group(2))}"))
    ordered = [code for _, code in sorted(found)]
    return list(dict.fromkeys(code for code in ordered if KSB_CODE_RE.match(code) and int(code[1:]) > 0))


def _only_inflected(said: list[_Token], names: list[_Name]) -> bool:
    """Whether every word said matches a name's word only by its stem, in another form ('learn design' for
    'Learning designer'): a phrase of the sentence, not the name. A plural is the same form ('nurses')."""
    written = {w for n in names for w in words(n.text)}
    return not any(_written_among(t.word, written) for t in said)


def _written_among(word: str, written: Collection[str]) -> bool:
    """Whether a word is among words as written, a plural being the same form ('nurses' for 'nurse')."""
    return word in written or word.rstrip("s") in written or f"{word}s" in written


def tokens_of(text: str, expand: bool = True) -> list[_Token]:
    """Folded word tokens with their character spans, short forms expanded (one token may become two)."""
    out: list[_Token] = []
    folded = fold(text or "")
    for match in _TOKEN_RE.finditer(folded):
        original = (text or "")[match.start() : match.end()]
        expansion = (CAPITAL_SHORT_FORMS.get(original) or SHORT_FORMS.get(match.group())) if expand else None
        for word in (expansion or match.group().replace("-", "")).split():
            out.append(_Token(word, match.start(), match.end()))
    return out


class StandardResolver:
    """Names of every standard in a PhraseMatcher, plus an idf-weighted fuzzy ranker for typos and for
    listing standards that fit an interest."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.references = sorted(catalogue.standards)
        self._names: list[_Name] = []
        for reference in self.references:
            standard = catalogue.standards[reference]
            for text in _variants(standard.title, title=True):
                self._names.append(_Name(reference, text, "title"))
            self._names += [_Name(reference, v, "job") for t in standard.typical_job_titles for v in _variants(t)]
            self._names += [_Name(reference, o, "option") for o in standard.options]
            self._names += [_Name(reference, k, "keyword") for k in standard.keywords if len(k.split()) > 1]
        self._names += self._esco_names()
        self._names += self._glossary_names()
        self._names += self._acronyms()
        self._lars = {s.lars_code.strip(): s.reference for s in catalogue.standards.values() if s.lars_code.strip() not in ("", "0")}
        self._build_ranker()

    def _defined_elsewhere(self) -> list[_Name]:
        """An acronym one title defines, said for the same words in another title: 'OME specialist' is the
        Ordnance munitions and explosives specialist, though only the OME professional's title brackets 'OME'."""
        definitions = {d[1].lower(): d[0] for s in self.catalogue.standards.values() if (d := _bracketed_definition(s.title))}
        spelt_out = [(re.compile(rf"\b{re.escape(said)}\b", re.I), acronym) for said, acronym in definitions.items()]
        found = []
        for reference in self.references:
            for title in _variants(self.catalogue.standards[reference].title, title=True):
                for pattern, acronym in spelt_out:
                    at = pattern.search(title)
                    if at and f"({acronym})" not in title:
                        found.append(_Name(reference, f"{title[: at.start()]}{acronym}{title[at.end() :]}".strip(), "title"))
        return found

    def _defined_in_text(self) -> list[_Name]:
        """A title said with an acronym its own standard's text defines for some of its words: 'TES specialist'
        is the Through life engineering services specialist, whose KSBs write 'Through life Engineering Service
        (TES)'. Only words of the title are replaced, so an acronym of anything else ('(NHS)') names nothing."""
        found = []
        for reference in self.references:
            standard = self.catalogue.standards[reference]
            texts = [standard.overview, standard.occupation_summary, *(k.text for k in standard.ksbs), *(d.text for d in standard.duties)]
            title_words = words(_short_name(standard.title))
            title = tuple(stem(w) for w in title_words)
            for acronym, spelt in dict.fromkeys(d for text in texts for d in _text_definitions(text)):
                at = next((i for i in range(len(title) - len(spelt) + 1) if title[i : i + len(spelt)] == spelt), None)
                if at is not None and len(title) > len(spelt):  # the acronym beside the title's other words
                    said = [*title_words[:at], acronym.lower(), *title_words[at + len(spelt) :]]
                    found.append(_Name(reference, " ".join(said), "title"))
        return found

    def _acronyms(self) -> list[_Name]:
        """Titles said by their initials ('PWP' for Psychological wellbeing practitioner, 'LGV driver' for
        Large goods vehicle (LGV) driver): a title's own bracketed acronym in place of the words it stands
        for, and the initials of a title's words when no other title has the same and they are not a word."""
        found: list[_Name] = []
        initials: dict[str, set[str]] = {}
        bracketed: dict[str, set[str]] = {}
        paired: dict[str, set[str]] = {}
        for reference in self.references:
            standard = self.catalogue.standards[reference]
            for title in _variants(standard.title):
                if (short := _with_bracketed_acronym(title)) and short != title:
                    found.append(_Name(reference, short, "title"))
                for pair, rest in _ampersand_pairs(title):
                    found.append(_Name(reference, f"{pair} {rest}", "title"))  # 'P&O technician'
                    paired.setdefault(pair, set()).add(reference)
            for job in standard.typical_job_titles:  # 'Electrical and instrumentation technician': 'E&I technician'
                found += [_Name(reference, f"{pair} {rest}", "job") for pair, rest in _ampersand_pairs(job) if rest]
            # A bracketed acronym the title's own words do not spell ('Clinical associate in psychology (CAP)').
            for declared in re.findall(r"\(([A-Z]{2,6})\)", standard.title):
                bracketed.setdefault(declared.lower(), set()).add(reference)
            short = _short_name(standard.title)
            initialled = next(v for v in (short, _unbracketed(standard.title), standard.title) if " " in v or v == standard.title)
            # A job title's initials too: 'EHO' is the Environmental health officer, the practitioner's job title.
            for name in (initialled, *(_unbracketed(job) for job in standard.typical_job_titles)):
                content = [w for w in words(name) if w not in ENGLISH_STOPWORDS and w.isalpha()]
                if 3 <= len(content) <= 6:
                    initials.setdefault("".join(w[0] for w in content), set()).add(reference)
        # Not a word: in at most two standards' texts (its own may well write it) and not in ESCO's English.
        # Versions of one occupation under two references (an approved 'Specialist community public health nurse
        # (NMC 2022)' beside the one in development) share its initials: 'SCPHN' names both, the approved first.
        for acronym, references in initials.items():
            spread = self._word_spread.get(stem(acronym), 0)
            one_occupation = len({_short_name(self.catalogue.standards[r].title).lower() for r in references}) == 1
            if one_occupation and spread <= 2 and acronym not in self._esco_words and acronym not in ENGLISH_STOPWORDS:
                found += [_Name(reference, acronym, "acronym") for reference in sorted(references)]
        found += self._defined_elsewhere()
        found += self._defined_in_text()
        found += [_Name(reference, pair, "acronym") for pair, references in paired.items() for reference in sorted(references)]
        found += [
            _Name(next(iter(references)), acronym, "acronym")
            for acronym, references in bracketed.items()
            if len(references) == 1 and acronym not in FRENCH_COURSE_TYPES  # 'quel CAP pour boulanger' is the French CAP
        ]
        return found

    def _glossary_names(self) -> list[_Name]:
        """French names of one-word trades the glossary puts into one French word ('Florist' is 'fleuriste',
        'Baker' 'boulanger'), where ESCO lends none: 'et pour un fleuriste ?' names the Florist. Only a word
        that heads one of ESCO's French occupation labels, a person ('cuisinier', not the field 'cuisine')."""
        heads = {
            fold(words(variant)[0])
            for occupation in self.catalogue.esco
            for label in (occupation.label_fr, *occupation.alt_fr)
            for variant in label.split("/")
            if words(variant)
        }
        found: dict[tuple[str, str], _Name] = {}
        for reference in self.references:
            standard = self.catalogue.standards[reference]
            for english in (standard.title, *standard.typical_job_titles):
                if len(english.split()) != 1:
                    continue
                for french in EN_FR.get(english.lower(), ()):
                    if len(french.split()) == 1 and fold(french) in heads:
                        found.setdefault((reference, fold(french)), _Name(reference, french, "french"))
        return list(found.values())

    def _esco_names(self) -> list[_Name]:
        """French names of each standard, from ESCO: an occupation whose English label (preferred or
        alternative) says exactly a standard's title or job title lends its French labels ('technicien de
        laboratoire/technicienne de laboratoire' for 'Laboratory technician'), so French speakers are understood.
        (Its other English labels are not lent: ESCO's alternative labels include neighbouring roles, so
        'library assistant' would name a librarian's standard.)"""
        by_label: dict[frozenset[str], list[int]] = {}
        for row, occupation in enumerate(self.catalogue.esco):
            for label in (occupation.label_en, *occupation.alt_en):
                if key := frozenset(terms(label)):
                    by_label.setdefault(key, []).append(row)
        names: dict[tuple[str, str], _Name] = {}
        for reference in self.references:
            standard = self.catalogue.standards[reference]
            for english in (standard.title, *standard.typical_job_titles):
                for row in list(dict.fromkeys(by_label.get(frozenset(terms(english)), ())))[:ESCO_PER_NAME]:
                    occupation = self.catalogue.esco[row]
                    for label in (occupation.label_fr, *occupation.alt_fr):
                        for variant in label.split("/"):
                            if variant.strip():
                                names.setdefault((reference, fold(variant.strip())), _Name(reference, variant.strip(), "french"))
        return list(names.values())

    # --- the phrase matcher -----------------------------------------------------------------------------

    @cached_property
    def _matcher(self) -> tuple[object, dict[str, list[_Name]]]:
        """spaCy PhraseMatcher over stemmed names; built on first use (about a second on the full catalogue)."""
        import spacy
        from spacy.matcher import PhraseMatcher
        from spacy.tokens import Doc

        nlp = spacy.blank("en")
        matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        by_key: dict[str, list[_Name]] = {}
        for name in self._names:
            # A name as written ('IT solutions technician', said 'it solutions technician') and with its short
            # forms expanded ('information technology solutions technician'), so both ways of saying it match.
            for expand in (False, True):
                stems = _stems(_without_connectives(tokens_of(name.text, expand)))
                meaningful = [st for st in stems if st not in GENERIC_KEYS]
                if not meaningful or (len(meaningful) == 1 and name.kind == "keyword"):
                    continue  # 'engineer apprenticeship' as a keyword is the lone word 'engineer'
                if len(stems) == 1 and stems[0] in GENERIC:
                    continue
                key = " ".join(stems)
                if key not in by_key:
                    matcher.add(key, [Doc(nlp.vocab, words=stems)])
                if name not in by_key.setdefault(key, []):
                    by_key[key].append(name)
        return (nlp, matcher), by_key

    @cached_property
    def _word_spread(self) -> dict[str, int]:
        """In how many standards' own texts (summary, duties, KSBs) each stem occurs: a word many use is a word."""
        spread: dict[str, int] = {}
        for standard in self.catalogue.standards.values():
            text = " ".join([standard.occupation_summary, *(d.text for d in standard.duties), *(k.text for k in standard.ksbs)])
            for term in set(terms(text)):
                spread[term] = spread.get(term, 0) + 1
        return spread

    def named_among(self, name: str, references: list[str]) -> str | None:
        """The one of `references` whose title or job titles hold every word of `name` (short forms expanded,
        initials read: 'QS' is a quantity surveying technician's), or None when none or several do."""
        said = said_terms(name) - NAMING_FILLER
        if not said:
            return None
        fits = [r for r in references if r in self.catalogue.standards and said <= self._names_and_initials(r)]
        if len(fits) > 1:  # 'the educator one': the Early years educator by title, not the one with an 'Education welfare officer'
            fits = [r for r in fits if said <= _title_words_and_initials(self.catalogue.standards[r].title)]
        return fits[0] if len(fits) == 1 else None

    def _names_and_initials(self, reference: str) -> set[str]:
        """The words of a standard's names and the initials of its title's and job titles' words."""
        standard = self.catalogue.standards[reference]
        initials = (_title_words_and_initials(name) for name in (standard.title, *standard.typical_job_titles))
        return self._name_terms(reference).union(*initials)

    def asides_naming(self, text: str, reference: str) -> tuple[str, ...]:
        """Bracketed asides that only name the standard again, in its own words or their initials ('the school
        nurse apprenticeship (SCPHN, NMC 2022)', 'the aircraft mechanic one (unlicensed mechanic)'): naming, not
        part of the question ('NMC' there asks nothing about registration). An aside with any other word
        ('(level 3)', '(is it paid?)') stays in the question."""
        if reference not in self.catalogue.standards or "(" not in text:
            return ()  # most messages hold no aside: the standard's names are not gathered for them
        names = self._names_and_initials(reference) | set(terms(" ".join(self.catalogue.standards[reference].keywords)))
        asides = []
        for aside in ASIDE_RE.finditer(text):
            said = set(terms(aside.group(1))) - NAMING_FILLER
            if said and said <= names:
                asides.append(aside.group(0))
        return tuple(asides)

    def name_said_around(self, text: str, phrase: str, reference: str) -> str:
        """The phrase that named a standard, with the words beside it that are words of its names or keywords
        ('knitting machine' matched as a keyword of the Knitted product manufacturing technician, said as 'the
        knitting machine technician one'): the whole name as the person said it, none of it a question."""
        standard = self.catalogue.standards.get(reference)
        start = fold(text).find(fold(phrase)) if phrase else -1
        if standard is None or start < 0:
            return phrase
        names = self._name_terms(reference) | set(terms(" ".join(standard.keywords)))
        tokens = tokens_of(text)
        inside = [i for i, t in enumerate(tokens) if start <= t.start < start + len(phrase)]
        if not inside:
            return phrase

        def naming(i: int) -> bool:
            said = set(terms(tokens[i].word))
            return tokens[i].word not in ENGLISH_STOPWORDS and bool(said) and said <= names

        first, last = inside[0], inside[-1]
        while first > 0 and inside[0] - first < MODIFIER_WORDS and naming(first - 1):
            first -= 1
        while last + 1 < len(tokens) and last - inside[-1] < MODIFIER_WORDS and naming(last + 1):
            last += 1
        return text[tokens[first].start : tokens[last].end]

    def name_words(self) -> Mapping[str, int]:
        """Every word of the standards' names (titles, job titles, options), with in how many names it is: read
        once (a question mid-conversation asks it too), not to be changed."""
        return self._name_word_counts

    @cached_property
    def _name_word_counts(self) -> Mapping[str, int]:
        counts: dict[str, int] = {}
        for name in self._names:
            if name.kind != "french":
                for word in set(words(name.text)):
                    counts[word] = counts.get(word, 0) + 1
        return MappingProxyType(counts)

    @cached_property
    def real_words(self) -> frozenset[str]:
        """The words the standards' and ESCO's English texts use, read once: real words, never taken for typos nor
        for a name cut short. A word only one standard's text writes and ESCO never does is left out: the
        catalogue has typos of its own ('pracitioner'), and one of them must not shield the same slip typed by a
        person from being put right."""
        spread = self._text_spread
        # ESCO's English, every occupation and everyday words, alike: a word only one of its occupations writes
        # and no standard does may be its slip ('techician').
        esco = frozenset(w for w, n in self._esco_spread.items() if n > 1 or w in spread)
        return frozenset(w for w, n in spread.items() if n > 1) | esco

    @cached_property
    def _text_spread(self) -> dict[str, int]:
        """Each word of the standards' texts, with the number of standards that write it."""
        spread: dict[str, int] = {}
        for standard in self.catalogue.standards.values():
            parts = [standard.occupation_summary, standard.overview, standard.entry_requirements]
            for word in set(words(" ".join([*parts, *(d.text for d in standard.duties), *(k.text for k in standard.ksbs)]))):
                spread[word] = spread.get(word, 0) + 1
        return spread

    def text_slips(self, common: Collection[str]) -> frozenset[str]:
        """Words of the standards' and ESCO's texts that are likely their slips of a common name word: written
        by at most SLIP_SPREAD standards or occupations in all, one letter away from a word of `common`
        ('tecnician' in two ESCO descriptions beside 'technician' in hundreds of names). A person who types the
        same slip means the common word; a real word that rare and that near a common one is rarer still."""
        spread = dict(self._esco_spread)
        for word, count in self._text_spread.items():
            spread[word] = spread.get(word, 0) + count
        names = self.name_words()
        rare = [w for w, n in spread.items() if n <= SLIP_SPREAD and len(w) >= 6 and w.isalpha() and w not in names]
        found = set()
        for word in common:
            for slip, _distance, _ in process.extract(word, rare, scorer=OSA.distance, score_cutoff=1, limit=None):
                if slip[0] == word[0] and slip not in (word, f"{word}s"):
                    found.add(slip)
        return frozenset(found)

    @cached_property
    def _esco_words(self) -> frozenset[str]:
        """Every word of ESCO's English labels and descriptions: read once, for the acronyms and the speller."""
        return frozenset(self._esco_spread)

    @cached_property
    def _esco_spread(self) -> dict[str, int]:
        """Each word of ESCO's English labels and descriptions, with the number of occupations that write it."""
        spread: dict[str, int] = {}
        for occupation in self.catalogue.esco:
            for word in set(words(f"{occupation.label_en} {' '.join(occupation.alt_en)} {occupation.description_en}")):
                spread[word] = spread.get(word, 0) + 1
        return spread

    def rare_word(self, word_stem: str) -> bool:
        return self._word_spread.get(word_stem, 0) <= RARE_WORD_SHARE * max(len(self.catalogue.standards), 1)

    def mentions(self, text: str, in_context: bool = False) -> list[Mention]:
        """Catalogue names in the message, longest first where they overlap, in the order they appear.
        `in_context`: the conversation is already about a standard, so a lone word must be set out as a
        standard ('the butcher one', 'butcher apprenticeship') to move it elsewhere."""
        from spacy.tokens import Doc

        tokens = tokens_of(text)
        if not tokens:
            return []
        (nlp, matcher), by_key = self._matcher
        tokens = _merge_compounds(_without_connectives(tokens), by_key)
        stems = _stems(tokens)
        doc = Doc(nlp.vocab, words=stems)  # type: ignore[attr-defined]
        spans = sorted(((end - start, start, end) for _, start, end in matcher(doc)), key=lambda s: (-s[0], s[1]))  # type: ignore[operator]
        taken: set[int] = set()
        found: list[Mention] = []
        wants_any_status = bool(NOT_DELIVERING_WORDS.search(text))
        against = bool(COMPARED_RE.search(text))  # names set against each other are each a standard's name
        # In English the word before a role can make it another role ('library assistant'); French puts its
        # modifiers after the noun ('devenir barrister', 'technicien de laboratoire'), so there none is read.
        is_name = self._is_lone_name if language_of(text) == "en" else (lambda _word: True)
        for length, start, end in spans:
            if taken & set(range(start, end)):
                continue
            key = " ".join(stems[start:end])
            names = by_key.get(key, [])
            if CONNECTIVE_RE.search(text[tokens[start].start : tokens[end - 1].end]) and not any(
                CONNECTIVE_RE.search(n.text) for n in names
            ):
                continue  # 'planes and engineering' is two interests, not the Planning engineer
            if length == 1 and not _presented_as_role(tokens, start, names, in_context, self.rare_word, is_name, against):
                continue
            set_out = start + 1 < len(tokens) and tokens[start + 1].word in ROLE_AFTER  # 'the cap one', 'cap apprenticeship'
            if length == 1 and len(key) <= 3 and not text[tokens[start].start : tokens[start].end].isupper() and not set_out:
                continue  # a three-letter acronym in capitals ('PWP') or set out as a standard, not the word 'ago'
            if length == 1 and any(n.kind == "acronym" for n in names) and len(key) <= 3:
                names = [n for n in names if n.kind == "acronym"]
            if (
                length == 1
                and all(n.kind == "acronym" for n in names)
                and "'" in text[tokens[start].start : tokens[start].end].replace("’", "'")
            ):
                continue  # initials are never written with an apostrophe: "c'est" is not CEST
            if in_context and length > 1 and _only_inflected(tokens[start:end], names):
                continue  # 'do u learn design software' is no 'Learning designer' to move the conversation to
            mention = self._mention(text, tokens, start, end, names, wants_any_status)
            if mention.candidates:
                taken |= set(range(start, end))
                found.append(mention)
        return sorted(found, key=lambda m: m.start)

    def _is_lone_name(self, word: str) -> bool:
        """Whether a word is, as written, a one-word title or job title ('plumber', not 'library' for 'Librarian')."""
        _matcher, by_key = self._matcher
        return any(n.kind in ("title", "job") and [stem(w) for w in words(n.text)] == [stem(word)] for n in by_key.get(name_key(word), ()))

    def _mention(self, text: str, tokens: list[_Token], start: int, end: int, names: list[_Name], any_status: bool) -> Mention:
        best: dict[str, float] = {}
        kinds = sorted({n.kind for n in names}, key=lambda k: -NAME_WEIGHTS[k])
        said_stems = [stem(t.word) for t in tokens[start:end]]
        for name in names:
            standard = self.catalogue.standards[name.reference]
            weight = NAME_WEIGHTS[name.kind] - (0 if any_status else _status_penalty(standard))
            # The name as said beats one equal only once trade endings are cut ('police officer' is the police
            # constable's job title, not the Policy officer).
            weight += AS_SAID_BONUS if _name_stems(name.text) == said_stems else 0.0
            best[name.reference] = max(best.get(name.reference, 0.0), weight)
        # A lone word several standards list as a job: the standard whose own title shares it is meant ('as a
        # plumber' -> 'Plumbing and domestic heating technician'); a longer shared name is asked about.
        said = set(_stems(tokens[start:end]))
        in_title = {r: len(said & set(_stems(tokens_of(self.catalogue.standards[r].title)))) for r in best}
        # One open to apprentices first, whatever kind of name it holds the words as: 'property maintenance' is
        # the approved Property maintenance operative's keyword before it is the title of one in development.
        # (Only one that holds them as the name of its occupation or in its title: a field's keyword alone does
        # not outrank another standard's exact title.)
        holds = {r: any(n.reference == r and n.kind in ("title", "job") for n in names) or in_title[r] == len(said) for r in best}
        closed = {r: 0 if any_status or (self.catalogue.standards[r].is_delivering and holds[r]) else 1 for r in best}
        ranked = sorted(best.items(), key=lambda item: (closed[item[0]], -item[1], -in_title[item[0]], item[0]))
        matched = " ".join(t.word for t in tokens[start:end])
        candidates = [Candidate(r, self.catalogue.standards[r].title, round(w, 4), matched) for r, w in ranked]
        tied = len(ranked) > 1 and closed[ranked[1][0]] == closed[ranked[0][0]] and ranked[1][1] >= ranked[0][1] - 1e-9
        ambiguous = tied and (end - start > 1 or in_title[ranked[1][0]] >= in_title[ranked[0][0]])
        char_start, char_end = tokens[start].start, tokens[end - 1].end
        return Mention(text[char_start:char_end], char_start, char_end, end - start, candidates, ambiguous, kinds[0] if kinds else "title")

    # --- the whole decision -----------------------------------------------------------------------------

    def understand(self, text: str, current: str | None = None, offered: list[str] | tuple[str, ...] = ()) -> Resolution:
        """The standard `text` means, given the conversation's `current` standard and the `offered` list."""
        resolution = self._understand(text or "", current, offered)
        if (
            resolution.how in ("name", "partial", "fuzzy")
            and resolution.reference != current
            and self._names_its_option(text or "", current)
        ):
            return self.understand("", current)
        return resolution

    def _names_its_option(self, text: str, current: str | None) -> bool:
        """'is S13 in the risk analyst option?' about the Cyber security technologist: the words name one of the
        current standard's options (Cyber Risk Analyst), not the Intelligence analyst whose job title they are."""
        standard = self.catalogue.standards.get(current or "")
        return bool(standard and standard.options and OPTION_WORD_RE.search(text) and find_option(standard, text))

    def _understand(self, text: str, current: str | None, offered: list[str] | tuple[str, ...]) -> Resolution:
        text = NEGATED_ASIDE_RE.sub(lambda found: " " * len(found.group(0)), text)  # '(not accident repair)' names nothing
        written = find_references(text)
        if written:
            # A reference written out is found even when only the archive knows it (retired long ago).
            known = [r for r in written if self.catalogue.standard(r) is not None]
            if not known:
                suggestions = tuple(Candidate(s.reference, s.title, 0.0) for s in self.suggest_references(written[0]))
                return Resolution(suggestions, "reference", written[0], ambiguous=True, unknown_reference=written[0])
            first = self.catalogue.standard(known[0])
            assert first is not None
            found = REFERENCE_RE.search(text)
            mentions = self.mentions(text)
            phrases = (found.group(0) if found else "", *(m.phrase for m in mentions))
            candidate = Candidate(first.reference, first.title, 1.0)
            naming = (phrases[0], *_naming(mentions, first.reference, chosen=True))
            return Resolution((candidate,), "reference", phrases[0], others=tuple(known[1:]), phrases=phrases, naming=naming)
        lars = LARS_RE.search(text)
        if lars and lars.group(1) in self._lars:
            standard = self.catalogue.standards[self._lars[lars.group(1)]]
            return Resolution((Candidate(standard.reference, standard.title, 1.0),), "lars", lars.group(0))
        compared = bool(COMPARED_RE.search(text))
        if offered:
            picked = self.pick_offered(text, list(offered))
            if picked and picked.ambiguous and current in offered and PRONOUN_RE.search(fold(text)) and not THAT_ONE_RE.search(fold(text)):
                # 'how long is that' after a standard introduced with others 'also close': the one introduced
                return self._chosen(current, "offered", "")
            if picked and picked.ambiguous and current in {c.reference for c in picked.candidates}:
                # 'the level 3 one' when the standard introduced and another listed are both level 3: the one introduced
                return self._chosen(current, "offered", picked.phrase)
            if picked:
                return self._with_compared(picked, text) if compared and picked.reference else picked
        one = THE_ONE_RE.search(text) if compared and current else None
        # 'whats the difference with the technician one': the one picked is compared with the current standard.
        described = self.described_pick(one.group(0) if one else text, current, list(offered))
        if described:
            return described
        mentions = [m for m in self.mentions(text, in_context=bool(current)) if not NEGATED_RE.search(text[: m.start])]
        compared = bool(COMPARED_RE.search(text))  # 'nursing assistant vs ...': a shared job title's first standard
        if current:  # in a conversation, a keyword or a name many standards share does not move it ...
            # ... unless it is set against another: 'plumber vs electrician' compares those two, whatever came before
            sides = [m for m in mentions if m.kind in ROLE_NAME_KINDS] if compared else []
            mentions = sides if len(sides) >= 2 else [m for m in mentions if self._moves_conversation(m, current) or _switched_to(text, m)]
        if mentions:
            # Where the person wants to go ('want to go onto the Food and drink engineer apprenticeship') is what
            # they ask about, before where they are ('i'm on the Food and drink maintenance engineer').
            # An English name said beside a French one ('conseiller en sécurité incendie (fire safety advisor)') is
            # the standard's own: the French name is only a way to it.
            eligible = [m for m in mentions if m.kind != "french"] if any(m.kind in ("title", "job") for m in mentions) else mentions
            main = max(eligible, key=lambda m: (_destination(text, m), _main_name_order(m, _put_forward(text, m), _in_brackets(text, m))))
            if compared:  # the standards compared in the order said: 'the first one' afterwards is the first said
                main = min((m for m in mentions if m.kind in ROLE_NAME_KINDS), key=lambda m: m.start, default=main)
            elif main.ambiguous:  # a name many standards share, said with another naming one of them
                main = _agreeing(main.candidates, mentions) or main
            others = [
                m.candidates[0].reference
                for m in mentions
                if m is not main
                and (not m.ambiguous or compared)
                and m.kind in ROLE_NAME_KINDS
                and m.candidates[0].reference != main.candidates[0].reference
            ]
            phrases = tuple(m.phrase for m in mentions)
            longer = None if compared else self._modified_name(text, main) or self._apprenticeship_named(text, main)
            if longer:
                return Resolution((longer,), "name", longer.matched, phrases=phrases, naming=(longer.matched,), name_kind=main.kind)
            candidates, ambiguous = self._narrowed(text, tuple(main.candidates[:5]), main.ambiguous, main.phrase)
            if not ambiguous and (at_level := self._at_level_beside(text, main, candidates[0])):
                candidates = (at_level,)  # 'the level 5 food engineer one': the Food and drink engineer (level 5)
            if compared and others:  # one side of a comparison named by a shared job title: its first standard
                candidates, ambiguous = candidates[:1], False
            lone = len(mentions) == 1  # with several names, words before one may belong to another
            # A word of a field ('low carbon') inside more of a title's words ('the low carbon heating one') is that title.
            partial = self._partial_name(text, current) if ambiguous or lone or main.kind not in ROLE_NAME_KINDS else None
            if partial and self._says_more(text, partial, main, ambiguous):
                # More of the message's words name one of them; among several, the one another name said also
                # names ('as a royal engineer ... the construction technician apprenticeship').
                said_outside = [m for m in mentions if not _in_brackets(text, m)]  # an aside describes, it does not name
                agreed = _agreeing(partial.candidates, said_outside) if len(partial.candidates) > 1 else None
                if agreed:
                    return self._chosen(agreed.candidates[0].reference, "partial", partial.phrase)
                return replace(partial, phrases=phrases)
            if main.kind not in ROLE_NAME_KINDS and not compared:
                # A field's keyword ('golf club') gives way to a role the person puts forward in other words
                # ('trainee greenkeeper at my local golf club').
                role = self._fuzzy_role(text, strict=bool(current))
                if role and not role.ambiguous and role.reference not in {c.reference for c in main.candidates}:
                    return role
            naming = (main.phrase, *_naming(mentions, candidates[0].reference))
            return Resolution(
                candidates,
                "name",
                main.phrase,
                ambiguous,
                others=tuple(dict.fromkeys(others)),
                phrases=phrases,
                naming=naming,
                name_kind=main.kind,
            )
        named = None if current else self._apprenticeship_named(text, None)
        if named:
            return Resolution((named,), "name", named.matched, naming=(named.matched,))
        partial = self._partial_name(text, current)
        if partial:
            return partial
        fuzzy = self._fuzzy_role(text, strict=bool(current))
        if fuzzy and not (fuzzy.ambiguous and current in self.catalogue.standards):
            return fuzzy
        if current and current in self.catalogue.standards:
            standard = self.catalogue.standards[current]
            # The current standard's own name said in passing ('list the behaviours for playworker') is still a
            # name: read apart from the question, though it moves nothing.
            own = tuple(m.phrase for m in self.mentions(text) if m.candidates[0].reference == current)
            return Resolution((Candidate(current, standard.title, 1.0),), "slot", own[0] if own else "", phrases=own)
        return Resolution()

    def _says_more(self, text: str, partial: Resolution, main: Mention, ambiguous: bool) -> bool:
        """Whether a partial name says more of the message than the name matched whole: among standards the
        name leaves open, any; over one exact name, only a longer name holding all its words whose other words
        come just before it, as English modifiers do ('healthcare engineering technician' is the Healthcare
        engineering specialist technician, not the Engineering technician; 'equine groom (not the senior
        one)' stays the Equine groom)."""
        if partial.ambiguous:
            return False
        top = partial.candidates[0]
        level, standards = level_in(text), self.catalogue.standards
        if (
            ambiguous
            and level
            and standards[top.reference].level == level
            and all(standards[c.reference].level != level for c in main.candidates)
        ):
            return True  # 'credit control apprenticeship level 2': the name said is a level 3's, the level 2's is near it
        if (
            main.kind in ROLE_NAME_KINDS
            and self._title_says(top.reference, main.phrase)
            and not self._as_written(main.phrase, main.candidates[0].reference)
        ):
            return True  # 'internal audit apprenticeship': the Internal audit professional, not a job titled 'Internal auditor'
        if int(top.matched) <= len(set(_stems(tokens_of(main.phrase)))):
            return False
        if ambiguous or main.kind not in ROLE_NAME_KINDS:
            return True  # more words of a title than of a field's keyword
        named = said_terms(main.phrase) - GENERIC  # 'specialist tech' says 'technician'
        if top.reference == main.candidates[0].reference or not named <= self._name_terms(top.reference):
            return False
        before = " ".join(t.word for t in tokens_of(text) if t.end <= main.start).split()[-MODIFIER_WORDS:]
        modifiers = (said_terms(" ".join(before)) | self._compound_terms(" ".join(before))) - GENERIC - named
        return bool(modifiers & self._name_terms(top.reference))

    def _as_written(self, phrase: str, reference: str) -> bool:
        """Whether a standard's title or job titles hold every word of `phrase` as written (a plural being the
        same form), not only once trade endings are cut ('audit' is in 'Internal audit professional' as
        written, in 'Internal auditor' only by its stem)."""
        written = self._written_names.get(reference, frozenset())
        return all(_written_among(t.word, written) for t in tokens_of(phrase))

    def _title_says(self, reference: str, phrase: str) -> bool:
        """Whether a standard's title holds `phrase`'s words together, as written."""
        said = " ".join(t.word for t in tokens_of(phrase))
        return f" {said} " in f" {' '.join(t.word for t in tokens_of(self.catalogue.standards[reference].title))} "

    def _modified_name(self, text: str, main: Mention) -> Candidate | None:
        """A role said with words before it that one longer name holds: 'rail ops manager' is the Railway
        operations manager, not the Operations manager; 'quarry crushing plant operator' is the Material
        processing plant operator (its job titles say quarry and crushing), not one of the three standards whose
        job title is 'Plant operator'. One name of the standard must hold every word of the role and each word
        before it, or a word it begins ('rail' → railway); for a role several standards share, its names together
        may ('funeral embalming' stays the Embalmer: the Mortuary technician says embalming and funeral only in
        two names). The nearest words are kept when the farther does not fit ('experienced rail ops manager').
        None when the role's own standard fits or several do."""
        if main.kind not in ROLE_NAME_KINDS:
            return None
        named = said_terms(main.phrase) - GENERIC
        before = [t for t in tokens_of(text) if t.end <= main.start][-MODIFIER_WORDS:]
        while before and not self._modifier(before[0].word):
            before = before[1:]  # 'for the' / 'my': only the run of content words next to the role counts
        if not named or not before or any(not self._modifier(t.word) for t in before):
            return None
        holders = set.intersection(*(set(self._postings.get(term, ())) for term in named))
        own = {c.reference for c in (main.candidates if main.ambiguous else main.candidates[:1])}
        for start in range(len(before)):
            said = [stem(t.word) for t in before[start:]]
            for across_names in (False, True) if main.ambiguous else (False,):
                fits = {self.twin_meant(r) for r in self._holding(holders, said, across_names)}
                if fits & own and not main.ambiguous:
                    return None
                if len(fits) == 1:
                    reference = fits.pop()
                    phrase = text[before[start].start : main.end]
                    return Candidate(reference, self.catalogue.standards[reference].title, 1.0, phrase)
        return None

    def _holding(self, rows: set[int], said: list[str], across_names: bool) -> set[str]:
        """The standards of the ranker's `rows` whose name holds every word said (or a longer word it begins);
        with `across_names`, whose names together do."""
        found = set()
        for row in rows:
            reference, name_terms, _kind = self._rows[row]
            held = self._name_terms(reference) if across_names else name_terms
            if all(_holds(held, word) for word in said):
                found.add(reference)
        return found

    def _apprenticeship_named(self, text: str, main: Mention | None) -> Candidate | None:
        """The apprenticeship a person says they are on, named in part ('production line operative on the lean
        manufacturing apprenticeship - my team leader...' is the Lean manufacturing operative; 'theatre support
        worker starting the ODP degree apprenticeship' the Operating department practitioner): it beats a job
        the person holds or a name said elsewhere, when the main name is not itself put forward as the
        apprenticeship (a field's keyword put forward gives way: 'the infrastructure asset management
        apprenticeship' is the Infrastructure asset management professional, though 'infrastructure asset
        management' is a keyword of the Asset manager). None when those words name no one standard."""
        found = APPRENTICESHIP_NAMED_RE.search(text)
        # (A role said before 'on the ... degree' is the person's own: 'a robotics engineer apprentice on the
        # electro-mechanical degree' is on the Electro-mechanical engineer.)
        if main and _put_forward(text, main) and main.kind in ROLE_NAME_KINDS and not (found and main.end <= found.start()):
            return None
        if not found or (main and main.kind in ROLE_NAME_KINDS and found.start("name") <= main.start < found.end("name")):
            return None
        if main and main.kind == "title" and not main.ambiguous and _in_brackets(text, main) and 0 <= main.start - found.end() <= 3:
            return None  # 'the hr apprenticeship (people professional)': the bracket gives the title meant
        span, degree, level = found.group("name"), "degree" in found.group(0).lower(), level_in(found.group(0))
        if set(words(span)) & NOT_IN_A_NAME:
            return None  # 'is doing the LOLER inspections part of my standard' names no apprenticeship
        roles = [m for m in self.mentions(span) if m.kind in ROLE_NAME_KINDS and not m.ambiguous]
        partial = None if roles else self._partial_name(span, None)
        if roles:
            reference = max(roles, key=lambda m: m.length).candidates[0].reference
        else:  # part of a title ('lean manufacturing'), or one word ('the space degree apprenticeship')
            named = [c.reference for c in partial.candidates] if partial else [c.reference for c in self.resolve(span, level=level)]
            held = [
                r
                for r in named
                if self.names_hold(span, r, every=True)
                and (not degree or self._is_degree(r))
                and (not level or self.catalogue.standards[r].level == level)  # 'the level 3 insurance apprenticeship'
            ]
            titled = [r for r in held if set(said_terms(span)) - GENERIC <= self._title_terms[r]]
            if len(titled) > 1:  # 'space' as written: the Space systems engineer, not the ... spaces designer
                written = {t.word for t in tokens_of(span)}
                titled = [r for r in titled if written <= self._written_names[r]] or titled
            fits = titled if len(titled) == 1 else held if not titled and partial and not partial.ambiguous else []
            if not fits:
                return None
            reference = fits[0]
        if level and self.catalogue.standards[reference].level != level:
            return None  # 'a parks manager doing the level 7 landscape apprenticeship' is no Landscape operative (level 2)
        return Candidate(reference, self.catalogue.standards[reference].title, 1.0, span)

    def _is_degree(self, reference: str) -> bool:
        """A degree apprenticeship: says so in its title, or is at level 6 or above."""
        standard = self.catalogue.standards[reference]
        return "degree" in standard.title.lower() or (standard.level or 0) >= 6

    def _modifier(self, word: str) -> bool:
        """Whether a word before a role may qualify it: a content word, not 'my', 'the', 'apprenticeship', 'level'."""
        return word.isalpha() and word not in ENGLISH_STOPWORDS and stem(word) not in GENERIC | NAMING_FILLER | NOT_TITLE_WORDS

    @staticmethod
    def _moves_conversation(mention: Mention, current: str) -> bool:
        """Whether a mention may take a conversation about `current` elsewhere: a name of one standard, or a
        title a few standards share that `current` is not among ('now midwife (2019 NMC)' is a choice between
        the midwife standards, not a word about the speech and language therapist)."""
        references = {c.reference for c in mention.candidates}
        if current in references and mention.candidates[0].reference == current:
            return True
        if mention.kind not in ROLE_NAME_KINDS:
            return False
        return not mention.ambiguous or (mention.kind == "title" and len(references) <= 3 and current not in references)

    def _narrowed(
        self, text: str, candidates: tuple[Candidate, ...], ambiguous: bool, phrase: str = ""
    ) -> tuple[tuple[Candidate, ...], bool]:
        """A name several standards share, narrowed by what else the message says of it: its level ('the level 3
        one'), that it is a degree apprenticeship, a KSB code only some of them have ('panel beater K28': one has
        9 knowledge items, the other 46), or words beside the name that one title holds. Still ambiguous unless
        one candidate is left."""
        if not ambiguous:
            return candidates, ambiguous
        level = level_in(text)
        degree = re.search(r"\bdegree\b", text, re.I)
        codes = find_ksb_codes(text)
        kept = [
            c
            for c in candidates
            if (not level or self.catalogue.standards[c.reference].level == level)
            and (not degree or self._is_degree(c.reference))
            and all(self.catalogue.standards[c.reference].ksb(code) for code in codes)
        ]
        if level and not kept and phrase and (at_level := self._named_at_level(phrase, level)):
            return (at_level,), False  # 'hr apprenticeship level 5': none of the keyword's standards, the People professional
        kept = self._without_stale_twins(kept or list(candidates))
        if len(kept) == 1:
            return tuple(kept), False
        kept = self._by_title_words(text.replace(phrase, " ") if phrase else text, kept)
        if len(kept) == 1:
            return tuple(kept), False
        return (tuple(kept) or candidates), True

    def _at_level_beside(self, text: str, main: Mention, named: Candidate) -> Candidate | None:
        """The standard at the level said right beside a name ('the level 5 food engineer one', 'food engineer
        level 5') whose names hold the name, when the one the name first brought is at another level."""
        before, after = text[max(0, main.start - LEVEL_BESIDE) : main.start], text[main.end : main.end + LEVEL_BESIDE]
        said = LEVEL_BEFORE_RE.search(before) or LEVEL_AFTER_RE.match(after)
        level = int(said.group(1)) if said else None
        if level is None or self.catalogue.standards[named.reference].level == level:
            return None
        return self._named_at_level(main.phrase, level)

    def _named_at_level(self, phrase: str, level: int) -> Candidate | None:
        """The one standard at the level said whose names hold every word of the name said, when none of the
        standards that name first brought is at that level; None when none or several are."""
        said = [words_ for words_ in (said_terms(phrase) - NAMING_FILLER, set(terms(phrase)) - NAMING_FILLER) if words_]  # 'hr' as said too
        fits = [c for c in self.resolve(phrase, level=level) if any(w <= self._name_terms(c.reference) for w in said)]
        return fits[0] if len(fits) == 1 else None

    def _without_stale_twins(self, candidates: list[Candidate]) -> list[Candidate]:
        """One standard published twice (same title, level and LARS code, both current: the Rail infrastructure
        operator is ST0419 and ST1378) is one choice, not two: the record updated last is the one meant."""
        return [c for c in candidates if self.twin_meant(c.reference) == c.reference]

    def twin_meant(self, reference: str) -> str:
        """The standard meant when `reference`'s title is said: itself, or its twin published later."""
        return self._latest_twins.get(reference, reference)

    @cached_property
    def _latest_twins(self) -> dict[str, str]:
        standards, groups = self.catalogue.standards, {}
        for standard in standards.values():
            if standard.lars_code.strip() not in ("", "0") and standard.is_delivering:
                key = (fold(standard.title.strip()), standard.level, standard.lars_code.strip())
                groups.setdefault(key, []).append(standard.reference)
        return {
            reference: max(twins, key=lambda r: (standards[r].last_updated, r))
            for twins in groups.values()
            if len(twins) > 1
            for reference in twins
        }

    def _by_title_words(self, text: str, candidates: list[Candidate]) -> list[Candidate]:
        """Among standards a name leaves open (a job title several list), the one whose own title holds more of
        the other words of the message ('junior product manager (digital)' is the Digital product manager's).
        The name's own words do not count: 'ai engineer' stays a choice though one title says 'AI'. All of
        them when none holds more than the others."""
        said = said_terms(text) - NOT_TITLE_WORDS  # 'career' counts here
        held = {c.reference: len(said & _title_words_and_initials(self.catalogue.standards[c.reference].title)) for c in candidates}
        best = max(held.values(), default=0)
        top = [c for c in candidates if held[c.reference] == best]
        return top if best and len(top) < len(candidates) else candidates

    def titled_among(self, text: str, resolution: Resolution) -> Resolution:
        """The last word before asking which: among standards a name leaves open, the one whose own title holds
        more of the words of the name as written ('outdoor instructor': the Outdoor activity instructor, not the
        Outdoor learning specialist; 'mattress maker', a job title of two, the Mattress manufacturing operative);
        when one title says one word and the other another, the one with more names holding the name ('aircraft
        mechanic': the Aviation maintenance mechanic). Other evidence (a free question's content, a search) is
        weighed first, as a title's words are weaker evidence than what is asked."""
        if not resolution.ambiguous or resolution.how not in ("name", "partial"):
            return resolution
        kept = self._by_name_in_title(resolution.phrase or text, list(resolution.candidates))
        return replace(resolution, candidates=tuple(kept), ambiguous=False) if len(kept) == 1 else resolution

    def _by_name_in_title(self, phrase: str, candidates: list[Candidate]) -> list[Candidate]:
        """The candidates whose titles hold most of the name's written words; only words some candidate's
        names hold count, so a whole message can be read; all of them on a tie."""
        naming = set().union(*(self._name_terms(c.reference) for c in candidates))
        spans: dict[tuple[int, int], set[str]] = {}
        for token in tokens_of(phrase):  # a short form said is one word however many it stands for ('ai')
            spans.setdefault((token.start, token.end), set()).update(set(terms(token.word)) - NAMING_FILLER)
        written = [w for w in spans.values() if w & naming]
        held = {
            c.reference: sum(bool(w & _title_words_and_initials(self.catalogue.standards[c.reference].title)) for w in written)
            for c in candidates
        }
        best = max(held.values(), default=0)
        top = [c for c in candidates if held[c.reference] == best]
        said = set(terms(phrase)) - NAMING_FILLER
        if best and len(top) > 1 and len(said) > 1:  # one word ('chef') is a field several share: asked
            # Even, the standard that names itself so more often: 'aircraft mechanic' is three of the Aviation
            # maintenance mechanic's names ('Aircraft mechanic', 'Unlicensed aircraft mechanic', ...) and one of the
            # Aircraft maintenance technician's; 'financial adviser' two of the Paraplanner's, one of the Mortgage
            # adviser's.
            holding = [self._rows[row][0] for row in set.intersection(*(set(self._postings.get(term, ())) for term in said))]
            held = {c.reference: holding.count(c.reference) for c in top}
            most = max(held.values())
            top = [c for c in top if held[c.reference] == most] if list(held.values()).count(most) == 1 else top
        return top if best and len(top) < len(candidates) else candidates

    def pick_offered(self, text: str, offered: list[str]) -> Resolution | None:
        """'the second one', 'number 2', 'the installation one': a choice among the standards just listed."""
        offered = [r for r in offered if r in self.catalogue.standards]
        if not offered or NONE_OF_THEM_RE.search(text):  # 'none of those really, like dogs': the list is set aside
            return None
        folded = fold(text)
        words_ = _TOKEN_RE.findall(folded)
        index = next((ORDINALS[w] for w in words_ if w in ORDINALS), None)
        number = re.fullmatch(r"\s*(?:number|no\.?|#)?\s*(\d)\s*[.!?]?\s*", folded)
        if index is None and number:
            index = int(number.group(1)) - 1
        said_as_pick = (
            re.search(r"\bones?\b|^\W*\w+\W*$|number|#", folded)
            or ORDINAL_ALONE_RE.fullmatch(folded)
            or any(
                w in ORDINALS
                for w in re.findall(r"\b(?:le|la) (\w+)", folded)  # French needs no 'one': 'le 2e'
            )
        )
        if index is not None and -len(offered) <= index < len(offered) and said_as_pick and not self._ordinal_in_a_name(text):
            return self._chosen(offered[index], "offered", _pick_span(text, ORDINAL_PICK_RE))
        if PRONOUN_RE.search(folded) and not self.mentions(text):  # 'and how long is that' just after a list
            if len(offered) == 1:
                return self._chosen(offered[0], "offered", text)
            candidates = tuple(Candidate(r, self.catalogue.standards[r].title, 1.0) for r in offered[:5])
            return Resolution(candidates, "offered", "", ambiguous=True)
        level = level_in(text)
        at_level = [r for r in offered if self.catalogue.standards[r].level == level] if level else []
        if at_level and not self.mentions(text):  # 'the level 4 one' among those listed, named no other way
            if len(at_level) == 1:
                return self._chosen(at_level[0], "offered", text)
            candidates = tuple(Candidate(r, self.catalogue.standards[r].title, 1.0) for r in at_level)
            return Resolution(candidates, "offered", "", ambiguous=True)
        by_level = LEVEL_PICK_RE.search(folded)
        if by_level and not self.mentions(text):  # 'which one is best for a beginner', 'the most advanced one'
            levels = {r: self.catalogue.standards[r].level or 0 for r in offered}
            wanted = (min if by_level.group("low") else max)(levels.values())
            return self._one_or_choice([r for r in offered if levels[r] == wanted], "offered", text)
        if THAT_ONE_RE.search(folded):  # 'how long does that one take?' just after a list of standards
            if len(offered) == 1:
                return self._chosen(offered[0], "offered", text)
            candidates = tuple(Candidate(r, self.catalogue.standards[r].title, 1.0) for r in offered)
            return Resolution(candidates, "offered", "", ambiguous=True)
        said = said_terms(text) - GENERIC
        if not THE_ONE_RE.search(text):
            said -= QUALIFIER_TERMS  # 'do i need a degree' is no pick of the '(degree)' listed; 'the degree one' is
        if not said or len(said) > 4:
            return None
        # A listed standard's names and its title's initials ('the ATC one' after the Air traffic controller).
        distinct = {r: self._name_terms(r) | _title_words_and_initials(self.catalogue.standards[r].title) for r in offered}
        matching = [r for r in offered if said & (distinct[r] - set().union(*(distinct[o] for o in offered if o != r)))]
        titled = [r for r in offered if said & set(terms(self.catalogue.standards[r].title))]
        if len(titled) == 1 and len(matching) != 1:  # the word of one title, though others list it as a job title
            matching = titled  # ('the installation one': the Installation and maintenance electrician)
        if not THE_ONE_RE.search(text):
            # Not set out as a pick, a word picks by a title only: 'how long does it usually take to finish' asks
            # the time, and picks no standard with a 'Building & Structural Finisher' option.
            matching = [r for r in matching if said & _title_words_and_initials(self.catalogue.standards[r].title)]
        if len(matching) != 1 or self._names_another_in_full(text, offered):
            return None  # 'whats after paralegal' under a list holding the Advanced paralegal: the Paralegal itself
        if level and self.catalogue.standards[matching[0]].level != level:
            return None  # 'the level 3 early years one' is not the level 6 one listed
        return self._chosen(matching[0], "offered", _pick_span(text, THE_ONE_RE))

    def _ordinal_in_a_name(self, text: str) -> bool:
        """Whether the ordinal word of a message belongs to a standard's name said in it ('no the first officer
        pilot one' names the First officer pilot; it is no pick of the first listed)."""
        spans = [(m.start, m.start + len(m.phrase)) for m in self.mentions(text) if not m.ambiguous]
        return any(
            start <= found.start() < end for found in re.finditer(r"\w+", text) if fold(found.group()) in ORDINALS for start, end in spans
        )

    def _with_compared(self, picked: Resolution, text: str) -> Resolution:
        """'the second one vs chef de partie': the one picked from the list and the one named beside it."""
        named = [
            m.candidates[0].reference for m in self.mentions(text) if not m.ambiguous and m.candidates[0].reference != picked.reference
        ]
        return replace(picked, others=tuple(dict.fromkeys(named))[:2]) if named else picked

    def _names_another_in_full(self, text: str, known: list[str]) -> bool:
        """Whether the message says, word for word, the title or a job title of a standard not among `known`."""
        for mention in self.mentions(text):
            reference = mention.candidates[0].reference
            said = " ".join(words(mention.phrase))
            title = " ".join(words(self.catalogue.standards[reference].title))
            # A word as common as 'technician' is a job title somewhere and a description here; 'Scientist' is a title.
            common_job_word = len(said.split()) == 1 and said != title and not self.rare_word(stem(said))
            if not mention.ambiguous and reference not in known and not common_job_word and self._named_exactly(reference, mention.phrase):
                return True
        return False

    def described_pick(self, text: str, current: str | None, offered: list[str]) -> Resolution | None:
        """'the advanced one', 'the technician one': a standard picked by a word of its name, not named in full.
        Among the standards just listed, those whose names hold the words (several stay a choice among them,
        never one from elsewhere); else the conversation's own standard when its name holds them ('the leader
        one' about the Team leader); else its kin, whose names hold those words and the current title's ('the
        advanced one' about the Butcher is the Advanced butcher). None when nothing holds the words."""
        found = DESCRIBED_PICK_RE.match(fold(text))
        if not found:
            return None
        said = {t for t in said_terms(found.group("what")) - GENERIC if not t.isdigit()}  # 'the level 2 one' is a level
        if not said:
            return None
        phrase = found.group("pick")
        offered = [r for r in offered if r in self.catalogue.standards]
        known = [r for r in [*offered, current] if r in self.catalogue.standards]
        # Words no title at hand holds that are another standard's whole title or job title ('the countryside
        # ranger one', 'the ground handler one'): a name, read as such.
        # (Held as written: 'the facilities manager one' about the Facilities management supervisor is the
        # Facilities manager, though the stems of 'manager' and 'management' agree.)
        written = {w for w in words(found.group("what")) if not w.isdigit() and stem(w) not in GENERIC}
        held = any(written <= set(words(self.catalogue.standards[r].title)) for r in known)
        if not held and self._names_another_in_full(found.group("what"), known):
            return None
        holding = [r for r in offered if said <= self._name_terms(r)]
        if not holding and self._titled_elsewhere(said, known):
            return None  # 'the low carbon heating one' under a list of heating trades: the Low carbon heating technician
        holding = holding or [r for r in offered if said & self._name_terms(r)]
        level = level_in(text)
        if level and holding:  # 'the level 3 early years one': the one of that level, listed or not
            at_level = [r for r in holding if self.catalogue.standards[r].level == level]
            elsewhere = [] if at_level else [r for r in self._titled(said - LEVEL_WORDS) if self.catalogue.standards[r].level == level]
            if len(elsewhere) == 1:
                return self._chosen(elsewhere[0], "name", phrase)
            holding = at_level or holding
        if holding:
            # Words that are a name of one of them in full ('the lab technician one') pick that one.
            named = [m.candidates[0].reference for m in self.mentions(found.group("what")) if not m.ambiguous]
            return self._one_or_choice([r for r in holding if r in named] or holding, "offered", phrase)
        if not current or current not in self.catalogue.standards:
            return None
        if said <= self._name_terms(current):
            return self._chosen(current, "name", phrase)
        if found.group("pick") != found.group(0).rstrip(" -–,.:;?!"):
            return None  # a question follows: words neither the list nor the current name holds name a standard themselves
        kin = self._kin_holding(said, current)
        return self._one_or_choice(kin, "name", phrase) if kin else None

    def _titled(self, said: set[str]) -> list[str]:
        """The delivering standards whose titles hold every word said (none when nothing is said)."""
        if not said:
            return []
        return [r for r, title in self._title_terms.items() if said <= title and self.catalogue.standards[r].is_delivering]

    def _titled_elsewhere(self, said: set[str], known: list[str]) -> bool:
        """Whether the words said are all in the title of one delivering standard not at hand, and of no other."""
        return len([r for r in self._titled(said) if r not in known]) == 1

    def _named_exactly(self, reference: str, phrase: str) -> bool:
        """Whether a phrase is, word for word, the title or a typical job title of a standard."""
        standard = self.catalogue.standards[reference]
        return " ".join(words(phrase)) in {" ".join(words(name)) for name in (standard.title, *standard.typical_job_titles)}

    def _kin_holding(self, said: set[str], current: str) -> list[str]:
        """The standards whose names hold every word said: the one titled exactly so, else those sharing most
        words of their titles with the current title ('the advanced one' about the Butcher); none when nothing narrows a
        crowd (a word many names hold, sharing nothing with the current title)."""
        rarest = min(said, key=lambda t: len(self._postings.get(t, ())))
        holders = sorted(
            {
                reference
                for reference in (self._rows[row][0] for row in self._postings.get(rarest, ()))
                if reference != current
                and said <= self._name_terms(reference)
                and _status_penalty(self.catalogue.standards[reference]) == 0
            }
        )
        exact = [r for r in holders if set(terms(self.catalogue.standards[r].title)) - GENERIC == said]
        if len(exact) == 1:
            return exact
        title = set(terms(self.catalogue.standards[current].title)) - GENERIC
        # Kin by title, rare words first: 'pharmacy' ties the Pharmacy technician closer than 'services' does others.
        shared = {r: round(sum(self._idf.get(t, 0.0) for t in set(terms(self.catalogue.standards[r].title)) & title), 3) for r in holders}
        best = max(shared.values(), default=0)
        closest = [r for r in holders if shared[r] == best]
        return closest if best or len(closest) <= 5 else []

    def _one_or_choice(self, references: list[str], how: str, phrase: str) -> Resolution:
        if len(references) == 1:
            return self._chosen(references[0], how, phrase)
        candidates = tuple(Candidate(r, self.catalogue.standards[r].title, 1.0) for r in references[:5])
        return Resolution(candidates, how, phrase, ambiguous=True)

    def _chosen(self, reference: str, how: str, phrase: str) -> Resolution:
        return Resolution((Candidate(reference, self.catalogue.standards[reference].title, 1.0),), how, phrase)

    @cached_property
    def head_nouns(self) -> frozenset[str]:
        """The words occupations end with ('technician', 'investigator', 'astronaut'): the last word of the
        standards' titles and job titles and of ESCO's occupation labels, as written (not stemmed: the verb
        'interpret' is no 'interpreter')."""
        names = [n for s in self.catalogue.standards.values() for n in (s.title, *s.typical_job_titles)]
        names += [o.label_en for o in self.catalogue.esco]
        return frozenset(last[-1] for name in names if (last := words(re.sub(r"\(.*?\)", " ", name).lower())))

    def is_role(self, phrase: str) -> bool:
        """Whether a short phrase says an occupation: it ends with a word occupations end with, as written or
        in the plural ('investigator', 'bike mechanics'; not the verb 'interpret')."""
        said = words(phrase.lower())
        last = said[-1] if said else ""
        return bool(last) and (last in self.head_nouns or last.removesuffix("s") in self.head_nouns) and stem(last) not in GENERIC

    def names_hold(self, phrase: str, reference: str, every: bool = False) -> bool:
        """Whether a standard's names (title, job titles, options) hold most of a phrase's words, each weighed
        by its rarity among names: 'sign language interpreter' is not held by 'Sign maker'. With `every`, all
        of its words: 'car finance' is not a car technician's name."""
        asked = [t for t in self.query_terms(phrase) if t not in GENERIC and t not in FRENCH_FUNCTION_WORDS and not t.isdigit()]
        if not asked:
            return True
        held = self._name_terms(reference)
        if every:
            return set(asked) <= held
        default_idf = max(self._idf.values(), default=1.0)
        weight = {t: self._idf.get(t, default_idf) for t in asked}
        return sum(weight[t] for t in asked if t in held) >= NAMES_HOLD * sum(weight.values())

    def _name_terms(self, reference: str) -> frozenset[str]:
        """Every term of a standard's names (title, job titles, options)."""
        return self._names_terms[reference]

    @cached_property
    def _names_terms(self) -> dict[str, frozenset[str]]:
        """The terms of each standard's names, stemmed once: read on every message naming a role."""
        return {
            reference: frozenset(terms(" ".join([standard.title, *standard.typical_job_titles, *standard.options])))
            for reference, standard in self.catalogue.standards.items()
        }

    def _partial_name(self, text: str, current: str | None) -> Resolution | None:
        """Most of a name said without the rest ('procurement practitioner' for 'Procurement and supply chain
        practitioner'): at least two of its words carrying most of its weight. Stricter while a conversation
        is already about a standard, so that a question's own words do not switch it."""
        said = {t for t in (said_terms(text) | self._compound_terms(text) | self._completed_terms(text)) - GENERIC if not t.isdigit()}
        said -= _negated_terms(text)  # 'business but not sales' names no sales standard
        floor = PARTIAL_IN_CONTEXT if current else PARTIAL_ALONE
        best: dict[str, _PartialMatch] = {}
        places = _term_places(text)
        for row in {row for term in said for row in self._postings.get(term, ())}:
            reference, name_terms, _is_title = self._rows[row]
            # A bracketed qualifier ('(degree)', '(integrated degree)') says what kind of apprenticeship, not which
            # occupation: it is no word of the name to count ('explosives specialist degree' is no Archaeological
            # specialist (degree)), and a name said without it is said whole.
            qualifiers = self._qualifier_terms(reference)
            shared = name_terms & said
            named = shared - qualifiers
            if len(named) < 2:
                continue
            weight = sum(self._idf[t] for t in name_terms if t not in qualifiers or t in said)
            coverage = sum(self._idf[t] for t in shared) / weight
            match = _PartialMatch(
                len(named),
                sum(1 for t in named if t in places),
                _spread(named, places),
                coverage - _status_penalty(self.catalogue.standards[reference]),
            )
            if coverage >= floor and (reference not in best or match.rank < best[reference].rank):
                best[reference] = match
        if not best:
            return None
        level = level_in(text)
        if level:
            at_level = {r: v for r, v in best.items() if self.catalogue.standards[r].level == level}
            best = at_level or best
        ranked = sorted(best.items(), key=lambda item: (item[1].rank, item[0]))[:3]
        candidates = tuple(Candidate(r, self.catalogue.standards[r].title, round(m.score, 4), str(m.words)) for r, m in ranked)
        ambiguous = (
            len(ranked) > 1 and ranked[0][1].rank[:3] == ranked[1][1].rank[:3] and ranked[0][1].score - ranked[1][1].score < PARTIAL_MARGIN
        )
        if ambiguous and current:
            return None
        named = self._naming_words(text, [ranked[0][0]])
        return Resolution(candidates, "partial", "", ambiguous, phrases=named)

    @cached_property
    def _written_names(self) -> dict[str, frozenset[str]]:
        """The words of each standard's title and job titles as written (folded, not stemmed)."""
        return {
            reference: frozenset(t.word for name in (standard.title, *standard.typical_job_titles) for t in tokens_of(name))
            for reference, standard in self.catalogue.standards.items()
        }

    def _completed_terms(self, text: str) -> set[str]:
        """A word cut short that begins a few names' words ('ortho' for orthodontic, orthotic...), as those name
        terms: the other words said pick among them ('ortho therapist' is the Orthodontic therapist). A real word
        is no name cut short: 'does experience count' says no Counter fraud investigator."""
        completed: set[str] = set()
        for word in (t.word for t in tokens_of(text)):
            if word in ENGLISH_STOPWORDS or stem(word) in self._postings or word in self.real_words:
                continue
            # A plural of a word cut short is cut short too, down to three letters ('revs and bens practitioner').
            cut = word if len(word) >= SHORT_WORD_MIN else ""
            plural_cut = word[:-1] if word.endswith("s") and len(word) > SHORT_PLURAL_MIN else ""
            for form in filter(None, (cut, plural_cut)):
                completions = self._by_prefix.get(form[:SHORT_PLURAL_MIN], ())
                found = [term for term in completions if term.startswith(form) and term != form]
                if 0 < len(found) <= MAX_COMPLETIONS:
                    completed.update(found)
        return completed

    @cached_property
    def _by_prefix(self) -> dict[str, tuple[str, ...]]:
        """Name terms by their first letters, for words cut short."""
        grouped: dict[str, list[str]] = {}
        for term in self._postings:
            if len(term) > SHORT_PLURAL_MIN:
                grouped.setdefault(term[:SHORT_PLURAL_MIN], []).append(term)
        return {prefix: tuple(sorted(found)) for prefix, found in grouped.items()}

    def _compound_terms(self, text: str) -> set[str]:
        """Two words written apart that a name writes as one ('health care' for Healthcare ...), as name terms."""
        said = [t.word for t in tokens_of(text) if t.word not in ENGLISH_STOPWORDS]
        return {term for first, second in pairwise(said) for term in terms(first + second) if term in self._postings}

    def at_level(self, current: str, level: int, text: str) -> Resolution | None:
        """The standard meant by 'the level 4 version', 'funding for the level 2 one?', 'is there a level 7
        internal audit standard?' while the conversation is about `current` at another level: the standard of
        that level closest to what the message names and to the current title (`_kinship`). Several equally
        close ones are a choice; none sharing a word is None."""
        standard = self.catalogue.standards[current]
        said = {t for t in said_terms(text) - GENERIC - set(terms(standard.title)) if not t.isdigit()}  # the level is no word of a name
        scores = {
            other.reference: self._kinship(standard, other, said)
            for other in self.catalogue.standards.values()
            if other.level == level and other.reference != current and _status_penalty(other) == 0
        }
        ranked = sorted(((r, v) for r, v in scores.items() if v[0] > 0), key=lambda item: (tuple(-x for x in item[1]), item[0]))[:3]
        if not ranked:
            return None
        candidates = tuple(Candidate(r, self.catalogue.standards[r].title, float(v[0]), str(v[1])) for r, v in ranked)
        ambiguous = len(ranked) > 1 and ranked[0][1] == ranked[1][1]
        return Resolution(candidates, "level", "", ambiguous)

    def _kinship(self, current: Standard, other: Standard, said: set[str]) -> tuple[float, float]:
        """How close `other` is to what the message says and to the current standard: the message's own words
        in its title (twice) or its other names (once), the current title's words it shares, the same route;
        then, to break ties, the share of its title those words make up."""
        title = self._title_terms[other.reference]
        in_title = len(said & title)
        shared = len(self._title_terms[current.reference] & title)
        elsewhere = len((said & self._name_terms(other.reference)) - title)
        if not (in_title or shared or elsewhere):
            return (0.0, 0.0)
        score = 2 * in_title + elsewhere + shared + (0.5 if other.route == current.route else 0.0)
        return (score, round((in_title + shared) / max(len(title), 1), 4))

    def shares_title(self, first: str, second: str) -> bool:
        """Whether two standards' titles share a word that is not generic ('Fire safety advisor', 'Fire safety
        inspector')."""
        return bool(self._title_terms[first] & self._title_terms[second])

    @cached_property
    def _title_terms(self) -> dict[str, frozenset[str]]:
        """Each standard's title words that are not generic, read once (at_level compares hundreds per message)."""
        return {r: frozenset(terms(s.title)) - GENERIC for r, s in self.catalogue.standards.items()}

    def _fuzzy_role(self, text: str, strict: bool = False) -> Resolution | None:
        """Typos in a role the message puts forward ('be a lab tecnician') or in a message that is only a name."""
        phrases = role_phrases(text, strict)
        if not phrases and _only_a_name(text):
            phrases = [text]
        for phrase in phrases:
            ranked = self.resolve(phrase, limit=3)
            if not ranked or ranked[0].score < FUZZY_FLOOR:
                continue
            named = self._naming_words(phrase, [c.reference for c in ranked])
            at_level = None if strict else self._at_level_said(text, ranked)  # in a conversation, levels go by its standard
            if at_level is not None:
                return Resolution((at_level,), "fuzzy", phrase.strip(), phrases=named)  # 'greenkeeper level 2'
            if ranked[0].score >= FUZZY_PICK and (len(ranked) == 1 or ranked[0].score - ranked[1].score >= 0.05):
                return Resolution((ranked[0],), "fuzzy", phrase.strip(), phrases=named)
            return Resolution(tuple(ranked), "fuzzy", phrase.strip(), ambiguous=True, phrases=named)
        return None

    def _at_level_said(self, text: str, ranked: list[Candidate]) -> Candidate | None:
        """The one close name at the level the message says, when the closest is at another level."""
        level, standards = level_in(text), self.catalogue.standards
        if not level or standards[ranked[0].reference].level == level:
            return None
        at_level = [c for c in ranked if standards[c.reference].level == level]
        return at_level[0] if len(at_level) == 1 else None

    def _naming_words(self, phrase: str, references: list[str]) -> tuple[str, ...]:
        """The words of a role phrase that belong to the names matched ('midwife' of 'to get onto midwife'):
        only they are taken out of the question, not the words around them that ask something. A word between
        two naming words belongs to the name as the person says it ('emergency call handler' for the
        Emergency contact handler), up to NAME_GAP_WORDS of them."""
        name_terms = set().union(*(self._name_terms(r) for r in references)) if references else set()
        words = list(re.finditer(r"[\w'-]+", phrase))
        naming = [i for i, w in enumerate(words) if said_terms(w.group()) & name_terms]
        spans: list[list[int]] = []
        for i in naming:
            if (
                spans
                and i - spans[-1][-1] - 1 <= NAME_GAP_WORDS
                and not ENGLISH_STOPWORDS & {w.group().lower() for w in words[spans[-1][-1] + 1 : i]}
            ):
                spans[-1].append(i)
            else:
                spans.append([i])
        qualifiers = set().union(*(self._qualifier_terms(r) for r in references)) if references else set()
        spans = [span for span in spans if len(span) > 1 or not said_terms(words[span[0]].group()) <= qualifiers]
        return tuple(phrase[words[span[0]].start() : words[span[-1]].end()] for span in spans)

    def _qualifier_terms(self, reference: str) -> frozenset[str]:
        """Words of a standard's names that only qualify it, in brackets ('integrated degree'): said alone, apart
        from the name, they are what is asked ('what degree do i need for the through-life engineering
        services one'), not a name to take out."""
        return self._qualifiers[reference]

    @cached_property
    def _qualifiers(self) -> dict[str, frozenset[str]]:
        """Each standard's qualifier words (see _qualifier_terms), read once: partial names weigh them often."""
        found = {}
        for reference, standard in self.catalogue.standards.items():
            bracketed = set(terms(" ".join(ASIDE_RE.findall(standard.title))))
            found[reference] = frozenset(bracketed - set(terms(_unbracketed(" ".join([standard.title, *standard.typical_job_titles])))))
        return found

    # --- the idf-weighted ranker ------------------------------------------------------------------------

    def _build_ranker(self) -> None:
        self._rows: list[tuple[str, frozenset[str], str]] = []  # (reference, terms, kind of name: title, job, option)
        postings: dict[str, list[int]] = {}
        documents = []
        for reference in self.references:
            standard = self.catalogue.standards[reference]
            named = [
                (standard.title, "title"),
                *((n, "job") for n in standard.typical_job_titles),
                *((n, "option") for n in standard.options),
            ]
            for name, kind in named:
                name_terms = frozenset(terms(name))
                if not name_terms:
                    continue
                for term in name_terms:
                    postings.setdefault(term, []).append(len(self._rows))
                self._rows.append((reference, name_terms, kind))
            documents.append(
                terms(" ".join([standard.title, *standard.typical_job_titles, *standard.keywords, *standard.options, standard.overview]))
            )
        self._postings = postings
        total = max(len(self._rows), 1)
        self._idf = {t: math.log(1 + total / len(rows)) for t, rows in postings.items()}
        self._vocabulary = [t for t in postings if len(t) >= 5]
        self._bm25 = Bm25(documents)

    def query_terms(self, query: str) -> list[str]:
        """Stemmed terms of a query, short forms expanded, unknown long words snapped to a known one (typos)."""
        out = []
        for term in terms(" ".join(t.word for t in tokens_of(query))):
            if term not in self._idf and len(term) >= 5:
                match = process.extractOne(term, self._vocabulary, scorer=fuzz.ratio, score_cutoff=85)
                if match and match[0][:2] == term[:2]:
                    term = match[0]
            out.append(term)
        return list(dict.fromkeys(out))

    def resolve(self, query: str, limit: int = 5, level: int | None = None) -> list[Candidate]:
        """Standards ranked for a title, job title, interest or reference; best first, scores in [0, 1]."""
        reference = find_reference(query)
        if reference and reference in self.catalogue.standards:
            standard = self.catalogue.standards[reference]
            return [Candidate(reference, standard.title, 1.0, reference)]
        query_terms = [t for t in self.query_terms(query) if t not in GENERIC and t not in FRENCH_FUNCTION_WORDS and not t.isdigit()]
        if not query_terms:
            return []
        default_idf = max(self._idf.values(), default=1.0)
        weights = {t: self._idf.get(t, default_idf) for t in query_terms}
        query_weight = sum(weights.values())
        best: dict[str, tuple[float, str]] = {}
        touched = {row for t in query_terms for row in self._postings.get(t, ())}
        asked = set(query_terms)
        for row in touched:
            reference, name_terms, kind = self._rows[row]
            shared = sum(weights[t] for t in query_terms if t in name_terms)
            recall = shared / query_weight
            precision = shared / sum(self._idf[t] for t in name_terms)
            score = (2 * recall * precision / (recall + precision)) * RANK_NAME_WEIGHTS[kind] + (0.03 if kind == "title" else 0.0)
            if kind != "title" and asked <= self._title_terms[reference]:
                score += TITLE_HOLDS_BONUS  # 'plumbing': the Plumbing ... technician, whose job title is also 'Plumber'
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
            value = 0.85 * name_score + 0.15 * doc_score - _status_penalty(standard) / 2
            ranked.append(Candidate(reference, standard.title, round(min(max(value, 0.0), 1.0), 4), matched))
        ranked.sort(key=lambda c: (-c.score, c.reference))
        return ranked[:limit]

    def suggest_references(self, reference: str, limit: int = 3) -> list[Standard]:
        """Nearest existing references to an unknown one (ST9999 → ST0999...), by edit distance."""
        reference = reference.upper()
        ranked = sorted(self.references, key=lambda r: (Levenshtein.distance(reference, r), r))
        return [self.catalogue.standards[r] for r in ranked[:limit]]


QUESTION_WORDS = frozenset(
    ["what", "whats", "how", "which", "who", "why", "when", "where", "is", "are", "does", "do", "can", "could", "should", "tell", "explain"]
)


PARTICIPLE_RE = re.compile(r"\s*[a-z]+ed\b", re.I)


def role_phrases(text: str, strict: bool = False) -> list[str]:
    """What a message puts forward as a role or a standard: 'be a (lab tecnician)', 'the (hairdressing) one'.
    `strict` (a conversation is already about a standard): 'an access course', 'a support role' are things the
    person has or does, not another standard put forward."""
    phrases = []
    for match in ROLE_PHRASE_RE.finditer(text or ""):
        if strict and (match.group("roleword") or "").lower() in ("course", "role"):
            continue
        # A role is a few words: the last ones before 'apprenticeship', the first ones after 'be a'.
        ahead = (match.group("after") or match.group("topic") or "").split(",")[0]
        if match.group("after") and not re.match(r"\s*an?\s", match.group(0)[len(match.group(0).split()[0]) :]):
            ahead = "" if PARTICIPLE_RE.match(ahead) else ahead  # 'to be registered', 'be qualified': a state, no role
        words_ = ahead.split()[:ROLE_WORDS] or _after_last_cut(
            (match.group("before") or match.group("instead") or "").split()[-ROLE_WORDS:]
        )
        if words_ and not {w.lower().strip(" ,.?!") for w in words_} <= NOT_A_ROLE_WORDS:
            phrases.append(" ".join(words_).strip(" ,.?!"))
    return phrases


# Words a role said before 'apprenticeship' never crosses: 'as part of the apprenticeship' puts forward no role,
# 'on the lean manufacturing apprenticeship' puts forward 'lean manufacturing'.
ROLE_CUT_WORDS = frozenset(words("the a an my this that these those his her their our your its of for on in at to as with about from into"))


def _after_last_cut(words_: list[str]) -> list[str]:
    """The words after the last determiner or preposition among the few before 'apprenticeship'."""
    cuts = [i for i, word in enumerate(words_) if word.lower() in ROLE_CUT_WORDS]
    return words_[cuts[-1] + 1 :] if cuts else words_


def occupation_put_forward(text: str) -> str:
    """The occupation a person says they want to be or are ('i want to be a fridge engineer on lorries' →
    'fridge engineer'): the words after 'be a', 'work as'..., up to the first small word; '' when none."""
    for match in ROLE_PHRASE_RE.finditer(text or ""):
        role = []
        for word in (match.group("after") or "").split()[:ROLE_WORDS]:
            if word.lower() in ENGLISH_STOPWORDS or word.lower() in NOT_A_ROLE_WORDS:
                break
            role.append(word)
        if role and not PARTICIPLE_RE.match(role[0]):
            return " ".join(role).strip(" ,.?!'-")
    return ""


# Words that say how one standard stands to another, never what it is: 'is there a higher one' names nothing.
NOT_A_ROLE_WORDS = ENGLISH_STOPWORDS | frozenset(
    [
        "higher",
        "lower",
        "easier",
        "harder",
        "shorter",
        "longer",
        "better",
        "best",
        "next",
        "other",
        "same",
        "right",
        "cheaper",
        "different",
        "similar",
        "bigger",
        "smaller",
        "quicker",
        "faster",
        "more",
        "less",
        "new",
        "old",
        "previous",
        "last",
        "first",
        "second",
        "third",
        "there",
        "here",
        "is",
        "are",
        "any",
    ]
)


# A pick among listed standards by how far along they are: the lowest level for a beginner, the highest for the
# most senior.
LEVEL_PICK_RE = re.compile(
    r"(?P<low>\bbeginners?\b|\bstarting out\b|\bno experience\b|\bentry[- ]level\b|\blowest(?: level)?\b|\beasiest\b|\bstart with\b|\bfirst step\b|\bmost junior\b)"
    r"|(?P<high>\bhighest(?: level)?\b|\bmost (?:senior|advanced|experienced)\b|\bhardest\b|\btop level\b)"
)
ORDINAL_PICK_RE = re.compile(
    r"\b(?:(?:the|le|la)\s+)?(?:very\s+)?(?:" + "|".join(ORDINALS) + r")(?:\s+(?:ones?|option|standard|apprenticeship|course|choice))?\b"
    r"|\b(?:number|no\.?|#)\s*\d\b",
    re.I,
)
NONE_OF_THEM_RE = re.compile(
    r"\b(?:none of (?:those|them|these|the above)|not (?:those|them|these|any of (?:those|them|these))|neither)\b", re.I
)
LEVEL_WORDS = frozenset(terms("level lvl"))
ORDINAL_ALONE_RE = re.compile(r"\W*(?:(?:and|what about|how about|ok|so|now)\s+)*(?:the\s+)?\w+\W*", re.I)  # 'and the second?'
THE_ONE_RE = re.compile(r"\b(?:the|that)\s+(?:(?!(?:the|that)\b)[\w'’-]+\s+){1,4}?ones?\b", re.I)  # the nearest 'the' before 'one'


NEGATING_RE = re.compile(rf"\b(?:{SETTING_ASIDE})\s+([^,.;:!?()]+)", re.I)
NEGATED_WORDS = 4


def _negated_terms(text: str) -> set[str]:
    """The terms of what a message sets aside ('business but not sales or marketing'): the few words after it."""
    return {t for found in NEGATING_RE.finditer(text) for t in terms(" ".join(words(found.group(1))[:NEGATED_WORDS]))}


def _term_places(text: str) -> dict[str, list[int]]:
    """Where each term of a message is said, by word position."""
    places: dict[str, list[int]] = {}
    for position, token in enumerate(tokens_of(text)):
        for term in terms(token.word):
            places.setdefault(term, []).append(position)
    return places


def _spread(name_terms: set[str], places: dict[str, list[int]]) -> int:
    """How many words apart the nearest saying of all of a name's placed words starts and ends (1 for two words
    side by side: 'orthotics technician'; 4 for 'technician in an nhs workshop'); 0 with fewer than two placed."""
    placed = [places[t] for t in name_terms if t in places]
    if len(placed) < 2:
        return 0
    spans = []
    for start in sorted({p for positions in placed for p in positions}):
        ends = [min((p for p in positions if p >= start), default=None) for positions in placed]
        if all(end is not None for end in ends):
            spans.append(max(e for e in ends if e is not None) - start)
    return min(spans, default=len(places) + NAME_GAP)


def _holds(name_terms: frozenset[str], word: str) -> bool:
    """Whether a name's terms hold a word said before a role, or a longer word it begins ('rail' → railway)."""
    return word in name_terms or (len(word) >= SHORT_WORD_MIN and any(term.startswith(word) for term in name_terms))


def _main_name_order(
    mention: Mention, put_forward: bool = False, aside: bool = False
) -> tuple[bool, bool, bool, int, bool, int, float, int]:
    """Which of several names a message means the standard by: a name of the occupation of two words or more
    said outside brackets ('improvement leader standard (the lean six sigma black belt type)': the bracket is an
    aside); then such a name before a field's keyword or an option, which is more likely the topic asked about
    ('propulsion tech - where does it talk about health and safety'); then the longest as said ('GIS' is one
    word, though it stands for three), so a lone 'technician' gives way to 'SHE technician (safety, health &
    environment)'; then the one put forward as the standard ('blacksmith apprentices', not '... using an
    actual welder')."""
    said = len(words(mention.phrase))
    occupation = mention.kind in ROLE_NAME_KINDS and said >= 2
    # Put forward as the apprenticeship ('the bricklayer apprenticeship'), a title or a name of two words or more
    # comes before a longer name inside the question ('... working with the site manager'); a lone job-title word
    # ('a level 3 accounts apprenticeship') does not.
    first = put_forward and not aside and mention.kind in ROLE_NAME_KINDS and (mention.kind == "title" or said >= 2)
    return first, occupation and not aside, occupation, said, put_forward, mention.length, mention.candidates[0].score, mention.start


def _agreeing(candidates: Collection[Candidate], mentions: list[Mention]) -> Mention | None:
    """Another name in the message that names one of the standards a shared name (or part of a name) may mean:
    'HE assistant technician (education technician standard)' is the Education technician, whose job title
    'assistant technician' is one of many. (The shared name itself, ambiguous, is never the one agreeing.)"""
    open_to = {c.reference for c in candidates}
    return next(
        (m for m in mentions if not m.ambiguous and m.kind in ROLE_NAME_KINDS and m.candidates[0].reference in open_to),
        None,
    )


ASIDE_RE = re.compile(r"\(([^()]{1,80})\)")


def _in_brackets(text: str, mention: Mention) -> bool:
    """Whether a name is said inside brackets: an aside beside the name the message asks about."""
    before = text[: mention.start]
    return before.count("(") > before.count(")")


PUT_FORWARD_AFTER_RE = re.compile(
    r"^\W{0,2}(?:(?:(?:level|lvl)\s*\d\s*)?(?:apprentices?|apprenticeships?|standard|one|course|trainees?)|(?:level|lvl)\s*\d\b(?!\s*(?:or|/)))\b",
    re.I,
)  # 'the senior people professional level 7', not 'a level 2 or 3?'
# 'on the lean manufacturing apprenticeship', 'starting the ODP degree apprenticeship': the words naming it.
NOT_IN_A_NAME = frozenset(words("my your our his her their the a an this that part"))  # words around a name, never in it
APPRENTICESHIP_NAMED_RE = re.compile(
    r"\b(?:on|doing|studying|started|starting|start|enrolled on|signed up (?:for|to)) (?:the|my|a|an|this) "
    r"(?:(?:level|lvl) ?\d |l\d |msc level |masters level )?"
    r"(?P<name>[\w'&/-]+(?: [\w'&/-]+){0,4}?)"
    r"(?:(?: (?:integrated )?degree)?(?: level ?\d)? (?:apprenticeship|standard)\b| (?:integrated )?degree\b)",  # 'on the electro-mechanical degree'
    re.I,
)
PUT_FORWARD_BEFORE_RE = re.compile(
    r"\b(?:trainee|apprentice|(?:be|become|becoming|as|train as|work as) an?|(?:on|doing|studying|started) (?:the|my|a|an|this))\s*$"
    r"|\b(?:apprenticeships?|standards?) (?:for|as) (?:an? |the )?(?:[\w-]+ (?:and |& )?){0,2}$",  # 'an apprenticeship for warehouse and transport supervisors'
    re.I,
)  # 'on the X', 'doing my X': the apprenticeship, beside the job the person holds


SWITCHED_TO_RE = re.compile(
    r"\b(?:(?:what|how) about|rather|instead|switch(?:ing)? to|(?:would|could|can) i|now|next)\s+(?:(?:being|becoming|doing|working as|training as|be|become|do)\s*)?(?:an?\s*|the\s*)?$",
    re.I,
)


def _switched_to(text: str, mention: Mention) -> bool:
    """Whether a role name is put forward instead of the standard in context ('what about being a chef'): a
    name several standards share then moves the conversation to a choice among them."""
    return mention.kind in ROLE_NAME_KINDS and bool(SWITCHED_TO_RE.search(text[: mention.start]))


DESTINATION_RE = re.compile(
    r"(?:\b(?:go|going|get|getting|move|moving|progress|progressing|step|stepping|transfer|transferring|switch|switching"
    r"|carry on|apply|applying|go on|went on|upgrade)\s+(?:on\s*)?(?:to|into|onto|for)\s+(?:(?:the|a|an|this|that)\s+)?"
    # the job someone wants ('a young person who wants to be an electrician', 'qui veut être électricien')
    r"|\b(?:wants?|wanting|would like|'d like|hoping|hopes?|plans?|planning|aims?|aiming)\s+to\s+(?:be|become|work as|train as)\s+(?:an?\s+)?"
    r"|\bto become\s+(?:an?\s+)?"
    r"|\b(?:veu[tx]|voudrai[st]?|souhaite[s]?|aimerai[st]?|r[êe]ve de|pour)\s+(?:[êe]tre|devenir)\s+(?:(?:un|une|le|la)\s+|l['’])?)"
    # ... not a person one goes to ('need to go to your supervising doctor')
    r"(?:(?!(?:my|your|his|her|their|our|the person|someone)\b)[\w'’-]+\s+){0,3}$",
    re.I,
)


def _destination(text: str, mention: Mention) -> bool:
    """Whether a name is said as where the person wants to go ('apply for the level 5 food engineer one')."""
    return bool(DESTINATION_RE.search(text[: mention.start]))


def _put_forward(text: str, mention: Mention) -> bool:
    """Whether a name is put forward as the standard the person means ('blacksmith apprentices', 'trainee
    greenkeeper', 'to become a welder'), rather than said inside the question ('... using an actual welder')."""
    return _put_forward_at(text, mention.start, mention.end)


def put_forward(text: str, phrase: str) -> bool:
    """Whether `phrase`, where `text` says it, is put forward as the standard meant."""
    start = text.lower().find(phrase.lower())
    return start >= 0 and _put_forward_at(text, start, start + len(phrase))


def _put_forward_at(text: str, start: int, end: int) -> bool:
    return bool(PUT_FORWARD_AFTER_RE.match(text[end:]) or PUT_FORWARD_BEFORE_RE.search(text[:start]))


def _pick_span(text: str, pattern: re.Pattern[str]) -> str:
    """The words of a message that pick from a list ('the 2nd one', 'the installation one'), so that what it
    asks beside them ('fr equivalent for the 2nd one', 'the first one. what gcses') is still read; the whole
    message when they cannot be told apart."""
    found = pattern.search(text)
    return found.group(0) if found else text


def _only_a_name(text: str) -> bool:
    """A short message that asks nothing ('lab tecnician', 'plumbing please'): worth a fuzzy match as a name."""
    tokens = _TOKEN_RE.findall(fold(text))
    return (
        0 < len(tokens) <= 4 and "?" not in text and not (set(tokens) & QUESTION_WORDS) and any(len(t) >= 4 and t.isalpha() for t in tokens)
    )


_DERIVATIONS = ("ist", "ian", "er", "or", "i", "y", "e")


def name_key(word: str) -> str:
    """A word's stem without the endings that tell a trade from its field, so that 'therapist' and 'therapy',
    'plumber' and 'plumbing', 'baker' and 'baking', 'butcher' and 'butchery' compare equal in names."""
    key, previous = stem(word), ""
    while key != previous:
        previous = key
        for ending in _DERIVATIONS:
            if key.endswith(ending) and len(key) - len(ending) >= 4:
                key = key[: -len(ending)]
                break
    return key


# The words of GENERIC that say nothing of which standard, as name keys ('engineer apprenticeship' is 'engineer').
GENERIC_KEYS = frozenset(name_key(w) for w in ["apprenticeship", "apprenticeships", "standard", "course", "job", "role", "career"])


@lru_cache(maxsize=1 << 16)
def _name_stems(name: str) -> list[str]:
    """A name's words as stems, the way a message's are read (a common word is in hundreds of names)."""
    return [stem(t.word) for t in _without_connectives(tokens_of(name))]


def _stems(tokens: list[_Token]) -> list[str]:
    return [name_key(t.word) for t in tokens]


CONNECTIVE_RE = re.compile(r"\band\b|&", re.I)


def _without_connectives(tokens: list[_Token]) -> list[_Token]:
    """'food and drink' and 'food & drink' name the same thing: 'and' does not take part in matching names."""
    return [t for t in tokens if t.word not in ("and", "amp")]


AND_PAIR_RE = re.compile(r"\b([A-Za-z])[\w-]* and ([A-Za-z])[\w-]*\s+(\w.*)$")


@lru_cache(maxsize=4096)
def _title_words_and_initials(title: str) -> frozenset[str]:
    """A title's terms and the initials of each run of 2-5 of its words ('asb' for the Anti-social behaviour
    and community safety officer): a person may say a title's words by their letters."""
    spelt = [w for w in re.split(r"[\s-]+", title.lower()) if w.isalpha() and w not in ENGLISH_STOPWORDS]
    runs = {"".join(w[0] for w in spelt[i : i + n]) for n in range(2, 6) for i in range(len(spelt) - n + 1)}
    return frozenset(terms(title)) | {stem(r) for r in runs}


def _ampersand_pairs(title: str) -> list[tuple[str, str]]:
    """'Prosthetic and orthotic technician' -> ('P&O', 'technician'): two words joined by 'and' said by their
    initials, as trades say them ('L&D', 'F&B', 'M&E'), with the words that follow the pair in the title."""
    found = AND_PAIR_RE.search(title)
    return [(f"{found.group(1)}&{found.group(2)}".upper(), found.group(3).strip())] if found else []


def _with_bracketed_acronym(title: str) -> str | None:
    """'Large goods vehicle (LGV) driver' -> 'LGV driver': the acronym in place of the words it stands for."""
    defined = _bracketed_definition(title)
    return defined[2] if defined else None


def _bracketed_definition(title: str) -> tuple[str, str, str] | None:
    """(acronym, the words it stands for, the title with the acronym in their place) of a title that defines one:
    'Ordnance munitions and explosives (OME) professional' -> ('OME', 'Ordnance munitions and explosives', 'OME
    professional')."""
    match = re.search(r"\(([A-Z]{2,6})\)", title)
    if not match:
        return None
    acronym, before = match.group(1), title[: match.start()].split()
    for size in range(len(acronym) * 2, 0, -1):  # links ('and', 'of') spell no letter
        spelt = [w for w in before[-size:] if w.lower() not in ("and", "&", "of")]
        if len(spelt) == len(acronym) and "".join(w[0] for w in spelt).upper() == acronym:
            short = " ".join([*before[:-size], acronym, title[match.end() :].strip()]).strip()
            return acronym, " ".join(before[-size:]), short
    return None


TEXT_DEFINITION_RE = re.compile(r"((?:[A-Za-z][\w-]*\s+){1,8})\(([A-Z]{3,6})\)")
LINK_WORDS = frozenset({"and", "&", "of", "the", "for", "in"})


def _text_definitions(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """Acronyms a text defines, each with the stems of the words it stands for: 'Through life Engineering
    Service (TES)' -> ('TES', ('through', 'life', 'engin', 'servic')). The initials must spell the acronym, one
    word at most spelling no letter (an unhyphenated 'Through-life'); links ('and', 'of') spell none."""
    found = []
    for match in TEXT_DEFINITION_RE.finditer(text or ""):
        acronym, before = match.group(2), match.group(1).split()
        for size in range(1, len(before) + 1):
            said = before[-size:]
            letters = [w[0].upper() for w in said if w.lower() not in LINK_WORDS]
            if _spells(letters, acronym):
                found.append((acronym, tuple(stem(w) for w in words(" ".join(said)))))
                break
    return found


def _spells(letters: list[str], acronym: str) -> bool:
    """Whether initials spell an acronym exactly or with one letter left out (not the first)."""
    joined = "".join(letters)
    return joined == acronym or (
        len(joined) == len(acronym) + 1 and any(joined[:i] + joined[i + 1 :] == acronym for i in range(1, len(joined)))
    )


def _unbracketed(name: str) -> str:
    return re.sub(r"\s*[(\[][^)\]]*[)\]]", "", name).strip()


def _short_name(name: str) -> str:
    """A name without its bracketed or dashed qualifier: 'Costume technician - stage and screen' is 'Costume technician'."""
    return re.split(r"\s[-–:]\s", _unbracketed(name), maxsplit=1)[0].strip()


def _variants(name: str, title: bool = False) -> list[str]:
    """A name and its short form without a bracketed or dashed qualifier: 'Digital marketer (integrated
    degree)' is also said 'digital marketer', 'Costume technician - stage and screen' 'costume technician'."""
    # A bracket anywhere is dropped, not cut at: 'Condition monitoring (cm) inspector' is also 'condition monitoring
    # inspector', never 'condition monitoring'.
    unbracketed = _unbracketed(name)
    short = _short_name(name)
    # One word left of a title is a role too ('Architect', 'Floorlayer'; a lone word must still be set out as one
    # to count); of a job title it may be a grade ('Senior(domain specialist)').
    return list(dict.fromkeys(v for v in (name, unbracketed, short, *_alternatives(short)) if v and (v == name or title or " " in v)))


def _alternatives(title: str) -> list[str]:
    """Each role of a title that names two ('Highways electrician or service operative' is said 'highways
    electrician'; 'Accounts or finance assistant' 'finance assistant'), of two words or more."""
    found = re.fullmatch(r"(.+?) or (.+)", title, re.I)
    if not found or re.search(r"\s[-–:]\s", title):
        return []
    left, right = found.group(1).split(), found.group(2).split()
    if len(left) == 1:  # one modifier of the shared head: 'accounts [assistant] or finance assistant'
        sides = [left + right[1:], right]
    else:  # the modifiers shared unless the right says its own: 'highways [electrician or] service operative'
        sides = [left, right if len(right) > 2 or right[0].lower() == left[0].lower() else left[:-1] + right]
    return [" ".join(side) for side in sides if len(side) >= 2]


def _merge_compounds(tokens: list[_Token], by_key: dict[str, list[_Name]]) -> list[_Token]:
    """'fire fighter', 'boat builder': two words written apart that a catalogue name writes as one."""
    out: list[_Token] = []
    index = 0
    while index < len(tokens):
        if index + 1 < len(tokens):
            joined = tokens[index].word + tokens[index + 1].word
            # A function word never joins: 'for estate' is no 'forest'.
            function_word = tokens[index].word in ENGLISH_STOPWORDS or tokens[index + 1].word in ENGLISH_STOPWORDS
            if not function_word and name_key(joined) in by_key and name_key(tokens[index].word) not in by_key:
                out.append(_Token(joined, tokens[index].start, tokens[index + 1].end))
                index += 2
                continue
        out.append(tokens[index])
        index += 1
    return out


# Words before a role that leave it the same role ('trainee plumber', 'a qualified electrician').
ROLE_MODIFIERS = frozenset(
    ["trainee", "junior", "qualified", "apprentice", "student", "experienced", "new", "fully", "level", "good", "future", "aspiring"]
)


# Words that move a conversation along, never part of a role's name ('now midwife', 'next plumber').
DISCOURSE_WORDS = frozenset({"now", "next", "then", "ok", "okay", "also", "right", "well", "anyway", "alright"})


def _modified(before: str, is_name: Callable[[str], bool]) -> bool:
    """Whether the word before a lone name word makes it part of a longer role the catalogue does not name:
    a content word that is not a name itself ('plumber electrician' lists two roles), a number or a role
    modifier."""
    return bool(
        before
        and before.isalpha()
        and len(before) > 1
        and before not in ENGLISH_STOPWORDS
        and before not in FRENCH_FUNCTION_WORDS
        and before not in ROLE_BEFORE
        and before not in POSSESSIVES
        and before not in ROLE_MODIFIERS
        and before not in QUESTION_WORDS
        and before not in DISCOURSE_WORDS
        and stem(before) not in GENERIC
        and not is_name(before)
    )


# The words before a lone name that ask the last question again of it ('and for the', 'what about', 'et pour le').
ELLIPSIS_LEAD_RE = re.compile(
    r"(?:(?:and|et|so|ok|okay)\s+)?(?:(?:what|how)\s+about|for|pour|et|and)(?:\s+(?:the|a|an|le|la|l|les|un|une))?"
)


def _presented_as_role(
    tokens: list[_Token],
    index: int,
    names: list[_Name],
    in_context: bool = False,
    rare_word: Callable[[str], bool] = lambda _w: False,
    is_name: Callable[[str], bool] = lambda _w: False,
    against: bool = False,
) -> bool:
    """A lone word names a standard only as a title or job title written as such (the same stem: 'driving'
    is not the job 'Driver'), not a stop word, and set out as a role: a role word beside it, or the message
    is that word alone. In a conversation already about a standard only a word after it counts ('the
    butcher one'), not 'a' before it ('do I need a driving licence')."""
    word = tokens[index].word
    is_acronym = any(n.kind == "acronym" for n in names)
    if word in ORDINALS:
        return False  # 'the first one' is a position in a list, not the First officer pilot
    if word in ENGLISH_STOPWORDS or word in FRENCH_FUNCTION_WORDS or (len(word) < 4 and not is_acronym):
        return False
    # A one-word French name that is also an English word ('assistant') names nothing in an English message.
    roles = [n for n in names if n.kind in ("title", "job", "acronym") or (n.kind == "french" and rare_word(stem(word)))]
    if not roles:
        return False
    same_word = [n for n in roles if [stem(w) for w in words(n.text)] == [stem(word)]]
    before = tokens[index - 1].word if index > 0 else ""
    after = tokens[index + 1].word if index + 1 < len(tokens) else ""
    if not any(n.kind in ("title", "acronym") for n in same_word) and _modified(before, is_name):
        return False  # 'cultural learning officer', 'agri engineer': another role, whose head word the job title is
    if after in ROLE_AFTER or len(tokens) <= 2 or before in SET_AGAINST or (against and same_word):
        return True  # 'plumbing apprenticeship' names the plumber's standard; 'compare plumber and electrician' both
    if same_word and index + 1 == len(tokens) and ELLIPSIS_LEAD_RE.fullmatch(" ".join(t.word for t in tokens[:index])):
        return True  # 'and for the butcher?', 'et pour le plombier ?': the same question of another standard
    if in_context and _titled_as_written(word, same_word) and rare_word(stem(word)) and before not in PERSON_BEFORE:
        return True  # 'could i do paralegal first', 'whats after paralegal': a one-word title, not 'the paralegals'
    if same_word and SWITCHED_TO_RE.search(" ".join(t.word for t in tokens[:index]) + " "):
        return True  # 'what about being a chef', 'could i be a nurse instead': another role put forward
    if not same_word or in_context or before in POSSESSIVES:
        return False  # 'my mate', 'our electrician': a person, not a standard
    # A one-word title ('Bricklayer', 'Welder') is a name wherever it stands; a one-word job title only when
    # it is a rare word ('midwife', not 'driver' or 'master', which other standards' texts use as words).
    return before in ROLE_BEFORE or any(n.kind == "title" for n in same_word) or rare_word(stem(word))


def _titled_as_written(word: str, names: list[_Name]) -> bool:
    """The word is a one-word title exactly as written (singular: 'paralegals' are people)."""
    return any(n.kind == "title" and fold(n.text).strip() == word for n in names)


def _status_penalty(standard: Standard) -> float:
    """Approved for delivery first; a proposal or one in development only when nothing approved shares the name."""
    if standard.is_delivering:
        return 0.0
    if standard.is_retired:
        return 0.1
    return 0.2


# Words said around a name that are no part of it ('the QS one', 'the level 3 apprenticeship').
NAMING_FILLER = frozenset(terms("the a an one ones apprenticeship apprenticeships standard course level lvl and for what about"))


def said_terms(text: str) -> set[str]:
    """The terms of what a person wrote, short forms expanded first ('hgv' is 'lorry', 'biomed' 'biomedical')."""
    return set(terms(" ".join(t.word for t in tokens_of(text))))


OPTION_BY_POSITION_RE = re.compile(
    r"\b(?:the\s+)?(?P<word>" + "|".join(w for w in ORDINALS if w.isascii()) + r")\s+(?:option|pathway|specialism)\b"
    r"|\b(?:option|pathway)\s+(?:no\.?\s*|number\s*)?(?P<number>[1-9])\b"
)


def find_option(standard: Standard, text: str) -> str | None:
    """The option of `standard` a message names, by the words that set it apart ('aseptic', 'biotechnology');
    words every option or the title shares ('manufacturing technician') do not count."""
    if not standard.options:
        return None
    by_position = OPTION_BY_POSITION_RE.search(fold(text))  # 'the second option', 'option 2'
    if by_position:
        said_position = by_position.group("word") or by_position.group("number")
        index = ORDINALS.get(said_position) if said_position in ORDINALS else int(said_position) - 1
        if index is not None and -len(standard.options) <= index < len(standard.options):
            return standard.options[index]
    said = said_terms(text)
    shared = set(terms(standard.title)) | GENERIC | set(terms("option pathway technician operative"))
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
