"""Answers of each kind about a standard, with their sources; every answer names the standard it used.

Which kind of answer a message gets is decided elsewhere, once: bot.router (the kind of question) and
bot.resolve (the standard), put together by bot.conversation.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from bot.models import Duty, Standard
from bot.resolve import Candidate
from bot.retrieval import Hit, KsbAnswer, Retriever
from bot.router import Levels, asked_part, levels_wanted
from bot.text import first_sentences, fold, one_line, shortened, terms
from bot.wording import ENGLISH_TEXT_NOTE, WORDED_FACTS, fact_sentence, said, status_fr, summary_facts


@dataclass
class Source:
    label: str
    url: str = ""
    text: str = ""
    code: str = ""
    reference: str = ""
    version: str = ""
    score: float | None = None


@dataclass
class Answer:
    kind: str  # ksb | fact | entry_requirements | search | unknown | need_standard
    text: str
    sources: list[Source] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


# The facts fact_text() states; the router's fact kinds and the CLI's --fact choices are these.
FACTS = (
    "entry_requirements",
    "level",
    "duration",
    "epa",
    "funding",
    "route",
    "lars",
    "status",
    "version",
    "options",
    "job_titles",
    "english_maths",
    "recognition",
    "contents",
    "qualifications",
    "reference",
)
MINIMUM_WAGE_URL = "https://www.gov.uk/national-minimum-wage-rates"
PROGRESSION_LIMIT = 3
LIST_FLOOR = 0.6  # standards listed for an interest score at least this share of the first
LEVEL_NEAR = 0.8  # at the levels asked, standards listed score at least this share of the best at any level
NAME_SHARE = 0.3  # share of the name road in an interest search (the rest by meaning)
NAME_FLOOR = 0.5  # a name match below this (a word shared with a title) says nothing on the name road
# Below this cosine the best passage is not about the question ('<script>', 'lorem ipsum'): say so instead.
MIN_DENSE = 0.3
# A passage holding several of the question's rarer words is close even when its meaning, as MiniLM reads it,
# is not ('is hedge laying and coppicing part of it' against 'techniques such as coppicing, hedge laying'):
# a BM25 score this high takes two or three words the standard's other passages rarely use.
MIN_WORDS_SCORE = 6.0
MIN_DENSE_WITH_WORDS = 0.15


# A passage first by meaning and first by words among one standard's passages is close at a lower cosine: the
# two roads agree ('is there a bit on being sceptical' and the behaviour 'a questioning mind', at 0.29).
MIN_DENSE_AGREED = 0.2


def is_close(hit: Hit) -> bool:
    """Whether a passage answers the question well enough to be shown as the answer."""
    return hit.dense >= MIN_DENSE or (hit.dense >= MIN_DENSE_WITH_WORDS and hit.lexical_raw >= MIN_WORDS_SCORE)


def close_hits(found: list[Hit]) -> list[Hit]:
    """The passages of one search close enough to show: each close by itself, or the first when it is first on
    both roads (the highest cosine and the most of the question's words) at a lower cosine."""
    first = found[0] if found else None
    agreed = first is not None and first.dense >= MIN_DENSE_AGREED and first.lexical >= 1.0 and first.dense >= max(h.dense for h in found)
    return [h for h in found if is_close(h) or (agreed and h is first)]


CONTENT_KINDS = (
    "title",
    "summary",
    "job_titles",
    "option",
)  # what the job is, not its KSBs: a list of standards for a description of the work


class AnswerService:
    def __init__(self, retriever: Retriever) -> None:
        self.retriever = retriever

    def ksb_answer(self, found: KsbAnswer) -> Answer:
        ksb, standard = found.ksb, found.standard
        scope = "core" if ksb.scope == "core" else "option: " + ", ".join(ksb.options)
        duty_list = ", ".join(f"Duty {d.number}" for d in found.duties)
        text = f"{ksb.code} ({ksb.kind}, {scope}): {ksb.text}"
        if duty_list:
            text += f"\nUsed by {duty_list}."
        text += f"\nSource: {_cite(standard)}"
        return Answer(
            kind="ksb",
            text=text,
            sources=[standard_source(standard, code=ksb.code, text=ksb.text)],
            data={
                "code": ksb.code,
                "ksb_text": ksb.text,
                "scope": ksb.scope,
                "options": list(ksb.options),
                "duties": [d.number for d in found.duties],
                **_standard_data(standard),
            },
        )

    def fact_answer(self, standard: Standard, fact: str, lang: str = "en") -> Answer:
        lang = lang if fact in WORDED_FACTS else "en"  # asked in French: said in French, where a wording exists
        value = fact_text(standard, fact, lang)
        if not standard.is_delivering and fact not in ("status", "version"):
            value += f" Note: {status_sentence(standard)}"  # a proposal, in development or retired: not open to starts
        kind = "entry_requirements" if fact == "entry_requirements" else "fact"
        return Answer(
            kind=kind,
            text=f"{value}\n{said(lang, 'source')} {_cite(standard)}",
            sources=[standard_source(standard, text=value)],
            data={"fact": fact, **_standard_data(standard)},
        )

    def overview_answer(self, standard: Standard, lang: str = "en") -> Answer:
        """What a user sees on choosing a standard: status, key facts, options, and what to ask next."""
        french = lang == "fr"
        head = f"{standard.reference} {standard.title} : {status_fr(standard)} {summary_facts(standard, 'fr')}"
        lines = [head if french else f"{standard.reference} {standard.title}: {facts_summary(standard)}"]
        if standard.occupation_summary:
            lines.append((f"{ENGLISH_TEXT_NOTE.capitalize()} " if french else "") + first_sentences(standard.occupation_summary, 2))
        if standard.options:
            lines.append(("Options : " if french else "Options: ") + "; ".join(standard.options) + ".")
        lines.append(f"{said(lang, 'source')} {_cite(standard)}")
        return Answer(kind="overview", text="\n".join(lines), sources=[standard_source(standard)], data=_standard_data(standard))

    def ksb_duties_text(self, found: KsbAnswer) -> str:
        """Which duties use one KSB ('which duties need K5?')."""
        standard, ksb = found.standard, found.ksb
        if not found.duties:
            return f"No duty of {standard.citation} lists {ksb.code}.\nSource: {_cite(standard)}"
        lines = [f"{ksb.code} ({ksb.text}) is used by:", *[f"Duty {d.number}: {d.text}" for d in found.duties]]
        return "\n".join(lines) + f"\nSource: {_cite(standard)}"

    def pay_answer(self, standard: Standard, lang: str = "en") -> Answer:
        """Wages are not in a standard: say what its funding figure is and where the wage floor is published."""
        funding = f"£{standard.max_funding:,}" if standard.max_funding else said(lang, "not_published")
        titles = ", ".join(standard.typical_job_titles[:4]) or said(lang, "none_listed")
        text = said(lang, "pay", name=standard.citation, url=MINIMUM_WAGE_URL, funding=funding, titles=titles)
        text += f"\n{said(lang, 'source')} {_cite(standard)}"
        return Answer(kind="pay", text=text, sources=[standard_source(standard)], data=_standard_data(standard))

    def progression_answer(
        self, standard: Standard, limit: int = PROGRESSION_LIMIT, asked: str = "", lower: bool = False, lang: str = "en"
    ) -> Answer:
        """Higher-level standards of the same route whose titles, job titles and keywords overlap this one's
        (lower-level ones that lead to it, with `lower`); those named by the words of the question ('like a
        supervisor one', 'a higher-level chef standard') first, whether close or not."""
        found = progression(self.retriever, standard, wanted=_wanted_words(asked, standard), lower=lower)
        levels = levels_wanted(asked) if asked else Levels()
        if levels.low is not None or levels.high is not None:  # 'a higher lab apprenticeship at level 5 or above'
            found = [s for s in found if levels.admits(s.level)]
        if not lower and DEGREE_ASKED_RE.search(asked):
            found = [s for s in found if (s.level or 0) >= DEGREE_LEVELS] or found
        ranked = found[:limit]
        key = "way_in" if lower else "progression"
        name = standard.citation
        if not ranked:
            text = said(lang, key, False, name=name, route=standard.route or "?")
            return Answer(
                kind="progression",
                text=f"{text}\n{said(lang, 'source')} {_cite(standard)}",
                sources=[standard_source(standard)],
                data=_standard_data(standard),
            )
        lines = [said(lang, key, name=name, level=standard.level, route=standard.route)]
        lines += [said(lang, "listed_standard", reference=s.reference, title=s.title, level=s.level) for s in ranked]
        lines.append(f"{said(lang, 'sources')} " + "; ".join(_cite(s) for s in [standard, *ranked]))
        return Answer(
            kind="progression",
            text="\n".join(lines),
            sources=[standard_source(s) for s in [standard, *ranked]],
            suggestions=[f"{s.reference} {s.title}" for s in ranked],
            data={"progression": [s.reference for s in ranked], **_standard_data(standard)},
        )

    def shorter_answer(self, standard: Standard, limit: int = PROGRESSION_LIMIT) -> Answer:
        """'is there anything shorter?': close standards of the same route that take less time."""
        found = shorter(self.retriever, standard)[:limit]
        months = standard.typical_duration_months
        if not found:
            text = f"I found no standard close to {standard.citation} ({months or '?'} months) in its route that takes less time."
        else:
            text = f"Closer to {standard.citation} ({months} months), these standards of the {standard.route} route take less time:\n"
            text += "\n".join(f"{s.reference} {s.title}, level {s.level}, {s.typical_duration_months} months" for s in found)
        return Answer(
            kind="progression",
            text=f"{text}\nSources: " + "; ".join(_cite(s) for s in [standard, *found]),
            sources=[standard_source(s) for s in [standard, *found]],
            suggestions=[f"{s.reference} {s.title}" for s in found],
            data=_standard_data(standard),
        )

    def duties_answer(self, standard: Standard, option: str | None = None) -> Answer:
        duties = duties_on(standard, option)
        if not duties:
            # No duties published: what the job involves in the standard's own words, and its first skills,
            # rather than a dead end ('what would i do day to day' on the Archaeological technician).
            text = f"The published {standard.reference} {standard.title} lists no duties."
            if summary := first_sentences(standard.occupation_summary or standard.overview, 2):
                text += f" What the job involves, in its words: {summary}"
            if skills := standard.ksbs_of_kind("S")[:NO_DUTIES_SKILLS]:
                text += "\nIts first skills:\n" + "\n".join(f"{k.code}: {shortened(k.text, 160)}" for k in skills)
        else:
            text = f"Duties of {standard.reference} {standard.title}" + (f" ({option})" if option else "") + ":\n"
            text += "\n".join(f"Duty {d.number}: {d.text}" for d in duties)
        return Answer(
            kind="duties",
            text=f"{text}\nSource: {_cite(standard)}",
            sources=[standard_source(standard)],
            data={"duties": [d.number for d in duties], **_standard_data(standard)},
        )

    def ksb_list_answer(self, standard: Standard, letters: str, option: str | None = None, own_only: bool = False) -> Answer:
        """Every KSB of the kinds asked ('which behaviours are there'), each in one short line; on an option,
        those that apply to it (the core and the option's own), or with `own_only` the option's own alone
        ('which knowledge is only for the steam option')."""
        lines = []
        for letter in letters:
            ksbs = [
                k
                for k in standard.ksbs_of_kind(letter)
                if not option or (option in k.options and k.scope != "core") or (k.scope == "core" and not own_only)
            ]
            one, many = KSB_KIND_NAMES[letter]
            if not ksbs:
                where = f" of its own for the {option} option" if option and own_only else ""
                lines.append(f"{standard.reference} {standard.title} lists no {many}{where}.")
                continue
            scope = f" only for the {option} option" if option and own_only else f" for the {option} option" if option else ""
            lines.append(f"{standard.reference} {standard.title} has {len(ksbs)} {one if len(ksbs) == 1 else many}{scope}:")
            lines += [f"{k.code}: {shortened(k.text, LIST_LINE)}" for k in ksbs]
        lines.append("Ask for any code (for example " + ", ".join(f"{letter}1" for letter in letters) + ") for its full text and duties.")
        return Answer(
            kind="ksb_list",
            text="\n".join(lines) + f"\nSource: {_cite(standard)}",
            sources=[standard_source(standard)],
            data={"codes": [k.code for letter in letters for k in standard.ksbs_of_kind(letter)], **_standard_data(standard)},
        )

    def learning_answer(self, standard: Standard, option: str | None = None) -> Answer:
        """'What would I learn': how many KSBs of each kind, and what the apprentice is trained to do (the
        duties), or the skills when no duty is published."""
        if not standard.duties:
            listed = self.ksb_list_answer(standard, "S", option)
            return replace(listed, kind="learning", text=f"{contents_sentence(standard)}\n{listed.text}")
        duties = duties_on(standard, option)
        lines = [f"{contents_sentence(standard)} What the apprentice learns to do, duty by duty:"]
        lines += [f"Duty {d.number}: {d.text}" for d in duties]
        lines += [
            "Ask 'list the skills', 'which behaviours are there' or any code (K1, S1, B1) for the detail.",
            f"Source: {_cite(standard)}",
        ]
        return Answer(
            kind="learning",
            text="\n".join(lines),
            sources=[standard_source(standard)],
            data={"duties": [d.number for d in duties], **_standard_data(standard)},
        )

    def option_duties_answer(self, standard: Standard, option: str | None = None) -> Answer:
        """What sets the options apart: each option's own duties (those mapped to it and not to the core), or
        the one option asked about; says so when every duty is shared."""
        options = [option] if option else list(standard.options)
        if not standard.options:
            return self.fact_answer(standard, "options")
        lines = [f"{standard.reference} {standard.title}: what each option adds to the core duties."]
        for name in options:
            own = [f"Duty {d.number}: {d.text}" for d in standard.duties if not d.is_core and name in d.options]
            own = own or [f"{k.code}: {shortened(k.text, LIST_LINE)}" for k in standard.ksbs if k.scope != "core" and name in k.options]
            lines.append(f"{name}:" if own else f"{name}: nothing of its own is published (it shares the core duties and KSBs).")
            lines += own
        return Answer(
            kind="option_duties",
            text="\n".join(lines) + f"\nSource: {_cite(standard)}",
            sources=[standard_source(standard)],
            data={"options": options, **_standard_data(standard)},
        )

    def ksb_scope_text(self, standard: Standard, code: str, option: str | None = None) -> str:
        """'is that for the crop option only?': yes or no first, from the KSB's scope (core, or its options)."""
        ksb = standard.ksb(code)
        assert ksb is not None
        if ksb.scope == "core" or not ksb.options:
            verdict = f"No: {code} is a core KSB of {standard.citation}, for every apprentice whatever their option."
        else:
            options = "; ".join(ksb.options)
            yes = option is None or option in ksb.options
            verdict = (
                f"{'Yes' if yes else 'No'}: {code} belongs to the option{'s' if len(ksb.options) > 1 else ''} {options} only, not the core."
            )
        duties = standard.duties_using(code)
        used = f" It is used by {', '.join(f'Duty {d.number}' for d in duties)}." if duties else ""
        return f"{verdict}{used}\nSource: {_cite(standard)}"

    def duty_answer(self, reference: str, number: int, version: str | None = None) -> Answer:
        """A duty and the KSBs it needs (the reverse of 'which duties use K42')."""
        duty, ksbs = self.retriever.ksbs_for_duty(reference, number, version)
        standard = self.retriever.standard(reference, version)
        lines = [f"Duty {duty.number}: {duty.text}", *[f"  {k.code}: {k.text}" for k in ksbs], f"Source: {_cite(standard)}"]
        return Answer(
            kind="duty",
            text="\n".join(lines),
            sources=[standard_source(standard, code=f"Duty {duty.number}", text=duty.text)],
            data={"duty": duty.number, "ksbs": [k.code for k in ksbs], **_standard_data(standard)},
        )

    def standards_answer(
        self, query: str, levels: Levels | None = None, limit: int = 5, unwanted: frozenset[str] = frozenset(), role: str = ""
    ) -> Answer:
        """Standards for an interest or a job title ('biology', 'lab technician'), best first, at the levels
        asked ('level 4 or above', a beginner's up to 3, 'the highest level'). `role`: the occupation the person
        put forward ('be a sign language interpreter'); when no standard listed is that role, the list says so."""
        # A name ('lab tech', 'biology') is found by its words, a description of the work ('looks after sharks
        # in an aquarium') by meaning over what the standards say the job is: both roads, fused. A level wish
        # reaches further down the ranking, as it keeps fewer.
        levels = levels or Levels()
        reach = (4 if levels else 2) * limit
        query, said_unwanted = without_unwanted(query)  # 'working with kids but not as a teacher'
        query = self.retriever.acronyms.expanded(query)  # 'an AML apprenticeship': anti money laundering
        unwanted = unwanted | said_unwanted
        by_name = self.retriever.resolver.resolve(query, limit=reach, level=levels.exact)
        candidates = _fused(by_name, self._standards_by_content(query, levels.exact, reach))
        if unwanted:
            titles = self.retriever.catalogue.standards
            candidates = [c for c in candidates if not unwanted & set(terms(titles[c.reference].title))]
        if not candidates:
            where = f" {levels.said}" if levels else ""
            return Answer(kind="unknown", text=f"I found no apprenticeship standard for '{one_line(query)[:80]}'{where}.")
        standards = self.retriever.catalogue.standards
        # At the levels asked, only standards still close to the interest: the fused scores are compressed, so a
        # level filter would otherwise reach far-off ones ('which ones are level 2' under a rail list: a scaffolder).
        bounded = levels.low is not None or levels.high is not None  # 'the highest level one' ranks the usual list
        near = [c for c in candidates if c.score >= LEVEL_NEAR * candidates[0].score] if bounded else candidates
        fitting = [c for c in near if levels.admits(standards[c.reference].level)]
        heading = f"These standards match{' ' + levels.said if levels.said else ''}:"
        if not fitting:  # none at the levels asked: said, and the closest at other levels shown
            heading = f"None of the standards for '{one_line(query)[:80]}' is {levels.said}. The closest:"
        pool = fitting or candidates
        # Only those close to the best: a list padded with far-off standards hides the one that fits.
        pool = [c for c in pool if c.score >= LIST_FLOOR * pool[0].score]
        if levels.extreme:  # 'the highest level one': the top (bottom) level among the close ones
            top = (max if levels.extreme == "highest" else min)(standards[c.reference].level or 0 for c in pool)
            pool = [c for c in pool if (standards[c.reference].level or 0) == top]
        shown = pool[:limit]
        # Only an occupation said ('an undertaker'), not any words after 'im' ('im really into green energy').
        said_role = bool(role and shown) and (self.retriever.resolver.is_role(role) or bool(AGENT_NOUN_RE.search(role)))
        unnamed = said_role and not self.retriever.names_role(role, standards[shown[0].reference])
        if unnamed:  # 'i want to be an undertaker': no standard is that role; the nearest by name and content
            heading = (
                f"No apprenticeship standard is for '{one_line(role)[:60]}' by name{' ' + levels.said if levels.said else ''}. The closest:"
            )
        lines = [heading]
        for c in shown:
            standard = standards[c.reference]
            retired = " (retired)" if standard.is_retired else ""
            lines.append(f"{c.reference} {c.title}, level {standard.level or '?'}{retired}")
        return Answer(
            kind="standards",
            text="\n".join(lines),
            suggestions=[f"{c.reference} {c.title}" for c in shown],
            data={"candidates": [c.reference for c in shown], "scores": [c.score for c in shown], "unnamed_role": unnamed},
        )

    def _standards_by_content(self, query: str, level: int | None, limit: int) -> list[Candidate]:
        """Standards whose text is about the interest ('biology'), when no title or job title names it."""
        if not terms(query):
            return []
        found: dict[str, Candidate] = {}
        for hit in self.retriever.search(query, kinds=CONTENT_KINDS, limit=limit * 8):
            standard = self.retriever.catalogue.standard(hit.passage.reference)
            if hit.dense < MIN_DENSE or standard is None or (level is not None and standard.level != level):
                continue
            found.setdefault(standard.reference, Candidate(standard.reference, standard.title, round(hit.score, 4), hit.passage.code))
        return list(found.values())[:limit]

    def compare_answer(self, references: list[str], asked: str = "") -> Answer:
        """Standards side by side, one plain line each (a pipe table reads badly in a chat bubble, Slack or
        Teams); 'which is more senior', 'which takes longer' first get the one asked for."""
        standards = [self.retriever.standard(r) for r in references]
        verdict = comparative_sentence(standards, asked)
        lines = [verdict] if verdict else []
        lines += [" vs ".join(f"{s.reference} {s.title}" for s in standards)]
        lines += [f"- {s.reference}: " + ", ".join(compared_facts(s)) + "." for s in standards]
        lines.append("Sources: " + "; ".join(_cite(s) for s in standards))
        return Answer(
            kind="comparison",
            text="\n".join(lines),
            sources=[standard_source(s) for s in standards],
            data={"references": [s.reference for s in standards]},
        )

    def search_answer(
        self, question: str, reference: str | None, option: str | None, limit: int = 5, kinds: tuple[str, ...] | None = None
    ) -> Answer:
        hits = self.retriever.search(question, reference=reference, option=option, kinds=kinds, limit=limit) if terms(question) else []
        return self._hits_answer(hits, reference)

    def content_answer(
        self, question: str, standard: Standard, option: str | None, kinds: tuple[str, ...], may_ask_entry: bool = True
    ) -> Answer:
        """A free question about one standard, answered from its KSBs and duties, unless its entry requirements
        answer it better: 'do I need a DBS?', 'is there a medical?', 'how many UCAS points?' ask about getting
        on, in as many wordings as there are conditions, and the standard's own entry text recognises them.
        `may_ask_entry` is False when the question asks for a piece of the content ('which skill is about...')."""
        if not terms(question):
            return self._hits_answer([], standard.reference)
        # A long message's own words about the person ('OR analyst in a govt department on the ... apprenticeship')
        # blur what it asks ('do i have to be able to code?'): the asking sentences are read beside the whole.
        focus = asked_part(question)
        found = self.retriever.search(question, reference=standard.reference, option=option, kinds=kinds, limit=8, focus=focus)
        hits = close_hits(found)
        if option and not hits:
            # The option in effect may be a guess from the words of a job title ('water distribution leakage
            # technician'): what it lacks is looked for in the other options, which the reply names.
            found = self.retriever.search(question, reference=standard.reference, kinds=kinds, limit=8, focus=focus)
            hits = close_hits(found)
            if hits and hits[0].passage.options and option not in hits[0].passage.options:
                answer = self._hits_answer(hits, standard.reference)
                where = " or ".join(hits[0].passage.options)
                return replace(answer, text=f"Not in the {option} option; in the {where} option:\n{answer.text}")
        if may_ask_entry and standard.entry_requirements:
            entry = self.retriever.search(question, reference=standard.reference, kinds=("entry_requirements",), limit=1)
            if entry and entry[0].dense >= MIN_DENSE and (not hits or entry[0].dense > hits[0].dense):
                return self.fact_answer(standard, "entry_requirements")
        # A fact the question is made of ('do i get a gold card') before a passage that is close but not first.
        fact = None if hits and hits[0] is found[0] else fact_naming(question, standard)
        return self.fact_answer(standard, fact) if fact else self._hits_answer(hits, standard.reference)

    def _hits_answer(self, hits: list[Hit], reference: str | None) -> Answer:
        """The closest passage with its citation and up to two alternatives, or that nothing is close (a passage
        shown must be close itself: one ranked first on a stray word gives way to the next that is)."""
        hits = close_hits(hits)
        if not hits:
            where = f"in {reference}" if reference else "in the standards I know"
            return Answer(
                kind="not_found",
                text=f"I couldn't find anything close to that {where}. I can answer about KSBs, entry requirements, facts, "
                "options, duties and French equivalents.",
            )
        best = hits[0].passage
        lead = f"{best.code}: {best.text}" if best.kind == "ksb" else best.text
        text = f"{lead}\nSource: {best.label}"
        if len(hits) > 1:
            text += "\nAlso relevant: " + "; ".join(_hit_label(h) for h in hits[1:3])
        return Answer(kind="search", text=text, sources=[_hit_source(self.retriever, h) for h in hits])


UNWANTED_RE = re.compile(
    r"\b(?:but )?(?:not|never) (?:as |being |to be |becoming |into |in |an? |the )*(?P<what>[a-z][a-z -]{2,40}?)\s*(?:[,.!?;]|$)"
    r"|\b(?:rather than|instead of|other than|except(?: for)?|apart from) (?:an? |the |being |becoming )?(?P<other>[a-z][a-z -]{2,40}?)\s*(?:[,.!?;]|$)"
    # 'i dont think i could be a nurse, something else in healthcare'
    r"|\b(?:don'?t|do not|wouldn'?t|couldn'?t|can'?t|cannot) (?:think i (?:could|would|can) |want to |wanna |see myself )?"
    r"(?:be|become|being|work as) (?:an? )?(?P<role>[a-z][a-z -]{2,40}?)\s*(?:[,.!?;]|$)",
    re.I,
)


# The endings of words for people who do a job ('undertaker', 'astronaut', 'beautician'), beside the head nouns of
# the catalogue's and ESCO's occupations.
AGENT_NOUN_RE = re.compile(r"(?:er|or|ist|ian|ant|ent|eer|man|woman|person|wright|smith)s?\s*$", re.I)


def without_unwanted(query: str) -> tuple[str, frozenset[str]]:
    """An interest with what it must not be ('working with kids but not as a teacher'): the interest to rank
    by, and the words of titles to leave out."""
    found = UNWANTED_RE.search(query)
    if not found:
        return query, frozenset()
    unwanted = frozenset(terms(found.group("what") or found.group("other") or found.group("role"))) - GENERIC_INTEREST_WORDS
    return (query[: found.start()] + query[found.end() :]).strip(" ,"), unwanted


GENERIC_INTEREST_WORDS = frozenset(terms("job jobs role work working apprenticeship apprenticeships one career"))
FACT_WORDS_SHARE = 0.6  # share of a question's words one fact of the standard must hold to answer it


def fact_naming(question: str, standard: Standard) -> str | None:
    """The fact of a standard whose own words a question nothing in its KSBs or duties answers is made of ('what
    about a gold card' -> its professional recognition, the ECS Gold Card); None when none holds most of them."""
    asked = set(terms(question)) - set(terms(standard.title))
    if not asked:
        return None
    fields = {
        "recognition": " ".join([standard.regulated_body, *(f"{r.body} {r.detail}" for r in standard.professional_recognition)]),
        "qualifications": " ".join(standard.qualifications),
        "options": " ".join(standard.options),
        "job_titles": " ".join(standard.typical_job_titles),
    }
    shares = {fact: len(asked & set(terms(text))) / len(asked) for fact, text in fields.items() if text.strip()}
    best = max(shares, key=lambda fact: shares[fact], default=None)
    return best if best and shares[best] >= FACT_WORDS_SHARE else None


# What 'which is more senior / takes longer / gets more funding' compares, and the word for the larger side.
COMPARATIVES: tuple[tuple[re.Pattern[str], str, str, str], ...] = (
    (
        re.compile(r"\b(?:senior|higher|advanced|harder|difficult|level)\b|\blower level\b|\bjunior\b|\beasier\b", re.I),
        "level",
        "more senior",
        "more junior",
    ),
    # The end-point assessment period before the duration: 'which has the shorter EPA' is not the training time.
    (
        re.compile(r"\b(?:epa|end[- ]point(?: assessment)?)\b", re.I),
        "epa",
        "longer in its end-point assessment",
        "shorter in its end-point assessment",
    ),
    (re.compile(r"\b(?:longer|shorter|quicker|faster|slower|time|months|years|long|duration)\b", re.I), "duration", "longer", "shorter"),
    (re.compile(r"\b(?:funding|funded|cheaper|dearer|expensive|costs?|money)\b", re.I), "funding", "better funded", "less funded"),
)


@dataclass(frozen=True)
class ComparedFact:
    """A fact two standards are set against by value: how to read it, how to say it, what it is called."""

    value: Callable[[Standard], int | None]
    shown: Callable[[int], str]
    name: str


COMPARED_FACTS = {
    "level": ComparedFact(lambda s: s.level, lambda n: f"level {n}", "level"),
    "duration": ComparedFact(lambda s: s.typical_duration_months, lambda n: f"{n} months", "typical duration"),
    "epa": ComparedFact(lambda s: s.epa_period_months, lambda n: f"{n} months", "end-point assessment period"),
    "funding": ComparedFact(lambda s: s.max_funding, lambda n: f"£{n:,}", "maximum funding"),
}
PAY_ASKED_RE = re.compile(r"\b(?:pays?|paid|wages?|salar(?:y|ies)|earns?|earnings)\b", re.I)
SMALLER_WORDS = re.compile(r"\b(?:shorter|quicker|faster|lower|junior|easier|cheaper|less|fewer)\b", re.I)


def compared_facts(standard: Standard) -> list[str]:
    """What a comparison says of each standard, each fact worded so that it reads alone ('level 4', '14 months
    typical duration'); a fact the record does not give is said to be missing, never left blank."""
    s = standard
    counts = "/".join(str(len(s.ksbs_of_kind(k))) for k in "KSB")
    return [
        f"level {s.level}" if s.level else "level not stated",
        f"{s.typical_duration_months} months typical duration" if s.typical_duration_months else "typical duration not stated",
        f"{s.epa_period_months} months end-point assessment" if s.epa_period_months else "end-point assessment period not stated",
        f"funding up to £{s.max_funding:,}" if s.max_funding else "maximum funding not stated",
        f"{s.route} route" if s.route else "route not stated",
        f"{len(s.options)} options" if s.options else "no options",
        f"{counts} knowledge/skills/behaviours" if s.ksbs else "no KSBs published",
        (s.status or "status unknown").lower(),
    ]


def comparative_sentence(standards: list[Standard], asked: str) -> str:
    """'ST0746 Fire safety inspector is the more senior: level 4 against level 3.' for the fact a comparative
    question names; "" when it names none or the record does not say. Pay is not in the records: said so."""
    if PAY_ASKED_RE.search(asked):
        return (
            "Neither standard sets a wage: employers do, at least the apprentice rate of the National Minimum Wage "
            f"({MINIMUM_WAGE_URL}); the funding below is the government's cap on training, not pay."
        )
    for pattern, fact, larger, smaller in COMPARATIVES:
        if not pattern.search(asked):
            continue
        value, shown = COMPARED_FACTS[fact].value, COMPARED_FACTS[fact].shown
        known = [s for s in standards if value(s)]
        if len(known) < 2:  # 'which has the shorter EPA' where one record gives no EPA period: said, not guessed
            given = "; ".join(f"{s.reference} {shown(n) if (n := value(s)) else 'not stated'}" for s in standards)
            return f"The {COMPARED_FACTS[fact].name} is not given for every standard: {given}."
        wants_smaller = bool(SMALLER_WORDS.search(asked))
        ranked = sorted(known, key=value, reverse=not wants_smaller)
        if value(ranked[0]) == value(ranked[1]):
            return "They are the same on that: " + ", ".join(f"{s.reference} {shown(value(s))}" for s in known) + "."
        others = " and ".join(f"{shown(value(s))} for {s.reference}" for s in ranked[1:])
        word = smaller if wants_smaller else larger
        return f"{ranked[0].reference} {ranked[0].title} is the {word}: {shown(value(ranked[0]))}, against {others}."
    return ""


def fact_text(standard: Standard, fact: str, lang: str = "en") -> str:
    """One fact of a standard as a sentence; says plainly when the source gives none."""
    if fact in WORDED_FACTS:
        degree = bool(DEGREE_RE.search(" ".join([standard.title, *standard.qualifications])))
        return fact_sentence(standard, fact, lang, degree)
    name = f"{standard.reference} {standard.title}"
    months = lambda n: f"{n} months" if n else "not stated"  # noqa: E731
    if fact == "epa":
        return f"The typical end-point assessment period for {name} is {months(standard.epa_period_months)}."
    if fact == "lars":
        return f"The LARS code of {name} is {standard.lars_code}." if standard.lars_code else f"No LARS code is published for {name}."
    if fact in ("status", "version"):
        return status_sentence(standard)
    if fact == "english_maths":
        asked_to_start = [sentence for sentence in _sentences(standard.entry_requirements) if ENGLISH_MATHS_RE.search(sentence)]
        if not asked_to_start:
            return standard.english_and_maths or f"No English and maths statement is published for {name}."
        # What a person asking 'what maths do i need' wants first is what employers ask to start; the funding
        # rule, where published, says what must be reached by the end.
        return "\n".join(
            filter(None, [f"Entry requirements of {name} on English and maths: {' '.join(asked_to_start)}", standard.english_and_maths])
        )
    if fact == "contents":
        return contents_sentence(standard)
    if fact == "reference":
        lars = f", LARS code {standard.lars_code}" if standard.lars_code else ""
        return f"The reference of {standard.title} is {standard.reference} (version {standard.version or '?'}{lars})."
    return facts_summary(standard)


ENGLISH_MATHS_RE = re.compile(r"\benglish\b|\bmaths?\b|\bmathematics\b|functional skills", re.I)


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.;!?])\s+", text or "") if s.strip()]


