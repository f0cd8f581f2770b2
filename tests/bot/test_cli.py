import json
import os
import subprocess
import sys

from tests.conftest import ROOT

K42 = "Types of water and its use: cooling water, purified water, water for injection"


def _run(*args: str, env_build: str | None = None, hash_seed: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "APPRENTICE_BUILD_DIR"}
    if env_build:
        env["APPRENTICE_BUILD_DIR"] = env_build
    if hash_seed:
        env["PYTHONHASHSEED"] = hash_seed
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=ROOT, capture_output=True, text=True, timeout=600, env=env)


def test_ask_k42_prints_text_and_citation(bundled_knowledge, bundled_build_root):
    result = _run("ask", "what does K42 cover", "--standard", "ST1406", env_build=str(bundled_build_root))
    assert result.returncode == 0, result.stderr
    assert K42 in result.stdout
    assert "Source: ST1406 v1.0 Science manufacturing technician 2023" in result.stdout


def test_json_output_carries_sources(bundled_knowledge, bundled_build_root):
    result = _run("ask", "what entry requirements apply", "--standard", "ST1406", "--json", env_build=str(bundled_build_root))
    payload = json.loads(result.stdout)
    assert payload["kind"] == "entry_requirements"
    assert "GCSE science grade C or 4" in payload["text"]
    assert payload["sources"][0]["reference"] == "ST1406" and payload["sources"][0]["version"] == "1.0"


def test_unknown_code_exits_1_with_suggestions(bundled_knowledge, bundled_build_root):
    result = _run("ksb", "ST1406", "K999", "--json", env_build=str(bundled_build_root))
    assert result.returncode == 1
    assert json.loads(result.stdout)["suggestions"]


def test_bad_usage_exits_2():
    result = _run("facts", "ST1406", "--fact", "colour")
    assert result.returncode == 2 and "invalid choice" in result.stderr


def test_full_catalogue_k42(full_knowledge):
    result = _run("ask", "what does K42 cover", "--standard", "ST1406", "--full")
    assert result.returncode == 0, result.stderr
    assert K42 in result.stdout


def test_french_matches_are_the_same_in_every_process(full_knowledge):
    # Python orders sets differently from one process to the next: no answer may depend on it (the poultry
    # technician's courses once did, through the idf a French word's root took from whichever form came first).
    asked = ("ask", "what would a poultry technician train in over in france?", "--full")
    first, second = _run(*asked, hash_seed="1"), _run(*asked, hash_seed="3")
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    assert "FOR." in first.stdout and first.stdout == second.stdout


def test_migrate_creates_the_learner_tables(tmp_path):
    url = f"sqlite:///{tmp_path / 'learners.sqlite'}"
    done = subprocess.run([sys.executable, "-m", "bot", "migrate", "--url", url], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("learner tables ready: ")
    assert (tmp_path / "learners.sqlite").stat().st_size > 0
