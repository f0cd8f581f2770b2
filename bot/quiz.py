"""KSB quizzes: which KSBs to ask (spaced repetition), the questions, reading answers, grading, progress.

Spaced repetition uses Leitner boxes, not SM-2: a right answer moves a KSB up a box (1 -> 5), a wrong one
back to box 1, a partial one keeps it where it is; each box has a waiting time (0, 1, 3, 7, 21 days). Why
Leitner: multiple-choice answers are right or wrong, not the 0-5 recall grades SM-2's ease factor needs,
and a learner (or adviser) can read a box at a glance ("mastered" = box 4 or 5). Due KSBs come first, then
ones never seen, then the rest by box, so mastered KSBs come back rarely.

Question types: code -> statement (4 choices), statement -> code (4 codes), explain in your own words
(graded by embedding similarity plus coverage of the statement's key terms), and which duty needs a KSB.
Distractors come from the same standard, nearest by embedding (plausible), never the right text twice.
All state is plain JSON kept in the learner store, so a quiz survives a restart of both servers.
"""

from __future__ import annotations

import random
import re
import time
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from bot.learners import LearnerStore, Progress
from bot.models import Ksb, Standard
from bot.resolve import ORDINALS, find_ksb_codes
from bot.retrieval import Retriever, UnknownItem
from bot.text import ENGLISH_STOPWORDS, fold, terms, words

DAY = 86_400.0
LEITNER_DAYS = {1: 0, 2: 1, 3: 3, 4: 7, 5: 21}
MASTERED_BOX = 4
LETTERS = "abcd"
NUMBER_WORDS = {"one": 0, "two": 1, "three": 2, "four": 3}  # 'option two'; 'the team one' is not the first
# Words around a choice that are not the choice: 'c i think', 'pretty sure its b', 'the one about managing faults'.
CHOICE_FILLER = frozenset(
    re.findall(
        r"\S+",
        "i i'd id think thinking its it's it is s the answer option choice letter maybe probably guess say reckon defo definitely "
        "pretty sure hmm um umm uh er ok okay so im i'm going go with for one about that this thats that's",
    )
)
TYPES = ("code_to_text", "text_to_code", "explain", "duty")
MEANING_ALONE = 0.75  # share of the score an answer's closeness of meaning alone can earn ...
PARTIAL_CAP = 0.69  # ... never a full mark: that needs the statement's key points
MIN_DUTY_DISTRACTORS = 2  # 'which duty needs B3?' when all ten duties do has no wrong choice to offer
KIND_NAMES = {"K": "knowledge", "S": "skills", "B": "behaviours"}
CORRECT, PARTIAL, WRONG, SKIPPED = "correct", "partial", "wrong", "skipped"
LONE_LETTER_RE = re.compile(r"\W*[a-d]\W*", re.I)  # a choice's letter alone ('c', 'b)')
SAID_OTHERWISE, SAID_SPAN = 0.45, 0.25  # a key term said in other words counts nothing below this cosine, fully above the sum

COMMANDS = (
    (
        "stop",
        re.compile(
            r"^(stop|quit|exit|end|cancel|finish)\b|\b(stop|end|quit|cancel) (the |this )?quiz\b|^i'?m done\b|\bi'?m (?:all )?done (?:for|now)\b"
            r"|\b(?:that'?s |thats )?enough(?: for (?:today|now|tonight)| now)\b|\bthat'?s enough\b|\bthats enough\b|\bdone for (?:today|now|tonight)\b"
            r"|\bcall it a day\b|\b(?:let'?s|lets) (?:stop|finish|end)\b|\bno more (?:questions|quiz)\b|\bi (?:have|need|got) to go\b|\bgotta go\b"
            r"|\bstop (?:here|now|there)\b"
        ),
    ),
    ("hint", re.compile(r"^(hint|clue)\b|\b(give me|can i have|i need) a (hint|clue)\b")),
    # Before 'skip': 'no idea, repeat the question', 'i dont know, can u give me multiple choice instead'.
    ("recall", re.compile(r"\bwhat was (?:question|q) ?#?\d+\b|\b(?:question|q) ?#?\d+ again\b|\b(?:the )?(?:previous|last) question\b")),
    ("repeat", re.compile(r"^(repeat|again)\b|\bsay (that|it) again\b|\bwhat was the question\b|\brepeat (the|that) question\b")),
    ("multiple_choice", re.compile(r"\bmultiple[- ]?choice\b|\bmcqs?\b|\b(?:give me|with) (?:some )?(?:options|choices)\b")),
    ("skip", re.compile(r"^(skip|pass|next)\b|\bi (don'?t|do not) know\b|^no idea\b|^dunno\b")),
)
MULTIPLE_CHOICE = ("code_to_text", "text_to_code", "duty")
OUTCOME_WORDS = {"correct": "right", "partial": "partly right", "wrong": "wrong", "skipped": "skipped"}


