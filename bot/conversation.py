"""One knowledge turn of a conversation: which standard, which kind of question, then the answer.

This is where a message meets the conversation's state: the resolver (bot.resolve) says which standard it
means, the router (bot.router) what it asks, and the answer services build the reply. The Rasa actions and
the CLI both call `Assistant.respond`, so what is measured in-process is what a person gets through Rasa.
The state is typed (`State`); the actions map it to and from slots.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from datetime import date
from functools import cached_property
from typing import Any

from bot.acronyms import glossed
from bot.answers import FACTS, KSB_KIND_NAMES, Answer, AnswerService, Source, without_unwanted
from bot.french import MET_OR_FOR_RE, FrenchMatcher, ReverseMatcher
from bot.kind_guess import KindGuesser
from bot.models import KSB_CODE_RE, FrenchCourse, Standard
from bot.resolve import (
    OPTION_BY_POSITION_RE,
    ORDINAL_PICK_RE,
    ORDINALS,
    SHORT_FORMS,
    Candidate,
    Resolution,
    find_option,
    level_in,
    levels_said,
    occupation_put_forward,
    put_forward,
    role_phrases,
)
from bot.retrieval import Retriever, UnknownItem
from bot.router import (
    ASKS_INSIDE_RE,
    CONTENT_SHAPE_RE,
    ELLIPSIS_RE,
    FACT_KINDS,
    IN_IT_PATTERN,
    KIND_WORDS,
    LIST_ASKED_RE,
    WHICH_MORE_PATTERN,
    Route,
    asked_and_told,
    asked_part,
    asks_for_content,
    asks_french,
    compares,
    courtesy_of,
    interest_of,
    kinds_of,
    levels_wanted,
    naming_words,
    only_levels,
    ordinals_in,
    route,
    seeks_standards,
    since_date_named,
    step_asked,
    without_fact_asked,
    without_interjection,
    without_names,
)
from bot.spelling import Speller, joined_compounds
from bot.text import fold, language_of, language_said, terms, words
from bot.version_answers import changes_answer, my_version_answer, no_version_for_start, revisions_answer, started_version
from bot.wording import ENGLISH_TEXT_NOTE, levels_meaning, said

REPEAT_RE = re.compile(
    r"^\W*(?:(?:sorry|pardon|ok|eh)\W*)?(?:(?:can|could) you |please |pls )?(?:say (?:that|it) again|repeat(?: (?:that|it|yourself|the (?:answer|last (?:answer|bit))))?"
    r"|come again|say again|what did you (?:just )?say)(?: please| pls)?\W*$",
    re.I,
)
NOTHING_ASKED = 'I didn\'t catch a question there. Try for example "what does K42 cover in ST1406?".'
MAX_TEXT = 2000  # longer messages are cut before any matching: a pasted essay is not a question
COURSE_TYPES = ("licence pro", "bac pro", "btsa", "bts", "but", "capa", "cap", "bp", "master", "titre professionnel")
# Kinds whose answer changes with the option: naming an option asks the last such question again.
OPTION_DEPENDENT = frozenset({"ksb", "duties", "duty", "french", "free", "find_duty"})
CONTENT_PASSAGES = ("ksb", "duty")  # a free question about one standard is answered from its KSBs and duties
QUESTION_PICK_MARGIN = 0.05  # how much better one candidate's best passage must answer a free question
MIN_ANSWER_DENSE = 0.3
CONTENT_NAME_PICK = 0.55  # cosine of a loosely named standard's title passage to pick it without asking
CONTENT_NAME_ASK = 0.45  # below this the message does not name a standard at all
CONTENT_NAME_MARGIN = 0.04
THE_KSB_RE = re.compile(r"\b(?:it|this|that)\b|^\W*(?:which|what) duty\W*$", re.I)  # the KSB just answered
MAX_DISCUSSED = 6
MAX_EACH = 3  # a short fact asked under a list this long is answered for each listed standard
EACH_FACTS = frozenset({"level", "duration", "funding", "epa", "route", "status", "lars", "reference", "recognition", "pay"})
# Asked beside a search whose first standard is introduced ('is there an apprenticeship for bike mechanics? how
# long is it'): answered about it instead of its overview. A level said there is what is searched for.
ASKED_OF_INTRODUCED = (EACH_FACTS - {"level"}) | {"entry_requirements", "options", "job_titles"}
ITEM_KINDS = frozenset({"ksb", "duty", "duties", "ksb_list", "find_duty"})  # after these 'the first one' is an item
# A question about what the current standard involves ('does it involve any...', 'is there much...').
ABOUT_IT_RE = re.compile(
    r"\b(?:does|do|will|would|is|are|did)\s+(?:it|this|that|they|the (?:job|role|apprenticeship|course|standard))\s+(?:\w+\s+)?"
    r"(?:involve|cover|include|teach|need|require|mention|deal with|use)\b|\b(?:is|are) there (?:any|much|a lot of|lots of)\b"
    r"|\bwill (?:i|we) (?:do|learn|need|use) (?:any|much)\b",
    re.I,
)
# A standard wanted at a level ('apprenticeships at level 3', 'the level 2 one'), not a question about its level.
WANTS_LEVEL_RE = re.compile(
    r"\b(?:at|the|any)\s+(?:level|lvl|l)\s*\d\b(?!\s*\?)|\blevel\s*\d\s+(?:one|version|standard|apprenticeship)s?\b", re.I
)
# ... unless it is a level the person already has ('has a level 3 in horticulture', 'after a level 3 apprenticeship').
# 'is there a level 4 version', 'any L2 one?', 'is there an L2 feeder': a standard of another level asked for.
LEVEL_VARIANT_RE = re.compile(
    r"\b(?:is there|are there|any|do they (?:do|have|offer)|does it come)\b.{0,25}?\b(?:level|lvl|l)\s*-?\s*[2-8]\b"
    r"(?:\s+(?:version|one|standard|apprenticeship|feeder|equivalent|option)s?)?\s*(?:of (?:it|this|that))?\s*[?.!]*\s*$",
    re.I,
)
HAS_LEVEL_RE = re.compile(
    r"\b(?:done|did|doing|have|has|had|got|after|with|completed|finished|hold|holds|holding)\s+(?:an?\s+|the\s+|my\s+)?(?:level|lvl|l)\s*\d"
    r"|\b(?:i'?m|im|i am|he'?s|she'?s|they'?re|currently|already)\s+on\s+(?:an?\s+|the\s+|my\s+)?(?:level|lvl|l)\s*\d",  # 'im on the level 2 ...'
    re.I,
)
# 'which is longer', 'which one pays more': one fact set against, of the two standards last talked about.
WHICH_MORE_RE = re.compile(WHICH_MORE_PATTERN, re.I)
# Asked of the standards just compared, a topic word is no pick of one: 'which one covers solar panels'.
WHICH_COVERS_RE = re.compile(
    r"\bwhich(?: one| of (?:them|the two|these|those))?\s+(?:covers?|includes?|teach(?:es)?|mentions?|is about|deals? with"
    r"|involves?|has (?:more|anything|something) (?:on|about))\b",
    re.I,
)
# A follow-up about all the standards just compared, not one of them.
BOTH_RE = re.compile(
    r"\b(?:both|each(?: of them| one)?|the two(?: of them)?|them both|either(?: of them)?|they|them|these two|those two)\b", re.I
)
# ... said outright when nothing was compared: 'they' alone is the standard in context.
SAID_BOTH_RE = re.compile(r"\b(?:both|the two(?: of them)?|them both|each of them|these two|those two)\b", re.I)
# A question shaped as one ('what does ... cover?', 'how do I ...'): a passage is searched; a bare interest
# ('working with kids', 'photography!!') is a search for standards first.
QUESTION_SHAPE_RE = re.compile(r"^\W*(?:what|which|how|why|when|where|who|does|do|is|are|can|should|tell|explain)\b|\?\s*$", re.I)
OWN_ONLY_RE = re.compile(r"\b(?:only|just for|specific|unique|own)\b", re.I)  # 'only for the steam option': not the core
THIS_OPTION_RE = re.compile(r"\b(?:this|that|my|the|its) (?:option|pathway)\b|\bspecific to (?:it|this|that)\b", re.I)
COMMON_NAME_WORD = 10  # a word in this many standards' names or more ('technician'): its near slips in their texts are slips
SEARCHED_AMBIGUOUS = frozenset({"overview", "find", "job_titles", "free"})  # asked with a name several standards share: a list
FIRST_FEW_RE = re.compile(r"\b(?:the )?(?:first|top) (two|2|three|3)\b|\b(?:these|those|the) (two|2|three|3)\b", re.I)
CLEAR_LEAD = 0.85  # a search's first standard is introduced when the second scores under this share of it
MAX_CODES_AT_ONCE = 4  # 'what are K1, K2 and S3': each answered
ASKS_IT_EXISTS = frozenset({"version", "status", "progression", "level", "empty", "overview", "free"})

# 'is it a level 3 apprenticeship?' asks the level of the standard in context, it does not name another one.
ASKS_ITS_LEVEL_RE = re.compile(r"\b(?:is|isn't|it's|its) (?:it|this|that|this one|that one)?\s*(?:a |at |at a )?(?:level|L\d)\b", re.I)
AFTER_CONTEXT_RE = re.compile(
    r"\bafter\s*(?:it|this|that|this one|that one|[,?!.]|$)|\b(?:from|than|beyond|above) (?:it|this|that)\b|\bprogress onto\b"
    r"|\b(?:work|move|step) (?:my way |your way )?up (?:to|onto)\b",
    re.I,
)
TARGET_RE = re.compile(r"\bup (?:to|onto)\b", re.I)
GOING_BACK_RE = re.compile(r"\b(?:back to|return to|go back to)\b", re.I)
# Going back, or a position among the standards talked about ('the previous one').
BACK_RE = re.compile(
    GOING_BACK_RE.pattern + r"|\b(?:the )?(?:first|previous|earlier|original|other) (?:one|standard|apprenticeship)\b", re.I
)
FIRST_RE = re.compile(r"\b(?:first|original)\b", re.I)
TIE_BREAK_DENSE = 0.35  # lower than CONTENT_NAME_ASK: the words said already narrowed it to these few
TIE_BREAK_MARGIN = 0.1  # how much closer in meaning one of several standards sharing the words said must be
KIND_TERMS = frozenset(terms(" ".join(KIND_WORDS)))
NAME_FILLER = frozenset(terms("what is the a an apprenticeship standard one level how long much does it do i need about for and tell me"))

# Resolutions that guess a standard from a field's words or a passage, not from a name said: a message stating an
# interest ('i like animals', 'i'm into cars') that only such a match reads as a standard is a search for standards.
LOOSE_MATCHES = ("fuzzy", "content", "meaning")
# One standard meant by a word that points at it ('that one', 'it', 'y'), or several ('them', 'both', 'each').
ONE_MEANT_RE = re.compile(r"\b(?:that|this) one\b|\bit\b|\by\b|\bcelui-(?:ci|là)\b", re.I)
MANY_MEANT_RE = re.compile(r"\b(?:them|they|those|these|both|each|all|ones|eux|les deux|chacun)\b", re.I)
# Lists of standards shown for a wish: for an interest, or for a French job asked the way back ('ostéopathe en
# Angleterre ?'); 'how long is it?' under one is about the first listed, the closest.
LISTED_FOR_A_WISH = frozenset({"find", "uk_for_french"})
# Kinds that ask something of one standard: said with a wish ('want to be a deck officer on coastal ferries through
# an apprenticeship - whats needed to get in'), the standard most of a title names is asked about, not searched for.
ASKED_OF_ONE = frozenset({"entry_requirements", "ksb", "duration", "funding"})  # asked anywhere in the message
# An everyday name no standard's words hold ('car finance') is read by meaning against the standards' names:
# the closest is taken at this cosine when this far ahead of the next, and those from MEANT_OFFERED offered.
MEANT_PICK = 0.45
MEANT_LEAD = 0.08
MEANT_OFFERED = 0.35
ROLE_ALONE_WORDS = 6  # a message of up to this many words may be an occupation said alone ('ok - private investigator?')
ROLE_WORDS_SAID = 3  # an interest of up to this many words ending like an occupation ('astronaut') is a role
# An apprenticeship named by the work it trains for ('the apprenticeship where you help drive piles into the ground',
# 'the one for fitting carpets, vinyl and lino floors', 'an apprenticeship working in a slaughterhouse'): the words
# after it up to the end of the sentence or a clause that asks something.
_DESCRIPTION = (  # the words describing the work, up to where the message turns to ask or to say something else
    r"(?P<what>(?:(?![,;:]\s*(?:what|whats|what's|how|which|is|are|does|do|can|could|any|and|so|i|im|i'm)\b|\s-\s"
    r"|\s(?:and|but|so|as)\s+(?:my|i|i'm|im|we|she|he|they|our|her|his|their)\b)[^.?!;—–])+)"
)
DESCRIBED_RE = re.compile(
    r"\b(?:apprenticeship|standard|course|programme|one)s?\s+(?:for|where|in which|working|doing|making|helping|looking)\s+" + _DESCRIPTION,
    re.I,
)
# The work a person says they (or the person they speak for) do, where no fuller name of the standard is said ('i
# help put up the aluminium framing on office blocks', 'he works at an iron foundry that makes pump housings', 'my
# job is working out the sequence of presses'): the apprenticeship is the one for that work.
WORK_DESCRIBED_RE = re.compile(
    r"\b(?:(?:i|he|she|they|we|who)\s+(?:(?:currently|mainly|mostly|now|also|just|actually)\s+)?"
    r"(?:work|works|do nights|does nights|do days|help|helps)|my job is|(?:his|her|their) job is)\s+" + _DESCRIPTION,
    re.I,
)
# ... unless the words before it ask whether there is such an apprenticeship: a search ('is there an apprenticeship
# for painting boats?', 'what apprenticeship for fixing ovens').
SOUGHT_BEFORE_RE = re.compile(
    r"\b(?:is there|are there|is their|there is|there are|any|what|which|whats|what's|wat)\s+(?:(?:an?|the|some|good|other|uk|english)\s+){0,2}$",
    re.I,
)
DESCRIBED_TERMS = 2  # content words a description needs before it may name the standard
# The words that name it in part just before ('the tiling apprenticeship for doing bathrooms'): read with it.
NAMED_BEFORE_RE = re.compile(r"\b(?:the|an?|my|his|her|their|our|this|that)\s+(?P<words>(?:[\w&'-]+\s+){1,3})$", re.I)

EVERYDAY_NAME_RE = re.compile(r"((?:[\w&'’-]+\s+){1,3}?)(?:ones?|apprenticeships?|standard|course)\b", re.I)


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass
class Reply:
    text: str
    buttons: list[Button] = field(default_factory=list)
    response: str = ""  # a response of domain.yml (utter_greet...) instead of text
    kind: str = ""  # the kind of answer it carries when it came from an Answer ("unknown", "not_found"...)
    sources: list[Source] = field(default_factory=list)  # what the answer was read from (the CLI's --json shows them)
    forgets_conversation: bool = False  # "forget me" done: the channel also drops the conversation and transcript


@dataclass
class State:
    """What the conversation remembers between turns (Rasa slots of the same names)."""

    standard: str | None = None
    option: str | None = None
    ksb_code: str | None = None  # the KSB last shown (K5), or the duty as "D3": what "and the next one?" steps from
    last_kind: str | None = None
    last_question: str | None = None
    pending_question: str | None = None
    pending_kind: str | None = None  # a kind the NLU intent forced ("quiz", "progress") for the pending question
    offered: list[str] = field(default_factory=list)  # standards just listed as buttons, for "the second one"
    discussed: list[str] = field(default_factory=list)  # standards answered about, oldest first, for "back to the first one"
    listed: list[str] = field(default_factory=list)  # the last list shown, kept after a pick: "and the second one?"
    version: str | None = None  # the version of `standard` the learner is on ('I started on v1.2'); None: the current one

    @classmethod
    def from_slots(cls, slots: dict[str, Any]) -> State:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in slots.items() if k in known and v is not None}
        for name in ("offered", "discussed", "listed"):
            if not isinstance(values.get(name, []), list):
                values[name] = []
        return cls(**values)

    def as_slots(self) -> dict[str, Any]:
        """Slot values; an empty list is no value (None), as an unset slot reads."""
        return {f.name: getattr(self, f.name) or None for f in fields(self)}


@dataclass
class Message:
    """A user turn as the conversation sees it: the text, and entities of a button payload."""

    text: str
    entities: dict[str, list[str]] = field(default_factory=dict)
    lang: str = ""  # the conversation's language when the message's own words show none ('le premier')

    @property
    def language(self) -> str:
        """The language to answer in: the message's own, else the conversation's."""
        return self.lang or language_of(self.question)

    def entity(self, name: str) -> str | None:
        values = self.entities.get(name)
        return values[0] if values else None

    @property
    def question(self) -> str:
        """The text to answer: a button payload ('/choose_standard{...}') is not a question."""
        return "" if self.text.startswith("/") else self.text[:MAX_TEXT]


@dataclass
class Result:
    replies: list[Reply]
    state: State
    kinds: tuple[str, ...] = ()
    standard: str | None = None  # the standard the answer is about, when there is one


ANOTHER_ROLE_RE = re.compile(r"\b(?:what|how) about (?:being|becoming|doing|working as|training as)\b|\b(?:rather|instead)\b", re.I)
# Words that turn a conversation from its standard to another interest ('what about X instead', 'no i mean X').
TURNS_ELSEWHERE_RE = re.compile(r"\b(?:what|wat|how) about\b.*\b(?:instead|rather)\b|\b(?:no|nah),? i mean\b|\binstead\s*[?!.]*$", re.I)
# A French question about becoming a French job: 'pour devenir sommelier', 'pour être gardien de la paix'.
BECOME_FR_RE = re.compile(r"\b(?:devenir|pour (?:[êe]tre|exercer))\b", re.I)
QUOTED_RE = re.compile(r"(?<![\w'’])['‘\"«“]\s*([^'’\"»”]{3,60}?)\s*['’\"»”](?!\w)")
# A standard put forward by a few words ('the plumbing one', 'the retail apprenticeship', 'what about catering').
# 'what about getting informed consent', 'how about dealing with...': a doing put forward (not 'what about being a...').
WHAT_ABOUT_DOING_RE = re.compile(r"\b(?:what|how) about\s+(?!(?:being|becoming|doing|working|training)\b)([a-z]+ing)\s+\w", re.I)
PUT_FORWARD_RE = re.compile(r"\b(?:one|apprenticeships?|standard)\b|\b(?:what|how) about\b|\binstead\b", re.I)
FRENCH_CRAFT_RE = re.compile(r"\bfrench\s+([a-z]+)", re.I)


def _bare_interest(text: str) -> bool:
    """A message that neither asks a question nor asks what a standard covers ('horses', 'working with kids',
    'photography!!'): an interest, searched for standards."""
    return not CONTENT_SHAPE_RE.search(text) and not QUESTION_SHAPE_RE.search(text)


def intent_payload(intent: str, **entities: str) -> str:
    """A button payload that triggers an intent directly, with entities (Rasa's '/intent{json}' form)."""
    return f"/{intent}{json.dumps(entities)}" if entities else f"/{intent}"


def standard_buttons(labels: list[str]) -> list[Button]:
    """Buttons for 'ST1406 Science manufacturing technician' style suggestions."""
    return [Button(label, intent_payload("choose_standard", standard_ref=label.split(" ", 1)[0])) for label in labels]


class Assistant:
    """Answers knowledge questions in a conversation; `quiz_starter` lets the quiz plug in without a cycle."""

    def __init__(self, retriever: Retriever, service: AnswerService | None = None, french: FrenchMatcher | None = None) -> None:
        self.retriever = retriever
        self.service = service or AnswerService(retriever)
        self.french = french or FrenchMatcher(retriever)
        self.reverse = ReverseMatcher(self.french)
        self.quiz_starter: Any = None  # callable(sender, text, standard, option) -> Reply, set by the quiz
        self.progress_reporter: Any = None  # callable(sender, standard) -> Reply, set by the quiz

    @property
    def resolver(self):  # type: ignore[no-untyped-def]
        return self.retriever.resolver

    @cached_property
    def speller(self) -> Speller:
        """Corrects typos towards the words of standards' names and of the kinds of question."""
        text_words, name_words = self.resolver.real_words, self.resolver.name_words()
        # A name word seen once and in no standard's text is more likely a typo of the catalogue's own
        # ('busness manager'): not corrected towards, but known, so that saying it as written still works.
        vocabulary = {w: n for w, n in name_words.items() if n > 1 or w in text_words}
        for word in KIND_WORDS:
            vocabulary[word] = vocabulary.get(word, 0) + 1
        # Everyday English the catalogue never writes ('stuck') and the short forms names are read with ('comms')
        # are no typos of a name ('stock', 'commis'): the words the embedding model's tokenizer knows whole are known.
        everyday = self.retriever.encoder.vocabulary() | set(SHORT_FORMS)
        # ... and a word a couple of standards' texts misspell ('tecnician') is one such slip of a common name word.
        common = [w for w, n in name_words.items() if n >= COMMON_NAME_WORD]
        slips = set(name_words) - set(vocabulary) | (self.resolver.text_slips(common) - everyday)
        known = text_words | set(name_words) | everyday
        # A name word's plural, where English writes it, is corrected towards too ('matresses' are mattresses).
        for word, count in list(vocabulary.items()):
            for plural in (f"{word}s", f"{word}es"):
                if plural in known and plural not in slips:
                    vocabulary.setdefault(plural, count)
        standards = self.retriever.catalogue.standards.values()
        compounds = joined_compounds(
            (name for s in standards for name in (s.title, *s.typical_job_titles, *s.options)), (s.title for s in standards)
        )
        return Speller(vocabulary, known, slips=slips, compounds=compounds)

    @cached_property
    def french_crafts(self) -> frozenset[str]:
        """Words the catalogue's own content puts after 'French' ('French polishing', 'French trimming'): said in
        a question, a technique of a standard, not the way to France."""
        found = {
            stem
            for standard in self.retriever.catalogue.standards.values()
            for text in (*(k.text for k in standard.ksbs), *(d.text for d in standard.duties))
            for word in FRENCH_CRAFT_RE.findall(text)
            for stem in terms(word)
        }
        return frozenset(found)

    def _only_french_crafts(self, text: str) -> bool:
        """Whether the only French a message speaks of is a craft ('gel coat and french polishing')."""
        without = FRENCH_CRAFT_RE.sub(lambda m: " " if set(terms(m.group(1))) & self.french_crafts else m.group(0), text)
        return without != text and not asks_french(without)

    @cached_property
    def kind_guesser(self) -> KindGuesser:
        return KindGuesser(self.retriever.encoder)

    def corrected(self, message: Message, state: State | None = None) -> Message:
        """The message with its typos put right and an acronym it glosses written out ('CHC (continuing
        healthcare)'); a button payload is left as it is. A word the catalogue
        itself misspells once ('busness manager') is left as written unless that names nothing clearly while
        the word it misspells does ('busness analyst' is the business analyst)."""
        if not message.question:
            return message
        fixed = replace(message, text=self.speller.correct(glossed(message.text)))
        if state is None or not self.speller.slips.intersection(words(fixed.text.lower())):
            return fixed  # no slip of the catalogue's said: no second reading
        second = replace(message, text=self.speller.correct(fixed.text, slips=True))
        if second.text == fixed.text or self._names_clearly(fixed, state):
            return fixed
        return second if self._names_clearly(second, state) else fixed

    def _names_clearly(self, message: Message, state: State) -> bool:
        """Whether a message names one standard outright, not by a loose match nor among equals."""
        resolution = self._resolution(message, state)
        return resolution.named_in_message and not resolution.ambiguous and resolution.how not in LOOSE_MATCHES

    # --- the turn ---------------------------------------------------------------------------------------

    def understand(self, message: Message, state: State, force_kind: str | None = None) -> tuple[Resolution, Route]:
        """Which standard and which kind of question, without answering."""
        resolution = self._resolution(message, state)
        if not state.standard and (described := self._described_instead(message.question, resolution)):
            resolution = described
        if (
            resolution.from_message
            and resolution.reference
            and (asides := self.resolver.asides_naming(message.question, resolution.reference))
        ):
            resolution = replace(resolution, naming=(*resolution.own_phrases, *asides))
        standards_named = (1 if resolution.from_message and resolution.reference else 0) + len(resolution.others)
        # Another standard's name said beside this one's stays in the question: it may be its topic ('does the
        # bricklayer apprenticeship cover working with the site manager').
        phrases = resolution.own_phrases if resolution.naming else resolution.phrases or (resolution.phrase,)
        if resolution.from_message and resolution.reference:
            phrases = self._names_only(phrases, message.question, resolution.reference)
        if resolution.from_message and resolution.reference and ELLIPSIS_RE.match(message.question):
            # 'and for the knitting machine technician one?': all of it names the standard, none of it asks
            phrases = tuple(self.resolver.name_said_around(message.question, p, resolution.reference) for p in phrases)
        has_context = bool(state.standard) and resolution.reference != state.standard
        guess = self._guesser(message)
        routed = route(message.question, resolution.from_message, phrases, state.last_kind, standards_named, has_context, guess)
        if routed.kind == "french" and resolution.how not in ("reference", "lars", "offered"):
            # 'quel BTS pour technicien de laboratoire', also in a conversation about another standard
            resolution = self._by_french_job(message.question, resolution)
        # A loose match, a few words of a title or a field's keyword inside a wish ('id like to work in a factory
        # making electric car batteries', 'something in IT but not coding'): an interest to search.
        loosely_named = seeks_standards(message.question) and (
            resolution.how in LOOSE_MATCHES
            or (
                not state.standard
                and (resolution.how == "partial" or resolution.name_kind == "keyword")
                and not _set_out(message.question, resolution.own_phrases)
                and not set(routed.kinds) & ASKED_OF_ONE
            )
        )
        if routed.kind != "find" and (loosely_named or (resolution.how == "partial" and LIST_ASKED_RE.search(message.question))):
            # 'i like animals': an interest; 'are there any science degree apprenticeships': a list, whatever title
            # holds 'science' and 'degree'
            routed = route(message.question, False, (), state.last_kind, 0, False, guess)
        elif self._searched_as_interest(message, state, resolution, routed):
            routed = replace(routed, kinds=("find",))  # 'horses', 'money': no standard's name, an interest to search
        elif self._turns_elsewhere(message, state, resolution, routed) or self._role_alone(message, state, resolution, routed):
            routed = replace(routed, kinds=("find",))  # 'wat about driving buses instead' after the train driver: a new search
        elif routed.kind == "find" and resolution.how == "slot" and _asks_inside(message.question, state):
            routed = replace(routed, kinds=("free",), question=message.question)  # 'is there anything on accessibility'
        if routed.kind == "french" and self._only_french_crafts(message.question):
            routed = replace(routed, kinds=tuple(k for k in routed.kinds if k != "french") or ("free",))  # 'french polishing'
        if force_kind:
            routed = replace(routed, kinds=(force_kind,))
        elif message.entity("ksb_code") and not message.question:
            routed = replace(routed, kinds=("ksb",), codes=(message.entity("ksb_code") or "",))
        if routed.question and resolution.naming:
            # What a search reads: the standard's own name out; any other name stays, it may be the topic asked
            # about ('does the aviation mover one cover dangerous goods', 'running the credit control side').
            own = (
                self._names_only(resolution.own_phrases, message.question, resolution.reference)
                if resolution.reference
                else resolution.own_phrases
            )
            routed = replace(routed, question=without_names(message.question, own))
        return resolution, routed

    def _described_instead(self, question: str, resolution: Resolution) -> Resolution | None:
        """A field's keyword or a job said inside what is asked is its topic, not the standard ('i do nights at a
        parcel depot on the sort belts - do i need to know about dangerous goods?', 'vehicle wrapper at a sign shop
        - is colour matching covered?', "i'm a bricklayer - do we learn to work with the site manager?"): the
        sentences that say who is asking name the standard, when their meaning clearly points to one. None when
        they do not, or the name was said there or put forward as the standard."""
        if resolution.how != "name" or resolution.name_kind not in ("keyword", "job") or resolution.others:
            return None
        asked, description = asked_and_told(question)
        phrase = fold(resolution.phrase)
        if phrase not in fold(asked) or phrase in fold(description) or put_forward(question, resolution.phrase):
            return None  # 'i work on a ward - what does the healthcare assistant apprenticeship cover?' names it
        found = self._by_content(description, Resolution())
        return found if found and not found.ambiguous and found.reference != resolution.reference else None

    @staticmethod
    def _turns_elsewhere(message: Message, state: State, resolution: Resolution, routed: Route) -> bool:
        """A message that turns from the standard in context to something else ('what about driving buses
        instead', 'no i mean like looking after horses') without asking about the content: a new search, not a
        search inside the standard it leaves."""
        return (
            bool(state.standard)
            and resolution.how == "slot"
            and routed.kind == "free"
            and bool(TURNS_ELSEWHERE_RE.search(message.question))
            and not asks_for_content(message.question)
        )

    def _role_alone(self, message: Message, state: State, resolution: Resolution, routed: Route) -> str:
        """An occupation said alone in a conversation about another standard ('driving instructor?', 'ok -
        private investigator?'): its name, searched for among the standards, not inside the current one; ''
        when the message is not that."""
        if not state.standard or routed.kind != "free" or resolution.how not in ("slot", "name") or resolution.reference != state.standard:
            return ""
        return self._occupation_alone(message.question, state.standard)

    def _occupation_alone(self, question: str, current: str) -> str:
        """The occupation a bare message says when the current standard's names do not hold it; '' if none."""
        name = naming_words(question)
        short = len(question.split()) <= ROLE_ALONE_WORDS
        if not name or not short or not _bare_interest(question.strip().rstrip("?!. ")) or not self.resolver.is_role(name):
            return ""
        return "" if self.resolver.names_hold(name, current, every=True) else name

    @staticmethod
    def _searched_as_interest(message: Message, state: State, resolution: Resolution, routed: Route) -> bool:
        """A bare word or phrase no standard's name holds, only loosely matched ('horses', 'money'): an interest.
        With a standard or a list on screen it is a pick or a word about it ('the technician one')."""
        loose = routed.kind in ("overview", "free") and resolution.how in LOOSE_MATCHES
        return loose and _bare_interest(message.question) and not (state.standard or state.offered)

    def _nothing_named(self, message: Message, state: State, routed: Route, sender: str, force_kind: str | None) -> Result:
        """No standard named or in context: a bare interest is searched for standards first ('working with kids',
        'photography!!'), a question for passages anywhere; a kind of question that needs a standard asks which."""
        if routed.kind == "free" and not force_kind and not state.standard and _bare_interest(message.question):
            found = self._find(message, state, sender)
            if found.kinds != ("find",) or found.state.offered:
                return found
        one_listed_meant = bool(state.offered) and _one_meant(message.question)
        if routed.kind in ("free", "empty") and not force_kind and not (routed.kind == "free" and one_listed_meant):
            return self._free_anywhere(message, state)  # ('does it teach you safety on set?' under a list: the first)
        if state.last_kind in LISTED_FOR_A_WISH and state.offered and not state.standard and not force_kind:
            return self._about_first_listed(message, state, routed, sender)  # 'how long is it?' under a list
        name, meant = self._meant_by_everyday_name(message.question)
        clearly = _clearly_meant(name, meant)
        if clearly:
            return self._answer(message, state, clearly, routed, sender)
        return self._ask_which(message, state, [f"{s.reference} {s.title}" for s, _cosine in meant], force_kind)

    def _about_first_listed(self, message: Message, state: State, routed: Route, sender: str) -> Result:
        """A question about 'it' just after a list of standards that fit a wish ('is there something for
        fixing ovens' ... 'how long is it?'): answered about the first listed, the closest, saying so, with the
        others still there to pick."""
        first = self.retriever.catalogue.standards[state.offered[0]]
        chosen = Resolution((Candidate(first.reference, first.title, 1.0),), "offered", "")
        result = self._answer(message, state, chosen, routed, sender)
        labels = self._listed(state)  # the first is the one answered about
        lead = Reply(said(message.language, "first_listed", name=labels[0]), standard_buttons(labels[1:]))
        return replace(result, replies=[lead, *result.replies], state=replace(result.state, offered=list(state.offered)))

    def _loose_or_meant(self, resolution: Resolution, routed: Route) -> Resolution:
        """A loose match on one word of an everyday name ('car finance' → a car technician, by 'car') yields to
        the standard the whole name clearly means ('Motor finance specialist'); a search keeps its own road."""
        if resolution.how != "fuzzy" or routed.kind == "find":
            return resolution
        name = naming_words(resolution.phrase)  # only for a fuzzy match: it runs every kind's pattern
        if not name or (resolution.reference and self.resolver.names_hold(name, resolution.reference, every=True)):
            return resolution
        return _clearly_meant(name, self._meant(name)) or resolution

    def _meant(self, name: str) -> list[tuple[Standard, float]]:
        """The standards an everyday name means closely enough to offer, closest first, with the cosine."""
        return [(s, cosine) for s, cosine in self.retriever.standards_meant(name) if cosine >= MEANT_OFFERED]

    def _meant_by_everyday_name(self, question: str) -> tuple[str, list[tuple[Standard, float]]]:
        """The name a question that names no standard uses for one ('on the air hostess one', 'what lvl is the
        spots coach') and the standards it means, closest first: of the phrases that may be the name (put
        forward as a role, said before 'one', or what is left once the asking words are out), the one whose
        meaning is closest to a standard's names."""
        before_one = [m.group(1) for m in EVERYDAY_NAME_RE.finditer(question)]
        phrases = {naming_words(p) for p in [*role_phrases(question), *before_one, question]} - {""}
        best: tuple[str, list[tuple[Standard, float]]] = ("", [])
        for phrase in sorted(phrases):
            meant = self._meant(phrase)
            if meant and (not best[1] or meant[0][1] > best[1][0][1]):
                best = (phrase, meant)
        return best

    def _by_french_job(self, text: str, resolution: Resolution) -> Resolution:
        """A French job said by its French name, longer than any English name the message holds, is the job
        asked about: its closest English standard (the way back) is the standard of the question. An acronym
        says its whole title ('chauffeur poids lourd (LGV C+E)' is the LGV driver's)."""
        said, met_ids = self.reverse.named_job(text)  # the job names are scanned once
        english = resolution.candidates[0].title if resolution.name_kind == "acronym" and resolution.candidates else resolution.phrase
        if not said or len(said) <= len(" ".join(words(english))):
            return resolution
        standards = self.reverse.standards_for(list(met_ids), 1, said)
        return Resolution((Candidate(standards[0].reference, standards[0].title, 1.0),), "name", said) if standards else resolution

    def _guesser(self, message: Message) -> Callable[[str], str | None] | None:
        """What reads a question no pattern recognises by meaning: English only, as its examples are English."""
        return self.kind_guesser.guess if message.language == "en" else None

    def looks_like_question(self, message: Message, state: State) -> bool:
        """Whether a message NLU took for small talk asks about the catalogue all the same ('hi, i want to be a
        vet nurse'): it names a standard or a KSB code, or asks one of the known kinds of question."""
        resolution, routed = self.understand(self.corrected(message, state), replace(state, offered=[]))
        return resolution.named_in_message or routed.kind not in ("free", "empty", "overview")

    def respond(self, message: Message, state: State, sender: str = "", force_kind: str | None = None) -> Result:
        result = self._respond(message, state, sender, force_kind)
        if result.state.offered and result.state.offered != result.state.listed:
            result = replace(result, state=replace(result.state, listed=list(result.state.offered)))
        return result

    def _respond(self, message: Message, state: State, sender: str = "", force_kind: str | None = None) -> Result:
        if not message.question and not message.entities and not force_kind:
            return Result([Reply(NOTHING_ASKED)], state)
        if REPEAT_RE.match(message.question):
            return self.repeat(state, sender)
        if courtesy := courtesy_of(message.question):  # 'merci', 'thanks mate': answered, never searched for
            kind, language = courtesy
            return Result([Reply(said(language, kind))], state, (kind,))
        message = self.corrected(message, state)
        if language_said(message.question) is None and state.last_question and language_of(state.last_question) == "fr":
            message = replace(message, lang="fr")  # 'le premier' after a French question is answered in French
        resolution, routed = self.understand(message, state, force_kind)
        resolution = self._loose_or_meant(resolution, routed)
        if resolution.unknown_reference:
            labels = [f"{c.reference} {c.title}" for c in resolution.candidates]
            text = f"I don't know a standard {resolution.unknown_reference}. Did you mean one of these?"
            offered = [c.reference for c in resolution.candidates]
            return Result([Reply(text, standard_buttons(labels), kind="unknown")], replace(state, offered=offered), ("unknown",))
        french_id = MET_OR_FOR_RE.search(message.question)  # 'MET.8063', 'FOR.9970' alone: the way back to English standards
        named_english = not french_id and resolution.from_message and bool(resolution.reference)
        if routed.kind == "uk_for_french" and named_english and not self.reverse.jobs_in(message.question):
            routed = replace(routed, kinds=("french",))  # an English standard named, no French job: the way out
        quoted = self._quoted_standard(message.question) if routed.kind == "uk_for_french" else None
        if quoted is not None:
            # 'il commence un apprentissage 'roofer'': the English apprenticeship the person is on, named in quotes
            # beside the French job; the conversation is about it.
            resolution, routed = quoted, Route(("overview",))
        course, facts = self._course_asked(message)
        if course is not None:  # 'combien de temps dure le BTS analyses de biologie médicale'
            answer = self.reverse.course_facts(course, facts, message.language)
            return Result([_reply(answer)], replace(state, last_kind="french_course"), ("french_course",))
        if routed.kind == "uk_for_french" or (french_id and (routed.kind != "french" or not resolution.reference)):
            return self._uk_for_french(message, state)
        if routed.kind == "french" and self._asks_training_for_french_job(message):
            return self._training_for_french_job(message, state)
        if state.last_kind == "find" and state.last_question and only_levels(message.question, relative=not state.standard):
            return self._find(message, state, sender, state.last_question)  # 'any at level 4 or above?' under a list
        if routed.kind == "find":
            return self._find(message, state, sender)
        if routed.kind == "revisions":
            since = since_date_named(message.question, date.today())
            return Result([_reply(revisions_answer(self.retriever.catalogue, since))], state, ("revisions",))
        if not resolution.named_in_message and (levels := levels_compared(message.question)):
            return Result([Reply(levels_meaning(levels))], state, ("levels",))  # 'difference between level 3 and level 4'
        listed = self._listed_compared(message, state)
        if listed:
            return self._compare(listed, state, message.question)
        group = self._group_meant(message, state, resolution, routed)
        if group:
            return self._about_each(group, message, state, routed, sender)
        together = _named_together(message.question, resolution, routed)
        if together:  # asked of each: what comes next may pick one ('the first one') or ask of both
            listed = replace(state, offered=together, discussed=_discussed(state, *together))
            return self._about_each(together, message, listed, routed, sender)
        # 'which is longer', 'compare them' naming none: the last two standards talked about ('the difference
        # between the options' compares no standards: a comparison word must point at several by 'them', 'both'...).
        asks_to_compare = WHICH_MORE_RE.search(message.question) or (compares(message.question) and MANY_MEANT_RE.search(message.question))
        if routed.kind == "comparison" or (asks_to_compare and self._compares_discussed(state, resolution)):
            return self._compare(resolution, state, message.question)
        if routed.kind in ("progression", "way_in") and self._names_the_next_step(message.question, state, resolution):
            resolution = self._staying(state)  # 'after it, like a supervisor one', 'a higher-level chef standard after it'
        if resolution.ambiguous and routed.kind in ("free", "find_duty") and not force_kind:
            resolution = self._by_question(routed.question or message.question, resolution)
        if (
            resolution.ambiguous
            and set(routed.kinds) <= SEARCHED_AMBIGUOUS
            and resolution.how != "offered"
            and seeks_standards(message.question)
        ):
            return self._find(message, state, sender)  # 'i wanna be a chef': the chef standards listed with their levels
        if self._each_listed(state, resolution, routed, force_kind):
            return self._about_each(state.offered, message, state, routed, sender)  # 'how long?' under a list of two
        if self._one_of_list_meant(message.question, state, resolution, force_kind):
            return self._about_first_listed(message, state, routed, sender)  # 'entry reqs for that one' under a list
        resolution = self.resolver.titled_among(message.question, resolution)
        if resolution.ambiguous:
            # 'what about being a chef' asks nothing but the role: the one picked is introduced.
            kind = force_kind or ("overview" if routed.kind == "free" and ANOTHER_ROLE_RE.search(message.question) else None)
            return self._ask_which(message, state, [f"{c.reference} {c.title}" for c in resolution.candidates], kind)
        if resolution.reference is None:
            return self._nothing_named(message, state, routed, sender, force_kind)
        if resolution.how == "level" and set(routed.kinds) <= ASKS_IT_EXISTS and not asks_for_content(message.question):
            routed = replace(routed, kinds=("overview",))  # 'is there a level 4 version of that?': yes, this one
        if self._asks_a_level_variant(message.question, state, resolution):
            return self._level_variant(message, state)  # 'is there a level 4 version' of a level 3 with none
        if resolution.from_message and (state.pending_question or state.pending_kind) and _only_picks(message, routed):
            resumed = replace(state, standard=resolution.reference, pending_question=None, pending_kind=None, offered=[])
            # The choice answers the question's own ambiguity ('registered nurse' names two standards): it is
            # asked again about the chosen standard, never re-resolved into the same choice.
            chosen = Message(state.pending_question or "", {"standard_ref": [resolution.reference]})
            answered = self.respond(chosen, resumed, sender, state.pending_kind)
            if [r.kind for r in answered.replies] == ["not_found"]:  # 'what about being a chef' asked only for one
                return self._answer(
                    message, replace(state, pending_question=None, pending_kind=None), resolution, Route(("overview",)), sender
                )
            return answered
        return self._answer(message, state, resolution, routed, sender)

    def _resolution(self, message: Message, state: State) -> Resolution:
        named = message.entity("standard_ref")
        text = message.question
        if named:
            text = f"{named} {text}".strip()
        # 'what apprenticeships are there for horses' asks for a new list, never picks from the one shown.
        # A new wish ('i like engineering') is a search, not a pick by a word of the listed ones.
        wish = "find" in kinds_of(text)
        new_wish = wish and not ORDINAL_PICK_RE.search(text)
        offered = [] if LIST_ASKED_RE.search(text) or new_wish else state.offered or self._listed_before(text, state)
        resolution = self.resolver.understand(without_interjection(text), current=state.standard, offered=offered)
        if self._picked_by_asking_words(text, state, resolution, offered):
            resolution = self.resolver.understand(text, current=state.standard)  # 'how long does it take to finish'
        if state.standard and state.last_kind in ("ksb", "duty") and step_asked(text) and resolution.how == "slot":
            return resolution  # 'and the previous one?' just after a KSB steps through its KSBs, not back to a standard
        if state.standard and resolution.how == "offered" and not resolution.phrase and {"progression", "way_in"} & set(kinds_of(text)):
            return self._staying(state)  # 'any L4+ progression?' under a list of next steps: still from this standard
        if state.standard and resolution.how == "offered" and any(o.letter for o in ordinals_in(text)):
            return self._staying(state)  # 'and the last knowledge one': a KSB of this standard, not the last listed
        going_back = bool(GOING_BACK_RE.search(text))  # 'back to the first one' after a list: the conversation's first
        if resolution.how not in ("reference", "lars", "offered") or (going_back and resolution.how == "offered"):
            earlier = self._earlier(text, state, resolution) or self._at_level(text, state, resolution)
            earlier = earlier or self._discussed_by_name(text, state, resolution)
            if earlier:
                return earlier
        described = self._described(text, resolution)
        if described:
            return described
        if resolution.how == "none" and not state.standard and len(state.offered) == 1 and not wish:
            return self.resolver.understand(state.offered[0])  # the one standard shown is what a follow-up is about
        if self._content_words_only(text, state, resolution):
            return self._staying(state)  # 'which duty is about leading the team'
        if self._option_just_listed(text, state) and resolution.reference != state.standard:
            return self._staying(state)  # 'and the fire fighter one?'
        listed_only = resolution.how == "none" and bool(state.offered) and not role_phrases(text)
        if resolution.how in ("none", "slot") and not named and text and not listed_only:
            # (With a list on screen a question naming nothing is about one of the listed, not a search.)
            return self._by_content(text, resolution) or resolution
        if len(resolution.candidates) > 1 and resolution.how in ("partial", "fuzzy"):
            return self._tie_broken(text, resolution)  # a name several standards list word for word stays a choice
        return resolution

    def _asks_a_level_variant(self, text: str, state: State, resolution: Resolution) -> bool:
        """'is there a level 4 version', 'any L2 one?' of the standard in context, when no related standard of
        that level was found (one found moves the conversation there, resolution 'level')."""
        current = self.retriever.catalogue.standards.get(state.standard or "")
        level = level_in(text)
        return bool(
            current
            and current.level
            and level
            and level != current.level
            and resolution.how == "slot"
            and resolution.reference == current.reference
            and LEVEL_VARIANT_RE.search(text)
            and not HAS_LEVEL_RE.search(text)
        )

    def _level_variant(self, message: Message, state: State) -> Result:
        """No standard of that level is this one's kin: said, with the standards that lead up to it or follow it."""
        standard = self.retriever.standard(state.standard or "")
        level = level_in(message.question) or 0
        lower = level < (standard.level or 0)
        steps = self.service.progression_answer(standard, asked=message.question, lower=lower, lang=message.language)
        lead = said(message.language, "no_level_variant", name=standard.citation, level=standard.level, asked=level)
        reply = Reply(f"{lead}\n{steps.text}", standard_buttons(steps.suggestions), kind="progression", sources=steps.sources)
        kind = "way_in" if lower else "progression"
        return Result([reply], replace(state, last_kind=kind, last_question=message.question, offered=_offered(reply)), (kind,))

    def _picked_by_asking_words(self, text: str, state: State, resolution: Resolution, offered: list[str]) -> bool:
        """A standard picked from the list on screen only by a word that asks for a fact ('how long does it
        take to finish' picks no Finisher option's standard): the conversation stays where it was."""
        if resolution.how != "offered" or resolution.ambiguous or not state.standard:
            return False
        asked = without_fact_asked(text)
        return asked != text and self.resolver.pick_offered(asked, offered) is None

    def repeat(self, state: State, sender: str = "") -> Result:
        """'say that again', 'repeat' (no quiz running): the last question answered again about the standard of
        the conversation; its overview when no question was asked yet; the list when one was shown."""
        if state.pending_question:  # the last reply asked which standard: asked again
            return self._ask_which(Message(state.pending_question), state, [])
        if state.last_kind == "find" and state.last_question:
            return self._find(Message(state.last_question), state, sender, state.last_question)
        if state.standard and state.last_question and state.last_kind not in (None, "comparison"):
            return self._respond(Message(state.last_question, {"standard_ref": [state.standard]}), state, sender)
        if state.standard:
            return self._respond(Message("", {"standard_ref": [state.standard]}), state, sender, "overview")
        return Result([Reply("There is nothing to repeat yet. " + NOTHING_ASKED.split(". ", 1)[1])], state, ("empty",))

    @staticmethod
    def _listed_before(text: str, state: State) -> list[str]:
        """The list shown before a pick from it, when a message picks by position again ('how long is the first
        one', then 'and the second one?'); not a KSB or duty by position ('the first duty', 'the next one')."""
        by_position = ORDINAL_PICK_RE.search(text) and not ordinals_in(text) and not step_asked(text)
        return list(state.listed) if by_position and state.last_kind not in ITEM_KINDS else []

    def _staying(self, state: State) -> Resolution:
        """The conversation stays on its standard, whatever the message's words might have named."""
        return self.resolver.understand("", current=state.standard)

    def _discussed_at(self, state: State, level: int) -> str | None:
        """The standard of that level this conversation was about most lately, other than the current one."""
        standards = self.retriever.catalogue.standards
        return next((r for r in reversed(state.discussed) if r != state.standard and r in standards and standards[r].level == level), None)

    def _names_the_next_step(self, text: str, state: State, resolution: Resolution) -> bool:
        """'is there a higher-level chef standard after it?', 'what could i progress onto after, like a
        supervisor one': the words name the step wanted, the step is from the standard in context."""
        # A standard picked from the list by a word ('could i work up to the manager one') is the step asked about.
        picked = resolution.how == "offered" and bool(TARGET_RE.search(text))
        moved = (resolution.reference != state.standard or resolution.ambiguous) and (
            resolution.how not in ("reference", "lars", "offered") or picked
        )
        if not (state.standard and moved and AFTER_CONTEXT_RE.search(text)):
            return False
        named = self.retriever.catalogue.standards.get(resolution.reference or "")
        title = set(terms(named.title)) - NAME_FILLER if named else set()
        return not (title and title <= set(terms(text)))  # its whole title said: that one is the step asked about

    def _content_words_only(self, text: str, state: State, resolution: Resolution) -> bool:
        """A question about what the current standard covers ('which duty is about leading the team', 'where
        does it cover invasive species') whose words happen to make up part of another standard's name: the
        loose match (some of a name's words, a misspelt name) does not move the conversation."""
        if not state.standard or resolution.reference == state.standard:
            return False
        if resolution.how in ("partial", "fuzzy", "name") and self._activity_asked(text):
            return True  # 'and what about getting informed consent from patients?': an activity, not a standard
        if resolution.how in ("partial", "fuzzy"):
            # ... nor a fact asked of it beside a loose word ('can you specialise? I'm more OD than HR these days').
            asks_of_it = bool(set(kinds_of(text)) & FACT_KINDS) and not PUT_FORWARD_RE.search(text)
            return asks_of_it or bool(CONTENT_SHAPE_RE.search(text)) or asks_for_content(text)
        # A job title said as an activity of the current standard ('does it involve any customer service'), not
        # put forward as a standard ('the customer service one', 'customer service apprenticeship').
        about_it = ABOUT_IT_RE.search(text) or re.search(IN_IT_PATTERN, text, re.I)
        return resolution.how == "name" and bool(about_it) and not _set_out(text, (resolution.phrase,))

    def _activity_asked(self, text: str) -> bool:
        """Whether 'what about' puts forward a doing ('what about producing weather forecasts', 'what about
        dealing with angry customers'), not a trade whose name holds the word ('what about plumbing')."""
        found = WHAT_ABOUT_DOING_RE.search(text)
        return bool(found) and found.group(1).lower() not in self.resolver.name_words()

    def _earlier(self, text: str, state: State, resolution: Resolution) -> Resolution | None:
        """'back to the first one', 'the previous one', 'back to the L2', 'back to the advisor standard': a
        standard this conversation was about before, by its order, its level or the words of its name."""
        discussed = [r for r in state.discussed if r in self.retriever.catalogue.standards]
        earlier = [r for r in discussed if r != state.standard] or discussed[:1]
        cue = BACK_RE.search(text)
        if not earlier or not cue:
            return None
        named = resolution.how == "name" and not resolution.ambiguous and resolution.reference not in (None, *discussed)
        if named and not GOING_BACK_RE.search(text):
            return None  # 'the other one, the leather craftsperson one': the name said is the one meant
        standards = self.retriever.catalogue.standards
        level = level_in(text)
        if level:
            chosen = self._discussed_at(state, level)
        elif resolution.from_message and resolution.reference in state.discussed:
            chosen = resolution.reference
        else:
            said = set(terms(text)) - NAME_FILLER
            named = [r for r in earlier if said & set(terms(standards[r].title + " " + " ".join(standards[r].typical_job_titles)))]
            chosen = named[-1] if named else (discussed[0] if FIRST_RE.search(text) else earlier[-1])
        if chosen is None:
            return None
        return Resolution((Candidate(chosen, standards[chosen].title, 1.0),), "earlier")

    def _discussed_by_name(self, text: str, state: State, resolution: Resolution) -> Resolution | None:
        """'and hospitality?', 'what level is the QS one', 'options on the installer one?' once two standards or
        more were talked about: the one discussed whose name holds the words said, before any other standard the
        same words may name. A question about the content ('does it cover hospitality') stays where it is."""
        discussed = [r for r in state.discussed if r in self.retriever.catalogue.standards]
        named_one = resolution.how != "slot" and resolution.reference in discussed and not resolution.ambiguous
        if len(discussed) < 2 or named_one:
            return None
        if resolution.how in ("slot", "none"):
            name = "" if asks_for_content(text) else naming_words(text)
        else:  # one word of a name ('the admin one', 'QS'); a name of more said in full ('the data engineer one') is its own
            said = list(dict.fromkeys(p for p in resolution.own_phrases if p))
            name = said[0] if len(said) == 1 and len(words(said[0])) == 1 else ""
        chosen = self.resolver.named_among(name, discussed) if name else None
        if chosen is None:
            return None
        # The words said are its name, out of the question: 'and hospitality?' asks the last question again.
        return Resolution((Candidate(chosen, self.retriever.catalogue.standards[chosen].title, 1.0),), "earlier", name)

    def _at_level(self, text: str, state: State, resolution: Resolution) -> Resolution | None:
        """'the level 4 version', 'funding for the level 2 one?': a standard of the level said, related to the
        one in context, when the message names none of that level itself."""
        level = level_in(text)
        current = self.retriever.catalogue.standards.get(state.standard or "")
        if (
            level
            and not current
            and resolution.from_message
            and not resolution.ambiguous
            and WANTS_LEVEL_RE.search(text)
            and not HAS_LEVEL_RE.search(text)
        ):
            # 'software dev apprenticeships at level 3': the named standard is level 4, its level 3 kin is meant;
            # not when its own level is also said ('im doing the X level 3 ... apply for the level 5 Y one').
            named = self.retriever.catalogue.standards.get(resolution.reference or "")
            said = levels_said(text)
            kin = self.resolver.at_level(named.reference, level, text) if named and named.level not in (None, *said) else None
            return kin if kin and not kin.ambiguous else None  # several loosely related: the named one stays
        if not level or not current or current.level == level or ASKS_ITS_LEVEL_RE.search(text):
            return None
        wanted = levels_wanted(text, level)
        if "progression" in kinds_of(text) and wanted.exact is None and wanted.low is not None:
            return None  # 'is there a higher lab apprenticeship at level 5 or above': what follows on, at those levels
        earlier = self._discussed_at(state, level)
        if earlier:
            return Resolution((Candidate(earlier, self.retriever.catalogue.standards[earlier].title, 1.0),), "level")
        related = self.resolver.at_level(current.reference, level, text)
        named = resolution.reference if resolution.reference != state.standard and not resolution.ambiguous else None
        if named and self.retriever.catalogue.standards[named].level == level:
            # The message names a standard of that level itself, unless that one is unrelated to the current
            # standard while a related one fits ('the inspector one at level 4' after the fire safety advisor).
            unrelated = not self.resolver.shares_title(current.reference, named)
            better = related and not related.ambiguous and self.resolver.shares_title(current.reference, related.reference or "")
            return related if unrelated and better else None
        return related

    def _option_just_listed(self, text: str, state: State) -> bool:
        """Right after a standard's options were listed, a message naming one of them is about that option of
        the same standard, even when another standard shares the words ('the fire fighter one')."""
        current = self.retriever.catalogue.standards.get(state.standard or "")
        return bool(current and state.last_kind == "options" and find_option(current, text))

    def _tie_broken(self, text: str, resolution: Resolution) -> Resolution:
        """Several standards fit the words said ('the mechatronics maintenance one'): the one whose title and
        job titles mean clearly the most what the message says is picked; otherwise it stays a choice."""
        query = " ".join(role_phrases(text)) or resolution.phrase or text
        hits = self.retriever.search(query, kinds=("title",), limit=2)
        candidates = {c.reference: c for c in resolution.candidates}
        if (
            hits
            and hits[0].passage.reference in candidates
            and hits[0].dense >= TIE_BREAK_DENSE
            and (len(hits) == 1 or hits[0].score - hits[1].score >= TIE_BREAK_MARGIN)
        ):
            return replace(resolution, candidates=(candidates[hits[0].passage.reference],), ambiguous=False)
        return resolution

    def _by_question(self, question: str, resolution: Resolution) -> Resolution:
        """A free question whose standard is one of a few ('as a plumber, do you learn to find gas leaks?'): the
        candidate whose KSBs or duties answer it clearly best is the one meant; otherwise it stays a choice."""
        best: list[tuple[float, Candidate]] = []
        for candidate in resolution.candidates[:5]:
            hits = self.retriever.search(question, reference=candidate.reference, kinds=CONTENT_PASSAGES, limit=1)
            best.append((hits[0].dense if hits else 0.0, candidate))
        best.sort(key=lambda pair: -pair[0])
        if len(best) > 1 and best[0][0] >= MIN_ANSWER_DENSE and best[0][0] - best[1][0] >= QUESTION_PICK_MARGIN:
            return replace(resolution, candidates=(best[0][1],), ambiguous=False)
        return resolution

    def _names_only(self, phrases: tuple[str, ...], question: str, reference: str) -> tuple[str, ...]:
        """The words that named the standard and only name it: one word of its title said in another form inside the
        sentence that asks ('apprentice spread here. will they teach me how many bags of plaster i need' named the
        Plasterer by 'plaster') is also what is asked about, and stays in the question searched."""
        asked = asked_part(question)
        if asked == question:
            return phrases
        standard = self.retriever.catalogue.standards[reference]
        name_words = {w for name in (standard.title, *standard.typical_job_titles) for w in words(name)}  # words() folds
        said_otherwise = [p for p in phrases if len(words(p)) == 1 and fold(p) not in name_words and fold(p) in words(asked)]
        return tuple(p for p in phrases if p not in said_otherwise) or ("",)

    def _described(self, text: str, resolution: Resolution) -> Resolution | None:
        """An apprenticeship named by the work it trains for, with no fuller name said ('what's K7 in the
        apprenticeship for fitting carpets, vinyl and lino floors'): found the way an interest search finds
        standards (titles, job titles and what the standards say the job is), a one-word name said with it
        ('the level 3 supervisor apprenticeship for looking after parks') and a level said narrowing it. A clear
        lead is taken; several close are asked about with buttons, never guessed (a name said stands then)."""
        loose = resolution.how in ("none", "content", "meaning", "fuzzy", "partial")
        lone_name = resolution.how == "name" and (len(resolution.phrase.split()) == 1 or resolution.ambiguous)
        found = (DESCRIBED_RE.search(text) or WORK_DESCRIBED_RE.search(text)) if loose or lone_name else None
        if not found or SOUGHT_BEFORE_RE.search(text[: found.start()]):
            return None
        of_work = found.re is WORK_DESCRIBED_RE
        # The work may be told in several sentences ('i work at a firm that stamps out car seat frames - my job is
        # working out the sequence of presses'): all of it is read.
        what = " ".join(m.group("what") for m in WORK_DESCRIBED_RE.finditer(text)) if of_work else found.group("what")
        if len(set(terms(what)) - NAME_FILLER - KIND_TERMS) < DESCRIBED_TERMS:
            return None
        said = resolution.how in ("name", "partial") and not resolution.ambiguous
        before = NAMED_BEFORE_RE.search(text[: found.start()])
        # A lone word said beside the work a person does is not read with it ('runners and feeders' at a foundry).
        named = resolution.phrase if said and not (of_work and lone_name) else ""
        query = " ".join(filter(None, [named, before.group("words") if before else "", what]))
        answer = self.service.standards_answer(query, levels_wanted(text, level_in(text)))
        references, scores = answer.data.get("candidates", []), answer.data.get("scores", [])
        if answer.kind != "standards" or not references:
            return None
        clear = len(scores) == 1 or scores[1] < CLEAR_LEAD * scores[0]
        if said and not self.resolver.names_hold(resolution.phrase, references[0]) and not (of_work and lone_name and clear):
            # 'the tiling apprenticeship for ...': a name said stands unless the description narrows it; a lone word
            # beside the work a person does ('my supervisor keeps on about...') gives way to a clear lead
            return None
        standards = self.retriever.catalogue.standards
        candidates = tuple(Candidate(r, standards[r].title, round(score, 4)) for r, score in zip(references, scores, strict=True))
        # Named by the description: it is no search of its own ('im on the apprenticeship for making upvc windows').
        if clear:
            return Resolution(candidates[:1], "described", found.group(0))
        if said or of_work:  # the work a person does, with no clear lead, is left to the other readings of the message
            return None
        return Resolution(candidates[:3], "described", found.group(0), ambiguous=True)

    def _by_content(self, text: str, resolution: Resolution) -> Resolution | None:
        """A standard named loosely ('the hairdressing one', 'kids nursery apprenticeship'): the message's role
        phrase, or the whole message when nothing is in context, searched against every standard's title and
        job titles by meaning. While a standard is in context only a role phrase the message puts forward can
        move it; an unclear match is asked about with buttons, not guessed."""
        phrases = role_phrases(text)
        if resolution.how == "slot":
            # In context 'what about the funding?' puts forward a kind of question, not a field to move to.
            phrases = [p for p in phrases if set(terms(p)) - KIND_TERMS - NAME_FILLER]
            if not phrases:
                return None
        query = " ".join(phrases) or text
        if not set(terms(query)) - NAME_FILLER:
            return None
        hits = self.retriever.search(query, kinds=("title",), limit=4)
        if not hits or hits[0].dense < CONTENT_NAME_ASK:
            return None
        catalogue = self.retriever.catalogue
        candidates = tuple(Candidate(h.passage.reference, catalogue.standards[h.passage.reference].title, round(h.score, 4)) for h in hits)
        clear = hits[0].dense >= CONTENT_NAME_PICK and (len(hits) == 1 or hits[0].score - hits[1].score >= CONTENT_NAME_MARGIN)
        if clear:  # in context the role phrase moved it: taken out before the question is read ('what about X instead?')
            return Resolution(candidates[:1], "content", "", phrases=tuple(phrases) if resolution.how == "slot" else ())
        if resolution.how == "slot":
            return None
        return Resolution(candidates[:3], "content", "", ambiguous=True)

    def _answer(self, message: Message, state: State, resolution: Resolution, routed: Route, sender: str) -> Result:
        result = self._answer_about(message, state, resolution, routed, sender)
        if resolution.how == "meaning" and resolution.reference:  # an everyday name read by meaning: said, so it can be put right
            said_so = Reply(f"I took '{resolution.phrase}' to mean {resolution.reference} {resolution.candidates[0].title}.")
            result = replace(result, replies=[said_so, *result.replies])
        return result

    def _answer_about(self, message: Message, state: State, resolution: Resolution, routed: Route, sender: str) -> Result:
        reference = resolution.reference or ""
        try:
            standard = self._version_meant(message, state, reference, routed)
        except UnknownItem as exc:
            return Result([Reply(exc.message, kind="unknown")], state)
        changed = reference != state.standard
        option = self._option(message, standard, None if changed else state.option)
        question = message.question
        kinds = routed.kinds
        if routed.repeated and state.last_question:
            question = state.last_question
            kinds = _asked_again(state.last_question, kinds)
        if _only_names_option(message, standard, routed):
            kinds = (state.last_kind,) if state.last_kind in OPTION_DEPENDENT else ("option_chosen",)
            question = state.last_question or question
        replies: list[Reply] = []
        ksb_code = None if changed and not routed.repeated else state.ksb_code
        for kind in kinds:
            try:
                reply, code = self._build(kind, question, message, standard, option, ksb_code, routed, sender)
                if reply.kind == "not_found" and changed and len(kinds) == 1 and not asks_for_content(question):
                    # A standard just introduced with a question nothing in it answers ('air traffic controller
                    # apprenticeship - does it exist', 'policy officer std - ref no?'): the standard itself. Asked
                    # whether it holds something ('does it cover flying helicopters?'), it is said that nothing does.
                    reply, code = self._build("overview", question, message, standard, option, ksb_code, routed, sender)
            except UnknownItem as exc:
                reply, code = Reply(exc.message, _suggestion_buttons(exc.suggestions), kind="unknown"), None
            replies.append(reply)
            ksb_code = code or ksb_code
        if message.language == "fr":
            replies = [_noted_in_french(r) for r in replies]
        introduced = changed and kinds[0] == "overview"
        new_state = State(
            standard=standard.reference,
            option=option,
            ksb_code=ksb_code,
            # A new standard shown whole ends what was asked before ('say that again' is not the old question).
            last_kind=kinds[0] if kinds[0] not in ("overview", "option_chosen", "empty") else None if introduced else state.last_kind,
            last_question=question if kinds[0] not in ("overview", "option_chosen") else None if introduced else state.last_question,
            pending_question=None,
            pending_kind=None,
            offered=_offered(replies[-1]),
            discussed=_discussed(state, standard.reference),
            listed=state.listed,
            version=self._version_kept(state, standard, routed),
        )
        return Result(replies, new_state, tuple(kinds), standard.reference)

    def _version_kept(self, state: State, standard: Standard, routed: Route) -> str | None:
        """The learner's version stays only once declared ('I started on v1.2'); a version named in another
        question ('is version 1.0 still approved?') is for that question alone."""
        if routed.declared:
            return standard.version if standard.version != self.retriever.standard(standard.reference).version else None
        return state.version if standard.reference == state.standard else None

    def _version_meant(self, message: Message, state: State, reference: str, routed: Route) -> Standard:
        """The version to answer from: one the message names ('K42 in version 1.0', 'I started in March 2024'),
        else the learner's own version while the conversation stays on its standard, else the current one. A
        question about changes names versions to compare, not the one to answer from."""
        named = routed.versions[0] if routed.versions and "changes" not in routed.kinds else None
        if named is None and routed.started:
            started = started_version(self.retriever.catalogue, reference.upper(), routed.started)
            named = started.version if started else None
        if named is None and reference == state.standard:
            named = state.version
        return self.retriever.standard(reference, named)

    # --- builders: one per kind -------------------------------------------------------------------------

    def _build(
        self,
        kind: str,
        question: str,
        message: Message,
        standard: Standard,
        option: str | None,
        ksb_code: str | None,
        routed: Route,
        sender: str,
    ) -> tuple[Reply, str | None]:
        service = self.service
        if routed.ordinals and kind in ("ksb", "duty"):
            return self._by_position(standard, routed, ksb_code, option)
        if kind == "ksb_scope" and ksb_code and standard.ksb(ksb_code):
            return Reply(service.ksb_scope_text(standard, ksb_code, find_option(standard, question))), ksb_code
        if kind in ("options", "free") and OPTION_BY_POSITION_RE.search(fold(question)) and (picked := find_option(standard, question)):
            return _reply(service.option_duties_answer(standard, picked)), None  # 'the second option'
        if kind in ("option_duties", "ksb_scope"):
            meant = find_option(standard, question) or (option if THIS_OPTION_RE.search(question) else None)
            meant = None if compares(question) else meant  # 'the difference between the livestock and crop options': each
            return _reply(service.option_duties_answer(standard, meant)), None
        if kind == "ksb_list":
            named = find_option(standard, question) if standard.options else None
            own = bool(named or THIS_OPTION_RE.search(question)) and bool(OWN_ONLY_RE.search(question))
            return _reply(service.ksb_list_answer(standard, routed.listed or "KSB", named or option, own_only=own)), None
        if kind == "learning":
            return _reply(service.learning_answer(standard, option)), None
        if kind == "ksb":
            codes = (
                list(routed.codes)
                or ([message.entity("ksb_code")] if message.entity("ksb_code") else [])
                or ([ksb_code] if ksb_code and KSB_CODE_RE.match(ksb_code) else [])
            )
            if not codes:
                return Reply(f"Which KSB of {standard.reference}? For example K1, S1 or B1."), None
            return self._ksbs(standard, codes[:MAX_CODES_AT_ONCE], option)
        if kind == "duty" and routed.duty is not None:
            return _reply(service.duty_answer(standard.reference, routed.duty, standard.version)), f"D{routed.duty}"
        if kind in ("duty", "duties"):
            # 'which duty uses it?' just after a KSB: that KSB's duties, not the standard's list of duties.
            codes = list(routed.codes) or ([ksb_code] if ksb_code and KSB_CODE_RE.match(ksb_code) and THE_KSB_RE.search(question) else [])
            if codes:
                found = self.retriever.ksb(standard.reference, codes[0], option, standard.version)
                return Reply(service.ksb_duties_text(found)), found.ksb.code
            return _reply(service.duties_answer(standard, option)), None
        if kind in FACTS:
            answer = service.fact_answer(standard, kind, message.language)
            buttons = [Button(o, intent_payload("choose_option", option=o)) for o in standard.options] if kind == "options" else []
            return Reply(answer.text, buttons, kind=answer.kind, sources=answer.sources), None
        if kind == "pay":
            return _reply(service.pay_answer(standard, message.language)), None
        if kind == "changes":
            return _reply(changes_answer(self.retriever.catalogue, standard, routed.versions, routed.since)), None
        if kind == "my_version":
            catalogue = self.retriever.catalogue
            if routed.started and started_version(catalogue, standard.reference, routed.started) is None:
                return _reply(no_version_for_start(catalogue, standard, routed.started)), None
            return _reply(my_version_answer(catalogue, standard)), None
        if kind == "shorter":
            return _reply(service.shorter_answer(standard)), None
        if kind in ("progression", "way_in"):
            return _reply(service.progression_answer(standard, asked=question, lower=kind == "way_in", lang=message.language)), None
        if kind == "french":
            course_type = course_type_in(question, message)
            answer = self.french.answer(standard.reference, option=option, course_type=course_type, lang=message.language)
            return _reply(answer), None
        if kind == "overview":
            return _reply(service.overview_answer(standard, message.language)), None
        if kind == "option_chosen":
            return Reply(f"OK: the {option} option of {standard.citation}. Ask me about its KSBs, duties or French equivalents."), None
        if kind == "quiz" and self.quiz_starter is not None:
            return self.quiz_starter(sender, question, standard, option), None
        if kind == "progress" and self.progress_reporter is not None:
            return self.progress_reporter(sender, standard), None
        if not terms(question):
            return Reply(
                f"What would you like to know about {standard.citation}? For example its entry requirements, K1, or its duties."
            ), None
        search_text = routed.question if question == message.question and routed.question else question
        if kind == "find_duty":
            return _reply(service.search_answer(search_text, standard.reference, option, kinds=("duty",))), None
        # 'which skill is about...', 'does it deal with modern slavery' want a KSB, not the entry requirements
        asks_content = asks_for_content(search_text)
        found = service.content_answer(search_text, standard, option, CONTENT_PASSAGES, may_ask_entry=not asks_content)
        best = found.sources[0].code if found.kind == "search" and found.sources else None
        # The KSB found first is the one 'it' means next ('and which duties use it?').
        return _reply(found), best if best and KSB_CODE_RE.match(best) else None

    def _by_position(self, standard: Standard, routed: Route, ksb_code: str | None, option: str | None) -> tuple[Reply, str | None]:
        """KSBs and duties asked by position ('the last skill', 'the first duty', 'and the next one?')."""
        replies: list[Reply] = []
        last = None
        for ordinal in routed.ordinals:
            letter = ordinal.letter or (ksb_code or " ")[0]
            count = len(standard.duties) if letter == "D" else len(standard.ksbs_of_kind(letter))
            code = ordinal.code(count, ksb_code)
            number = int(re.sub(r"\D", "", code)) if code else 0
            if code is None or number > count:
                what = "duties" if letter == "D" else KSB_KIND_NAMES.get(letter, ("", "KSBs"))[1]
                replies.append(Reply(f"{standard.citation} has no such item: it has {count} {what}.", kind="unknown"))
            elif letter == "D":  # the duty shown is remembered as 'D<n>', so that 'and the next one?' steps through duties
                replies.append(_reply(self.service.duty_answer(standard.reference, number, standard.version)))
                last = f"D{number}"
            else:
                reply, last = self._ksbs(standard, [code], option)
                replies.append(reply)
        text = "\n\n".join(reply.text for reply in replies)
        return Reply(text, kind=replies[0].kind, sources=[s for reply in replies for s in reply.sources]), last

    def _ksbs(self, standard: Standard, codes: list[str], option: str | None) -> tuple[Reply, str | None]:
        """'and S7 and S6': each code asked, in the order asked; one the standard lacks says so among the rest."""
        replies: list[Reply] = []
        last = None
        for code in codes:
            try:
                found = self.retriever.ksb(standard.reference, code, option, standard.version)
            except UnknownItem as exc:
                if len(codes) == 1:
                    raise
                replies.append(Reply(exc.message, kind="unknown"))
                continue
            replies.append(_reply(self.service.ksb_answer(found)))
            last = found.ksb.code
        text = "\n\n".join(reply.text for reply in replies)
        return Reply(text, kind=replies[0].kind, sources=[s for reply in replies for s in reply.sources]), last

    def _option(self, message: Message, standard: Standard, remembered: str | None) -> str | None:
        named = message.entity("option")
        if named:
            try:
                return self.retriever.option(standard, named)
            except UnknownItem:
                pass
        found = find_option(standard, message.question)
        if found:
            return found
        return remembered if remembered in standard.options else None

    # --- turns that do not answer about one standard ----------------------------------------------------

    def _ask_which(self, message: Message, state: State, labels: list[str], force_kind: str | None = None) -> Result:
        labels = labels or self._listed(state) or self._guesses(message.question)
        text = said(message.language, "which", bool(labels))  # asked back in the language asked in
        pending = message.question or state.pending_question
        offered = [label.split(" ", 1)[0] for label in labels]
        waiting = replace(state, pending_question=pending, pending_kind=force_kind or state.pending_kind, offered=offered)
        return Result([Reply(text, standard_buttons(labels))], waiting, ("which",))

    def _listed(self, state: State) -> list[str]:
        """The standards just listed: a question right after a list that names none of them is about one of them
        ('how long does it take?' after 'these standards match: ...')."""
        standards = self.retriever.catalogue.standards
        return [f"{r} {standards[r].title}" for r in state.offered if r in standards]

    def _guesses(self, question: str) -> list[str]:
        catalogue = self.retriever.catalogue
        if len(catalogue) <= 5:
            current = sorted(catalogue.standards.values(), key=lambda s: (s.is_retired, s.reference))
            return [f"{s.reference} {s.title}" for s in current[:3]]
        return []

    def _free_anywhere(self, message: Message, state: State) -> Result:
        if not terms(message.question):
            return Result([Reply(NOTHING_ASKED)], state, ("empty",))
        answer = self.service.search_answer(message.question, None, None, kinds=CONTENT_PASSAGES)
        return Result([_reply(answer)], replace(state, last_kind="free", last_question=message.question), ("free",))

    def _quoted_standard(self, text: str) -> Resolution | None:
        """A standard's own name written in quotes ('roofer', "orthodontic therapist")."""
        for span in QUOTED_RE.findall(text):
            named = self.resolver.understand(span)
            if named.reference and not named.ambiguous and named.how in ("name", "reference"):
                return named
        return None

    def _course_asked(self, message: Message) -> tuple[FrenchCourse | None, tuple[str, ...]]:
        """A French course named by its title or FOR id whose duration or level is asked, with no English
        standard named beside it: that course's own facts are the answer (and which of them)."""
        said_french = MET_OR_FOR_RE.search(message.question) or message.language == "fr" or course_type_in(message.question, message)
        if not said_french:  # 'the data engineer one' is the English standard, not ONISEP's 'Data engineer'
            return None, ()
        course = self.reverse.named_course(message.question)  # after the cheap test: it reads every course title
        if course is None:
            return None, ()
        rest = MET_OR_FOR_RE.sub(" ", _folded_without(message.question, course.title))
        kinds = route(rest, False).kinds
        facts = tuple(k for k in kinds if k in ("duration", "level"))
        if not facts or set(kinds) - {"duration", "level", "french"} or self.resolver.understand(rest).named_in_message:
            return None, ()
        return course, facts

    def _asks_training_for_french_job(self, message: Message) -> bool:
        """'quelle formation pour devenir sommelier ?': how France trains for a French job named in French, with
        no English standard named beside it (not the French match of the standard in context)."""
        if message.language != "fr" or not BECOME_FR_RE.search(message.question):
            return False
        said, _met_ids = self.reverse.named_job(message.question)
        if not said:
            return False
        # An English apprenticeship named beside the French job keeps the way out through it.
        return not self.resolver.understand(_folded_without(message.question, said)).named_in_message

    def _training_for_french_job(self, message: Message, state: State) -> Result:
        answer = self.reverse.training_for(message.question, course_type_in(message.question, message))
        if answer is None:
            return Result([Reply(said("fr", "which", False))], state, ("which",))
        after = replace(state, last_kind="french_job", last_question=message.question)
        return Result([_reply(answer)], after, ("french_job",))

    def _uk_for_french(self, message: Message, state: State) -> Result:
        """A French job or course asked the other way round: the nearest English standards, to pick from."""
        reply = _reply(self.reverse.answer(message.question))
        listed = _offered(reply)
        # The standards listed are what a follow-up is about ('et c'est quel niveau ?'), not the one before.
        after = replace(state, standard=None, option=None, ksb_code=None, offered=listed) if listed else state
        # 'et pour un boulanger ?' next asks the same of another French job.
        after = replace(after, last_kind="uk_for_french", last_question=message.question)
        return Result([reply], after, ("uk_for_french",))

    def _find(self, message: Message, state: State, sender: str = "", interest: str = "") -> Result:
        """Standards for an interest, at the levels asked ('level 4 or above', a beginner's, 'anything lower'
        than the list shown); `interest` is the search being refined ('any at L4+?' after a list)."""
        levels = levels_wanted(message.question, level_in(message.question))
        shown = [s.level for r in state.offered if (s := self.retriever.catalogue.standards.get(r)) and s.level]
        refined, interest = bool(interest), interest or interest_of(message.question) or message.question
        _said, unwanted = without_unwanted(message.question)  # 'but not as a teacher': no teacher's standard listed
        alone = self._occupation_alone(message.question, state.standard) if state.standard else ""
        said_role = interest if len(interest.split()) <= ROLE_WORDS_SAID and self.resolver.is_role(interest) else ""
        role = "" if refined else occupation_put_forward(message.question) or alone or said_role
        answer = self.service.standards_answer(interest, levels.than(shown), unwanted=unwanted, role=role)
        references, scores = answer.data.get("candidates", []), answer.data.get("scores", [])
        clear = (len(scores) == 1 or (len(scores) > 1 and scores[1] < CLEAR_LEAD * scores[0])) and not answer.data.get("unnamed_role")
        ranged = bool(levels) and levels.exact is None and len(references) > 1  # 'levels 5 to 6': several wanted, a list
        if answer.kind == "standards" and clear and not LIST_ASKED_RE.search(message.question) and not (refined or ranged):
            return self._introduce(references, message, state, sender, interest)
        reply = _reply(answer)
        searched = replace(state, offered=_offered(reply), last_kind="find", last_question=interest)
        return Result([reply], searched, ("find",))

    def _introduce(self, references: list[str], message: Message, state: State, sender: str, interest: str) -> Result:
        """'is there an apprenticeship for bike mechanics?' with one standard clearly closest: that standard
        introduced (the conversation is then about it), the next closest offered with buttons."""
        best = self.retriever.catalogue.standards[references[0]]
        resolution = Resolution((Candidate(best.reference, best.title, 1.0),), "content")
        asked = tuple(k for k in kinds_of(message.question) if k in ASKED_OF_INTRODUCED)
        # What the wish asks of the content is answered from the standard found ('i'm doing the apprenticeship for
        # fitting smart meters ... where does that come up in the standard?').
        content = ("free",) if asks_for_content(message.question) else ()
        result = self._answer(message, state, resolution, Route(asked or content or ("overview",)), sender)
        others = [self.retriever.catalogue.standards[r] for r in references[1:]]
        if others:
            labels = [f"{s.reference} {s.title}" for s in others]
            listed = "; ".join(f"{s.reference} {s.title} (level {s.level or '?'})" for s in others)
            also = Reply(f"Also close: {listed}.", standard_buttons(labels))
            result = replace(result, replies=[*result.replies, also])
        # The search stays refinable ('level 2 ones only').
        return replace(result, state=replace(result.state, offered=list(references), last_kind="find", last_question=interest))

    @staticmethod
    def _compares_discussed(state: State, resolution: Resolution) -> bool:
        """'which is longer' naming none, after two standards were talked about one after the other."""
        return len(state.discussed) >= 2 and not resolution.named_in_message and resolution.how in ("slot", "none")

    def _compare(self, resolution: Resolution, state: State, asked: str = "") -> Result:
        references = [r for r in [resolution.reference, *resolution.others] if r]
        if len(references) < 2 and state.standard and state.standard not in references:
            references.insert(0, state.standard)
        references = list(dict.fromkeys(references))
        if len(references) < 2 and len(state.discussed) >= 2 and not resolution.named_in_message:
            references = list(state.discussed[-2:])  # 'which is longer' of the last two the conversation was about
        if len(references) < 2:
            return Result([Reply('Which two standards should I compare? For example "compare ST1406 and ST0248".')], state, ("comparison",))
        try:
            answer = self.service.compare_answer(references[:3], asked)
        except UnknownItem as exc:
            return Result([Reply(exc.message + " Did you mean one of these?", standard_buttons(exc.suggestions))], state)
        # The standards compared are the list a follow-up points into ('the 2nd one', 'entry reqs for both',
        # 'which is more senior'); neither alone is the conversation's standard any more.
        compared = answer.data["references"]
        after = replace(
            state,
            standard=None,
            option=None,
            ksb_code=None,
            last_kind="comparison",
            offered=compared,
            discussed=_discussed(state, *compared),
        )
        return Result([_reply(answer)], after, ("comparison",))

    def _listed_compared(self, message: Message, state: State) -> Resolution | None:
        """'whats the difference between the first two', 'compare the first and the third': standards of the list
        on screen (or shown before a pick from it) compared, by position."""
        text = message.question
        shown = state.offered or self._listed_before(text, state)
        if not compares(text) or len(shown) < 2:
            return None
        few = FIRST_FEW_RE.search(text)
        if few:
            positions = list(range(3 if (few.group(1) or few.group(2)).lower() in ("three", "3") else 2))
        else:
            positions = [ORDINALS[w] for w in words(text) if w in ORDINALS and -len(shown) <= ORDINALS[w] < len(shown)]
        wanted = list(dict.fromkeys(shown[i] for i in positions))
        candidates = tuple(
            Candidate(r, self.retriever.catalogue.standards[r].title, 1.0) for r in wanted if r in self.retriever.catalogue.standards
        )
        if len(candidates) < 2:
            return None
        return Resolution(candidates[:1], "offered", few.group(0) if few else "", others=tuple(c.reference for c in candidates[1:]))

    def _group_meant(self, message: Message, state: State, resolution: Resolution, routed: Route) -> list[str]:
        """The standards just compared, when a follow-up is about them together ('entry reqs for both', 'how
        do they compare', 'which is more senior'); empty when it names or picks one."""
        loose = resolution.how in ("none", "slot", "partial", "fuzzy") or (
            resolution.ambiguous and not {c.reference for c in resolution.candidates} & set(state.offered)
        )  # 'which is more senior' names none of the Senior ... standards
        across = bool(WHICH_COVERS_RE.search(message.question)) and resolution.how in ("offered", "none", "slot", "partial", "fuzzy")
        if state.last_kind != "comparison" and loose and resolution.how in ("none", "slot") and len(state.discussed) >= 2:
            # 'do they both need a DBS check' after each of two was answered, or one question on each of two
            group = state.offered if len(state.offered) >= 2 and set(state.offered) <= set(state.discussed) else state.discussed[-2:]
            return list(group) if SAID_BOTH_RE.search(message.question) else []
        if state.last_kind != "comparison" or len(state.offered) < 2 or not (loose or across):
            return []  # a standard named in full or picked from the two is answered alone
        together = BOTH_RE.search(message.question) or compares(message.question) or across
        return list(state.offered) if together else []

    @staticmethod
    def _one_of_list_meant(question: str, state: State, resolution: Resolution, force_kind: str | None) -> bool:
        """'entry reqs for that one', 'il faut quoi pour y entrer ?' right after a list the words pick nothing
        from: one standard is meant, the first listed (the closest); 'how long are they?' asks of each (and a short
        fact of a short list is given for each anyway: 'how long does that one take?')."""
        whole_list = (
            resolution.ambiguous and resolution.how == "offered" and {c.reference for c in resolution.candidates} == set(state.offered)
        )
        return whole_list and not force_kind and _one_meant(question)

    @staticmethod
    def _each_listed(state: State, resolution: Resolution, routed: Route, force_kind: str | None) -> bool:
        """A short fact asked right after a short list, naming none of it ('how long?', 'c'est quel niveau ?'):
        answered for each listed standard rather than asked which."""
        names_none = (resolution.ambiguous and resolution.how == "offered") or (resolution.how == "none" and not state.standard)
        about_the_list = names_none and not force_kind
        return about_the_list and 2 <= len(state.offered) <= MAX_EACH and set(routed.kinds) <= EACH_FACTS

    def _about_each(self, group: list[str], message: Message, state: State, routed: Route, sender: str) -> Result:
        """A follow-up about all the standards just compared: compared again on what is asked ('which takes
        longer'), or each answered in turn ('entry reqs for both')."""
        routed = route(message.question, False, (), None, len(group), False, self._guesser(message))  # no word of it names a standard
        if routed.kind in ("comparison", "overview", "empty"):
            both = Resolution(tuple(Candidate(r, "", 1.0) for r in group), "offered", others=tuple(group[1:]))
            return self._compare(both, state, message.question)
        replies: list[Reply] = []
        for reference in group:
            alone = replace(state, standard=reference, offered=[], last_kind=None, option=None, ksb_code=None)
            answered = self._answer(message, alone, self._staying(alone), routed, sender).replies
            title = self.retriever.catalogue.standards[reference].title
            # Each answer says first which standard it is about ('which one covers solar panels': a passage each).
            replies += [r if reference in r.text.split("\n")[0] else replace(r, text=f"{reference} {title}: {r.text}") for r in answered]
        # What was asked of each is what 'and the second?' asks again of one.
        return Result(replies, replace(state, last_kind=routed.kind), routed.kinds)


def course_type_in(question: str, message: Message) -> str | None:
    """The French course type this question asks for ('BTS', 'bac pro'); it does not carry to later questions."""
    named = (message.entity("course_type") or "").lower()
    text = f"{named} {question}".lower()
    for course_type in COURSE_TYPES:
        if re.search(rf"\b{course_type}\b", text) and not (
            course_type == "but" and not re.search(r"\bBUT\b", f"{named.upper()} {question}")
        ):
            return course_type.upper() if len(course_type) <= 4 else course_type
    return None


def _only_picks(message: Message, routed: Route) -> bool:
    """A button press or a message that only names a standard ('ST1406', 'the second one'): it answers the
    'which standard?' question, so the question that was waiting is answered now."""
    asks_itself = bool(CONTENT_SHAPE_RE.search(message.question) or IN_IT_RE.search(message.question))  # 'is there gas stuff in it'
    return not message.question or (routed.kind == "overview" and not asks_itself)


IN_IT_RE = re.compile(r"\b(?:is there|are there|any)\b.{0,40}\b(?:in|on) (?:it|this|that|them)\b", re.I)


# Right after a KSB or duty was answered, 'which ones' are its KSBs, not other standards.
CODE_KINDS = frozenset({"ksb", "duty", "duties", "free", "find_duty"})
WHICH_ONES_RE = re.compile(r"\b(?:which|what) ones?\b", re.I)
OTHER_STANDARDS_RE = re.compile(r"\b(?:apprenticeships?|standards?|courses?|jobs?|careers?|roles?|ones?)\b", re.I)


LEVELS_COMPARED_RE = re.compile(
    r"\b(?:difference|differences|different|compare|comparison)\b.{0,25}\blevels? ?[2-7]\b.{0,25}\b(?:and|vs|or|to|from)\b.{0,10}\b[2-7]\b"
    r"|\bwhat (?:does|is) (?:an? )?level ?[2-7](?: apprenticeship)? (?:mean|equivalent to|equal to|the same as)\b",
    re.I,
)


def levels_compared(question: str) -> list[int]:
    """The levels a general question about levels asks ('difference between level 3 and level 4
    apprenticeships', 'what is a level 4 apprenticeship equivalent to'), in order; none for other questions."""
    if not LEVELS_COMPARED_RE.search(question):
        return []
    return sorted({int(n) for n in re.findall(r"\b([2-7])\b", question)})


def _asks_inside(question: str, state: State) -> bool:
    """A search-shaped question that is about the content of the standard in context: 'is there anything on
    accessibility', or right after one of its KSBs was answered, 'which ones are about working with parents'."""
    return _asks_inside_current(question) or (state.last_kind in CODE_KINDS and bool(WHICH_ONES_RE.search(question)))


def _asks_inside_current(question: str) -> bool:
    """'is there anything on accessibility', 'does it cover X' in a conversation about a standard: a question
    about what is inside it, not a search for other standards (which names them: 'is there an apprenticeship
    on X', 'any jobs about X')."""
    return bool(ASKS_INSIDE_RE.search(question)) and not OTHER_STANDARDS_RE.search(question)


def _only_names_option(message: Message, standard: Standard, routed: Route) -> bool:
    """'and for the aseptic option?', 'im doing the mechanical option': the message names an option of the
    standard and asks nothing else."""
    if not standard.options or not (message.entity("option") or find_option(standard, message.question)):
        return False
    if message.entity("option"):
        return True
    rest = (
        set(terms(message.question))
        - set(terms(" ".join(standard.options)))
        - set(terms("and for the what about option pathway one how im doing do taking take chose chosen picked studying"))
    )
    return routed.kind in ("options", "overview", "free") and not rest


def _one_meant(question: str) -> bool:
    """Whether a message points at one standard ('that one', 'it', 'y'), not at several ('them', 'both')."""
    return bool(ONE_MEANT_RE.search(question)) and not MANY_MEANT_RE.search(question)


# Facts a two-part question asked that 'same for X' / 'and for X?' asks again of X.
ASKED_AGAIN = EACH_FACTS | {"entry_requirements", "options", "job_titles"}


def _asked_again(question: str, kinds: tuple[str, ...]) -> tuple[str, ...]:
    """The kinds 'same for the paint technician' repeats: every fact the earlier question asked ('duration and
    funding?'), not only the last answered; the last kind alone when that question asked one."""
    before = tuple(k for k in kinds_of(question) if k in ASKED_AGAIN)
    return before[:3] if len(before) > 1 and kinds[0] in before else kinds


def _offered(reply: Reply) -> list[str]:
    """The standards a reply lists as buttons (standard_buttons): what 'the second one' or 'that one' picks from
    next turn. Read back from the payloads intent_payload wrote, not matched as text."""
    prefix = "/choose_standard"
    return [json.loads(b.payload[len(prefix) :])["standard_ref"] for b in reply.buttons if b.payload.startswith(prefix + "{")]


# Replies written in French when asked in French (the others quote the standard's English text, with a note).
FRENCH_REPLY_KINDS = frozenset({"fact", "entry_requirements", "overview", "french", "pay", "progression"})


def _noted_in_french(reply: Reply) -> Reply:
    """A reply quoting the standard's English text to a French question, introduced in French."""
    if reply.kind in FRENCH_REPLY_KINDS:
        return reply
    return replace(reply, text=f"Réponse tirée du standard {ENGLISH_TEXT_NOTE} :\n{reply.text}")


def _discussed(state: State, *references: str) -> list[str]:
    """The standards the conversation talked about, the latest last, each once."""
    return [*(r for r in state.discussed if r not in references), *references][-MAX_DISCUSSED:]


def _named_together(text: str, resolution: Resolution, routed: Route) -> list[str]:
    """'whats the level of the digital product manager apprenticeship and the systems thinking practitioner
    one?': a fact asked of two or three standards named side by side (joined by 'and', 'or', '&'), answered for
    each; not a name said apart ('HR business partner on the senior people professional: how long is it')."""
    if resolution.how != "name" or resolution.ambiguous or not resolution.others or routed.kind == "comparison":
        return []
    if not set(routed.kinds) <= EACH_FACTS | {"entry_requirements", "options", "job_titles"}:
        return []
    own = set(resolution.own_phrases)
    others = [p for p in resolution.phrases if p and p not in own]
    gap = r"\W+(?:[\w'-]+\W+){0,4}?(?:and|or|&)\W+(?:[\w'-]+\W+){0,3}?"
    joined = any(
        re.search(rf"{re.escape(a)}{gap}{re.escape(b)}", text, re.I)
        for other in others
        for a, b in ((other, resolution.phrase), (resolution.phrase, other))
    )
    if not joined:
        return []
    folded = text.lower()
    main_at = folded.find(resolution.phrase.lower())
    said_first = min((folded.find(p.lower()) for p in others if p.lower() in folded), default=main_at) < main_at
    order = [*resolution.others, resolution.reference] if said_first else [resolution.reference, *resolution.others]
    return [r for r in order if r][:MAX_EACH]  # in the order said: 'the first one' next is the first named


def _set_out(text: str, phrases: tuple[str, ...]) -> bool:
    """Whether the words naming a standard are set out as one ('the customer service one', 'customer service
    apprenticeship') or as the occupation the person puts forward ('how do i become an air con engineer'), not said
    as an activity or an interest ('does it involve any customer service', 'im into air con and heat pumps')."""
    role = fold(occupation_put_forward(text))
    return any(
        phrase and (re.search(rf"\b{re.escape(phrase)}\s+(?:apprenticeships?|standard|one)\b", text, re.I) or fold(phrase) in role)
        for phrase in phrases
    )


def _folded_without(text: str, phrase: str) -> str:
    """The text folded to its words, without a phrase said in it as whole words (folded the same way)."""
    return f" {' '.join(words(text))} ".replace(f" {' '.join(words(phrase))} ", " ")


def _clearly_meant(name: str, meant: list[tuple[Standard, float]]) -> Resolution | None:
    """The standard an everyday name means when one is close and clearly ahead of the next."""
    if not meant or meant[0][1] < MEANT_PICK or (len(meant) > 1 and meant[0][1] - meant[1][1] < MEANT_LEAD):
        return None
    best, cosine = meant[0]
    return Resolution((Candidate(best.reference, best.title, round(cosine, 4)),), "meaning", name)


def _reply(answer: Answer) -> Reply:
    buttons = standard_buttons(answer.suggestions) if answer.kind in ("standards", "need_standard", "progression") else []
    return Reply(answer.text, buttons, kind=answer.kind, sources=answer.sources)


def _suggestion_buttons(suggestions: list[str]) -> list[Button]:
    if suggestions and re.fullmatch(r"ST\d{4} .*", suggestions[0]):
        return standard_buttons(suggestions)
    if suggestions and re.fullmatch(r"[KSB]\d+", suggestions[0]):
        return [Button(code, intent_payload("ask_question", ksb_code=code)) for code in suggestions]
    return [Button(s, intent_payload("choose_option", option=s)) for s in suggestions]
