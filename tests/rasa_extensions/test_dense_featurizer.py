"""The NLU dense featurizer. Its model (rasa_extensions/sentence_encoder.py) is tested here on Python 3.11 without
Rasa: the knowledge core's vectors, one row per whitespace token, long messages truncated quickly. The Rasa
component around it (rasa_extensions/dense_featurizer.py) runs once in the Rasa environment below, and in every
training (tests/test_rasa_project.py)."""

from __future__ import annotations

import json
import re
import subprocess
import time

import numpy as np
import pytest

from rasa_extensions.sentence_encoder import DIMENSION, MAX_WORD_PIECES, EncoderMissing, SentenceEncoder, encoder_dir
from tests.conftest import ROOT


def whitespace_spans(text: str) -> list[tuple[int, int]]:
    return [match.span() for match in re.finditer(r"\S+", text)]


@pytest.fixture(scope="module")
def nlu_model() -> SentenceEncoder:
    from launcher.model import nlu_encoder

    return SentenceEncoder(nlu_encoder())


def encode(model: SentenceEncoder, *texts: str) -> tuple[np.ndarray, list[np.ndarray]]:
    return model.encode(texts, [whitespace_spans(t) for t in texts])


def test_sentence_vectors_are_the_knowledge_cores(nlu_model, encoder):
    texts = ["what does K42 cover", "How long does the Lab Technician apprenticeship last?", "hi"]
    sentences, _ = encode(nlu_model, *texts)
    assert sentences.shape == (3, DIMENSION) and sentences.dtype == np.float32
    assert np.allclose(np.linalg.norm(sentences, axis=1), 1.0, atol=1e-5)
    assert np.allclose((sentences * encoder.encode(texts)).sum(axis=1), 1.0, atol=1e-4)


def test_paraphrases_are_closer_than_unrelated_messages(nlu_model):
    sentences, _ = encode(
        nlu_model,
        "how long does the apprenticeship last",
        "what is the duration of this apprenticeship",
        "what GCSEs do I need to get in",
        "thanks, goodbye",
    )
    similarity = sentences @ sentences.T
    assert similarity[0, 1] > similarity[0, 2] + 0.1
    assert similarity[0, 1] > similarity[0, 3] + 0.1


def test_one_sequence_row_per_whitespace_token(nlu_model):
    texts = ["what does K42 cover?", "biotechnologist's   entry requirements", "ok", "level 3 (advanced) — 18 months"]
    _, sequences = encode(nlu_model, *texts)
    for text, rows in zip(texts, sequences, strict=True):
        assert rows.shape == (len(text.split()), DIMENSION) and rows.dtype == np.float32
        assert np.abs(rows).sum(axis=1).min() > 0  # every token has word pieces
    assert not np.allclose(sequences[0][0], sequences[0][1])


def test_a_token_is_the_normalised_mean_of_its_word_pieces(nlu_model):
    # One token made of three word pieces, then the same pieces as three tokens: the one row points their way.
    _, (joined,) = nlu_model.encode(["hi.you"], [[(0, 6)]])
    _, (split,) = nlu_model.encode(["hi.you"], [[(0, 2), (2, 3), (3, 6)]])
    assert joined.shape == (1, DIMENSION) and split.shape == (3, DIMENSION)
    assert np.allclose(np.linalg.norm(split, axis=1), 1.0, atol=1e-5)
    mean = split.mean(axis=0)
    assert float(joined[0] @ mean / np.linalg.norm(mean)) > 0.99
    assert float(joined[0] @ split[0]) < 0.95  # not just the first piece


def test_batches_come_back_in_the_callers_order(nlu_model):
    texts = [f"question {'very ' * i}number {i}" for i in range(40)][::-1]
    sentences, sequences = encode(nlu_model, *texts)
    for i in (0, 17, 39):
        alone, (alone_rows,) = encode(nlu_model, texts[i])
        # Not bit-identical: the int8 model quantises activations with one scale per batch (cosine ~0.98-0.99).
        assert float(sentences[i] @ alone[0]) > 0.97
        assert sequences[i].shape == alone_rows.shape and (sequences[i] * alone_rows).sum(axis=1).min() > 0.9


def test_a_5000_word_message_is_truncated_quickly(nlu_model):
    text = " ".join(f"word{i % 50}" for i in range(5000))
    encode(nlu_model, "warm up")
    started = time.perf_counter()
    sentences, (rows,) = encode(nlu_model, text)
    elapsed = time.perf_counter() - started
    assert rows.shape == (5000, DIMENSION) and np.isfinite(sentences).all()
    covered = np.abs(rows).sum(axis=1) > 0
    assert covered[:10].all() and not covered[MAX_WORD_PIECES:].any()  # past 128 word pieces: zeros
    assert elapsed < 1.0, f"{elapsed:.2f} s"


def test_a_missing_encoder_folder_says_what_to_run(monkeypatch, tmp_path):
    monkeypatch.delenv("APPRENTICE_NLU_ENCODER", raising=False)
    with pytest.raises(EncoderMissing, match="python -m launcher train"):
        encoder_dir()
    monkeypatch.setenv("APPRENTICE_NLU_ENCODER", str(tmp_path))
    with pytest.raises(EncoderMissing, match=r"lacks model\.int8\.onnx and tokenizer\.json.*python -m launcher train"):
        encoder_dir()
    from launcher.model import nlu_encoder

    assert encoder_dir(str(nlu_encoder())) == nlu_encoder()  # the component's model_dir wins over the variable


RASA_SIDE = """
import json
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from rasa_extensions.dense_featurizer import MiniLMFeaturizer

tokenizer = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
featurizer = MiniLMFeaturizer("dense", MiniLMFeaturizer.get_default_config())
training = TrainingData([Message(data={"text": t, "intent": "x"}) for t in ["what does K42 cover?", "how long's it?"]])
tokenizer.process_training_data(training)
featurizer.process_training_data(training)
message = Message(data={"text": "and its entry requirements???"})
tokenizer.process([message])
featurizer.process([message])
print(json.dumps([
    {"tokens": len(m.get("text_tokens")), "features": [[f.type, f.origin, list(f.features.shape)] for f in m.features]}
    for m in [*training.training_examples, message]
]))
"""


def test_the_rasa_component_adds_a_sentence_and_a_sequence_feature_per_message():
    from launcher.model import RASA_PYTHON, rasa_env

    result = subprocess.run([str(RASA_PYTHON), "-c", RASA_SIDE], cwd=ROOT, env=rasa_env(), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    messages = json.loads(result.stdout.strip().splitlines()[-1])
    for message in messages:
        tokens = message["tokens"]
        assert message["features"] == [["sequence", "dense", [tokens, DIMENSION]], ["sentence", "dense", [1, DIMENSION]]]
    assert [m["tokens"] for m in messages] == [4, 4, 4]
