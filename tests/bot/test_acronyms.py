"""The acronym glossary learnt from the catalogue's text."""

from bot.acronyms import Acronyms, defined_in, glossed, spells

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


def test_words_spell_an_acronym_by_their_first_letters_and_letters_inside_compounds():
    assert spells("AML", ["anti", "money", "laundering"])
    assert spells("CHC", ["continuing", "healthcare"])  # health-care gives two letters
    assert spells("NHS", ["national", "health", "service"]) and spells(
        "HACCP", ["hazard", "analysis", "and", "critical", "control", "points"]
    )
    assert not spells("CHC", ["cultural", "heritage"]) and not spells("RIO", ["level", "3"])


def test_an_acronym_the_message_glosses_is_written_out_in_its_place():
    assert glossed("associate CHC practitioner apprenticeship (continuing healthcare)... do I need") == (
        "associate continuing healthcare practitioner apprenticeship... do I need"
    )
    assert glossed("is the TA (teaching assistant) one level 3") == "is the teaching assistant one level 3"
    assert glossed("the RIO one (level 3)") == "the RIO one (level 3)"  # a bracket that spells nothing is left
