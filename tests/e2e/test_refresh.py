"""Staying current through the real servers: with a stand-in of the live sources serving an older catalogue the
assistant answers from it; the stand-in switches to the newer one, `python -m bot refresh --build` runs, and the
same question through REST gets the new answer without restarting anything, every turn in between answered
from one catalogue or the other; a quiz started before the refresh finishes after it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from bot.learners import LearnerStore
from launcher.cluster import DATABASE
from tests.catalogue_standin import API_PATH, CatalogueApi
from tests.conftest import ROOT
from tests.e2e.conftest import rest, say, texts

FUNDING = "what is the maximum funding for ST0216"
SETTLED = 6  # answers in a row from the new catalogue: through round robin, every action server has reloaded


@pytest.fixture(scope="module", params=["single process", "cluster"])
def live(request, rasa_model, tmp_path_factory):
    """The assistant on a refreshed stand-in catalogue: `make run`'s single process, then `make run-cluster`'s
    two replicas and two action servers, each action server reloading on its own."""
    from launcher.cluster import ClusterPlan, start_cluster
    from launcher.servers import free_port, start_assistant

    api = CatalogueApi()
    root = Path(tempfile.mkdtemp(prefix="live-"))
    root.chmod(0o755)  # the cluster's PostgreSQL runs as its own user inside it
    (root / "seed").mkdir()
    env = {
        **os.environ,
        "STANDARDS_API_URL": api.url + API_PATH,
        "ONISEP_JOBS_URL": "",
        "ONISEP_COURSES_URL": "",
        "APPRENTICE_BUILD_DIR": str(root / "build"),
        "HF_HUB_OFFLINE": "1",
    }
    assert run_refresh(root, env).returncode == 0
    action_env = {"APPRENTICE_DATA_DIR": str(root / "catalogue"), "APPRENTICE_BUILD_DIR": env["APPRENTICE_BUILD_DIR"]}
    if request.param == "cluster":
        plan = ClusterPlan(replicas=2, actions=2, full=True, rasa_port=free_port(), web_port=free_port(), folder=root / "cluster")
        running = start_cluster(rasa_model, plan, action_env=action_env)
        store = LearnerStore(running.postgres.url(DATABASE), create_tables=False)
    else:
        learners = f"sqlite:///{root / 'learners.sqlite'}"
        running = start_assistant(
            rasa_model, full=True, log_dir=root / "servers", action_env={**action_env, "APPRENTICE_LEARNER_DB": learners}
        )
        store = LearnerStore(learners)
    yield running, api, root, env, store
    running.stop()
    api.stop()
    shutil.rmtree(root, ignore_errors=True)


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
        if all("£5,000" in each for each in seen[-SETTLED:]) and len(seen) >= SETTLED:
            break
        time.sleep(0.5)
    assert all("£5,000" in each for each in seen[-SETTLED:]), "the new catalogue was not picked up by every action server"
    assert "v1.3" in texts(say(hook, "refresh-2", "what version of ST0216 is current?"))[0]

    question = store.quiz(rest(learner))["question"]
    answer = "abcd"[question["answer"]] if question["choices"] else question["reference_text"]
    graded = texts(say(hook, learner, answer))[0]
    assert graded.startswith(("Correct!", "Good explanation")) and "Question 2 of" in graded