@dataclass
class Scope:
    """What a quiz covers: a standard, optionally one option, some of K/S/B, core or option KSBs, one duty."""

    reference: str
    option: str | None = None
    letters: str = "KSB"
    core_only: bool = False
    duty: int | None = None
    count: int = 5
    version: str | None = None  # the learner's version when not the current one: its KSB numbers are quizzed
    option_only: bool = False  # 'the risk analyst option only': the option's own KSBs, without the core
    kinds: tuple[str, ...] = ()  # question types asked for ('multiple choice', 'questions about duties'); all when empty

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def parse_scope(text: str, reference: str, option: str | None = None, version: str | None = None) -> Scope:
    """'5 questions on behaviours', 'test me on knowledge for the aseptic option', 'core skills', 'duty 3'."""
    folded = fold(text)
    letters = "".join(letter for letter, name in (("K", "knowledge"), ("S", "skill"), ("B", "behaviou")) if name in folded) or "KSB"
    count_match = re.search(r"\b(\d{1,2})\s*(questions?|q\b|ksbs?)", folded) or re.search(r"\bquiz me (\d{1,2})\b", folded)
    count = min(max(int(count_match.group(1)), 1), 20) if count_match else 5
    duty = re.search(r"\bduty\s*(\d+)", folded)
    return Scope(
        reference=reference,
        option=option,
        letters=letters,
        core_only=bool(re.search(r"\bcore\b", folded)),
        duty=int(duty.group(1)) if duty else None,
        count=count,
        version=version,
        option_only=bool(option) and bool(re.search(r"\b(?:only|just)\b", folded)),
        kinds=_kinds_asked(folded),
    )


def _kinds_asked(folded: str) -> tuple[str, ...]:
    """The question types a learner asks for: multiple choice, questions about duties, or in their own words."""
    if re.search(r"\b(?:about|on|with|from) (?:the |my )?duties\b|\bduty questions\b", folded):
        return ("duty",)
    if re.search(r"\bmultiple[- ]?choice\b|\bmcqs?\b", folded):
        return MULTIPLE_CHOICE
    if re.search(r"\bown words\b|\bexplain\b", folded):
        return ("explain",)
    return ()


@dataclass
class Step:
    """What the learner sees after a move: the text, the choices to offer as buttons, whether the quiz ended."""

    text: str
    choices: list[str] = field(default_factory=list)
    done: bool = False


class QuizError(ValueError):
    """A quiz that cannot start (no KSBs in scope, unknown duty); the message is for the learner."""


