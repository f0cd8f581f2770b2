"""The stores a cluster's replicas share, in the Rasa environment against a real PostgreSQL and Redis started
here on loopback (tests/rasa_extensions/rasa_checks.py):
- SharedTrackerStore: a turn taken by another replica is seen (the stale object is not reused), an object is
  reused while nothing changed, a failed turn leaves nothing, the rows are Rasa's own, 'forget me' deletes them;
- SharedRedisLockStore: tickets issued at once by two replicas are all distinct (Rasa's read-modify-write
  store is raced in the same run for comparison), a turn holds the lock against the other replica, a Redis
  that stays unreachable ends in its own error after the wait;
- Deliveries: a retry reaching the other replica is recognised; without Redis, the process remembers."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from launcher.services import PostgresServer, RedisServer
from tests.rasa_extensions.test_tracker_store import rasa_check


@pytest.fixture(scope="module")
def postgres_port():
    folder = Path(tempfile.mkdtemp(prefix="pg-"))
    server = PostgresServer(folder, durable=False)
    server.start()
    yield str(server.port)
    server.stop()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def redis_port():
    folder = Path(tempfile.mkdtemp(prefix="redis-"))
    server = RedisServer(folder)
    server.start()
    yield str(server.port)
    server.stop()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def tracker(postgres_port) -> dict:
    return rasa_check("shared_tracker_store", postgres_port)


def test_each_new_event_is_streamed_once(tracker):
    assert tracker["streamed_new"] == tracker["events_new"]
    assert tracker["streamed_turn"] == 2


def test_a_replica_reuses_its_tracker_until_another_replica_takes_a_turn(tracker):
    assert tracker["same_object_reused"]
    assert tracker["replica_1_reread"]
    assert tracker["slot_seen_by_replica_1_after_replica_2"] == "ST0343"


def test_a_turn_that_failed_before_saving_leaves_no_events(tracker):
    assert tracker["last_text_after_failed_turn"] == "what about K5?"
    assert tracker["events_after_failed_turn"] == tracker["events_before_failed_turn"]


def test_the_rows_are_rasas_own(tracker):
    assert tracker["stock_store_slot"] == "ST0343"
    assert tracker["stock_store_events"] == tracker["events_before_failed_turn"]
    assert tracker["rows"] == tracker["stock_store_events"] + 1  # + action_session_start, stored before the session it opens


def test_forget_me_deletes_the_stored_conversation(tracker):
    assert tracker["rows_after_forget"] == 0
    assert tracker["retrieve_after_forget"]


def test_tickets_issued_at_once_by_two_replicas_are_distinct(redis_port):
    locks = rasa_check("lock_tickets", redis_port)
    assert locks["ours_issued"] == locks["ours_distinct"] == 200
    print(f"\nRasa's RedisLockStore in the same race: {locks['stock_distinct']} distinct tickets of {locks['stock_issued']}")
    assert locks["held_during_turn"] and not locks["lock_left_after_turn"]
    assert locks["unreachable_after_patience"] == "ConnectionError"


def test_a_retried_delivery_is_recognised_on_another_replica(redis_port):
    seen = rasa_check("shared_deliveries", redis_port)
    assert seen["first_delivery"] and not seen["retry_on_other_replica"] and seen["another_delivery"]
    assert seen["without_redis_first"] and not seen["without_redis_retry"]
