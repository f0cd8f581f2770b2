"""The knowledge core an action-server process answers from: loaded once, warmed before the first question.

APPRENTICE_CORPUS=full selects the full catalogue (see bot.corpus.CorpusSpec.from_env). Tests inject a core
built on the bundled corpus with `use()`.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

from bot.answers import AnswerService
from bot.conversation import Assistant
from bot.corpus import CorpusSpec
from bot.french import FrenchMatcher
from bot.index import open_knowledge
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


_core: Core | None = None
_loading = threading.Lock()  # the warm-up thread and a first question load it once, the second one waits


def core() -> Core:
    global _core
    with _loading:
        if _core is None:
            spec = CorpusSpec.from_env()
            logger.info("loading the %s knowledge base", spec.name)
            loaded = Core.from_retriever(Retriever(open_knowledge(spec, log=logger.info)))
            loaded.warm()
            _core = loaded
    return _core


def warm_in_background() -> threading.Thread:
    """Loads and warms the knowledge base beside the server instead of before it: Sanic gives a worker 30 s
    to report for duty, and the full catalogue's warm-up (~15 s alone) can pass that on a busy 2-core machine.
    A question arriving meanwhile waits for the same load (the lock), it never starts a second one."""
    thread = threading.Thread(target=core, name="warm-knowledge", daemon=True)
    thread.start()
    return thread


def use(replacement: Core | None) -> None:
    """Sets the core the actions answer from (tests); None goes back to loading from the environment."""
    global _core
    _core = replacement
