from pathlib import Path

import pytest

from bot.parsers import SourceError
from bot.parsers.ifate_page import parse_file, parse_text
from tests.conftest import SEEDS

ST1406_PAGE = SEEDS / "ifate-st1406-science-manufacturing-technician.txt"
ST0220_PAGE = SEEDS / "ifate-st0220-healthcare-science-associate-v1-0-retired.txt"


@pytest.fixture(scope="module")
def st1406():
    return parse_file(ST1406_PAGE, hints={"title": "Science manufacturing technician 2023"})


def test_key_information(st1406):
    assert (st1406.reference, st1406.version, st1406.status) == ("ST1406", "1.0", "Approved for delivery")
    assert (st1406.level, st1406.typical_duration_months, st1406.epa_period_months) == (3, 36, 3)
    assert (st1406.max_funding, st1406.lars_code, st1406.route) == (22000, "755", "Engineering and manufacturing")
    assert st1406.options == ("Biotechnology manufacturing technician", "Aseptic pharmaceuticals manufacturing technician")


def test_ksbs_numbered_as_printed(st1406):
    assert [len(st1406.ksbs_of_kind(letter)) for letter in "KSB"] == [65, 46, 7]
    assert st1406.ksb("K42").text == "Types of water and its use: cooling water, purified water, water for injection."
    assert st1406.ksb("S12").text.startswith("Interpret data for example")
    assert not any("Back to Duty" in k.text for k in st1406.ksbs)


def test_scope_follows_duties(st1406):
    assert st1406.ksb("K1").scope == "core"
    assert st1406.ksb("K42").options == ("Biotechnology manufacturing technician",)
    assert st1406.ksb("K64").options == ("Aseptic pharmaceuticals manufacturing technician",)
    # S8 is used by a core duty and by an aseptic duty: core wins.
    assert st1406.ksb("S8").scope == "core"


def test_duties(st1406):
    assert len(st1406.duties) == 18
    duty10 = st1406.duty(10)
    assert not duty10.is_core and duty10.options == ("Biotechnology manufacturing technician",)
    assert "K42" in duty10.ksb_codes and "B4" in duty10.ksb_codes
    assert st1406.duty(3).ksb_codes == ("K14", "K15", "K16", "S8", "S13")
    assert [d.number for d in st1406.duties_using("K42")] == [10, 11, 12, 13, 14]


def test_entry_requirements_and_job_titles(st1406):
    assert "GCSE science grade C or 4" in st1406.entry_requirements
    assert "health screening" in st1406.entry_requirements
    assert "Process technician" in st1406.typical_job_titles
    assert "Green leaf" not in " ".join(st1406.typical_job_titles)
    assert st1406.professional_recognition[0].body == "The Science Council"


def test_retired_legacy_page_keeps_its_facts():
    standard = parse_file(ST0220_PAGE, hints={"reference": "ST0220", "title": "Healthcare science associate", "version": "1.0"})
    assert standard.status == "Retired" and standard.is_retired
    assert (standard.level, standard.typical_duration_months) == (4, 24)
    assert standard.ksbs == () and standard.duties == ()
    assert "Healthcare Science (HCS) Associate workforce" in standard.occupation_summary
    assert "level 2 English and maths" in standard.english_and_maths


def test_page_without_reference_or_hint_is_a_named_error():
    with pytest.raises(SourceError, match=r"legacy\.txt: gives no reference"):
        parse_text(ST0220_PAGE.read_text(), source="legacy.txt")


def test_unrelated_text_is_rejected(tmp_path: Path):
    page = tmp_path / "notes.txt"
    page.write_text("shopping list\neggs\n")
    with pytest.raises(SourceError, match=r"notes.txt: is not an IfATE standard page"):
        parse_file(page)
