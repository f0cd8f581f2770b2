"""One handler per kind of question: read the turn, ask the knowledge core, return replies and slot values.

Handlers are plain functions so that choosing a standard (after "which standard?") or an option ("and for
the aseptic option?") can re-run the question that was waiting, whatever kind it was.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from actions.knowledge import Core
from actions.replies import Button, Reply, intent_payload, standard_buttons
from actions.turn import Turn, choose_option, choose_standard, guess_standards, references_in
from bot.answers import Answer, detect_fact
from bot.models import Standard
from bot.retrieval import UnknownItem
from bot.text import terms

COURSE_TYPES = ("licence pro", "bac pro", "btsa", "bts", "but", "cap", "bp", "master")
FACT_BY_INTENT = {"ask_entry_requirements": "entry_requirements", "ask_options": "options", "ask_job_titles": "job_titles"}


@dataclass
class Outcome:
    replies: list[Reply]
    slots: dict[str, Any] = field(default_factory=dict)


@dataclass
class Context:
    """A turn with its standard and option resolved."""

    turn: Turn
    standard: Standard
    option: str | None


Builder = Callable[[Context, Core], Outcome]


def about_standard(turn: Turn, core: Core, build: Builder, forced_option: str | None = None) -> Outcome:
    """Resolves the standard (asking which one when unknown) and the option, then answers with `build`."""
    choice = choose_standard(turn, core)
    if choice.problem:
        return Outcome([Reply(choice.problem + " Did you mean one of these?", standard_buttons(choice.suggestions))])
    if choice.standard is None:
        return ask_which_standard(turn, core, choice.suggestions)
    standard = choice.standard
    changed = standard.reference != turn.slots.get("standard")
    option = forced_option or choose_option(turn, core, standard, changed)
    try:
        outcome = build(Context(turn, standard, option), core)
    except UnknownItem as exc:
        outcome = Outcome([Reply(exc.message, _suggestion_buttons(exc.suggestions, turn))])
    remembered = {
        "standard": standard.reference,
        "option": option,
        "last_intent": turn.intent,
        "last_question": turn.question or turn.slots.get("last_question"),
        "pending_question": None,
    }
    return Outcome(outcome.replies, {**remembered, **outcome.slots})


def ask_which_standard(turn: Turn, core: Core, suggestions: list[str] | None = None) -> Outcome:
    labels = suggestions or guess_standards(turn, core)
    text = "Which apprenticeship standard do you mean? KSB numbers and facts differ from one standard to the next."
    if not labels:
        text += " Tell me its reference (like ST1406) or its title."
    return Outcome(
        [Reply(text, standard_buttons(labels))],
        {"pending_question": turn.question or None, "last_intent": turn.intent},
    )


def _suggestion_buttons(suggestions: list[str], turn: Turn) -> list[Button]:
    if suggestions and re.fullmatch(r"ST\d{4} .*", suggestions[0]):
        return standard_buttons(suggestions)
    if suggestions and re.fullmatch(r"[KSB]\d+", suggestions[0]):
        return [Button(code, intent_payload("ask_ksb", ksb_code=code)) for code in suggestions]
    return [Button(s, intent_payload("choose_option", option=s)) for s in suggestions]


def _reply(answer: Answer) -> Reply:
    return Reply(answer.text, standard_buttons(answer.suggestions) if answer.kind == "standards" else [])


# --- builders: one per kind of question --------------------------------------------------------------------


def build_ksb(context: Context, core: Core) -> Outcome:
    codes = context.turn.ksb_codes() or ([context.turn.slots["ksb_code"]] if context.turn.slots.get("ksb_code") else [])
    if not codes:
        return Outcome([Reply(f"Which KSB of {context.standard.reference}? For example K1, S1 or B1.")])
    found = core.retriever.ksb(context.standard.reference, codes[0], context.option)
    return Outcome([_reply(core.service.ksb_answer(found))], {"ksb_code": found.ksb.code})


def build_fact(context: Context, core: Core) -> Outcome:
    fact = FACT_BY_INTENT.get(context.turn.intent) or detect_fact(context.turn.question) or "summary"
    answer = core.service.fact_answer(context.standard, fact)
    buttons = []
    if fact == "options":
        buttons = [Button(o, intent_payload("choose_option", option=o)) for o in context.standard.options]
    return Outcome([Reply(answer.text, buttons)])


def build_duties(context: Context, core: Core) -> Outcome:
    standard = context.standard
    duty_number = re.search(r"\bduty\s*(\d+)", context.turn.text, re.I)
    if duty_number:
        return Outcome([_reply(core.service.duty_answer(standard.reference, int(duty_number.group(1))))])
    codes = context.turn.ksb_codes()
    if codes:
        found = core.retriever.ksb(standard.reference, codes[0], context.option)
        if not found.duties:
            text = f"No duty of {standard.reference} lists {found.ksb.code}."
        else:
            text = f"{found.ksb.code} ({found.ksb.text}) is used by:\n" + "\n".join(f"Duty {d.number}: {d.text}" for d in found.duties)
        return Outcome([Reply(f"{text}\nSource: {standard.citation}")], {"ksb_code": found.ksb.code})
    return Outcome([_reply(core.service.duties_answer(standard, context.option))])


def build_french(context: Context, core: Core) -> Outcome:
    wanted = course_type_in(context.turn) or context.turn.slots.get("course_type")
    answer = core.french.answer(context.standard.reference, option=context.option, course_type=wanted)
    return Outcome([_reply(answer)], {"course_type": wanted})


def build_free(context: Context, core: Core) -> Outcome:
    return Outcome([search_reply(context.turn.question, core, context.standard.reference, context.option)])


def build_overview(context: Context, core: Core) -> Outcome:
    return Outcome([_reply(core.service.overview_answer(context.standard))])


def course_type_in(turn: Turn) -> str | None:
    named = (turn.entity("course_type") or "").lower()
    if named.startswith("licence"):
        return "licence pro"
    if named:
        return named.upper() if named in ("bts", "btsa", "but", "cap", "bp") else named
    text = turn.question.lower()
    for course_type in COURSE_TYPES:
        if re.search(rf"\b{course_type}\b", text):
            return course_type.upper() if len(course_type) <= 4 else course_type
    return None


def search_reply(question: str, core: Core, reference: str | None, option: str | None) -> Reply:
    """A semantic answer with its source, or a plain 'not found' rather than a random passage."""
    if not terms(question):
        return Reply('I didn\'t catch a question there. Try for example "what does K42 cover?" or "what entry requirements apply?".')
    return _reply(core.service.search_answer(question, reference, option))


BUILDERS: dict[str, Builder] = {
    "ask_ksb": build_ksb,
    "ask_entry_requirements": build_fact,
    "ask_facts": build_fact,
    "ask_options": build_fact,
    "ask_job_titles": build_fact,
    "ask_duties": build_duties,
    "ask_french_equivalent": build_french,
    "ask_question": build_free,
    "nlu_fallback": build_free,
    "choose_standard": build_overview,
}
# Questions whose answer changes with the option; facts and entry requirements do not.
OPTION_DEPENDENT = frozenset({"ask_ksb", "ask_duties", "ask_french_equivalent", "ask_question", "nlu_fallback"})


# --- handlers that are more than one builder ------------------------------------------------------------------


def answering(build: Builder) -> Callable[[Turn, Core], Outcome]:
    """A handler that answers with one builder about the turn's standard."""

    def handler(turn: Turn, core: Core) -> Outcome:
        return about_standard(turn, core, build)

    return handler