DEGREE_RE = re.compile(r"\bdegree\b|\b(?:BSc|BA|BEng|MEng|MSc|MA|LLB|bachelor'?s?|master'?s?)\b", re.I)
KSB_KIND_NAMES = {"K": ("knowledge item", "knowledge items"), "S": ("skill", "skills"), "B": ("behaviour", "behaviours")}
LIST_LINE = 140  # characters of a KSB shown in a list: enough to recognise it, short enough to scan


def duties_on(standard: Standard, option: str | None) -> list[Duty]:
    """The duties an apprentice on `option` does: the core ones and the option's own (all of them, without one)."""
    return [d for d in standard.duties if not option or not d.options or option in d.options]


def contents_sentence(standard: Standard) -> str:
    """How many KSBs of each kind and duties a standard has, with the range of codes ('how many K's are
    there', 'what's the total number of skills'): every count at once, whichever was asked."""
    parts = []
    for letter, (one, many) in KSB_KIND_NAMES.items():
        count = len(standard.ksbs_of_kind(letter))
        if count:
            parts.append(f"{count} {one if count == 1 else many} ({letter}1–{letter}{count})" if count > 1 else f"1 {one} ({letter}1)")
    if standard.duties:
        parts.append(f"{len(standard.duties)} dut{'y' if len(standard.duties) == 1 else 'ies'}")
    if not parts:
        return f"{standard.reference} {standard.title} publishes no knowledge, skills, behaviours or duties."
    listed = ", ".join(parts[:-1]) + f" and {parts[-1]}" if len(parts) > 1 else parts[0]
    # A version published before duties were recorded ('how many duties?' must not be met by silence).
    no_duties = "" if standard.duties else f" Version {standard.version or '?'} publishes no duties."
    return f"{standard.reference} {standard.title} has {listed}.{no_duties}"