class QuizMaster:
    def __init__(self, retriever: Retriever, store: LearnerStore, clock: Any = time.time) -> None:
        self.retriever = retriever
        self.store = store
        self.clock = clock

    # --- starting -----------------------------------------------------------------------------------------

    def start(self, learner: str, scope: Scope, seed: int | None = None) -> Step:
        standard = self.retriever.standard(scope.reference, scope.version)
        pool = self._pool(standard, scope)
        if not pool:
            raise QuizError(f"{standard.reference} has no KSBs in that scope to quiz you on.")
        now = self.clock()
        rng = random.Random(seed if seed is not None else int(now * 1000) ^ hash(learner))
        codes = plan(pool, self.store.progress(learner, standard.reference), now, rng, scope.count)
        state = {
            "reference": standard.reference,
            "version": standard.version,
            "scope": scope.to_json(),
            "codes": codes,
            "types": self._types(standard, codes, rng, scope.kinds),
            "index": 0,
            "results": [],
            "hints": 0,
            "seed": rng.randrange(1 << 30),
        }
        state["question"] = self._question(standard, state)
        self.store.save_quiz(learner, state)
        what = f"{len(codes)} question{'s' if len(codes) > 1 else ''} on {standard.reference} {standard.title}"
        intro = f"Quiz: {what}. Answer with a letter, a code or your own words; say 'hint', 'skip', 'repeat' or 'stop' at any time."
        return self._ask(state, intro)

    def _pool(self, standard: Standard, scope: Scope) -> list[Ksb]:
        chosen = self.retriever.option(standard, scope.option) if scope.option else None
        allowed = None
        if scope.duty is not None:
            duty = standard.duty(scope.duty)
            if duty is None:
                count = len(standard.duties)
                has = f"it has duties 1 to {count}" if count else "it lists no duties"
                raise QuizError(f"{standard.reference} has no duty {scope.duty}; {has}.")
            allowed = set(duty.ksb_codes)
        return [
            k
            for k in standard.ksbs
            if k.code[0] in scope.letters
            and (not scope.core_only or k.scope == "core")
            and (not chosen or (k.scope == "core" and not scope.option_only) or chosen in k.options)
            and (allowed is None or k.code in allowed)
        ]

    def _types(self, standard: Standard, codes: list[str], rng: random.Random, kinds: tuple[str, ...] = ()) -> list[str]:
        """Varied question types: a shuffled cycle, with each type only where it can be asked fairly; only the
        types asked for ('multiple choice', 'about duties') while one of them can be asked for a KSB."""
        wanted = [k for k in TYPES if k in kinds] or list(TYPES)
        rng.shuffle(wanted)
        others = [k for k in TYPES if k not in wanted]
        out = []
        for i, code in enumerate(codes):
            cycle = [wanted[(i + shift) % len(wanted)] for shift in range(len(wanted))] + others
            out.append(next((kind for kind in cycle if self._can_ask(standard, code, kind)), "explain"))
        return out

    def _can_ask(self, standard: Standard, code: str, kind: str) -> bool:
        if kind in ("code_to_text", "text_to_code"):
            return len(standard.ksbs) >= 4
        if kind == "duty":  # with at least two duties that do not use it to offer beside the right one
            using = len(standard.duties_using(code))
            return using > 0 and len(standard.duties) - using >= MIN_DUTY_DISTRACTORS and len(standard.duties) >= 4
        return True

    # --- answering ----------------------------------------------------------------------------------------

    def current(self, learner: str) -> dict[str, Any] | None:
        return self.store.quiz(learner)

    def respond(self, learner: str, text: str) -> Step:
        """Handles one message while a quiz runs: a command, or an answer to the current question."""
        state = self.store.quiz(learner)
        if state is None:
            return Step("There is no quiz running. Say 'quiz me on ST1406' to start one.", done=True)
        command = command_in(text)
        question = state["question"]
        if command == "stop":
            return self._finish(learner, state, stopped=True)
        if command == "repeat":
            return self._ask(state, "")
        if command == "multiple_choice":
            return self._as_multiple_choice(learner, state)
        if command == "recall":
            return self._recalled(state, text)
        if command == "hint":
            state["hints"] += 1
            self.store.save_quiz(learner, state)
            return Step(f"Hint: {question['hint']}", question["choices"])
        if command == "skip":
            return self._record(learner, state, SKIPPED, f"Skipped. The answer was: {self._solution(question)}")
        return self._grade(learner, state, text)

    def _grade(self, learner: str, state: dict[str, Any], text: str) -> Step:
        question = state["question"]
        if question["choices"]:
            picked = parse_choice(text, question["choices"])
            if picked is None:
                letters = ", ".join(LETTERS[: len(question["choices"])])
                return Step(f"I didn't recognise an answer. Reply with {letters}, the code, or say 'skip'.", question["choices"])
            if picked == question["answer"]:
                return self._record(learner, state, CORRECT, f"Correct! {self._solution(question)}")
            return self._record(learner, state, WRONG, f"Not quite: you chose {LETTERS[picked]}). The answer is {self._solution(question)}")
        if LONE_LETTER_RE.fullmatch(text):  # a letter, to a question with no choices: not an attempt
            return Step(
                "This question has no choices: explain it in your own words, or say 'multiple choice', 'hint' or 'skip'.",
                question["choices"],
            )
        outcome, score = self.grade_explanation(question, text)
        verdict = {CORRECT: "Good explanation", PARTIAL: "Partly there", WRONG: "Not quite"}[outcome]
        missing = [t for t in question["key_words"] if t not in " ".join(words(text))][:3]
        tip = f" Key words to include: {', '.join(missing)}." if missing and outcome != CORRECT else ""
        return self._record(learner, state, outcome, f"{verdict} (score {score:.0%}).{tip} The statement: {question['reference_text']}")

    def grade_explanation(self, question: dict[str, Any], text: str) -> tuple[str, float]:
        """Semantic similarity to the statement, plus the share of its key terms the answer uses."""
        if not terms(text):
            return WRONG, 0.0
        knowledge = self.retriever.knowledge
        row = _ksb_row(knowledge, question["reference"], question["code"])
        similarity = float(knowledge.vectors[row] @ self.retriever.encoder.encode_query(text)) if row is not None else 0.0
        coverage = self._coverage(question, text)
        # Meaning counts, but naming the statement's key points counts more: "kinds of water such as cooling
        # water" is close in meaning to K42 yet leaves out purified water and water for injection.
        score = 0.45 * min(max((similarity - 0.3) / 0.5, 0.0), 1.0) + 0.55 * coverage
        # An answer that means the statement in other words ('communicating your results to scientists, managers
        # and funders', cosine 0.58) has understood it: partly right on meaning alone, never fully without the
        # key points.
        meaning_alone = min(MEANING_ALONE * min(max((similarity - 0.3) / 0.4, 0.0), 1.0), PARTIAL_CAP)
        score = max(score, meaning_alone)
        return (CORRECT if score >= 0.7 else PARTIAL if score >= 0.4 else WRONG), score

    def _coverage(self, question: dict[str, Any], text: str) -> float:
        """Share of the statement's key points an answer makes: a key term said counts 1; one said in other
        words counts by how close the nearest phrase of the answer (1-3 words) is to it in meaning ('the
        company' for 'organisational', 'creativity' for 'imagination')."""
        key = list(dict.fromkeys(question["key_terms"]))
        if not key:
            return 0.0
        idf = self.retriever.knowledge.bm25.idf  # the rarer the point, the more it counts ('purified' over 'types')
        said = set(terms(text))
        credit = {t: 1.0 if t in said else 0.0 for t in key}
        unsaid = [(word, terms(word)[0]) for word in question.get("key_words", []) if terms(word) and terms(word)[0] in set(key) - said]
        tokens = words(text)
        phrases = sorted(
            {
                " ".join(tokens[i : i + n])
                for n in (1, 2, 3)
                for i in range(len(tokens) - n + 1)
                if set(tokens[i : i + n]) - ENGLISH_STOPWORDS
            }
        )
        if unsaid and phrases:
            vectors = self.retriever.encoder.encode([word for word, _ in unsaid] + phrases)
            closeness = vectors[: len(unsaid)] @ vectors[len(unsaid) :].T
            for (_word, term), row in zip(unsaid, closeness, strict=True):
                credit[term] = min(max((float(row.max()) - SAID_OTHERWISE) / SAID_SPAN, 0.0), 1.0)
        return sum(credit[t] * idf(t) for t in key) / sum(idf(t) for t in key)

    def _recalled(self, state: dict[str, Any], text: str) -> Step:
        """'what was question 1 again': an earlier question's KSB and how it went, then the current question."""
        number = re.search(r"\d+", text)
        index = int(number.group(0)) - 1 if number else len(state["results"]) - 1
        if not 0 <= index < len(state["results"]):
            return self._ask(state, f"Question {index + 1} has not been asked yet.")
        done = state["results"][index]
        standard = self.retriever.standard(state["reference"], state.get("version"))
        ksb = standard.ksb(done["code"])
        said = f"Question {index + 1} was about {done['code']}: {ksb.text if ksb else ''} You got it {OUTCOME_WORDS[done['outcome']]}."
        return self._ask(state, said)

    def _as_multiple_choice(self, learner: str, state: dict[str, Any]) -> Step:
        """'can you give me multiple choice instead': this question and the ones left become multiple choice."""
        standard = self.retriever.standard(state["reference"], state.get("version"))
        index = state["index"]
        # A question already multiple choice is kept: drawn again, its new choices would give the answer away.
        already = bool(state["question"].get("choices"))
        start = index + 1 if already else index
        rng = random.Random(state["seed"] + 7919 * (index + 1))
        state["types"] = state["types"][:start] + self._types(standard, state["codes"][start:], rng, MULTIPLE_CHOICE)
        if not already:
            state["question"] = self._question(standard, state)
        self.store.save_quiz(learner, state)
        return self._ask(
            state, "This one is multiple choice already; the next ones will be too." if already else "OK: multiple choice from now on."
        )

    def _record(self, learner: str, state: dict[str, Any], outcome: str, feedback: str) -> Step:
        question = state["question"]
        self._update_progress(learner, state["reference"], question["code"], outcome)
        state["results"].append({"code": question["code"], "type": question["type"], "outcome": outcome})
        state["index"] += 1
        if state["index"] >= len(state["codes"]):
            summary = self._finish(learner, state, stopped=False)
            return Step(f"{feedback}\n{summary.text}", done=True)
        standard = self._standard_of(state)
        state["question"] = self._question(standard, state)
        self.store.save_quiz(learner, state)
        return self._ask(state, feedback + f"\nScore so far: {score_of(state['results'])}.")

    def _standard_of(self, state: dict[str, Any]) -> Standard:
        """The version a quiz started on, so that its codes keep their meaning after a refresh brings a newer
        one; the current version when that one is no longer known."""
        try:
            return self.retriever.standard(state["reference"], state.get("version") or None)
        except UnknownItem:
            return self.retriever.standard(state["reference"])

    def _update_progress(self, learner: str, reference: str, code: str, outcome: str) -> None:
        now = self.clock()
        old = self.store.progress(learner, reference).get(code)
        box = old.box if old else 1
        box = min(box + 1, 5) if outcome == CORRECT else 1 if outcome in (WRONG, SKIPPED) else box
        self.store.save_progress(
            learner,
            reference,
            Progress(
                code=code,
                box=box,
                due_at=now + LEITNER_DAYS[box] * DAY,
                seen=(old.seen if old else 0) + 1,
                correct=(old.correct if old else 0) + (outcome == CORRECT),
                last_seen=now,
            ),
        )

    def _finish(self, learner: str, state: dict[str, Any], stopped: bool) -> Step:
        self.store.end_quiz(learner)
        results = state["results"]
        if not results:
            return Step("Quiz stopped. Say 'quiz me' whenever you want to start again.", done=True)
        standard = self._standard_of(state)
        revisit = [r["code"] for r in results if r["outcome"] != CORRECT]
        lines = [("Quiz stopped. " if stopped else "Quiz finished. ") + f"You scored {score_of(results)}."]
        if revisit:
            lines.append("KSBs to revisit:")
            lines += [f"{code}: {ksb.text}" for code in dict.fromkeys(revisit) if (ksb := standard.ksb(code))]
        else:
            lines.append("Nothing to revisit: well done.")
        return Step("\n".join(lines), done=True)

    # --- questions ----------------------------------------------------------------------------------------

    def _question(self, standard: Standard, state: dict[str, Any]) -> dict[str, Any]:
        index = state["index"]
        code, kind = state["codes"][index], state["types"][index]
        rng = random.Random(state["seed"] + index)
        ksb = standard.ksb(code)
        assert ksb is not None
        question: dict[str, Any] = {
            "type": kind,
            "code": code,
            "reference": standard.reference,
            "reference_text": ksb.text,
            "choices": [],
            "answer": None,
            "key_terms": key_terms(self.retriever, ksb.text),
            "key_words": key_words(self.retriever, ksb.text),
        }
        word = KIND_NAMES[code[0]].rstrip("s")
        if kind == "code_to_text":
            options = [ksb.text] + [k.text for k in self.distractors(standard, ksb, 3)]
            question["prompt"] = f"What does {code} ({word}) cover?"
            question["hint"] = f"It is about: {', '.join(question['key_words'][:2]) or 'see the duties that use it'}."
        elif kind == "text_to_code":
            question["prompt"] = f'Which KSB is this? "{ksb.text}"'
            others = [k.code for k in self.distractors(standard, ksb, 3)]
            options = [code, *others]
            # Its letter helps only when some choices are of another kind.
            question["hint"] = f"It is a {word}, {code[0]}-something." if any(c[0] != code[0] for c in others) else ""
        elif kind == "duty":
            using = standard.duties_using(code)
            right = rng.choice(using)
            others = self.other_duties(standard, ksb, {d.number for d in using}, 3)
            options = [f"Duty {right.number}: {right.text}"] + [f"Duty {d.number}: {d.text}" for d in others]
            question["prompt"] = f"Which duty needs {code} ({ksb.text})?"
            question["hint"] = ""  # how many duties use it does not tell the listed ones apart
            question["duty_text"] = options[0]
        else:
            question["prompt"] = f"Explain {code} ({word}) in your own words."
            question["hint"] = f"Think of: {', '.join(question['key_words'][:3])}."
            return question
        order = list(range(len(options)))
        rng.shuffle(order)
        question["choices"] = [options[i] for i in order]
        question["answer"] = order.index(0)
        question["hint"] = _narrowing_hint(question, rng)
        return question

    def distractors(self, standard: Standard, ksb: Ksb, count: int) -> list[Ksb]:
        """KSBs of the same standard closest in meaning (same kind first): plausible, never the same text."""
        knowledge = self.retriever.knowledge
        target = _ksb_row(knowledge, standard.reference, ksb.code)
        candidates = [k for k in standard.ksbs if k.code != ksb.code]
        if target is None:
            return candidates[:count]
        rows = {k.code: _ksb_row(knowledge, standard.reference, k.code) for k in candidates}
        vector = knowledge.vectors[target]

        def closeness(k: Ksb) -> tuple[int, float]:
            row = rows[k.code]
            similarity = float(knowledge.vectors[row] @ vector) if row is not None else -1.0
            return (0 if k.code[0] == ksb.code[0] else 1, -similarity)

        chosen: list[Ksb] = []
        seen_texts = {fold(ksb.text)}
        for candidate in sorted(candidates, key=closeness):
            if fold(candidate.text) in seen_texts or not candidate.text.strip():
                continue
            if closeness(candidate)[1] < -0.92:  # near-paraphrases of the answer are not fair distractors
                continue
            chosen.append(candidate)
            seen_texts.add(fold(candidate.text))
            if len(chosen) == count:
                break
        return chosen

    def other_duties(self, standard: Standard, ksb: Ksb, exclude: set[int], count: int) -> list[Any]:
        vector = self.retriever.encoder.encode_query(ksb.text)
        others = [d for d in standard.duties if d.number not in exclude]
        duty_vectors = {d.number: self.retriever.encoder.encode_query(d.text) for d in others}
        return sorted(others, key=lambda d: -float(duty_vectors[d.number] @ vector))[:count]

    # --- presentation -------------------------------------------------------------------------------------

    def _ask(self, state: dict[str, Any], lead: str) -> Step:
        question = state["question"]
        number = f"Question {state['index'] + 1} of {len(state['codes'])}: "
        lines = [lead] if lead else []
        lines.append(number + question["prompt"])
        lines += [f"{LETTERS[i]}) {choice}" for i, choice in enumerate(question["choices"])]
        return Step("\n".join(lines), question["choices"])

    def _solution(self, question: dict[str, Any]) -> str:
        if question["type"] == "duty":
            return question["duty_text"]
        if question["type"] == "text_to_code":
            return f"{question['code']}."
        return f"{question['code']}: {question['reference_text']}"

    # --- progress -----------------------------------------------------------------------------------------

    def progress_report(self, learner: str, reference: str) -> tuple[str, dict[str, dict[str, int]]]:
        standard = self.retriever.standard(reference)
        progress = self.store.progress(learner, standard.reference)
        counts: dict[str, dict[str, int]] = {}
        for letter in "KSB":
            codes = [k.code for k in standard.ksbs_of_kind(letter)]
            mastered = sum(1 for c in codes if c in progress and progress[c].box >= MASTERED_BOX)
            learning = sum(1 for c in codes if c in progress and progress[c].box < MASTERED_BOX)
            counts[letter] = {"mastered": mastered, "learning": learning, "not_started": len(codes) - mastered - learning}
        lines = [f"Your progress on {standard.reference} {standard.title}:"]
        for letter, c in counts.items():
            lines.append(
                f"{KIND_NAMES[letter].capitalize()}: {c['mastered']} mastered, {c['learning']} learning, {c['not_started']} not started"
            )
        due = [c for c, p in progress.items() if p.due_at <= self.clock()]
        if due:
            lines.append(f"Due for review now: {', '.join(sorted(due, key=_code_key)[:10])}.")
        return "\n".join(lines), counts


