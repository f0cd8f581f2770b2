"""The live tracker store (rasa_extensions/tracker_store.py), exercised in the Rasa environment by
tests/rasa_extensions/rasa_checks.py: events streamed once each, a failed turn leaves nothing, conversations
bounded in number and idle time, a forgotten conversation gone, a crowd of senders within a stated memory."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from tests.conftest import ROOT

CROWD_MEMORY_MB = 200  # README: 100,000 senders keep at most 20,000 conversations, under this much memory


def rasa_check(name: str, *args: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3", "RASA_TELEMETRY_ENABLED": "false"}
    done = subprocess.run(
        [str(ROOT / ".venv-rasa" / "bin" / "python"), "-m", "tests.rasa_extensions.rasa_checks", name, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def observed() -> dict:
    return rasa_check("tracker_store")


def test_an_event_broker_gets_each_new_event_once(observed):
    assert observed["streamed_first"] == observed["events_first"]
    assert observed["streamed_second"] == 2  # the user message and the slot of the second save, not zero


def test_a_turn_that_failed_before_saving_leaves_no_events(observed):
    assert observed["events_after_failed_turn"] == observed["saved_events"]
    assert observed["last_user_text_after_failed_turn"] == "and S3?"


def test_conversations_are_bounded_least_recently_used_first(observed):
    assert observed["kept"] == 1000
    assert observed["recently_used_kept"] and observed["newest_kept"]
    assert not observed["oldest_kept"]


def test_idle_and_forgotten_conversations_are_gone(observed):
    assert observed["idle_forgotten"]
    assert observed["forgotten"]


def test_a_hundred_thousand_senders_stay_within_the_stated_memory():
    crowd = rasa_check("crowd_memory")
    assert crowd["senders"] == 100_000
    assert crowd["kept"] == crowd["bound"] == 20_000
    assert crowd["grown_mb"] < CROWD_MEMORY_MB, crowd