def status_sentence(standard: Standard) -> str:
    name = f"{standard.reference} {standard.title}"
    text = f"{name} version {standard.version or '?'} is {standard.status.lower() or 'of unknown status'}."
    if standard.status and not standard.is_delivering and not standard.is_retired:
        article = "a " if standard.status.lower().startswith("proposal") else ""
        text = f"{name} version {standard.version or '?'} is {article}{standard.status.lower()}: not yet open to apprentices."
    if standard.is_retired:
        text = f"{name} version {standard.version or '?'} has been {standard.status.lower()}: it is not open to new starts."
    if standard.latest_version:
        text += f" The latest version is {standard.latest_version} ({standard.latest_status.lower()})."
    return text


def _fused(by_name: list[Candidate], by_content: list[Candidate]) -> list[Candidate]:
    """Standards for an interest by both roads: names (title, job titles, keywords) and what the standards say
    the job is (by meaning). A keyword alone ('cooking' is one chef standard's) must not hide the others."""
    scores: dict[str, float] = {}
    titles: dict[str, str] = {}
    for share, found in ((NAME_SHARE, [c for c in by_name if c.score >= NAME_FLOOR]), (1 - NAME_SHARE, by_content)):
        for c in found:
            scores[c.reference] = scores.get(c.reference, 0.0) + share * c.score
            titles[c.reference] = c.title
    ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    return [Candidate(r, titles[r], round(score, 4)) for r, score in ranked]


