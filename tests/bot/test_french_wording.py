from bot.french_wording import ENGLISH_TEXT_NOTE, fact_text_fr, summary_fr
from bot.models import Standard

PLUMBER = Standard("ST9004", "Test plumber", version="1.2", status="Approved for delivery", level=3, typical_duration_months=48,
                   epa_period_months=6, max_funding=27000, entry_requirements="Five GCSEs.", route="Construction")  # fmt: skip


def test_facts_asked_in_french_are_said_in_french():
    assert fact_text_fr(PLUMBER, "level") == "ST9004 Test plumber est un apprentissage de niveau 3 (RQF)."
    assert fact_text_fr(PLUMBER, "duration") == (
        "ST9004 Test plumber dure en général 48 mois jusqu'à l'évaluation finale, puis une période d'évaluation finale de 6 mois."
    )
    assert "£27,000" in fact_text_fr(PLUMBER, "funding") and "pas un salaire" in fact_text_fr(PLUMBER, "funding")
    assert fact_text_fr(PLUMBER, "recognition").startswith("ST9004 Test plumber n'est pas un métier réglementé")


def test_the_standards_own_english_text_is_quoted_with_a_note():
    assert fact_text_fr(PLUMBER, "entry_requirements") == f"Conditions d'entrée pour ST9004 Test plumber {ENGLISH_TEXT_NOTE} : Five GCSEs."
    assert fact_text_fr(PLUMBER, "lars") is None  # no French wording: the English sentence is used
    assert (
        summary_fr(PLUMBER)
        == "version 1.2, ouvert aux apprentis. Niveau 3. Durée type 48 mois. Financement maximum £27,000. Filière : Construction."
    )
