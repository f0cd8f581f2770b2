"""UK standard → French jobs (ONISEP MET.x) and courses (FOR.x).

The embedding model is English-only, so the languages are bridged lexically:
1. the standard's title, option, job titles and keywords are translated word by word with a domain
   glossary (`bot.glossary`);
2. ESCO occupations whose English labels best match the standard lend their aligned French labels;
3. the French terms (accent-folded, Snowball-stemmed) are matched with BM25 against ONISEP job names,
   synonyms and descriptions, and against course titles and descriptions;
4. a course scores by its own match plus the best score of the jobs ONISEP links it to, and the requested
   course type (BTS first when asked "which French BTS") is ranked ahead of the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import snowballstemmer

from bot.answers import Answer, Source
from bot.glossary import EN_FR
from bot.lexical import Bm25
from bot.models import FrenchCourse, FrenchJob, Standard
from bot.retrieval import Retriever
from bot.text import fold, stem, terms, words

_FR_STEMMER = snowballstemmer.stemmer("french")
LINKED_JOBS = 15  # how many top jobs lend their score to the courses ONISEP links them to
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


def french_terms(text: str) -> list[str]:
    return [_FR_STEMMER.stemWord(w) for w in words(text) if w not in FRENCH_STOPWORDS and len(w) > 1]


@dataclass(frozen=True)
class JobMatch:
    job: FrenchJob
    score: float


@dataclass(frozen=True)
class CourseMatch:
    course: FrenchCourse
    score: float
    via_jobs: tuple[str, ...]


class FrenchMatcher:
    def __init__(self, retriever: Retriever) -> None:
        self.retriever = retriever
        self.catalogue = retriever.catalogue

    @cached_property
    def _jobs(self) -> tuple[list[str], Bm25]:
        ids = sorted(self.catalogue.jobs)
        docs = []
        for met_id in ids:
            job = self.catalogue.jobs[met_id]
            names = " ".join([job.name, job.feminine, job.masculine, *job.synonyms])
            docs.append(french_terms(f"{names} {names} {names} {job.description[:800]}"))
        return ids, Bm25(docs)

    @cached_property
    def _courses(self) -> tuple[list[str], Bm25]:
        ids = sorted(self.catalogue.courses)
        docs = [
            french_terms(f"{c.title} {c.title} {c.title} {' '.join(c.domains)} {c.description[:800]}")
            for c in (self.catalogue.courses[i] for i in ids)
        ]
        return ids, Bm25(docs)

    @cached_property
    def _esco(self) -> Bm25:
        return Bm25([terms(" ".join([o.label_en, o.label_en, *o.alt_en])) for o in self.catalogue.esco])

    def french_query(self, standard: Standard, option: str | None) -> dict[str, float]:
        """Weighted French terms for a standard: glossary translations plus ESCO's aligned French labels."""
        focus = option or ""
        english = " ".join([standard.title, focus, focus, *standard.typical_job_titles[:6], *standard.keywords[:8]])
        weights: dict[str, float] = {}
        for word in words(english):
            for french in EN_FR.get(word, EN_FR.get(stem(word), ())):
                for term in french_terms(french):
                    weights[term] = weights.get(term, 0.0) + (2.0 if fold(word) in fold(focus) else 1.0)
        if self.catalogue.esco:
            scores = self._esco.scores(terms(f"{standard.title} {focus} {focus}"))
            for rank, row in enumerate(np.argsort(-scores)[:5]):
                if scores[row] <= 0:
                    break
                occupation = self.catalogue.esco[int(row)]
                for term in french_terms(" ".join([occupation.label_fr, *occupation.alt_fr[:3]])):
                    weights[term] = weights.get(term, 0.0) + 1.0 / (rank + 1)
        return weights

    def jobs(self, standard: Standard, option: str | None = None, limit: int = 5) -> list[JobMatch]:
        return self._rank_jobs(self.french_query(standard, option), limit)

    def courses(self, standard: Standard, option: str | None = None, course_type: str | None = None, limit: int = 5) -> list[CourseMatch]:
        query = self.french_query(standard, option)
        return self._rank_courses(query, self._rank_jobs(query, LINKED_JOBS), course_type)[:limit]

    def _rank_jobs(self, query: dict[str, float], limit: int) -> list[JobMatch]:
        ids, bm25 = self._jobs
        scores = bm25.scores(list(query), weights=query)
        top = float(scores.max()) if len(scores) else 0.0
        order = np.argsort(-scores)[:limit]
        return [JobMatch(self.catalogue.jobs[ids[i]], float(scores[i] / top)) for i in order if scores[i] > 0]

    def _rank_courses(self, query: dict[str, float], jobs: list[JobMatch], course_type: str | None) -> list[CourseMatch]:
        ids, bm25 = self._courses
        direct = bm25.scores(list(query), weights=query)
        top = float(direct.max()) if len(direct) else 0.0
        direct = direct / top if top > 0 else direct
        job_scores = {m.job.met_id: m.score for m in jobs}
        wanted = fold(course_type or "")
        ranked = []
        for row, for_id in enumerate(ids):
            course = self.catalogue.courses[for_id]
            via = tuple(j for j in course.job_ids if j in job_scores)
            link = max((job_scores[j] for j in via), default=0.0)
            score = 0.6 * float(direct[row]) + 0.4 * link
            if score <= 0:
                continue
            type_rank = 0 if not wanted or fold(course.course_type) == wanted else 1
            ranked.append((type_rank, -score, for_id, CourseMatch(course, round(score, 4), via)))
        ranked.sort()
        return [item[3] for item in ranked]

    def answer(self, reference: str, option: str | None = None, course_type: str | None = None, limit: int = 5) -> Answer:
        standard = self.retriever.standard(reference)
        chosen = self.retriever.option(standard, option) if option else None
        query = self.french_query(standard, chosen)  # once: jobs and courses rank against the same terms
        linked_jobs = self._rank_jobs(query, LINKED_JOBS)
        courses = self._rank_courses(query, linked_jobs, course_type)[:limit]
        jobs = linked_jobs[:3]
        what = f"{standard.reference} {standard.title}" + (f" ({chosen})" if chosen else "")
        if not courses and not jobs:
            return Answer(kind="french", text=f"I found no French job or course close to {what}.")
        lines = [f"Closest French courses for {what}:"]
        lines += [f"{i}. {m.course.title} ({m.course.for_id})" for i, m in enumerate(courses, start=1)]
        if jobs:
            lines.append("Related French jobs: " + "; ".join(f"{m.job.name} ({m.job.met_id})" for m in jobs))
        lines.append("Source: ONISEP Idéo fiches; " + standard.citation)
        return Answer(
            kind="french",
            text="\n".join(lines),
            sources=[
                Source(label=f"ONISEP {m.course.for_id}", url=m.course.url, text=m.course.title, code=m.course.for_id, score=m.score)
                for m in courses
            ]
            + [
                Source(label=f"ONISEP {m.job.met_id}", url=m.job.url, text=m.job.name, code=m.job.met_id, score=round(m.score, 4))
                for m in jobs
            ],
            data={
                "reference": standard.reference,
                "version": standard.version,
                "option": chosen,
                "course_type": course_type,
                "courses": [m.course.for_id for m in courses],
                "jobs": [m.job.met_id for m in jobs],
            },
        )
