"""The learner store's contract; tests/bot/test_learners_postgres.py runs the same checks on PostgreSQL."""

from __future__ import annotations

import pytest

from bot.learners import LearnerStore, Progress


@pytest.fixture
def store(tmp_path) -> LearnerStore:
    return LearnerStore(f"sqlite:///{tmp_path / 'learners.sqlite'}")


def check_progress_round_trip_and_isolation(store: LearnerStore) -> None:
    store.save_progress("alice", "ST1406", Progress("K42", box=2, due_at=100.0, seen=1, correct=1, last_seen=50.0))
    store.save_progress("alice", "ST1406", Progress("K42", box=3, due_at=200.0, seen=2, correct=2, last_seen=60.0))
    store.save_progress("bob", "ST1406", Progress("S12", box=1, due_at=10.0, seen=1, correct=0, last_seen=5.0))
    assert store.progress("alice", "ST1406") == {"K42": Progress("K42", 3, 200.0, 2, 2, 60.0)}
    assert set(store.progress("bob", "ST1406")) == {"S12"}
    assert store.progress("alice", "ST0248") == {}


def check_quiz_state_and_forget(store: LearnerStore) -> None:
    store.save_quiz("alice", {"index": 1, "codes": ["K1", "K2"]})
    store.save_quiz("alice", {"index": 2, "codes": ["K1", "K2"]})
    store.save_quiz("bob", {"index": 0})
    assert store.quiz("alice") == {"index": 2, "codes": ["K1", "K2"]}
    store.save_progress("alice", "ST1406", Progress("K1", 1, 0.0, 1, 0, 0.0))
    assert store.forget("alice") == 2
    assert store.quiz("alice") is None and store.progress("alice", "ST1406") == {} and not store.holds("alice")
    assert store.quiz("bob") == {"index": 0}
    store.end_quiz("bob")
    assert store.quiz("bob") is None


def check_survives_a_new_connection(store: LearnerStore) -> None:
    store.save_progress("carol", "ST1406", Progress("B1", 4, 9.0, 3, 3, 8.0))
    again = LearnerStore(store.url)
    assert again.progress("carol", "ST1406")["B1"].box == 4


def test_progress_round_trip_and_isolation(store):
    check_progress_round_trip_and_isolation(store)


def test_quiz_state_and_forget(store):
    check_quiz_state_and_forget(store)


def test_survives_a_new_connection(store):
    check_survives_a_new_connection(store)


def test_a_forgotten_learner_leaves_no_bytes_in_the_sqlite_files(store, tmp_path):
    learner = "web:forgotten-learner-0f3a9c"
    for number in range(50):
        store.save_progress(learner, "ST1406", Progress(f"K{number}", 1, 0.0, 1, 0, 0.0))
    store.save_quiz(learner, {"index": 3, "codes": ["K1", "K2"], "note": learner})
    store.save_progress("web:someone-else", "ST1406", Progress("K1", 1, 0.0, 1, 0, 0.0))
    assert store.forget(learner) == 51
    files = [path for path in tmp_path.iterdir() if path.name.startswith("learners.sqlite")]
    assert files and all(learner.encode() not in path.read_bytes() for path in files)
    assert any(b"web:someone-else" in path.read_bytes() for path in files)  # the others' rows stay


def check_concurrent_saves_of_one_row(store: LearnerStore) -> None:
    """Workers saving the same new row at the same moment (a barrier lines them up before each save): every
    save succeeds, as it does only when a save is one upsert (update-then-insert lets two insert)."""
    import threading

    errors: list[BaseException] = []
    rounds, barrier = 15, threading.Barrier(6)

    def save(worker: int) -> None:
        for i in range(rounds):
            barrier.wait()
            try:
                store.save_progress(
                    "carol", "ST1406", Progress(f"K{i + 1}", box=1 + worker % 5, due_at=1.0, seen=1, correct=0, last_seen=0.0)
                )
                store.save_quiz(f"carol-{i}", {"worker": worker})
            except BaseException as exc:  # any failure of a worker fails the check
                errors.append(exc)

    workers = [threading.Thread(target=save, args=(n,)) for n in range(6)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    assert set(store.progress("carol", "ST1406")) == {f"K{i + 1}" for i in range(rounds)}
    assert all(store.quiz(f"carol-{i}") is not None for i in range(rounds))
    for learner in ["carol", *(f"carol-{i}" for i in range(rounds))]:
        store.forget(learner)


def test_concurrent_saves_of_one_row(tmp_path):
    check_concurrent_saves_of_one_row(LearnerStore(f"sqlite:///{tmp_path / 'learners.sqlite'}"))


def test_a_migrated_store_does_not_create_tables_itself(tmp_path):
    from bot.learners import migrate

    url = f"sqlite:///{tmp_path / 'migrated.sqlite'}"
    assert migrate(url) == ["ksb_progress", "quiz_state"]
    store = LearnerStore(url, create_tables=False)
    store.save_quiz("dora", {"step": 1})
    assert store.quiz("dora") == {"step": 1}
