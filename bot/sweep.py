"""The exhaustive generated check: KSB-code, fact and entry questions about every current standard, naming it
by reference, by title and by one job title, in five phrasings each, asked through bot.conversation (the
code path of the Rasa actions). A name that several standards share may be asked about: then the standard
must be among the choices offered.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from bot.conversation import Assistant, Message, Result, State
from bot.evaluation import contains_fragment
from bot.models import Standard
from bot.text import terms

KSB_PHRASINGS = (
    "what does {code} cover in {name}",
    "{name}: what is {code}?",
    "for the {name} apprenticeship, what's {code} about",
    "explain {code} of the {name} standard please",
    "in the {name} apprenticeship what does {code} say",
)
FACT_PHRASINGS = {
    "level": ("what level is the {name} apprenticeship", "{name} - which level is it?"),
    "duration": ("how long does the {name} apprenticeship take", "what's the duration of {name}"),
    "funding": ("what is the maximum funding for {name}",),
}
ENTRY_PHRASINGS = (
    "what are the entry requirements for {name}",
    "what do i need to get onto the {name} apprenticeship",
    "{name} entry requirements?",
    "who can apply for the {name} apprenticeship",
    "what qualifications do i need for the {name} apprenticeship",
)
NAMINGS = ("reference", "title", "job title")


@dataclass(frozen=True)
class Check:
    reference: str
    naming: str
    kind: str
    question: str
    expected: tuple[str, ...]  # fragments the answer must contain (case-insensitive)


@dataclass
class SweepReport:
    checked: Counter[str] = field(default_factory=Counter)
    failures: list[tuple[Check, str]] = field(default_factory=list)
    standards: int = 0

    @property
    def total(self) -> int:
        return sum(self.checked.values())

    @property
    def passed(self) -> int:
        return self.total - len(self.failures)


def names_of(standard: Standard, taken: set[str]) -> dict[str, str]:
    """How people name it: its reference, its title, and a job title of two words or more that no other
    standard lists as a title or job title (a one-word job title such as 'Driver' is a word first)."""
    names = {"reference": standard.reference, "title": standard.title.lower()}
    own = [t for t in standard.typical_job_titles if _key(t) not in taken and _key(t) != _key(standard.title) and len(t.split()) > 1]
    if own:
        names["job title"] = own[0].lower()
    return names


def checks_for(standard: Standard, names: dict[str, str]) -> Iterator[Check]:
    codes = [k for k in standard.ksbs if k.code[0] in "KS"]
    ksbs = [codes[len(codes) // 2], codes[-1]] if codes else []
    facts = {
        "level": f"level {standard.level}" if standard.level else "",
        "duration": f"{standard.typical_duration_months} months" if standard.typical_duration_months else "",
        "funding": f"£{standard.max_funding:,}" if standard.max_funding else "",
    }
    entry = standard.entry_requirements.split("\n")[0][:60] if standard.entry_requirements else "sets no entry requirements of its own"
    for naming, name in names.items():
        for i, phrasing in enumerate(KSB_PHRASINGS):
            for ksb in ksbs[i % 2 : i % 2 + 1] if ksbs else []:
                yield Check(standard.reference, naming, "ksb", phrasing.format(code=ksb.code, name=name), (f"{ksb.code} (", ksb.text[:60]))
        for fact, phrasings in FACT_PHRASINGS.items():
            if facts[fact]:
                for phrasing in phrasings:
                    yield Check(standard.reference, naming, "fact", phrasing.format(name=name), (facts[fact],))
        for phrasing in ENTRY_PHRASINGS:
            yield Check(standard.reference, naming, "entry", phrasing.format(name=name), (entry,))


def _key(name: str) -> str:
    """Names compare by their stems: 'Civil engineers' is the title 'Civil engineer'."""
    return " ".join(terms(name))


def verdict(check: Check, result: Result) -> bool:
    text = "\n".join(reply.text for reply in result.replies)
    if result.standard == check.reference:
        return check.reference in text and all(contains_fragment(text, f) for f in check.expected)
    offered = [b.payload for reply in result.replies for b in reply.buttons]
    return result.kinds == ("which",) and any(check.reference in payload for payload in offered)


def sweep(assistant: Assistant, limit: int | None = None) -> SweepReport:
    catalogue = assistant.retriever.catalogue
    name_counts = Counter(_key(t) for s in catalogue.standards.values() for t in {_key(n) for n in (*s.typical_job_titles, s.title)})
    shared = {t for t, n in name_counts.items() if n > 1}
    standards = [s for s in catalogue.standards.values() if s.is_delivering and s.ksbs]
    report = SweepReport(standards=len(standards[:limit]))
    for standard in sorted(standards, key=lambda s: s.reference)[:limit]:
        names = names_of(standard, shared)
        if assistant.resolver.twin_meant(standard.reference) != standard.reference:
            del names["title"]  # published twice: its title names the later record (bot.resolve, twin_meant)
        for check in checks_for(standard, names):
            result = assistant.respond(Message(check.question), State(), sender="sweep")
            report.checked[f"{check.kind} by {check.naming}"] += 1
            if not verdict(check, result):
                report.failures.append((check, "\n".join(r.text for r in result.replies)[:200]))
    return report