def facts_summary(standard: Standard) -> str:
    return " ".join(p for p in (status_sentence(standard), summary_facts(standard, "en")) if p)


def _cite(standard: Standard) -> str:
    text = standard.citation
    if standard.is_retired:
        text += f" ({standard.status.lower()}"
        text += f"; latest version {standard.latest_version})" if standard.latest_version else ")"
    return text + (f" {standard.url}" if standard.url else "")


def standard_source(standard: Standard, code: str = "", text: str = "") -> Source:
    return Source(
        label=standard.citation + (f", {code}" if code else ""),
        url=standard.url,
        text=text,
        code=code,
        reference=standard.reference,
        version=standard.version,
    )


def _standard_data(standard: Standard) -> dict[str, Any]:
    return {
        "reference": standard.reference,
        "version": standard.version,
        "title": standard.title,
        "status": standard.status,
        "retired": standard.is_retired,
        "latest_version": standard.latest_version,
    }


def _hit_label(hit: Hit) -> str:
    return f"{hit.passage.code or hit.passage.section} ({hit.passage.label})"


def _hit_source(retriever: Retriever, hit: Hit) -> Source:
    passage = hit.passage
    url = ""
    if passage.reference:
        standard = retriever.catalogue.standard(passage.reference)
        url = standard.url if standard else ""
    return Source(
        label=passage.label,
        url=url,
        text=passage.text,
        code=passage.code,
        reference=passage.reference,
        version=passage.version,
        score=round(hit.score, 4),
    )