def plan(pool: list[Ksb], progress: dict[str, Progress], now: float, rng: random.Random, count: int) -> list[str]:
    """Due KSBs first (most overdue first), then never-seen ones (shuffled), then the rest by box and due date."""
    due = sorted((k for k in pool if k.code in progress and progress[k.code].due_at <= now), key=lambda k: progress[k.code].due_at)
    new = [k for k in pool if k.code not in progress]
    rng.shuffle(new)
    later = sorted(
        (k for k in pool if k.code in progress and progress[k.code].due_at > now),
        key=lambda k: (progress[k.code].box, progress[k.code].due_at),
    )
    return [k.code for k in (due + new + later)][:count]


def command_in(text: str) -> str | None:
    folded = fold(text).strip()
    for name, pattern in COMMANDS:
        if pattern.search(folded):
            return name
    return None


def parse_choice(text: str, choices: list[str]) -> int | None:
    """'b', 'B)', 'answer c', '2', 'the second one', 'K42', or most of a choice's own words."""
    folded = fold(text).strip().rstrip(".!?")
    letters = LETTERS[: len(choices)]
    letter = re.fullmatch(rf"(?:(?:the )?(?:answer|option|choice)(?: is)?|it'?s|i think(?: it'?s)?|maybe)?\s*\(?([{letters}])\)?", folded)
    if letter:
        return letters.index(letter.group(1))
    number = re.fullmatch(r"(?:(?:the )?(?:answer|option|number|choice)(?: is)?)?\s*([1-4])", folded)
    if number and int(number.group(1)) <= len(choices):
        return int(number.group(1)) - 1
    tokens = words(folded)
    said = [t for t in tokens if t not in CHOICE_FILLER]
    if len(said) == 1 and len(said[0]) == 1 and said[0] in letters:
        return letters.index(said[0])
    # 'the second one', 'number two', 'option one'; not 'first aid', nor 'the team one'.
    positions = [ORDINALS.get(t, NUMBER_WORDS.get(t)) for t in (said or [t for t in tokens if t in NUMBER_WORDS]) if t != "number"]
    if len(tokens) <= 5 and positions and None not in positions and -len(choices) <= positions[0] < len(choices):
        return positions[0] % len(choices)
    duty = re.search(r"\bduty\s*(\d+)\b", folded)
    if duty:
        for i, choice in enumerate(choices):
            if re.match(rf"duty {duty.group(1)}\b", fold(choice)):
                return i
    for code in find_ksb_codes(text):
        for i, choice in enumerate(choices):
            if choice.upper() == code or choice.upper().startswith(f"{code}:"):
                return i
    own = _by_own_words(said, choices)
    if own is not None:
        return own
    if len(folded) >= 12:
        match = process.extractOne(folded, [fold(c) for c in choices], scorer=fuzz.token_set_ratio, score_cutoff=85)
        if match:
            return int(match[2])
    return None


