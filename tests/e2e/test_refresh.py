"""Staying current through the real servers: with a stand-in of the live sources serving an older catalogue the
assistant answers from it; the stand-in switches to the newer one, `python -m bot refresh --build` runs, and the
same question through REST gets the new answer without restarting anything, every turn in between answered
from one catalogue or the other; a quiz started before the refresh finishes after it."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from bot.learners import LearnerStore
from tests.catalogue_standin import API_PATH, CatalogueApi
from tests.conftest import ROOT
from tests.e2e.conftest import rest, say, texts

FUNDING = "what is the maximum funding for ST0216"


@pytest.fixture(scope="module")
def live(rasa_model, tmp_path_factory):
    from launcher.servers import start_assistant

    api = CatalogueApi()
    root = tmp_path_factory.mktemp("live")
    (root / "seed").mkdir()
    env = {
        **os.environ,
        "STANDARDS_API_URL": api.url + API_PATH,
        "ONISEP_JOBS_URL": "",
        "ONISEP_COURSES_URL": "",
        "APPRENTICE_BUILD_DIR": str(root / "build"),
        "HF_HUB_OFFLINE": "1",
    }
    learners = f"sqlite:///{root / 'learners.sqlite'}"
    assert run_refresh(root, env).returncode == 0
    running = start_assistant(
        rasa_model,
        full=True,
        log_dir=root / "servers",
        action_env={
            "APPRENTICE_DATA_DIR": str(root / "catalogue"),
            "APPRENTICE_BUILD_DIR": env["APPRENTICE_BUILD_DIR"],
            "APPRENTICE_LEARNER_DB": learners,
        },
    )
    yield running, api, root, env, LearnerStore(learners)
    running.stop()
    api.stop()


def run_refresh(root, env) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "bot", "refresh", "--target", str(root / "catalogue"), "--seed", str(root / "seed"), "--build"]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


def test_the_answer_changes_after_a_refresh_without_a_restart_and_a_quiz_goes_on(live):
    running, api, root, env, store = live
    hook = running.webhook
    before = texts(say(hook, "refresh-1", FUNDING))[0]
    assert "£3,000" in before and "ST0216" in before

    learner = "refresh-learner"
    assert "Question 1 of" in texts(say(hook, learner, "quiz me on ST0216"))[0]

    api.mode = "new"
    refreshed = run_refresh(root, env)
    assert refreshed.returncode == 0, refreshed.stderr
    assert "ST0216 Healthcare support worker: v1.2 -> v1.3" in refreshed.stdout

    seen, deadline = [], time.monotonic() + 180
    while time.monotonic() < deadline:
        answer = texts(say(hook, f"refresh-poll-{len(seen)}", FUNDING))[0]
        assert "£3,000" in answer or "£5,000" in answer, answer  # one catalogue or the other, never a failure
        seen.append(answer)
        if "£5,000" in answer:
            break
        time.sleep(1)
    assert "£5,000" in seen[-1], "the new catalogue was not picked up"
    assert "v1.3" in texts(say(hook, "refresh-2", "what version of ST0216 is current?"))[0]

    question = store.quiz(rest(learner))["question"]
    answer = "abcd"[question["answer"]] if question["choices"] else question["reference_text"]
    graded = texts(say(hook, learner, answer))[0]
    assert graded.startswith(("Correct!", "Good explanation")) and "Question 2 of" in graded
