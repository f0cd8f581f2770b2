"""The assistant's own sentences in French, for questions asked in French.

A French speaker asking "ST0303 niveau et durée ?" gets the facts in French. What the standard itself says
(its titles, entry requirements, KSBs, duties) is published in English only and is quoted as it is, with a
note saying so: a translation made here could change what the record means.
"""

from __future__ import annotations

from bot.models import Standard

ENGLISH_TEXT_NOTE = "(texte du standard, publié en anglais)"
SOURCE = "Source :"


def fact_text_fr(standard: Standard, fact: str) -> str | None:
    """One fact of a standard as a French sentence; None for a fact without a French wording here."""
    name = f"{standard.reference} {standard.title}"
    if fact == "level":
        return (
            f"{name} est un apprentissage de niveau {standard.level} (RQF)."
            if standard.level
            else f"Le niveau de {name} n'est pas indiqué."
        )
    if fact == "duration":
        if not standard.typical_duration_months:
            return f"Aucune durée type n'est publiée pour {name}."
        epa = f", puis une période d'évaluation finale de {standard.epa_period_months} mois" if standard.epa_period_months else ""
        return f"{name} dure en général {standard.typical_duration_months} mois jusqu'à l'évaluation finale{epa}."
    if fact == "funding":
        if not standard.max_funding:
            return f"Aucun plafond de financement n'est publié pour {name}."
        return f"Le financement maximum de {name} est de £{standard.max_funding:,} (prise en charge de la formation, pas un salaire)."
    if fact == "entry_requirements":
        if not standard.entry_requirements:
            return f"Conditions d'entrée pour {name} : le standard n'en fixe pas ; c'est l'employeur qui décide."
        return f"Conditions d'entrée pour {name} {ENGLISH_TEXT_NOTE} : {standard.entry_requirements}"
    if fact == "route":
        return (
            f"{name} fait partie de la filière (route) {standard.route}."
            if standard.route
            else f"Aucune filière n'est indiquée pour {name}."
        )
    if fact == "options":
        if not standard.options:
            return f"{name} n'a pas d'option : tous les apprentis suivent le même tronc commun."
        return f"{name} a {len(standard.options)} options {ENGLISH_TEXT_NOTE} : " + " ; ".join(standard.options) + "."
    if fact == "job_titles":
        titles = ", ".join(standard.typical_job_titles) or "aucun"
        return f"Intitulés de postes types pour {name} {ENGLISH_TEXT_NOTE} : {titles}."
    if fact == "recognition":
        return _recognition(standard, name)
    if fact == "qualifications":
        if not standard.qualifications:
            return f"{name} ne prévoit pas de diplôme propre : l'apprenti reçoit le certificat d'apprentissage (niveau {standard.level or '?'})."
        return f"{name} comprend {ENGLISH_TEXT_NOTE} : " + " ; ".join(standard.qualifications) + "."
    return None


def summary_fr(standard: Standard) -> str:
    """The key facts of a standard in one French line (the overview's first line)."""
    status = "ouvert aux apprentis" if standard.is_delivering else f"statut : {standard.status or 'inconnu'}"
    parts = [f"version {standard.version or '?'}, {status}."]
    if standard.level:
        parts.append(f"Niveau {standard.level}.")
    if standard.typical_duration_months:
        parts.append(f"Durée type {standard.typical_duration_months} mois.")
    if standard.max_funding:
        parts.append(f"Financement maximum £{standard.max_funding:,}.")
    if standard.route:
        parts.append(f"Filière : {standard.route}.")
    return " ".join(parts)


def _recognition(standard: Standard, name: str) -> str:
    if standard.regulated:
        regulation = f"{name} est un métier réglementé : son régulateur est {standard.regulated_body or 'non nommé dans le standard'}."
    else:
        regulation = f"{name} n'est pas un métier réglementé (le standard ne nomme aucun régulateur)."
    if not standard.professional_recognition:
        return f"{regulation} Aucune reconnaissance professionnelle n'est indiquée."
    bodies = " ; ".join(f"{r.body} ({r.detail.split('.')[0]})" if r.detail else r.body for r in standard.professional_recognition)
    return f"{regulation} Reconnaissance professionnelle : {bodies}."