def free_question(turn: Turn, core: Core) -> Outcome:
    """Low-confidence or open questions: within the current standard when there is one, else across all."""
    choice = choose_standard(turn, core)
    if choice.standard is None and not choice.problem:
        return Outcome([search_reply(turn.question, core, None, None)], {"last_intent": turn.intent, "last_question": turn.question})
    return about_standard(turn, core, build_free)


def pick_standard(turn: Turn, core: Core) -> Outcome:
    """Chooses a standard; answers the question that was waiting for it, if any."""
    choice = choose_standard(turn, core, allow_text_search=True)
    if choice.standard is None:
        return about_standard(turn, core, build_overview)  # asks which, with suggestions
    waiting = turn.slots.get("pending_question")
    waiting_intent = turn.slots.get("last_intent")
    if waiting and waiting_intent in BUILDERS and waiting_intent != "choose_standard":
        resumed = Turn(text=waiting, intent=waiting_intent, entities={}, slots={**turn.slots, "standard": choice.standard.reference})
        return about_standard(resumed, core, BUILDERS[waiting_intent])
    return about_standard(turn, core, build_overview)


def pick_option(turn: Turn, core: Core) -> Outcome:
    """'And for the aseptic option?': remembers the option and re-asks the last question with it."""
    choice = choose_standard(turn, core)
    if choice.standard is None:
        return ask_which_standard(turn, core, choice.suggestions)
    standard = choice.standard
    option = choose_option(replace(turn, slots={**turn.slots, "option": None}), core, standard, standard_changed=True)
    if option is None:
        if not standard.options:
            return Outcome([Reply(f"{standard.reference} {standard.title} has no options: everyone follows the same core.")])
        buttons = [Button(o, intent_payload("choose_option", option=o)) for o in standard.options]
        return Outcome([Reply(f"Which option of {standard.reference}?", buttons)])
    last_intent, last_question = turn.slots.get("last_intent"), turn.slots.get("last_question")
    if last_intent in OPTION_DEPENDENT and last_question:
        resumed = Turn(text=last_question, intent=last_intent, entities={}, slots={**turn.slots, "standard": standard.reference})
        return about_standard(resumed, core, BUILDERS[last_intent], forced_option=option)
    outcome = Outcome([Reply(f"OK: the {option} option of {standard.reference}. Ask me about its KSBs, duties or French equivalents.")])
    return Outcome(outcome.replies, {"standard": standard.reference, "option": option})


def find_standards(turn: Turn, core: Core) -> Outcome:
    query = " ".join(turn.entities.get("interest", [])) or turn.question
    level_text = turn.entity("level") or ""
    level_match = re.search(r"\d", level_text) or re.search(r"\blevel\s*(\d)", turn.text, re.I)
    level = int(level_match.group(1) if level_match and level_match.groups() else level_match.group(0)) if level_match else None
    return Outcome([_reply(core.service.standards_answer(query, level=level))])


def compare(turn: Turn, core: Core) -> Outcome:
    references = references_in(turn)
    for title in turn.entities.get("standard_title", []):
        candidates = core.retriever.resolver.resolve(title, limit=1)
        if candidates:
            references.append(candidates[0].reference)
    current = turn.slots.get("standard")
    if len(references) < 2 and current and current not in references:
        references.insert(0, current)
    references = list(dict.fromkeys(references))
    if len(references) < 2:
        return Outcome([Reply('Which two standards should I compare? For example "compare ST1406 and ST0248".')])
    try:
        return Outcome([_reply(core.service.compare_answer(references[:3]))])
    except UnknownItem as exc:
        return Outcome([Reply(exc.message + " Did you mean one of these?", standard_buttons(exc.suggestions))])