def progression(retriever: Retriever, standard: Standard, wanted: frozenset[str] = frozenset(), lower: bool = False) -> list[Standard]:
    """Current standards of the same route at a higher level that follow on from this one (at a lower level
    that lead to it, with `lower`), ranked as `related` ranks them."""
    if not standard.level:
        return []
    level = standard.level
    return related(retriever, standard, (lambda o: bool(o.level) and (o.level < level if lower else o.level > level)), wanted, lower)


def shorter(retriever: Retriever, standard: Standard) -> list[Standard]:
    """Standards close to this one that take less time ('4 years?? anything shorter'), the closest first."""
    months = standard.typical_duration_months
    if not months:
        return []
    return related(retriever, standard, lambda o: bool(o.typical_duration_months) and (o.typical_duration_months or 0) < months)


def related(
    retriever: Retriever, standard: Standard, keep: Callable[[Standard], bool], wanted: frozenset[str] = frozenset(), lower: bool = False
) -> list[Standard]:
    """Current standards of the same route that `keep` accepts, ranked by how close their occupation summaries
    are (embedding cosine) plus the idf-weighted overlap of their titles, job titles and keywords, the nearest
    level first. Ones close by neither are left out, unless their title or job titles have a `wanted` word (the
    question named them): those come first."""
    if not standard.route:
        return []
    catalogue = retriever.catalogue
    same_route = [
        s for s in catalogue.standards.values() if s.route == standard.route and s.reference != standard.reference and not s.is_retired
    ]
    bags = {s.reference: set(terms(" ".join([s.title, *s.typical_job_titles, *s.keywords]))) for s in [standard, *same_route]}
    frequency: dict[str, int] = {}
    for bag in bags.values():
        for term in bag:
            frequency[term] = frequency.get(term, 0) + 1
    mine = bags[standard.reference]
    own_vector = _summary_vector(retriever, standard.reference)
    scored = []
    for other in same_route:
        if not other.is_delivering or not keep(other):
            continue
        overlap = sum(math.log(1 + len(bags) / frequency[t]) for t in mine & bags[other.reference])
        vector = _summary_vector(retriever, other.reference)
        cosine = float(own_vector @ vector) if own_vector is not None and vector is not None else 0.0
        # Named by the question: in its title ('the manager one' is the Golf course manager) before in a job title
        # only (the sports turf technician's 'Pitch manager').
        in_title = bool(wanted & set(terms(other.title)))
        in_job = bool(wanted & set(terms(" ".join(other.typical_job_titles))))
        # A way in that the standard's own entry requirements name ('or the L4 Healthcare Science Associate').
        in_title = in_title or (lower and fold(other.title) in fold(standard.entry_requirements))
        named = in_title or in_job
        if cosine < PROGRESSION_MIN_COSINE and overlap < PROGRESSION_MIN_OVERLAP and not named:
            continue
        steps = abs((other.level or 0) - (standard.level or 0))
        score = cosine + 0.05 * min(overlap, 6.0) - 0.04 * (steps - 1) + (1.0 if in_title else 0.5 if in_job else 0.0)
        scored.append((score, other))
    scored.sort(key=lambda pair: (-pair[0], pair[1].reference))
    return [s for _, s in scored]


