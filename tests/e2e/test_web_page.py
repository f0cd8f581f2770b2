"""The chat page in headless Chromium (Debian's), driven by Playwright against the real servers: a question and
its answer, a quiz button, the history after a reload, a phone-width screen. Screenshots: test-artifacts/web/."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from tests.conftest import ROOT

SCRIPT = ROOT / "web" / "tests" / "chat_page.mjs"
SHOTS = ROOT / "test-artifacts" / "web"


@pytest.fixture(scope="module")
def browser_run(assistant) -> dict:
    if not shutil.which("node") or not (ROOT / "web" / "node_modules" / "playwright-core").is_dir():
        pytest.fail("node and web/node_modules are needed: run scripts/bootstrap.sh all")
    SHOTS.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["node", str(SCRIPT), assistant.web.url, str(SHOTS)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert "failure" not in seen, seen.get("failure")
    return seen


def test_the_page_welcomes_with_example_questions(browser_run):
    assert "apprenticeship standards" in browser_run["welcome"]
    assert "What does K42 cover in ST1406?" in browser_run["exampleButtons"]
    assert browser_run["errors"] == []


def test_a_typed_question_gets_its_answer_with_a_link_to_the_standard(browser_run):
    assert any("ST1406" in text for text in browser_run["aboutStandard"])
    assert browser_run["typingShown"]
    assert any("Types of water and its use: cooling water, purified water, water for injection" in text for text in browser_run["k42"])
    assert any("st1406" in link.lower() for link in browser_run["k42Links"])
    assert (SHOTS / "chat-k42.png").stat().st_size > 10_000


def test_a_quiz_button_answers_the_question(browser_run):
    assert any("Question 1 of" in text for text in browser_run["quizQuestion"])
    assert len(browser_run["quizChoices"]) == 4 and browser_run["quizChoices"][0].startswith("a)")
    assert browser_run["userMessages"][-1] == browser_run["quizChoices"][0]  # the button's title, not its payload
    assert browser_run["afterClick"][0].startswith(("Correct!", "Not quite"))
    assert browser_run["olderChoicesDisabled"]
    assert any("Quiz stopped" in text for text in browser_run["stop"])


def test_a_reload_shows_the_history_and_keeps_the_conversation(browser_run):
    assert browser_run["countAfterReload"] == browser_run["countBeforeReload"]
    assert any("Types of water" in text for text in browser_run["historyAfterReload"])
    assert any("K1" in text and "ST1406" in text for text in browser_run["sameConversation"])


def test_start_over_clears_the_page_and_begins_a_new_conversation(browser_run):
    assert browser_run["countAfterStartOver"] == 1  # the welcome only
    assert any("Which apprenticeship standard" in text for text in browser_run["newConversation"])


def test_the_page_fits_a_phone_screen(browser_run):
    assert browser_run["phoneOverflow"] <= 0
    assert (SHOTS / "chat-phone.png").is_file()


def test_the_page_is_accessible(browser_run):
    assert browser_run["spokenPrefix"]  # screen readers hear who said what
    assert browser_run["unnamedControls"] == 0
    assert set(browser_run["contrast"]) >= {".message--bot", ".message--user", ".choices button", "#chat-send"}
    assert min(browser_run["contrast"].values()) >= 4.5, browser_run["contrast"]


def test_forget_me_clears_the_pages_transcript_and_session(browser_run):
    assert browser_run["sessionAfterForget"] and browser_run["sessionAfterForget"] != browser_run["sessionBeforeForget"]
    assert browser_run["storedAfterForget"] == 0
    assert len(browser_run["shownAfterForget"]) == 1 and browser_run["shownAfterForget"][0].startswith("Done: I deleted everything")
