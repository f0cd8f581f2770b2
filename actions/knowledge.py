"""The knowledge core an action-server process answers from: loaded once, warmed before the first question,
and replaced without a restart when a new build of its corpus appears (`make refresh`).

APPRENTICE_CORPUS=full selects the full catalogue (see bot.corpus.CorpusSpec.from_env). Tests inject a core
built on the bundled corpus with `use()`.

Hot reload: each turn asks `core()` once and answers from that core to the end, so a turn is answered from
one index, old or new. At most every RELOAD_CHECK_SECONDS a turn reads the build's manifest; when it names a
new build, a background thread loads and warms the new core while turns go on with the old one, then swaps
it in. The learner store is handed over, so a quiz started before the swap goes on after it.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

from bot.answers import AnswerService
from bot.conversation import Assistant
from bot.corpus import CorpusSpec
from bot.french import FrenchMatcher
from bot.index import IndexUnusable, build_stamp, load_when_built, open_knowledge
from bot.learners import LearnerStore
from bot.quiz import QuizMaster
from bot.quiz_conversation import QuizConversation
from bot.retrieval import Retriever

logger = logging.getLogger(__name__)


@dataclass
class Core:
    retriever: Retriever
    service: AnswerService
    french: FrenchMatcher
    quiz: QuizMaster
    assistant: Assistant
    quizzes: QuizConversation

    @classmethod
    def from_retriever(cls, retriever: Retriever, store: LearnerStore | None = None) -> Core:
        """`store` defaults to APPRENTICE_LEARNER_DB (or the SQLite file under var/)."""
        service, french = AnswerService(retriever), FrenchMatcher(retriever)
        quiz = QuizMaster(retriever, store or LearnerStore())
        assistant = Assistant(retriever, service, french)
        return cls(retriever, service, french, quiz, assistant, QuizConversation(assistant, quiz))

    def warm(self) -> None:
        """Pays every lazy cost (model session, resolver, French indexes, speller, kind examples) before a user
        waits on it."""
        self.retriever.encoder.encode_query("warm up")
        resolver = self.assistant.resolver
        resolver.mentions("warm up the phrase matcher")
        resolver.rare_word("warm")  # the word spread over every standard's text, built once
        self.retriever.search("warm up", kinds=("title",), limit=1)
        self.service.standards_answer("warm up with animals")  # the name ranker and the search by description
        self.assistant.reverse.warm()
        self.french.warm()
        self.assistant.speller.correct("warm up the spelling")  # its vocabulary, built once
        self.assistant.kind_guesser.warm()
        _ = self.assistant.french_crafts  # the words the catalogue puts after 'French', read once


RELOAD_CHECK_SECONDS = 2.0

_core: Core | None = None
_loading = threading.Lock()  # the warm-up thread and a first question load it once, the second one waits
_stamp: str | None = None  # the build the core was loaded from
_checked_at = 0.0
_reloading: threading.Thread | None = None


def core() -> Core:
    global _core, _stamp
    with _loading:
        if _core is None:
            spec = CorpusSpec.from_env()
            logger.info("loading the %s knowledge base", spec.name)
            loaded = Core.from_retriever(Retriever(open_knowledge(spec, log=logger.info)))
            loaded.warm()
            _core, _stamp = loaded, build_stamp(spec)
        current = _core
    _reload_if_rebuilt()
    return current


def _reload_if_rebuilt() -> None:
    """Starts loading a new build in the background when the manifest names one (checked every few seconds)."""
    global _checked_at, _reloading
    now = time.monotonic()
    if _stamp is None or now - _checked_at < RELOAD_CHECK_SECONDS or (_reloading and _reloading.is_alive()):
        return
    _checked_at = now
    spec = CorpusSpec.from_env()
    stamp = build_stamp(spec)
    if stamp and stamp != _stamp:
        _reloading = threading.Thread(target=_reload, args=(spec, stamp), name="reload-knowledge", daemon=True)
        _reloading.start()


def _reload(spec: CorpusSpec, stamp: str) -> None:
    global _core, _stamp
    try:
        knowledge = load_when_built(spec)
    except IndexUnusable as exc:  # a build still being written, or a broken one: keep answering from the old
        logger.warning("new build not loaded, still answering from the previous one: %s", exc)
        return
    previous = _core
    fresh = Core.from_retriever(Retriever(knowledge), store=previous.quiz.store if previous else None)
    fresh.warm()
    with _loading:
        _core, _stamp = fresh, stamp
    logger.info("knowledge base reloaded: %s", stamp)


def warm_in_background() -> threading.Thread:
    """Loads and warms the knowledge base beside the server instead of before it: Sanic gives a worker 30 s
    to report for duty, and the full catalogue's warm-up (~15 s alone) can pass that on a busy 2-core machine.
    A question arriving meanwhile waits for the same load (the lock), it never starts a second one."""
    thread = threading.Thread(target=core, name="warm-knowledge", daemon=True)
    thread.start()
    return thread


def use(replacement: Core | None) -> None:
    """Sets the core the actions answer from (tests); None goes back to loading from the environment."""
    global _core, _stamp
    _core, _stamp = replacement, None
