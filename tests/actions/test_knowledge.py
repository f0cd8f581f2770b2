"""The action server's knowledge base: loaded once, in the background at start, waited for by a question."""

from __future__ import annotations

import threading
import time

import actions.knowledge as knowledge


def test_the_warm_up_runs_beside_the_server_and_a_question_waits_for_the_same_load(monkeypatch):
    loads: list[str] = []
    release = threading.Event()

    class SlowCore:
        @classmethod
        def from_retriever(cls, _retriever):  # type: ignore[no-untyped-def]
            loads.append(threading.current_thread().name)
            release.wait(5)
            return cls()

        def warm(self) -> None:
            pass

    monkeypatch.setattr(knowledge, "_core", None)
    monkeypatch.setattr(knowledge, "Core", SlowCore)
    monkeypatch.setattr(knowledge, "Retriever", lambda _knowledge: None)
    monkeypatch.setattr(knowledge, "open_knowledge", lambda _spec, log=None: None)

    started = time.perf_counter()
    thread = knowledge.warm_in_background()
    assert time.perf_counter() - started < 1  # the server is not held up while the knowledge base loads
    answers: list[object] = []
    asker = threading.Thread(target=lambda: answers.append(knowledge.core()))
    asker.start()
    time.sleep(0.1)
    assert answers == []  # the question waits...
    release.set()
    thread.join(5)
    asker.join(5)
    assert loads == ["warm-knowledge"]  # ...for the one load, which it then uses
    assert answers == [knowledge._core] and isinstance(answers[0], SlowCore)
