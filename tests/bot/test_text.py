from bot.text import fold, language_of, language_said, terms


def test_language_of_tells_french_questions_from_english_ones():
    assert language_of("quelle formation française correspond au digital marketer (integrated degree) ?") == "fr"
    assert language_of("équivalent français du pharmacy services assistant (ST0299) ?") == "fr"
    assert language_of("what's the french equivalent of the lab technician apprenticeship?") == "en"
    assert language_of("ST0127 K5") == "en"  # nothing to tell by: English


def test_fold_removes_accents_and_case():
    assert fold("Équivalent Français") == "equivalent francais"


def test_terms_drop_stop_words_and_stem():
    assert terms("The technicians are testing") == terms("technician test")


def test_the_language_a_message_shows_or_none():
    assert language_said("c'est quel niveau ?") == "fr"
    assert language_said("what level is it") == "en"
    assert language_said("le premier") is None and language_said("K5 ?") is None
    assert language_of("le premier") == "en"  # alone, English as before


def test_english_words_french_lists_as_function_words_are_no_sign_of_french_alone():
    assert language_said("the second option's KSBs?") == "en"  # 'option' and the possessive 's'
    assert language_said("quelle option choisir ?") == "fr"
    assert language_said("il s'agit de quoi ?") == "fr"


def test_a_word_only_french_has_makes_a_short_message_french():
    assert language_said("tool process design engineer : niveau ?") == "fr"
    assert language_said("ST0303 combien ?") == "fr"
    assert language_said("does it correspond to a BTS") == "en"  # 'correspond' is English too
