"""The assistant's own sentences for the facts of a standard, in English and in French.

One table per language, one pair per fact: the sentence when the record gives the fact, and the one when it
does not. A French speaker asking "ST0303 niveau et durée ?" gets the French pair. What the standard itself
says (titles, entry requirements, options, qualifications) is published in English only and is quoted as it
is, with a note in French: a translation made here could change what the record means.
"""

from __future__ import annotations

import re
from typing import Any

from bot.models import Standard
from bot.text import shortened

ENGLISH_TEXT_NOTE = "(texte du standard, publié en anglais)"
LANGUAGES = ("en", "fr")

SENTENCES: dict[str, dict[str, Any]] = {
    "en": {
        "level": ("{name} is a level {level} apprenticeship{equivalent}.", "The level of {name} is not stated."),
        "duration": ("{name} typically takes {months} months to reach gateway{epa}.", "No typical duration is published for {name}."),
        "epa": (", then an end-point assessment period of {epa_months} months", ""),
        "funding": ("The maximum funding for {name} is £{funding}.", "No funding band is published for {name}."),
        "route": ("{name} is in the {route} route.", "No route is stated for {name}."),
        "options": ("{name} has {count} options: {options}.", "{name} has no options: every apprentice follows the same core."),
        "job_titles": ("Typical job titles for {name}: {titles}.", "Typical job titles for {name}: none listed."),
        "entry_requirements": (
            "Entry requirements for {name}: {entry}",
            "Entry requirements for {name}: The published standard sets no entry requirements of its own; employers decide.",
        ),
        "english_maths_said": "On English and maths it says: {text}",
        "qualifications": (
            "{verdict}. {name} includes: {qualifications}.",
            "{verdict}: {name} lists no qualification of its own; apprentices who pass the end-point assessment get the "
            "apprenticeship certificate (level {level}).",
        ),
        "degree": ("Yes, it includes a degree", "No degree is included"),
        "regulated": (
            "{name} is a regulated occupation: its regulator is {body}.",
            "The record does not mark {name} as a regulated occupation (it names no regulator).",
        ),
        "unnamed_body": "not named in the record",
        "recognition": ("It aligns with: {bodies}.", "No professional recognition is listed."),
        "registration": "Its text says: {quoted}",
        "summary": ("Level {level}.", "Typical duration {months} months.", "Maximum funding £{funding}.", "Route: {route}."),
        "separator": "; ",
        "source": "Source:",
        "which": (
            "Which apprenticeship standard do you mean? KSB numbers and facts differ from one standard to the next.",
            "Which apprenticeship standard do you mean? KSB numbers and facts differ from one standard to the next. "
            "Tell me its reference (like ST1406), its title or a job title.",
        ),
        "progression": (
            "After {name} (level {level}), these higher-level standards in the {route} route follow on:",
            "I found no higher-level standard in the {route} route that follows on from {name}.",
        ),
        "way_in": (
            "Towards {name} (level {level}), these lower-level standards in the {route} route lead up to it:",
            "I found no lower-level standard in the {route} route that leads to {name}.",
        ),
        "listed_standard": "{reference} {title}, level {level}",
        "first_listed": "About {name}, the first of the list (pick another below to ask about it instead):",
        "no_level_variant": "{name} is level {level}; I found no level {asked} version of it.",
        "sources": "Sources:",
        "pay": (
            "{name} does not set a wage: the employer does. Apprentices are paid at least the apprentice rate of the "
            "National Minimum Wage (older apprentices past their first year get the rate for their age): {url}. The "
            "standard's maximum funding ({funding}) is what the government pays towards training and assessment, not pay. "
            "Typical job titles once qualified: {titles}."
        ),
        "not_published": "not published",
        "none_listed": "none listed",
        "thanks": "You're welcome. Anything else about a standard?",
        "goodbye": "Goodbye, and good luck with your apprenticeship plans.",
        "greet": 'Hello! Ask me about an apprenticeship standard, for example "what does K42 cover in ST1406?".',
    },
    "fr": {
        "level": ("{name} est un apprentissage de niveau {level} (RQF){equivalent}.", "Le niveau de {name} n'est pas indiqué."),
        "duration": (
            "{name} dure en général {months} mois jusqu'à l'évaluation finale{epa}.",
            "Aucune durée type n'est publiée pour {name}.",
        ),
        "epa": (", puis une période d'évaluation finale de {epa_months} mois", ""),
        "funding": (
            "Le financement maximum de {name} est de £{funding} (prise en charge de la formation, pas un salaire).",
            "Aucun plafond de financement n'est publié pour {name}.",
        ),
        "route": ("{name} fait partie de la filière (route) {route}.", "Aucune filière n'est indiquée pour {name}."),
        "options": (
            f"{{name}} a {{count}} options {ENGLISH_TEXT_NOTE} : {{options}}.",
            "{name} n'a pas d'option : tous les apprentis suivent le même tronc commun.",
        ),
        "job_titles": (
            f"Intitulés de postes types pour {{name}} {ENGLISH_TEXT_NOTE} : {{titles}}.",
            "Intitulés de postes types pour {name} : aucun.",
        ),
        "entry_requirements": (
            f"Conditions d'entrée pour {{name}} {ENGLISH_TEXT_NOTE} : {{entry}}",
            "Conditions d'entrée pour {name} : le standard n'en fixe pas ; c'est l'employeur qui décide.",
        ),
        "english_maths_said": f"Sur l'anglais et les maths, il dit {ENGLISH_TEXT_NOTE} : {{text}}",
        "qualifications": (
            f"{{verdict}}. {{name}} comprend {ENGLISH_TEXT_NOTE} : {{qualifications}}.",
            "{verdict} : {name} ne prévoit pas de diplôme propre ; l'apprenti reçoit le certificat d'apprentissage (niveau {level}).",
        ),
        "degree": ("Oui, il comprend un diplôme de licence ou de master (degree)", "Aucun diplôme universitaire n'est compris"),
        "regulated": (
            "{name} est un métier réglementé : son régulateur est {body}.",
            "Le standard ne classe pas {name} parmi les métiers réglementés (il ne nomme aucun régulateur).",
        ),
        "unnamed_body": "non nommé dans le standard",
        "recognition": ("Reconnaissance professionnelle : {bodies}.", "Aucune reconnaissance professionnelle n'est indiquée."),
        "registration": f"Son texte dit {ENGLISH_TEXT_NOTE} : {{quoted}}",
        "summary": ("Niveau {level}.", "Durée type {months} mois.", "Financement maximum £{funding}.", "Filière : {route}."),
        "separator": " ; ",
        "source": "Source :",
        "which": (
            "De quel apprentissage parlez-vous ? Les KSB et les faits changent d'un standard à l'autre.",
            "De quel apprentissage parlez-vous ? Les KSB et les faits changent d'un standard à l'autre. "
            "Donnez sa référence (comme ST1406), son titre ou un intitulé de poste.",
        ),
        "progression": (
            "Après {name} (niveau {level}), ces apprentissages de niveau supérieur de la filière {route} prennent la suite :",
            "Je n'ai trouvé aucun apprentissage de niveau supérieur dans la filière {route} qui prenne la suite de {name}.",
        ),
        "way_in": (
            "Vers {name} (niveau {level}), ces apprentissages de niveau inférieur de la filière {route} y mènent :",
            "Je n'ai trouvé aucun apprentissage de niveau inférieur dans la filière {route} qui mène à {name}.",
        ),
        "listed_standard": "{reference} {title}, niveau {level}",
        "first_listed": "À propos de {name}, le premier de la liste (choisissez-en un autre ci-dessous pour le remplacer) :",
        "no_level_variant": "{name} est de niveau {level} ; je n'en ai trouvé aucune version de niveau {asked}.",
        "sources": "Sources :",
        "pay": (
            "{name} ne fixe pas de salaire : c'est l'employeur qui le fixe. Un apprenti en Angleterre touche au moins le "
            "taux apprenti du salaire minimum national (National Minimum Wage ; après la première année, un apprenti plus "
            "âgé touche le taux de son âge) : {url}. Le financement maximum du standard ({funding}) est ce que l'État "
            "verse pour la formation et l'évaluation, pas un salaire. Intitulés de postes types une fois qualifié "
            f"{ENGLISH_TEXT_NOTE} : {{titles}}."
        ),
        "not_published": "non publié",
        "none_listed": "aucun",
        "thanks": "Avec plaisir. Autre chose sur un apprentissage ?",
        "goodbye": "Au revoir, et bonne chance pour votre projet d'apprentissage.",
        "greet": "Bonjour ! Posez-moi une question sur un apprentissage anglais, par exemple « quel BTS correspond au "
        "métier de technicien de laboratoire ? ».",
    },
}
# What an apprenticeship level is the level of, in England's qualification levels (gov.uk, "What qualification
# levels mean": https://www.gov.uk/what-different-qualification-levels-mean).
LEVELS_URL = "https://www.gov.uk/what-different-qualification-levels-mean"
LEVEL_EQUIVALENTS = {
    "en": {
        2: "GCSEs at grades 9 to 4",
        3: "A levels",
        4: "a higher national certificate (HNC)",
        5: "a foundation degree or HND",
        6: "a bachelor's degree",
        7: "a master's degree",
    },
    "fr": {
        2: "du GCSE (fin de collège)",
        3: "des A levels (baccalauréat)",
        4: "d'un HNC (bac+1)",
        5: "d'un HND (bac+2)",
        6: "d'une licence",
        7: "d'un master",
    },
}


