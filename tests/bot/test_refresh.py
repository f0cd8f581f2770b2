"""bot.refresh against a local stand-in of the live sources serving real records: conditional requests, a
new folder swapped in whole, history kept, and every bad download refused with the live data untouched."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.corpus import VERSIONS_DIR, CorpusSpec
from bot.index import build
from bot.refresh import RefreshConfig, RefreshError, refresh
from tests.catalogue_standin import API_PATH, ONISEP_JOBS_PATH, CatalogueApi


@pytest.fixture(scope="module")
def api():
    from tests.conftest import SHARED_DATA

    if not (SHARED_DATA / "ifate-standards" / "StandardsData-all-versions.tar.xz").is_file():
        pytest.skip("the archive of standards is not in ../shared/data")
    stand_in = CatalogueApi()
    yield stand_in
    stand_in.stop()


def config(api: CatalogueApi, **changes) -> RefreshConfig:
    settings = {
        "standards_url": api.url + API_PATH,
        "onisep_jobs_url": "",
        "onisep_courses_url": "",
        "timeout": 5.0,
        "attempts": 2,
        "backoff": 0.01,
        **changes,
    }
    return RefreshConfig(**settings)


def snapshot(target: Path) -> dict[str, bytes]:
    folder = target.resolve()
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def live(tmp_path, api):
    """A live folder after a first refresh from the old catalogue (seeded from an empty folder)."""
    api.mode = "old"
    seed = tmp_path / "seed"
    seed.mkdir()
    target = tmp_path / "catalogue"
    report = refresh(target, seed=seed, config=config(api))
    return target, seed, report


def test_first_refresh_writes_the_records_without_personal_data(live):
    target, _seed, report = live
    assert target.is_symlink() and report.changed and len(report.new) == 9
    current = target / "ifate-standards" / "current"
    assert sorted(p.name for p in current.glob("ST0216_*.json")) == ["ST0216_1.2.json"]
    for path in current.glob("*.json"):
        assert "tbMainContact" not in json.loads(path.read_text(encoding="utf-8"))


def test_nothing_changed_is_a_conditional_request_and_no_new_folder(live, api):
    target, seed, _report = live
    before = target.resolve()
    report = refresh(target, seed=seed, config=config(api))
    assert not report.changed and report.unchanged_sources == ["standards"] and target.resolve() == before
    assert api.requests[-1][1].startswith('"')  # If-None-Match sent with the remembered ETag


def test_a_new_catalogue_reports_new_revised_and_retired_and_keeps_the_old_version(live, api):
    target, seed, _report = live
    api.mode = "new"
    report = refresh(target, seed=seed, config=config(api))
    assert report.changed
    assert "ST0216 Healthcare support worker: v1.2 -> v1.3" in report.revised and len(report.revised) == 2
    assert [r.split()[0] for r in report.new] == ["ST1406"] and [r.split()[0] for r in report.retired] == ["ST0061"]
    assert (target / VERSIONS_DIR / "ST0216_1.2.json").is_file()
    assert (target / "ifate-standards" / "current" / "ST0216_1.3.json").is_file()


@pytest.mark.parametrize(
    "mode, message",
    [
        ("broken", "not a JSON document"),
        ("slow", "timed out"),
        ("partial", "refused as a partial download"),
        ("bad_record", "is not a usable standard"),
    ],
)
def test_a_bad_download_never_replaces_good_data(live, api, mode, message):
    target, seed, _report = live
    api.mode = "new"
    refresh(target, seed=seed, config=config(api))  # the new catalogue is live and remembered
    before, files = target.resolve(), snapshot(target)
    api.mode = mode
    api.catalogues["new"] = [*api.catalogues["new"], dict(api.catalogues["new"][0], referenceNumber="ST9999")]  # ETag differs
    try:
        with pytest.raises(RefreshError, match=message):
            refresh(target, seed=seed, config=config(api, timeout=1.0))
    finally:
        api.catalogues["new"].pop()
    assert target.resolve() == before and snapshot(target) == files


def test_a_server_error_is_retried_with_backoff(live, api):
    target, seed, _report = live
    api.mode = "flaky"
    report = refresh(target, seed=seed, config=config(api, attempts=3))
    assert report.changed and any("v1.2 -> v1.3" in r for r in report.revised)


def test_onisep_files_are_validated_by_the_parser_and_swapped_in(live, api):
    target, seed, _report = live
    report = refresh(target, seed=seed, config=config(api, onisep_jobs_url=api.url + ONISEP_JOBS_PATH))
    assert report.changed and report.unchanged_sources == ["standards"]
    jobs = target / "onisep-ideo-fiches-2024" / "Onisep_Ideo_Fiches_metiers_25062024.xml"
    assert jobs.stat().st_size > 1_000_000
    state = json.loads((target / ".refresh.json").read_text(encoding="utf-8"))
    assert state["counts"]["onisep_jobs"] >= 900


def test_the_refreshed_folder_builds_with_the_superseded_version_kept(live, api, tmp_path, encoder):
    target, seed, _report = live
    api.mode = "new"
    refresh(target, seed=seed, config=config(api))
    spec = CorpusSpec(full=True, data_dir=target, build_root=tmp_path / "build")
    build(spec, encoder=encoder)
    from bot.index import load

    catalogue = load(spec).catalogue
    assert catalogue.standards["ST0216"].version == "1.3" and catalogue.standards["ST0216"].max_funding == 5000
    assert [v.version for v in catalogue.versions["ST0216"]] == ["1.2", "1.3"]
