"""The NLU featurizer's model, free of Rasa so that it is tested from the core's Python 3.11 environment.

It runs the knowledge core's own all-MiniLM-L6-v2 int8 ONNX model (bot/embedding.py) once per text and takes two
things from that one pass: the sentence vector exactly as the core computes it (mean of the word pieces' hidden
states, L2-normalised), and one vector per token of the pipeline's tokenizer (the normalised mean of the word
pieces that overlap the token's characters), which Rasa's sequence features need. Text past 128 word pieces is
truncated, as in the core; tokens left without a word piece get zeros, as Rasa's language-model featurizer pads
them. The model and tokenizer come from one folder that the launcher prepares (launcher.model.nlu_encoder), so
the Rasa environment needs neither torch nor the model package.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from tokenizers import Encoding

ENCODER_VARIABLE = "APPRENTICE_NLU_ENCODER"
MODEL_FILE = "model.int8.onnx"
TOKENIZER_FILE = "tokenizer.json"
MAX_WORD_PIECES = 128
DIMENSION = 384
BATCH_SIZE = 16  # bot/embedding.py measured it fastest on 2 cores for short texts
HOW_TO_PREPARE = "run `.venv-core/bin/python -m launcher train` (it prepares the folder) and start Rasa with launcher.model.rasa_env()"

Span = tuple[int, int]


class EncoderMissing(RuntimeError):
    pass


def encoder_dir(configured: str | None = None) -> Path:
    """The folder holding the model and its tokenizer: the component's `model_dir`, else $APPRENTICE_NLU_ENCODER."""
    value = configured or os.environ.get(ENCODER_VARIABLE)
    if not value:
        raise EncoderMissing(f"no NLU encoder folder: neither {ENCODER_VARIABLE} nor the featurizer's model_dir is set; {HOW_TO_PREPARE}")
    folder = Path(value)
    missing = [name for name in (MODEL_FILE, TOKENIZER_FILE) if not (folder / name).is_file()]
    if missing:
        raise EncoderMissing(f"the NLU encoder folder {folder} lacks {' and '.join(missing)}; {HOW_TO_PREPARE}")
    return folder


class SentenceEncoder:
    """Sentence vectors and per-token vectors from one ONNX pass; loaded per process, caches nothing."""

    def __init__(self, folder: Path, threads: int = 1) -> None:
        # One thread: a message is a handful of word pieces, and the Rasa server's other core serves TensorFlow
        # and concurrent requests (measured p50 per message: 1.3-2.1 ms on one thread, 2.2-6.3 ms on two).
        import onnxruntime
        from tokenizers import Tokenizer

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        self._session = onnxruntime.InferenceSession(str(folder / MODEL_FILE), options, providers=["CPUExecutionProvider"])
        self._tokenizer = Tokenizer.from_file(str(folder / TOKENIZER_FILE))
        self._tokenizer.enable_truncation(MAX_WORD_PIECES)
        self._tokenizer.enable_padding()

    def encode(
        self, texts: Sequence[str], spans: Sequence[Sequence[Span]], batch_size: int = BATCH_SIZE
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        """(len(texts), 384) sentence vectors and, per text, a (len(spans), 384) matrix, one row per (start, end)
        character span. Texts of similar length are batched together (less padding), in the caller's order out."""
        sentences = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        sequences: list[np.ndarray] = [np.zeros((0, DIMENSION), dtype=np.float32)] * len(texts)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), batch_size):
            rows = order[start : start + batch_size]
            encodings = self._tokenizer.encode_batch([texts[i] for i in rows])
            ids = np.array([e.ids for e in encodings], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
            types = np.array([e.type_ids for e in encodings], dtype=np.int64)
            hidden = self._session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": types})[0]
            for row, encoding, states in zip(rows, encodings, hidden, strict=True):
                sentences[row], sequences[row] = _pool(encoding, states, spans[row])
        return sentences, sequences


def _pool(encoding: Encoding, states: np.ndarray, spans: Sequence[Span]) -> tuple[np.ndarray, np.ndarray]:
    """Sentence: mean over every attended position, [CLS] and [SEP] included, as the core does. Tokens: mean of
    the word pieces (special tokens excluded) whose character offsets overlap the token's span, L2-normalised
    like the sentence: raw hidden states (norm ~8) outweighed the sparse features and cost DIET entity recall
    on multi-word titles (held-out entity F1 0.92 raw, 0.98 normalised, 0.98 without dense features)."""
    attended = np.array(encoding.attention_mask, dtype=bool)
    sentence = states[attended].mean(axis=0)
    sentence /= max(float(np.linalg.norm(sentence)), 1e-12)
    pieces = attended & ~np.array(encoding.special_tokens_mask, dtype=bool)
    offsets = np.array(encoding.offsets, dtype=np.int64).reshape(-1, 2)[pieces]
    bounds = np.array(spans, dtype=np.int64).reshape(-1, 2)
    overlap = (offsets[None, :, 0] < bounds[:, 1, None]) & (offsets[None, :, 1] > bounds[:, 0, None])
    counts = np.maximum(overlap.sum(axis=1, keepdims=True), 1)
    sequence = (overlap.astype(np.float32) @ states[pieces]) / counts
    sequence /= np.maximum(np.linalg.norm(sequence, axis=1, keepdims=True), 1e-12)
    return sentence, sequence.astype(np.float32)