def _by_own_words(said: list[str], choices: list[str]) -> int | None:
    """The choice a learner names in their own words ('the ethics one', 'automated processing i think'): the
    only choice holding most of the words said (compared by stem)."""
    wanted = set(terms(" ".join(said)))
    if not wanted:
        return None
    overlaps = [len(wanted & set(terms(choice))) for choice in choices]
    best = max(overlaps)
    if best == 0 or overlaps.count(best) > 1 or best < len(wanted) / 2:
        return None
    return overlaps.index(best)


# The words KSB statements are framed with, not what they are about ('The importance of ...', '... regarding ...').
STATEMENT_FRAME = frozenset(
    terms(
        "importance important implications regarding including include relevant appropriate appropriately understanding "
        "understand knowledge principles principle awareness aware range ability able various ensure ensuring effective "
        "effectively within across context"
    )
)


def key_terms(retriever: Retriever, text: str, limit: int = 6) -> list[str]:
    """The statement's rarest content terms (stems): what a good explanation should mention (not the words
    statements are framed with)."""
    bm25 = retriever.knowledge.bm25
    content = [t for t in terms(text) if len(t) > 2]
    framed = [t for t in content if t not in STATEMENT_FRAME]
    unique = list(dict.fromkeys(framed if len(framed) >= 2 else content))
    return sorted(unique, key=lambda t: -bm25.idf(t))[:limit]


