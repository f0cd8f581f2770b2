"""The door of every channel (rasa_extensions/door.py) when Rasa refuses a turn because the conversation's lock
is not free in time (a burst of messages on the web socket): the person is told to send it again, and nothing
is raised into the channel's task (it was logged as 'Task exception was never retrieved')."""

from __future__ import annotations

from tests.rasa_extensions.test_tracker_store import rasa_check


def test_a_turn_refused_for_its_lock_is_answered_not_raised():
    observed = rasa_check("door_busy")
    assert observed["returned"] is None
    assert observed["texts"] == [observed["busy"]]
    assert "send it again" in observed["busy"]
