from pathlib import Path

from bot.catalogue import Catalogue
from bot.models import FrenchCourse, FrenchJob, Ksb, Standard


def _standard(version: str, status: str, ksbs=()) -> Standard:
    return Standard(reference="ST0100", title="Example", version=version, status=status, ksbs=tuple(ksbs))


def test_newest_delivery_version_is_current_and_older_ones_point_to_it():
    catalogue = Catalogue([_standard("1.0", "Retired"), _standard("1.2", "Approved for delivery"), _standard("1.10", "In development")])
    current = catalogue.standard("st0100")
    assert current.version == "1.2"
    assert (current.latest_version, current.latest_status) == ("1.10", "In development")
    retired = catalogue.standard("ST0100", version="1.0")
    assert retired.is_retired and retired.latest_version == "1.2"


def test_same_version_from_two_sources_keeps_the_richer_record():
    page = _standard("1.0", "Approved for delivery")
    api = _standard("1.0", "Approved for delivery", ksbs=[Ksb("K1", "Something")])
    catalogue = Catalogue([page, api])
    assert len(catalogue.versions["ST0100"]) == 1
    assert catalogue.standard("ST0100").ksb("K1").text == "Something"


def test_jobs_and_courses_are_merged_and_linked_both_ways():
    catalogue = Catalogue(
        jobs=[FrenchJob("MET.1", "technicien", course_ids=("FOR.1",)), FrenchJob("MET.1", "technicien/ne", description="fiche")],
        courses=[FrenchCourse("FOR.1", "BTS test", course_type="BTS"), FrenchCourse("FOR.2", "BUT test", job_ids=("MET.1",))],
    )
    job = catalogue.jobs["MET.1"]
    assert job.name == "technicien" and job.description == "fiche"
    assert job.course_ids == ("FOR.1", "FOR.2")
    assert catalogue.courses["FOR.1"].job_ids == ("MET.1",)
    assert [c.for_id for c in catalogue.courses_for_job("MET.1")] == ["FOR.1", "FOR.2"]


def test_save_and_load_round_trip(tmp_path: Path):
    catalogue = Catalogue(
        [_standard("1.0", "Approved for delivery", ksbs=[Ksb("K1", "x", scope="option", options=("A",))])],
        jobs=[FrenchJob("MET.2", "x", synonyms=("y",))],
    )
    catalogue.save(tmp_path / "catalogue.json")
    again = Catalogue.load(tmp_path / "catalogue.json")
    assert again.standard("ST0100") == catalogue.standard("ST0100")
    assert again.jobs == catalogue.jobs
