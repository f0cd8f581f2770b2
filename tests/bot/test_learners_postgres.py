"""The learner store's tests against a real PostgreSQL server started on loopback for this session."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from bot.learners import LearnerStore
from launcher.services import PostgresServer
from tests.bot.test_learners import (
    check_concurrent_saves_of_one_row,
    check_progress_round_trip_and_isolation,
    check_quiz_state_and_forget,
    check_survives_a_new_connection,
)


@pytest.fixture(scope="module")
def postgres_url():
    folder = Path(tempfile.mkdtemp(prefix="pg-"))
    server = PostgresServer(folder, durable=False)
    yield server.start()
    server.stop()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def store(postgres_url) -> LearnerStore:
    store = LearnerStore(postgres_url)
    for learner in ("alice", "bob", "carol"):
        store.forget(learner)
    return store


def test_progress_round_trip_and_isolation(store):
    assert store.engine.dialect.name == "postgresql"
    check_progress_round_trip_and_isolation(store)


def test_quiz_state_and_forget(store):
    check_quiz_state_and_forget(store)


def test_survives_a_new_connection(store):
    check_survives_a_new_connection(store)


def test_concurrent_saves_of_one_row_are_upserts(store):
    check_concurrent_saves_of_one_row(store)