def level_equivalent(level: int | None, lang: str = "en") -> str:
    """', the level of A levels': what a level compares with, said after it ('' when unknown)."""
    what = LEVEL_EQUIVALENTS.get(lang, LEVEL_EQUIVALENTS["en"]).get(level or 0)
    if not what:
        return ""
    return f", le niveau {what}" if lang == "fr" else f", the level of {what}"


def levels_meaning(levels: list[int]) -> str:
    """'what is the difference between level 3 and level 4': what each level is the level of, cited."""
    lines = [f"Level {n}: the level of {LEVEL_EQUIVALENTS['en'][n]}." for n in levels if n in LEVEL_EQUIVALENTS["en"]]
    lines.append(
        "An apprenticeship's level is the level of the occupation it trains for; higher levels take on more responsibility "
        f"and often include a qualification at that level. Source: {LEVELS_URL}"
    )
    return "\n".join(lines)


# The facts said from these tables (the others are English only: LARS code, status, counts...).
WORDED_FACTS = frozenset(
    {"level", "duration", "funding", "route", "options", "job_titles", "entry_requirements", "qualifications", "recognition"}
)


def said(lang: str, key: str, present: bool = True, **values: Any) -> str:
    """The sentence of `key` in `lang` (English for a language without a table), filled with `values`."""
    table = SENTENCES.get(lang, SENTENCES["en"])
    entry = table[key]
    template = entry if isinstance(entry, str) else entry[0 if present else 1]
    return template.format(**values)


