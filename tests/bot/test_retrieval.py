import re

import pytest

from bot.retrieval import UnknownItem
from bot.router import asked_part

K42 = "Types of water and its use: cooling water, purified water, water for injection."


def test_ksb_lookup_is_exact_with_duties(bundled_retriever):
    found = bundled_retriever.ksb("ST1406", "k42")
    assert found.ksb.text == K42
    assert [d.number for d in found.duties] == [10, 11, 12, 13, 14]
    assert found.citation == "ST1406 v1.0 Science manufacturing technician 2023, K42"


def test_unknown_code_and_standard_suggest_alternatives(bundled_retriever):
    with pytest.raises(UnknownItem, match=re.escape("ST1406 has no K999. It has K1–K65, S1–S46, B1–B7.")) as error:
        bundled_retriever.ksb("ST1406", "K999")
    assert error.value.suggestions and all(s.startswith("K") for s in error.value.suggestions)
    with pytest.raises(UnknownItem, match="I don't know a standard ST9999") as error:
        bundled_retriever.standard("ST9999")
    assert error.value.suggestions


def test_retired_standard_without_ksbs_says_so(bundled_retriever):
    with pytest.raises(UnknownItem, match="lists no numbered KSBs"):
        bundled_retriever.ksb("ST0220", "K1")


def test_option_names_are_matched_loosely(bundled_retriever):
    standard = bundled_retriever.standard("ST1406")
    assert bundled_retriever.option(standard, "aseptic") == "Aseptic pharmaceuticals manufacturing technician"
    assert bundled_retriever.option(standard, "biotech") == "Biotechnology manufacturing technician"
    with pytest.raises(UnknownItem, match="no option called 'welding'"):
        bundled_retriever.option(standard, "welding")


def test_ksbs_for_duty(bundled_retriever):
    _duty, ksbs = bundled_retriever.ksbs_for_duty("ST1406", 3)
    assert [k.code for k in ksbs] == ["K14", "K15", "K16", "S8", "S13"]
    with pytest.raises(UnknownItem, match="has no duty 99"):
        bundled_retriever.ksbs_for_duty("ST1406", 99)


def test_a_standard_without_duties_says_it_lists_none(full_retriever):
    """The Advanced and creative hair professional (v1.0) publishes no duties: no 'duties 1–0'."""
    with pytest.raises(UnknownItem, match=re.escape("ST0214 lists no duties")):
        full_retriever.ksbs_for_duty("ST0214", 4)


@pytest.mark.parametrize(
    ("question", "code"),
    [
        ("what do I need to know about water for injection", "K42"),
        ("which knowledge is about microbiology and sterility", "K32"),
        ("which behaviour is about working in a team and inclusion", "B3"),
        ("root cause analysis and 5 whys", "K19"),
    ],
)
def test_semantic_search_within_a_standard(bundled_retriever, question, code):
    hits = bundled_retriever.search(question, reference="ST1406")
    assert hits[0].passage.code == code
    assert hits[0].passage.reference == "ST1406"


def test_option_filter_drops_other_options_passages(bundled_retriever):
    hits = bundled_retriever.search("purpose and operation of equipment", reference="ST1406", option="aseptic", limit=20)
    assert hits and all(not h.passage.options or "Aseptic pharmaceuticals manufacturing technician" in h.passage.options for h in hits)


def test_full_catalogue_k42(full_retriever):
    assert full_retriever.ksb("ST1406", "K42").ksb.text == K42
    assert full_retriever.search("water for injection", reference="ST1406")[0].passage.code == "K42"


def test_a_kind_of_ksb_asked_outright_comes_first(full_retriever):
    # 'Safeguarding policies and procedures' is K6, yet the question asks what the skills say about it.
    hits = full_retriever.search("is there anything about safeguarding in the skills", reference="ST0888")
    assert hits[0].passage.code.startswith("S") and hits[0].passage.code == "S2"
    assert full_retriever.search("anything about safeguarding", reference="ST0888")[0].passage.code == "K6"


def test_the_words_a_question_is_asked_with_find_nothing_on_the_lexical_side(full_retriever):
    """'do we learn ...' is no question about 'learning opportunities' (ST0311 B4)."""
    hits = full_retriever.search("do we learn how to measure if a campaign actually worked", reference="ST0311", limit=3)
    assert "B4" not in [h.passage.code for h in hits]


def test_an_acronym_the_catalogue_defines_finds_the_words_it_stands_for(full_retriever):
    # ST0198 writes 'Hazard Analysis and Critical Control Points' out; other standards define it as HACCP.
    hits = full_retriever.search("what about HACCP?", reference="ST0198", kinds=("ksb", "duty"), limit=3)
    assert hits[0].passage.code == "S1"


def test_a_role_is_a_standard_by_its_names_words_or_their_meaning(full_retriever):
    standards = full_retriever.catalogue.standards
    assert full_retriever.names_role("veterinary nurse", standards["ST0343"])  # its title's words
    assert full_retriever.names_role("bike mechanic", standards["ST0622"])  # 'Bicycle mechanic': other words, same meaning
    assert not full_retriever.names_role("sign language interpreter", standards["ST0824"])  # shares 'sign' with 'Sign maker'


def test_an_everyday_name_means_the_standards_whose_names_say_it_in_other_words(full_retriever):
    meant = full_retriever.standards_meant("horse groom")
    assert {s.reference for s, _cosine in meant[:2]} == {"ST0166", "ST0167"}  # Equine groom, Senior equine groom
    assert full_retriever.standards_meant("car finance")[0][0].reference == "ST0474"  # Motor finance specialist


def test_the_part_of_a_long_message_that_asks_is_read_beside_the_whole(full_retriever):
    # Who is asking ('junior analyst in a treasury team') pulls the whole message's meaning towards teamwork; what
    # they ask ('reviewing colleagues' analysis') is the economist's quality-assurance skill.
    question = "junior analyst in a treasury team on the apprenticeship - is reviewing colleagues' analysis in there?"
    whole = full_retriever.search(question, reference="ST0603", kinds=("ksb", "duty"), limit=3)
    focused = full_retriever.search(question, reference="ST0603", kinds=("ksb", "duty"), limit=3, focus=asked_part(question))
    assert whole[0].passage.code != "S4"
    assert focused[0].passage.code == "S4"
    assert focused[0].dense > whole[0].dense