PROGRESSION_ASKING = frozenset(
    terms(
        "is are there a an any higher level next up after it this that one ones standard standards apprenticeship "
        "apprenticeships progress progression onto on to move go could can i what which like route step further "
        "following follow do then later afterwards"
    )
)


def _wanted_words(asked: str, standard: Standard) -> frozenset[str]:
    """The words of a progression question that name what is wanted ('like a supervisor one' -> supervisor)."""
    return frozenset(set(terms(asked)) - PROGRESSION_ASKING - DEGREE_TERMS - set(terms(standard.title)))


# 'is there a degree one' asks for a degree-level standard (levels 6-7), whether or not its title says 'degree'
# (the Civil engineer's does not): a level, not a word of a title.
DEGREE_TERMS = frozenset(terms("degree degrees integrated"))
DEGREE_ASKED_RE = re.compile(r"\bdegree\b", re.I)
DEGREE_LEVELS = 6


NO_DUTIES_SKILLS = 3  # skills shown in place of duties a standard does not publish
PROGRESSION_MIN_COSINE = 0.5
PROGRESSION_MIN_OVERLAP = 2.0


def _summary_vector(retriever: Retriever, reference: str):  # type: ignore[no-untyped-def]
    """The embedding of a standard's occupation summary passage, if it has one."""
    knowledge = retriever.knowledge
    for row in knowledge.rows_by_standard.get(reference, ()):
        if knowledge.passages[int(row)].kind == "summary":
            return knowledge.vectors[int(row)]
    return None
