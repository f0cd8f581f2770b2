"""The Teams connector's resilience (rasa_extensions/teams.py), in the Rasa environment against a local stand-in
(tests/rasa_extensions/rasa_checks.py): known signing keys keep serving while a refresh fails, none known is a
clear 'unavailable', and a failing token request is recorded for the health route instead of raising."""

from __future__ import annotations

import pytest

from tests.rasa_extensions.test_tracker_store import rasa_check


@pytest.fixture(scope="module")
def observed() -> dict:
    return rasa_check("teams_keys")


def test_known_keys_keep_serving_while_a_refresh_fails(observed):
    assert observed["first"] == observed["kept_while_refresh_fails"] == "k1"
    assert observed["retry_wait_positive"]


def test_no_keys_at_all_is_reported_as_unavailable(observed):
    assert observed["no_keys_yet"].startswith("KeysUnavailable")


def test_a_failing_token_request_is_recorded_not_raised(observed):
    assert observed["token_error"].startswith("token request failed") and "secret expired" in observed["token_error"]


def test_the_health_route_says_replies_are_not_being_sent_while_tokens_fail(observed):
    assert observed["health_before"] == {"status": "ok"}
    assert observed["health_after"]["status"] == "degraded" and "secret expired" in observed["health_after"]["detail"]
