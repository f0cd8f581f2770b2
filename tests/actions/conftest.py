"""Action tests in the financial-demo style: trackers from JSON fixtures, a CollectingDispatcher, exact asserts
on the messages and events. The actions answer from the real bundled knowledge base."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import knowledge

TRACKERS = Path(__file__).parent / "trackers"


@pytest.fixture(scope="session")
def bundled_core(bundled_retriever, tmp_path_factory):
    from bot.learners import LearnerStore

    store = LearnerStore(f"sqlite:///{tmp_path_factory.mktemp('learners') / 'learners.sqlite'}")
    return knowledge.Core.from_retriever(bundled_retriever, store=store)


@pytest.fixture(autouse=True)
def core(bundled_core):
    knowledge.use(bundled_core)
    yield bundled_core
    knowledge.use(None)


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


@pytest.fixture
def domain() -> dict[str, Any]:
    return {}


def load_tracker(
    name: str, text: str | None = None, intent: str | None = None, entities: list[dict] | None = None, **slots: Any
) -> Tracker:
    """A tracker from tests/actions/trackers/<name>.json, with the latest message and slots overridden."""
    state = copy.deepcopy(json.loads((TRACKERS / f"{name}.json").read_text()))
    if text is not None:
        state["latest_message"]["text"] = text
    if intent is not None:
        state["latest_message"]["intent"] = {"name": intent, "confidence": 0.95}
    if entities is not None:
        state["latest_message"]["entities"] = entities
    state["slots"].update(slots)
    return Tracker.from_dict(state)