def fact_sentence(standard: Standard, fact: str, lang: str, degree: bool = False) -> str:
    """One fact of a standard as a sentence in `lang`; says plainly when the record gives none."""
    words = SENTENCES.get(lang, SENTENCES["en"])
    separator = words["separator"]
    name = f"{standard.reference} {standard.title}"
    if fact == "recognition":
        body = standard.regulated_body or words["unnamed_body"]
        regulation = said(lang, "regulated", standard.regulated, name=name, body=body)
        bodies = separator.join(f"{r.body} ({r.detail.split('.')[0]})" if r.detail else r.body for r in standard.professional_recognition)
        recognition = f"{regulation} {said(lang, 'recognition', bool(standard.professional_recognition), bodies=bodies)}"
        quoted = " ".join(f'"{sentence}"' for sentence in registration_in_text(standard))
        return f"{recognition} {said(lang, 'registration', quoted=quoted)}" if quoted else recognition
    epa = said(lang, "epa", bool(standard.epa_period_months), epa_months=standard.epa_period_months)
    values = {
        "name": name,
        "level": standard.level or "?",
        "equivalent": level_equivalent(standard.level, lang),
        "months": standard.typical_duration_months,
        "epa": epa,
        "funding": f"{standard.max_funding:,}" if standard.max_funding else "",
        "route": standard.route,
        "count": len(standard.options),
        "options": separator.join(standard.options),
        "titles": ", ".join(standard.typical_job_titles),
        "entry": standard.entry_requirements,
        "qualifications": separator.join(standard.qualifications),
        "verdict": said(lang, "degree", degree),
    }
    present = {
        "level": standard.level,
        "duration": standard.typical_duration_months,
        "funding": standard.max_funding,
        "route": standard.route,
        "options": standard.options,
        "job_titles": standard.typical_job_titles,
        "entry_requirements": standard.entry_requirements,
        "qualifications": standard.qualifications,
    }[fact]
    sentence = said(lang, fact, bool(present), **values)
    if fact == "entry_requirements" and not present and standard.english_and_maths:
        # No entry requirements of its own: what it says of English and maths is the nearest thing to one.
        sentence += " " + said(lang, "english_maths_said", text=standard.english_and_maths)
    return sentence


def summary_facts(standard: Standard, lang: str) -> str:
    """Level, duration, funding and route in one line (after the status in an overview), those the record gives."""
    level, months, funding, route = SENTENCES.get(lang, SENTENCES["en"])["summary"]
    parts = [
        level.format(level=standard.level) if standard.level else "",
        months.format(months=standard.typical_duration_months) if standard.typical_duration_months else "",
        funding.format(funding=f"{standard.max_funding:,}") if standard.max_funding else "",
        route.format(route=standard.route) if standard.route else "",
    ]
    return " ".join(p for p in parts if p)


def status_fr(standard: Standard) -> str:
    """The status of a standard's version in a short French phrase (the overview's first words)."""
    status = "ouvert aux apprentis" if standard.is_delivering else f"statut : {standard.status or 'inconnu'}"
    return f"version {standard.version or '?'}, {status}."


# Registration or a licence to practise said in the standard's own text, where the record's structured fields are
# silent ('Veterinary Nurses are registered professionals ... (RCVS)'); not people met at work ('registered nurses').
REGISTRATION_RE = re.compile(
    r"\b(?:eligible|apply|able|entitled)\b[^.]{0,80}\bregist(?:er|ration)\b|\bregist(?:er|ered|ration) with (?:the )?[A-Z]"
    r"|\bare registered professionals\b|\blicen[cs]e to practi[cs]e\b|\bregulated by (?:the )?[A-Z]|\bprofessional registration\b"
)
MAX_QUOTED = 2


def registration_in_text(standard: Standard) -> list[str]:
    """Up to two sentences of the standard's text about registering or being licensed to practise."""
    text = " ".join(filter(None, [standard.occupation_summary, standard.overview, standard.entry_requirements, *standard.qualifications]))
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+|\s*\(?https?://\S+\)?\s*", text)]  # a link ends one too
    found = [s for s in sentences if REGISTRATION_RE.search(s)]
    return [shortened(s, 260) for s in dict.fromkeys(found)][:MAX_QUOTED]
