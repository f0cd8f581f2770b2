"""The acronym glossary learnt from the catalogue's text."""

from bot.acronyms import Acronyms, defined_in

TEXTS = [
    "Implement food safety systems such as Hazard Analysis and Critical Control Points (HACCP).",
    "Anti-Money Laundering (AML) regulations and customer due diligence.",
    "Support pupils with special educational needs and disabilities (SEND).",
    "Send reports to the line manager, send updates to clients and send invoices.",
    "Principles of the Fine Art (MA) course",  # letters the words before do not spell: no acronym
]


def test_an_acronym_is_read_with_the_shortest_run_of_words_its_letters_spell():
    assert list(defined_in(TEXTS[0])) == [("haccp", "hazard analysis and critical control points")]
    assert list(defined_in(TEXTS[1])) == [("aml", "anti money laundering")]
    assert list(defined_in(TEXTS[4])) == []


def test_a_question_is_searched_with_the_words_of_the_acronyms_it_uses():
    glossary = Acronyms(TEXTS)
    assert glossary.expanded("what about HACCP?") == "what about HACCP? (hazard analysis and critical control points)"
    assert glossary.expanded("an aml apprenticeship at level 3").endswith("(anti money laundering)")
    assert glossary.expanded("how long is it") == "how long is it"


def test_an_acronym_the_catalogue_also_writes_as_a_word_is_expanded_only_in_capitals():
    glossary = Acronyms(TEXTS)
    assert glossary.expanded("can you send me the list") == "can you send me the list"
    assert glossary.expanded("working with SEND pupils").endswith("(special educational needs and disabilities)")


def test_acronyms_that_must_stay_what_they_are_are_never_expanded():
    assert "cap" not in Acronyms(["Clinical associate in psychology (CAP)"], never=frozenset({"cap"})).words


def test_an_everyday_word_is_no_acronym_in_lower_case():
    glossary = Acronyms(["Live event technician (LET)"], everyday=frozenset({"let"}))
    assert glossary.expanded("they will never let that through") == "they will never let that through"
    assert glossary.expanded("is the LET standard level 3").endswith("(live event technician)")


def test_expanding_twice_adds_nothing_more():
    glossary = Acronyms(TEXTS)
    once = glossary.expanded("an AML apprenticeship at level 3")
    assert glossary.expanded(once) == once
    assert glossary.expanded("anti-money laundering (AML) checks") == "anti-money laundering (AML) checks"
