from pathlib import Path

import pytest

from bot.parsers import SourceError
from bot.parsers.onisep import course_type_of, parse_courses_xml, parse_job_labels_xml, parse_job_markdown, parse_jobs_xml
from tests.conftest import SEEDS, SHARED_DATA

FICHES = SHARED_DATA / "onisep-ideo-fiches-2024"
needs_data = pytest.mark.skipif(not FICHES.is_dir(), reason="../shared/data not present")


def test_markdown_fiche():
    job, courses = parse_job_markdown(SEEDS / "onisep-met-8063-technicien-production-biologie.md")
    assert job.met_id == "MET.8063"
    assert job.name == "technicien/ne de production en biologie"
    assert job.access_level == "bac + 2"
    assert "FOR.9970" in job.course_ids
    bts = next(c for c in courses if c.for_id == "FOR.9970")
    assert (bts.title, bts.course_type) == ("BTS biotechnologie en recherche et en production", "BTS")
    assert {c.course_type for c in courses} >= {"BTS", "BTSA", "BUT", "licence pro", "licence"}


def test_markdown_that_is_not_a_fiche(tmp_path: Path):
    other = tmp_path / "readme.md"
    other.write_text("# Hello\nnothing here")
    with pytest.raises(SourceError, match=r"readme\.md: is not an ONISEP fiche"):
        parse_job_markdown(other)


def test_broken_xml_names_the_file(tmp_path: Path):
    broken = tmp_path / "metiers.xml"
    broken.write_text("<metiers><metier><identifiant>MET.1</identifiant>")
    with pytest.raises(SourceError, match=r"metiers\.xml: is not readable ONISEP XML"):
        list(parse_jobs_xml(broken))


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("BTS métiers de l'eau", "BTS"),
        ("BTSA gestion forestière", "BTSA"),
        ("BUT génie biologique", "BUT"),
        ("licence pro mention chimie", "licence pro"),
        ("CAP cuisine", "CAP"),
    ],
)
def test_course_types(title, expected):
    assert course_type_of(title) == expected


@needs_data
def test_real_idéo_exports():
    jobs = {j.met_id: j for j in parse_jobs_xml(FICHES / "Onisep_Ideo_Fiches_metiers_25062024.xml")}
    courses = {c.for_id: c for c in parse_courses_xml(FICHES / "Onisep_Ideo_Fiches_Formations_25062024.xml")}
    assert len(jobs) == 928 and len(courses) == 2164
    assert courses["FOR.9970"].title == "BTS biotechnologie en recherche et en production"
    assert set(courses["FOR.9970"].job_ids) == {"MET.113", "MET.288", "MET.771"}
    assert "technicien/ne de laboratoire" in jobs["MET.288"].synonyms
    assert "<p>" not in jobs["MET.288"].description
    labels = {j.met_id: j for j in parse_job_labels_xml(SHARED_DATA / "onisep-ideo-referentiels-2025" / "ideo-metiers_onisep.xml")}
    assert labels["MET.8063"].name.startswith("technicien / technicienne de production en biologie")
