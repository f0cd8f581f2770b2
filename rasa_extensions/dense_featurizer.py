"""Dense features for DIET from all-MiniLM-L6-v2, the model the knowledge core already searches with.

Why: the sparse featurizers only know words and character n-grams seen in training; sentence vectors let DIET
place paraphrases it never saw near the intents they mean, for about 2 ms per message on one CPU thread.
The model runs in rasa_extensions/sentence_encoder.py, free of Rasa so that it is tested from Python 3.11;
this component only hands it the tokenizer's tokens and gives Rasa the vectors: one sentence feature
(1 x 384) and one sequence feature row per token, so they line up with the sparse features of the same tokens.
"""

from __future__ import annotations

import hashlib
import inspect
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from rasa_extensions import sentence_encoder
from rasa_extensions.sentence_encoder import MODEL_FILE, TOKENIZER_FILE, SentenceEncoder, encoder_dir


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class MiniLMFeaturizer(DenseFeaturizer, GraphComponent):
    """Sentence and per-token features of TEXT; follows a tokenizer, whose token spans it pools over."""

    @classmethod
    def required_components(cls) -> list[type]:
        return [Tokenizer]

    @staticmethod
    def required_packages() -> list[str]:
        return ["onnxruntime", "tokenizers"]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # model_dir: the folder with model.int8.onnx and tokenizer.json; unset means $APPRENTICE_NLU_ENCODER.
        # batch_size: training messages per ONNX run (549 examples in 0.6 s at 16 or 64, 0.8 s one at a time).
        return {**DenseFeaturizer.get_default_config(), "model_dir": None, "batch_size": 64}

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        encoder_dir(config.get("model_dir"))  # fails at once, naming what to run

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        """Rasa's training cache keys a node on its class's source and config only; the encoder's code and the model
        files are added so that changing either never reuses features (or a DIET trained on them) from the cache."""
        folder = encoder_dir(config.get("model_dir"))
        digest = hashlib.sha256(inspect.getsource(sentence_encoder).encode())
        for name in (MODEL_FILE, TOKENIZER_FILE):
            digest.update((folder / name).read_bytes())
        return digest.hexdigest()

    @classmethod
    def create(
        cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource, execution_context: ExecutionContext
    ) -> MiniLMFeaturizer:
        return cls(execution_context.node_name, config)

    def __init__(self, name: str, config: dict[str, Any]) -> None:
        super().__init__(name, config)
        self._encoder = SentenceEncoder(encoder_dir(config.get("model_dir")))
        self._batch_size = int(config["batch_size"])

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self._featurize([m for m in training_data.training_examples if m.get(TEXT)])
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        self._featurize([m for m in messages if m.get(TEXT)])
        return messages

    def _featurize(self, messages: list[Message]) -> None:
        texts = [m.get(TEXT) for m in messages]
        spans = [[(t.start, t.end) for t in m.get(TOKENS_NAMES[TEXT], [])] for m in messages]
        sentences, sequences = self._encoder.encode(texts, spans, batch_size=self._batch_size)
        for message, sentence, sequence in zip(messages, sentences, sequences, strict=True):
            self.add_features_to_message(sequence=sequence, sentence=sentence[None, :], attribute=TEXT, message=message)
