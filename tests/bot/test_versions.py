"""bot.versions: statements aligned across versions by their words, not their numbers."""

from __future__ import annotations

from bot.catalogue import Catalogue
from bot.models import Duty, Ksb, Standard
from bot.versions import diff, previous_version, revised_since, version_for_start

CARE = "Communicate with individuals using a range of methods"
SAFETY = "Follow health and safety procedures at work"
RECORDS = "Keep accurate records of the care given to individuals in line with local policy"


def standard(version: str, ksbs: list[tuple[str, str]], **facts) -> Standard:
    return Standard(
        reference="ST9001",
        title="Care worker",
        version=version,
        ksbs=tuple(Ksb(code, text) for code, text in ksbs),
        **facts,
    )


def test_a_statement_moved_down_by_an_insertion_is_renumbered_not_changed():
    old = standard("1.0", [("K1", CARE), ("K2", SAFETY)])
    new = standard("1.1", [("K1", "The principles of person-centred care"), ("K2", CARE), ("K3", SAFETY)])
    change = diff(old, new)
    kinds = [(c.kind, c.old and c.old[0], c.new and c.new[0]) for c in change.ksbs]
    assert kinds == [("added", None, "K1"), ("renumbered", "K1", "K2"), ("renumbered", "K2", "K3")]
    assert change.size == 1  # renumbering is not something to relearn


def test_punctuation_and_case_are_not_changes_but_rewording_is():
    old = standard("1.0", [("K1", CARE + "."), ("K2", RECORDS)])
    new = standard("1.1", [("K1", CARE.upper()), ("K2", RECORDS.replace("accurate", "clear and accurate"))])
    change = diff(old, new)
    assert change.unchanged_ksbs == 1
    assert [(c.kind, c.old[0], c.new[0]) for c in change.ksbs] == [("reworded", "K2", "K2")]


def test_unrelated_texts_are_a_removal_and_an_addition_and_kinds_are_kept_apart():
    old = standard("1.0", [("K1", CARE), ("S1", SAFETY)])
    new = standard("1.1", [("K1", "Budgeting for a small business"), ("B1", SAFETY)])
    kinds = sorted((c.kind, (c.old or c.new)[0]) for c in diff(old, new).ksbs)
    assert kinds == [("added", "B1"), ("added", "K1"), ("removed", "K1"), ("removed", "S1")]


def test_facts_options_and_duties_changed_are_listed_and_a_normal_retirement_is_not_news():
    old = standard("1.0", [], level=2, max_funding=3000, status="Retired", options=("Adult care",), entry_requirements="None.")
    old = Standard(**{**old.__dict__, "duties": (Duty(1, "Support individuals with daily living"),)})
    new = standard("1.1", [], level=3, max_funding=5000, status="Approved for delivery", options=("Adult care", "Children"))
    change = diff(old, new)
    assert [(f.name, f.old, f.new) for f in change.facts] == [
        ("level", "2", "3"),
        ("maximum funding", "£3,000", "£5,000"),
        ("entry requirements", "None.", ""),
    ]
    assert change.options_added == ("Children",) and change.options_removed == ()
    assert [(c.kind, c.old) for c in change.duties] == [("removed", ("Duty 1", "Support individuals with daily living"))]


def test_the_version_a_learner_started_on_is_the_one_whose_window_holds_the_date():
    versions = [
        standard("1.0", [], earliest_start="2016-05-19", latest_start="2022-10-31"),
        standard("1.1", [], earliest_start="2022-11-01", latest_start="2025-07-31"),
        standard("1.2", [], earliest_start="2025-08-01"),
    ]
    assert version_for_start(versions, "2023-09-01").version == "1.1"
    assert version_for_start(versions, "2022-10-31").version == "1.0"
    assert version_for_start(versions, "2026-01-01").version == "1.2"
    assert version_for_start(versions, "2010-01-01") is None


def test_previous_version_and_revisions_since_a_date():
    catalogue = Catalogue(
        [
            standard("1.0", [("K1", CARE)], earliest_start="2020-01-01", latest_start="2025-12-31", status="Retired"),
            standard("1.1", [("K1", CARE), ("K2", SAFETY)], earliest_start="2026-01-01", status="Approved for delivery"),
        ]
    )
    current = catalogue.standards["ST9001"]
    assert previous_version(catalogue, current).version == "1.0"
    assert [(r.reference, r.from_version, r.to_version, r.size) for r in revised_since(catalogue, "2025-06-01")] == [
        ("ST9001", "1.0", "1.1", 1)
    ]
    assert revised_since(catalogue, "2026-02-01") == []


def test_archive_only_standards_are_reachable_by_reference_but_never_current(tmp_path):
    retired = Standard(reference="ST9002", title="Old trade", version="1.0", status="Retired")
    listed = standard("1.1", [], status="Approved for delivery")
    catalogue = Catalogue([listed], archived=[retired, standard("1.0", [], status="Retired")])
    assert set(catalogue.standards) == {"ST9001"}
    assert catalogue.standard("ST9002") == retired
    assert [v.version for v in catalogue.versions["ST9001"]] == ["1.0", "1.1"]
    assert catalogue.standard("ST9001", "v1") is not None and catalogue.standard("ST9001", "1").version == "1.0"
    catalogue.save(tmp_path / "catalogue.json")
    reloaded = Catalogue.load(tmp_path / "catalogue.json")
    assert set(reloaded.standards) == {"ST9001"} and set(reloaded.archived_only) == {"ST9002"}
