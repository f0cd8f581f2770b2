"""Generated question families over every approved standard of the full catalogue, scored in-process.

    python benchmarks/eval_generated.py            # all families
    python benchmarks/eval_generated.py --misses   # and the misses, for reading

Each family tests one mechanism on the whole catalogue, not on questions someone wrote (see README):
- typo: a fact question naming a standard by its title (one no other standard has) with one slip in its longest
  word (two letters swapped, one dropped, one doubled, a neighbouring key);
- topic: an own-words question quoting 5-8 words of one KSB, naming the standard by its title or a job title, in
  six framings ('is there anything on ...', 'which ksb is about ...'): the standard must survive the topic's words;
- kind_word: the same, the quoted words holding a word that also asks a fact (status, requirements, level, roles,
  duties...): the question must stay a content question.
The quoted words are the KSB's own, so these say nothing of paraphrase (the held-out sets do); the seed is fixed,
so a figure moves only when the code does.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.catalogue import Catalogue
from bot.evaluation import in_process_talk, score_questions
from bot.models import Standard
from bot.text import html_to_text

SEED = 2027
KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
TOPIC_FRAMINGS = (
    "in the {name} apprenticeship which bit covers {topic}?",
    "as a {name} apprentice where does it talk about {topic}",
    "{name}: what part of the standard is about {topic}",
    "hi im doing my {name} apprenticeship, is there anything on {topic}",
    "does the {name} standard mention {topic} anywhere",
    "which ksb in {name} is about {topic}",
)
TYPO_FRAMINGS = ("what level is the {name} apprenticeship", "{name} level?", "how long is {name}", "whats the level for {name}")
KIND_WORD_RE = re.compile(
    r"status|responsibilit\w*|levels?|duration|funding|funded|pay|salary|wages?|entry|requirements?|options?|dut(?:y|ies)|jobs?"
    r"|roles?|qualifications?|progress\w*|career|version|changes?|length|cost|degree|english|maths",
    re.I,
)
WORD_RE = re.compile(r"[A-Za-z][A-Za-z'-]*")


def _approved(catalogue: Catalogue) -> Iterator[Standard]:
    for standard in sorted(catalogue.standards.values(), key=lambda s: s.reference):
        if "approved" in standard.status.lower():
            yield standard


def _case(case_id: str, kind: str, say: str, expect: dict[str, Any]) -> dict[str, Any]:
    return {"id": case_id, "kind": kind, "user": "learner", "lang": "en", "turns": [{"say": say, "expect": expect}]}


def _slip(word: str, rnd: random.Random) -> str:
    at = rnd.randint(1, len(word) - 2)
    how = rnd.choice(("swap", "drop", "double", "key"))
    if how == "swap" and word[at] != word[at + 1]:  # two equal letters swapped would leave the word as it is
        return word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    if how == "drop":
        return word[:at] + word[at + 1 :]
    if how == "double":
        return word[:at] + word[at] + word[at:]
    row = next((r for r in KEYBOARD_ROWS if word[at] in r), "")
    if not row:
        return word[:at] + word[at + 1 :]
    place = row.index(word[at])
    return word[:at] + row[place - 1 if place else place + 1] + word[at + 1 :]


def typo_cases(catalogue: Catalogue, rnd: random.Random) -> list[dict[str, Any]]:
    def plain(title: str) -> str:
        return re.sub(r"\s*\(.*?\)", "", title.lower())

    counts: dict[str, int] = {}
    for standard in catalogue.standards.values():
        counts[plain(standard.title)] = counts.get(plain(standard.title), 0) + 1
    cases = []
    for standard in _approved(catalogue):
        words = plain(standard.title).split()
        longest = max(range(len(words)), key=lambda i: len(words[i])) if words else 0
        if counts[plain(standard.title)] > 1 or len(words[longest]) < 6:
            continue
        words[longest] = _slip(words[longest], rnd)
        say = rnd.choice(TYPO_FRAMINGS).format(name=" ".join(words))
        cases.append(_case(standard.reference, "fact", say, {"standard": standard.reference}))
    return cases


def _quoted_topic(text: str, rnd: random.Random, around: re.Pattern[str] | None) -> str:
    words = WORD_RE.findall(html_to_text(text))
    if around is None:
        start = rnd.randint(0, max(0, min(4, len(words) - 6)))
        return " ".join(words[start : start + rnd.randint(5, 8)]).lower()
    hits = [i for i, w in enumerate(words) if around.fullmatch(w)]
    if not hits:
        return ""
    at = rnd.choice(hits)
    return " ".join(words[max(0, at - rnd.randint(2, 4)) : at + rnd.randint(2, 4)]).lower()


def topic_cases(catalogue: Catalogue, rnd: random.Random, around: re.Pattern[str] | None = None) -> list[dict[str, Any]]:
    cases = []
    for standard in _approved(catalogue):
        ksbs = [k for k in standard.ksbs if around is None or around.search(k.text)]
        if not ksbs:
            continue
        ksb = rnd.choice(ksbs)
        topic = _quoted_topic(ksb.text, rnd, around)
        if len(topic.split()) < (4 if around else 5):
            continue
        name = standard.title.lower()
        if around is None and standard.typical_job_titles and rnd.random() < 0.4:
            name = rnd.choice(standard.typical_job_titles).lower()
        say = rnd.choice(TOPIC_FRAMINGS).format(name=name, topic=topic)
        cases.append(_case(standard.reference, "free", say, {"standard": standard.reference, "codes_any": [ksb.code]}))
    return cases


FAMILIES: dict[str, Callable[[Catalogue, random.Random], list[dict[str, Any]]]] = {
    "typo": typo_cases,
    "topic": topic_cases,
    "kind_word": lambda catalogue, rnd: topic_cases(catalogue, rnd, KIND_WORD_RE),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--family", choices=sorted(FAMILIES), action="append")
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args()
    from actions.knowledge import Core
    from bot.corpus import CorpusSpec
    from bot.index import open_knowledge
    from bot.learners import LearnerStore
    from bot.retrieval import Retriever

    core = Core.from_retriever(Retriever(open_knowledge(CorpusSpec(full=True))), LearnerStore("sqlite://"))
    for name in args.family or sorted(FAMILIES):
        cases = FAMILIES[name](core.retriever.catalogue, random.Random(SEED))
        report = score_questions(cases, in_process_talk(core.assistant))
        print(f"{name}: {len(cases)} cases  " + "  ".join(f"{m}={r}/{n} ({r / n:.3f})" for m, (r, n) in sorted(report.measures().items())))
        if args.misses:
            for miss in report.misses():
                print(f"   {miss.case}: {miss.say!r} -> {miss.reply.splitlines()[0][:100]!r}")


if __name__ == "__main__":
    main()
