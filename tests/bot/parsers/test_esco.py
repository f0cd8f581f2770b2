from pathlib import Path

import pytest

from bot.parsers import SourceError
from bot.parsers.esco import parse_occupations
from tests.conftest import SHARED_DATA

ESCO = SHARED_DATA / "esco"


def test_joins_english_and_french_on_uri(tmp_path: Path):
    header = "conceptType,conceptUri,iscoGroup,preferredLabel,altLabels\n"
    (tmp_path / "en.csv").write_text(header + 'Occupation,u1,3111,chemical technician,"lab technician\nchemistry technician"\n')
    (tmp_path / "fr.csv").write_text(header + "Occupation,u1,3111,technicien en chimie,technicienne en chimie\n")
    [occupation] = parse_occupations(tmp_path / "en.csv", tmp_path / "fr.csv")
    assert occupation.label_en == "chemical technician" and occupation.label_fr == "technicien en chimie"
    assert occupation.alt_en == ("lab technician", "chemistry technician")
    assert occupation.alt_fr == ("technicienne en chimie",)


def test_wrong_columns_are_named(tmp_path: Path):
    (tmp_path / "en.csv").write_text("a,b\n1,2\n")
    with pytest.raises(SourceError, match="missing columns: altLabels, conceptUri, preferredLabel"):
        parse_occupations(tmp_path / "en.csv", tmp_path / "en.csv")


@pytest.mark.skipif(not ESCO.is_dir(), reason="../shared/data not present")
def test_real_esco():
    occupations = parse_occupations(ESCO / "occupations_en.csv", ESCO / "occupations_fr.csv")
    assert len(occupations) == 3039
    assert all(o.label_fr for o in occupations)
