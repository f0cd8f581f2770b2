from bot.answers import fact_text
from bot.models import ProfessionalRecognition, Standard
from bot.wording import ENGLISH_TEXT_NOTE, fact_sentence, status_fr, summary_facts

PLUMBER = Standard("ST9004", "Test plumber", version="1.2", status="Approved for delivery", level=3, typical_duration_months=48,
                   epa_period_months=6, max_funding=27000, entry_requirements="Five GCSEs.", route="Construction")  # fmt: skip


def test_facts_asked_in_french_are_said_in_french():
    assert (
        fact_sentence(PLUMBER, "level", "fr")
        == "ST9004 Test plumber est un apprentissage de niveau 3 (RQF), le niveau des A levels (baccalauréat)."
    )
    assert fact_sentence(PLUMBER, "duration", "fr") == (
        "ST9004 Test plumber dure en général 48 mois jusqu'à l'évaluation finale, puis une période d'évaluation finale de 6 mois."
    )
    assert "£27,000" in fact_sentence(PLUMBER, "funding", "fr") and "pas un salaire" in fact_sentence(PLUMBER, "funding", "fr")
    assert fact_sentence(PLUMBER, "recognition", "fr").startswith(
        "Le standard ne classe pas ST9004 Test plumber parmi les métiers réglementés"
    )


def test_the_same_facts_in_english_and_a_missing_fact_said_plainly():
    assert (
        fact_text(PLUMBER, "duration")
        == "ST9004 Test plumber typically takes 48 months to reach gateway, then an end-point assessment period of 6 months."
    )
    assert fact_text(Standard("ST9005", "Bare"), "funding") == "No funding band is published for ST9005 Bare."
    assert fact_text(Standard("ST9005", "Bare"), "options") == "ST9005 Bare has no options: every apprentice follows the same core."


def test_the_standards_own_english_text_is_quoted_with_a_note():
    assert (
        fact_sentence(PLUMBER, "entry_requirements", "fr")
        == f"Conditions d'entrée pour ST9004 Test plumber {ENGLISH_TEXT_NOTE} : Five GCSEs."
    )
    assert status_fr(PLUMBER) + " " + summary_facts(PLUMBER, "fr") == (
        "version 1.2, ouvert aux apprentis. Niveau 3. Durée type 48 mois. Financement maximum £27,000. Filière : Construction."
    )


def test_who_regulates_it_and_the_professional_bodies_come_from_the_record():
    nurse = Standard("ST9002", "Test nurse", regulated=True, regulated_body="Nursing and Midwifery Council (NMC)")
    assert fact_text(nurse, "recognition") == (
        "ST9002 Test nurse is a regulated occupation: its regulator is Nursing and Midwifery Council (NMC). No professional recognition is listed."
    )
    planner = Standard("ST9003", "Test planner", professional_recognition=(ProfessionalRecognition("RTPI", "Associate membership. More."),))
    assert fact_text(planner, "recognition") == (
        "The record does not mark ST9003 Test planner as a regulated occupation (it names no regulator). It aligns with: RTPI (Associate membership)."
    )


def test_registration_said_only_in_the_standards_text_is_quoted():
    """The record's regulation fields can be silent where the text is not ('Veterinary Nurses are registered
    professionals ... (RCVS)'): the text is quoted, people met at work ('registered nurses') are not."""
    from dataclasses import replace

    from bot.wording import registration_in_text

    vet = replace(
        PLUMBER,
        occupation_summary="A vet nurse works in a practice. Veterinary Nurses are registered professionals and work within the "
        "standards defined by the Royal College of Veterinary Surgeons (RCVS) http://www.rcvs.org.uk/x Providing care. "
        "They work with registered nurses and vets.",
    )
    assert registration_in_text(vet) == [
        "Veterinary Nurses are registered professionals and work within the standards defined by the Royal College of Veterinary Surgeons (RCVS)"
    ]
    said = fact_sentence(vet, "recognition", "en")
    assert said.endswith(
        'Its text says: "Veterinary Nurses are registered professionals and work within the standards defined by '
        'the Royal College of Veterinary Surgeons (RCVS)"'
    )
    assert registration_in_text(PLUMBER) == [] and "Its text says" not in fact_sentence(PLUMBER, "recognition", "en")


def test_a_level_says_what_it_is_the_level_of_and_levels_asked_in_general_are_explained():
    from bot.conversation import levels_compared
    from bot.wording import LEVELS_URL, levels_meaning

    assert fact_sentence(PLUMBER, "level", "en") == "ST9004 Test plumber is a level 3 apprenticeship, the level of A levels."
    assert levels_compared("whats the difference between level 3 and level 4 apprenticeships") == [3, 4]
    assert levels_compared("what level is the plumber one") == []
    meaning = levels_meaning([3, 4])
    assert meaning.startswith("Level 3: the level of A levels.\nLevel 4: the level of a higher national certificate (HNC).")
    assert LEVELS_URL in meaning
