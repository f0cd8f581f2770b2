import pytest

from bot.resolve import find_ksb_codes, find_reference, suggest_ksb_codes


@pytest.mark.parametrize(
    ("text", "expected"), [("tell me about ST1406", "ST1406"), ("st 1406?", "ST1406"), ("st-0220", "ST0220"), ("K42", None)]
)
def test_find_reference(text, expected):
    assert find_reference(text) == expected


def test_find_ksb_codes():
    assert find_ksb_codes("what about k42 and S 12, then B3? ST1406") == ["K42", "S12", "B3"]
    assert find_ksb_codes("no codes in a BK42X or K0") == []


def test_resolver_on_bundled(bundled_retriever):
    resolver = bundled_retriever.resolver
    assert resolver.resolve("tell me about ST1406")[0].reference == "ST1406"
    assert resolver.resolve("the science manufacturing technician one")[0].reference == "ST1406"
    assert resolver.resolve("aseptic pharmaceuticals")[0].reference == "ST1406"
    assert resolver.resolve("") == []


def test_suggestions_for_unknown_codes(bundled_retriever):
    standard = bundled_retriever.standard("ST1406")
    assert suggest_ksb_codes(standard, "K999")[0].startswith("K")
    assert [s.reference for s in bundled_retriever.resolver.suggest_references("ST1407")][:1] == ["ST1406"]


@pytest.mark.parametrize(
    ("query", "reference"),
    [
        ("lab technician", "ST0248"),
        ("science manufacturing technician", "ST1406"),
        ("software developer", "ST0116"),
        ("lab tecnician", "ST0248"),
        ("pharmacy tech", "ST0300"),
    ],
)
def test_resolver_on_full_catalogue(full_retriever, query, reference):
    assert full_retriever.resolver.resolve(query)[0].reference == reference