def key_words(retriever: Retriever, text: str, limit: int = 6) -> list[str]:
    """The same key terms as readable words from the statement, for hints and feedback."""
    wanted = set(key_terms(retriever, text, limit))
    out = []
    for word in words(text):
        stemmed = terms(word)
        if stemmed and stemmed[0] in wanted and word not in out:
            out.append(word)
            wanted.discard(stemmed[0])
    return out


def score_of(results: list[dict[str, Any]]) -> str:
    points = sum(1.0 if r["outcome"] == CORRECT else 0.5 if r["outcome"] == PARTIAL else 0.0 for r in results)
    shown = f"{points:g}"
    return f"{shown}/{len(results)}"


def _ksb_row(knowledge: Any, reference: str, code: str) -> int | None:
    return knowledge.ksb_rows.get((reference, code))


def _code_key(code: str) -> tuple[str, int]:
    return ("KSB".index(code[0]), int(code[1:]))


def _narrowing_hint(question: dict[str, Any], rng: random.Random) -> str:
    """A hint for a multiple-choice question that narrows the choice: its clue (when there is one that tells the
    choices apart) and two wrong choices ruled out."""
    wrong = [i for i in range(len(question["choices"])) if i != question["answer"]]
    ruled_out = sorted(rng.sample(wrong, min(2, len(wrong))))
    narrowing = f"It is not {' or '.join(f'{LETTERS[i]})' for i in ruled_out)}." if ruled_out else ""
    return " ".join(part for part in (question["hint"], narrowing) if part)
