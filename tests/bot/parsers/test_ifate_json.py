import json
from pathlib import Path

import pytest

from bot.parsers import SourceError
from bot.parsers.ifate_json import parse_file, parse_record
from bot.parsers.ifate_page import parse_file as parse_page
from tests.conftest import SEEDS, SHARED_DATA

ST1406_JSON = SHARED_DATA / "ifate-standards" / "current" / "ST1406_1.0.json"
needs_data = pytest.mark.skipif(not ST1406_JSON.is_file(), reason="../shared/data not present")


def _record(**overrides):
    record = {
        "referenceNumber": "ST9001",
        "title": "Test standard",
        "version": "1.2",
        "status": "Approved for delivery",
        "level": 3,
        "knowledges": [{"knowledgeId": "k1", "detail": "&lt;p&gt;Alpha&amp;amp;beta&lt;/p&gt;"}, {"knowledgeId": "k2", "detail": "Gamma"}],
        "skills": [{"skillId": "s1", "detail": "Do things"}],
        "behaviours": [],
        "options": [{"optionId": "o1", "title": "Blue"}],
        "duties": [
            {"dutyDetail": "Core duty", "isThisACoreDuty": 1, "mappedKnowledge": ["k1"], "mappedSkills": ["s1"], "mappedOptions": []},
            {"dutyDetail": "Blue duty", "isThisACoreDuty": 0, "mappedKnowledge": ["k2"], "mappedOptions": ["o1"]},
        ],
        "tbMainContact": "someone@example.org",
    }
    record.update(overrides)
    return record


def test_codes_follow_array_order_and_html_is_cleaned():
    standard = parse_record(_record())
    assert [k.code for k in standard.ksbs] == ["K1", "K2", "S1"]
    assert standard.ksb("K1").text == "Alpha&beta"


def test_a_code_repeated_in_the_text_is_dropped():
    knowledges = [{"knowledgeId": "k1", "detail": "K1 Understand the policies"}, {"knowledgeId": "k2", "detail": "K 7: Order taking"}]
    skills = [{"skillId": "s1", "detail": "S25 Maintain tools"}, {"skillId": "s2", "detail": "Safety first"}]
    standard = parse_record(_record(knowledges=knowledges, skills=skills, duties=[]))
    assert [(k.code, k.text) for k in standard.ksbs] == [
        ("K1", "Understand the policies"),
        ("K2", "Order taking"),
        ("S1", "Maintain tools"),
        ("S2", "Safety first"),
    ]


def test_duties_map_guids_to_codes_and_scopes():
    standard = parse_record(_record())
    assert standard.duty(1).ksb_codes == ("K1", "S1") and standard.duty(1).is_core
    assert standard.duty(2).options == ("Blue",)
    assert standard.ksb("K2").scope == "option" and standard.ksb("K2").options == ("Blue",)


def test_personal_data_is_never_kept():
    standard = parse_record(_record())
    assert "someone@example.org" not in repr(standard)


def test_bad_records_name_the_file(tmp_path: Path):
    broken = tmp_path / "ST0001_1.0.json"
    broken.write_text("{not json")
    with pytest.raises(SourceError, match=r"ST0001_1.0.json: is not valid JSON"):
        parse_file(broken)
    with pytest.raises(SourceError, match="has no referenceNumber"):
        parse_record({"title": "x"}, source="x.json")
    with pytest.raises(SourceError, match="'knowledges' is not a list"):
        parse_record(_record(knowledges="oops"), source="y.json")


@needs_data
def test_real_st1406_matches_the_published_page():
    from_api = parse_file(ST1406_JSON)
    from_page = parse_page(SEEDS / "ifate-st1406-science-manufacturing-technician.txt", hints={"title": from_api.title})
    assert from_api.ksb("K42").text == "Types of water and its use: cooling water, purified water, water for injection."
    assert from_api.ksbs == from_page.ksbs
    assert from_api.duties == from_page.duties
    assert from_api.entry_requirements == from_page.entry_requirements
    raw = json.loads(ST1406_JSON.read_text())
    assert len(from_api.ksbs_of_kind("K")) == len(raw["knowledges"]) == 65


def test_entry_requirements_only_in_the_older_free_text_are_read_from_it():
    information = (
        "&lt;h3&gt;Professional recognition&lt;/h3&gt;&lt;p&gt;Royal College.&lt;/p&gt;"
        "&lt;h3&gt;Entry Requirements&lt;/h3&gt;&lt;p&gt;Statutory requirement - 5 GCSEs to include Maths.&lt;/p&gt;"
        "&lt;p&gt;A medical is needed.&lt;/p&gt;&lt;h3&gt;Requirements: Knowledge, Skills and Behaviours&lt;/h3&gt;&lt;p&gt;Knowledge.&lt;/p&gt;"
    )
    standard = parse_record(_record(entryRequirements="", standardInformation=information), "x.json")
    assert standard.entry_requirements == "Statutory requirement - 5 GCSEs to include Maths. A medical is needed."
    inline = parse_record(
        _record(standardInformation="&lt;p&gt;Entry requirements: set by employers.&lt;/p&gt;&lt;p&gt;Level:&lt;/p&gt;"), "x.json"
    )
    assert inline.entry_requirements == "set by employers."
    structured = parse_record(_record(entryRequirements="Three A levels.", standardInformation=information), "x.json")
    assert structured.entry_requirements == "Three A levels."  # the structured field first
    assert parse_record(_record(standardInformation="&lt;p&gt;No such section.&lt;/p&gt;"), "x.json").entry_requirements == ""


def test_the_regulator_is_read_only_when_the_occupation_is_regulated():
    regulated = parse_record(_record(regulated=True, regulatedBody="Nursing and Midwifery Council (NMC)"))
    assert (regulated.regulated, regulated.regulated_body) == (True, "Nursing and Midwifery Council (NMC)")
    assert parse_record(_record(regulated=False, regulatedBody="")).regulated is False
    assert parse_record(_record(regulated="yes")).regulated is False  # only the record's true counts


def test_a_bare_number_as_recognition_level_reads_as_a_level():
    record = _record(
        professionalRecognition=[{"bodyName": "Nursing and Midwifery Council ", "level": "5"}, {"bodyName": "RTPI", "level": "Associate"}]
    )
    assert [(r.body, r.detail) for r in parse_record(record).professional_recognition] == [
        ("Nursing and Midwifery Council", "level 5"),
        ("RTPI", "Associate"),
    ]
